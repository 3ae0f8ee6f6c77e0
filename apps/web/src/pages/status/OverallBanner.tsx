import type { HealthReport, ServiceName } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { Show } from 'solid-js';
import { formatDuration, formatTime } from '../../lib/format';
import { serviceLabel, serviceOrder } from './service-labels';

const bannerClass: Record<HealthReport['status'], string> = {
  ok: 'alert-success',
  degraded: 'alert-danger',
};

function partsIn(report: HealthReport, matches: (state: string) => boolean): ServiceName[] {
  return serviceOrder.filter((part) => matches(report.services[part].status));
}

function names(parts: ServiceName[]): string {
  return parts.map((part) => serviceLabel[part]).join(', ');
}

/** The one-line verdict: operational, or degraded with the parts that failed. */
export const OverallBanner: Component<{ report: HealthReport }> = (props) => {
  const failed = () => {
    const unhealthy = partsIn(props.report, (state) => state === 'unhealthy');
    return unhealthy.length > 0 ? unhealthy : partsIn(props.report, (state) => state !== 'healthy');
  };
  const needsAttention = () => partsIn(props.report, (state) => state === 'warning' || state === 'unknown');
  const isOk = () => props.report.status === 'ok';

  return (
    <div
      class={`alert mb-0 ${bannerClass[props.report.status]} d-flex flex-wrap justify-content-between align-items-center gap-2`}
      data-testid="overall-status"
      data-status={props.report.status}
    >
      <div>
        <p class="h5 mb-0">
          <Show when={isOk()} fallback={`Degraded: ${names(failed())}`}>
            All systems operational
          </Show>
        </p>
        <Show when={isOk() && needsAttention().length > 0}>
          <p class="small mb-0 mt-1">Needs attention: {names(needsAttention())}</p>
        </Show>
      </div>
      <p class="small mb-0 text-body-secondary">
        v{props.report.version} · up {formatDuration(props.report.uptimeSeconds * 1000)} · checked{' '}
        {formatTime(props.report.timestamp)}
      </p>
    </div>
  );
};
