import type { HealthReport, ServiceState } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { Show } from 'solid-js';
import { Detail, DetailList } from '../../components/DetailList';
import { ServiceCard } from '../../components/ServiceCard';
import { formatBytes, formatOptional, formatPercent } from '../../lib/format';
import { serviceLabel } from './service-labels';

type DiskHealth = HealthReport['services']['disk'];

const barClass: Record<ServiceState, string> = {
  healthy: 'bg-success',
  warning: 'bg-warning',
  unhealthy: 'bg-danger',
  unknown: 'bg-secondary',
};

/** Free space on the media storage volume, as a used-space bar and numbers. */
export const DiskCard: Component<{ health: DiskHealth }> = (props) => {
  const usedPercent = () => 100 - (props.health.freeSpacePercent ?? 0);

  return (
    <ServiceCard part="disk" title={serviceLabel.disk} state={props.health.status} error={props.health.error}>
      <Show when={props.health.freeSpacePercent !== undefined}>
        <div
          class="progress mb-2"
          role="progressbar"
          aria-label="Used disk space"
          aria-valuenow={Math.round(usedPercent())}
          aria-valuemin="0"
          aria-valuemax="100"
        >
          <div
            class={`progress-bar ${barClass[props.health.status]}`}
            style={{ width: `${usedPercent()}%` }}
          />
        </div>
      </Show>
      <DetailList>
        <Detail label="Free">{formatOptional(props.health.freeSpacePercent, formatPercent)}</Detail>
        <Detail label="Free space">{formatOptional(props.health.freeBytes, formatBytes)}</Detail>
        <Detail label="Size">{formatOptional(props.health.totalBytes, formatBytes)}</Detail>
        <Detail label="Path">
          <code>{props.health.path || '–'}</code>
        </Detail>
      </DetailList>
    </ServiceCard>
  );
};
