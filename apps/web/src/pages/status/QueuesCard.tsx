import type { HealthReport } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import { ServiceCard } from '../../components/ServiceCard';
import { formatMs, formatOptional } from '../../lib/format';
import { serviceLabel } from './service-labels';

type QueueHealth = HealthReport['services']['queues'];

/** Job counts per BullMQ queue and how long the oldest waiting job has waited. */
export const QueuesCard: Component<{ health: QueueHealth }> = (props) => (
  <ServiceCard
    part="queues"
    title={serviceLabel.queues}
    state={props.health.status}
    error={props.health.error}
  >
    <Show
      when={props.health.queues.length > 0}
      fallback={<p class="small text-body-secondary mb-0">No queue counts available.</p>}
    >
      <div class="table-responsive">
        <table class="table table-sm small align-middle mb-0">
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col" class="text-end">
                Waiting
              </th>
              <th scope="col" class="text-end">
                Active
              </th>
              <th scope="col" class="text-end">
                Delayed
              </th>
              <th scope="col" class="text-end">
                Failed
              </th>
              <th scope="col" class="text-end">
                Oldest
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.health.queues}>
              {(queue) => (
                <tr data-testid="queue-row" data-queue={queue.name}>
                  <th scope="row" class="fw-normal">
                    <code>{queue.name}</code>
                  </th>
                  <td class="text-end">{queue.waiting}</td>
                  <td class="text-end">{queue.active}</td>
                  <td class="text-end">{queue.delayed}</td>
                  <td class="text-end" classList={{ 'text-danger': queue.failed > 0 }}>
                    {queue.failed}
                  </td>
                  <td class="text-end text-nowrap">{formatOptional(queue.oldestWaitingMs, formatMs)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  </ServiceCard>
);
