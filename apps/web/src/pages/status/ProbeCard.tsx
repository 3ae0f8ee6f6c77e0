import type { HealthReport } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { Detail, DetailList } from '../../components/DetailList';
import { ServiceCard } from '../../components/ServiceCard';
import { formatMs, formatOptional } from '../../lib/format';
import { serviceLabel } from './service-labels';

type ProbeHealth = HealthReport['services']['database'];

/** A part checked by a timed round trip (database query, Redis PING): the state and how long it took. */
export const ProbeCard: Component<{ part: 'database' | 'redis'; health: ProbeHealth }> = (props) => (
  <ServiceCard
    part={props.part}
    title={serviceLabel[props.part]}
    state={props.health.status}
    error={props.health.error}
  >
    <DetailList>
      <Detail label="Latency">{formatOptional(props.health.latencyMs, formatMs)}</Detail>
    </DetailList>
  </ServiceCard>
);
