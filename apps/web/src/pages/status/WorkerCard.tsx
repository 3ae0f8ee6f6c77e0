import type { HealthReport } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import { ServiceCard } from '../../components/ServiceCard';
import { formatAgo } from '../../lib/format';
import { serviceLabel } from './service-labels';

type WorkerHealth = HealthReport['services']['worker'];

/**
 * The workers with a recent heartbeat. "Last seen" is measured against the report's own timestamp,
 * so a browser clock that differs from the server's does not skew it.
 */
export const WorkerCard: Component<{ health: WorkerHealth; reportedAt: string }> = (props) => {
  const reportedAtMs = () => Date.parse(props.reportedAt);

  return (
    <ServiceCard
      part="worker"
      title={serviceLabel.worker}
      state={props.health.status}
      error={props.health.error}
    >
      <Show
        when={props.health.workers.length > 0}
        fallback={<p class="small text-body-secondary mb-0">No worker has reported in.</p>}
      >
        <ul class="list-unstyled small mb-0 vstack gap-2" data-testid="worker-list">
          <For each={props.health.workers}>
            {(worker) => (
              <li class="border rounded p-2" data-testid="worker-item" data-worker-id={worker.workerId}>
                <div class="d-flex justify-content-between gap-2">
                  <code class="text-break">{worker.workerId}</code>
                  <span class="text-body-secondary text-nowrap">
                    {formatAgo(worker.lastSeenAt, reportedAtMs())}
                  </span>
                </div>
                <div class="text-body-secondary">
                  {worker.hostname} · pid {worker.pid} · concurrency {worker.concurrency}
                </div>
                <div class="text-body-secondary text-break">queues: {worker.queues.join(', ')}</div>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </ServiceCard>
  );
};
