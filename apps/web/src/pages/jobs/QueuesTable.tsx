import type { JobState, JobsSnapshot, QueueName, QueueSummary } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import { useJobActions } from '../../api/jobs';
import { Sparkline } from '../../components/Sparkline';
import { describeError } from '../../lib/errors';
import { showToast } from '../../stores/toasts';
import { jobStates, queueLabels, stateColours, stateLabels } from './job-labels';

const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);

/** Every queue: counts per state (each opens that tab), throughput over the last hour, pause/resume. */
export const QueuesTable: Component<{
  snapshot: JobsSnapshot;
  selected: { queue: QueueName; state: JobState };
  onSelect: (queue: QueueName, state: JobState) => void;
}> = (props) => {
  const actions = useJobActions();
  const togglePause = async (queue: QueueSummary) => {
    try {
      if (queue.paused) await actions.resume.mutateAsync(queue.name);
      else await actions.pause.mutateAsync(queue.name);
      showToast(`${queueLabels[queue.name]} ${queue.paused ? 'resumed' : 'paused'}`);
    } catch (error) {
      showToast(describeError(error), 'danger');
    }
  };

  return (
    <div class="table-responsive border rounded-3 bg-body">
      <table class="table table-sm align-middle mb-0" data-testid="job-queues">
        <thead>
          <tr>
            <th scope="col">Queue</th>
            <For each={jobStates}>
              {(state) => (
                <th scope="col" class="text-end">
                  {stateLabels[state]}
                </th>
              )}
            </For>
            <th scope="col">Last hour (completed / failed per minute)</th>
            <th scope="col" class="text-end">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.snapshot.queues}>
            {(queue) => (
              <tr
                classList={{ 'table-active': queue.name === props.selected.queue }}
                data-testid="job-queue"
                data-queue={queue.name}
              >
                <th scope="row" class="fw-normal">
                  <button
                    type="button"
                    class="btn btn-link p-0 text-start"
                    onClick={() => props.onSelect(queue.name, props.selected.state)}
                  >
                    {queueLabels[queue.name]}
                  </button>
                  <Show when={queue.paused}>
                    <span class="badge text-bg-warning ms-2" data-testid="queue-paused">
                      Paused
                    </span>
                  </Show>
                </th>
                <For each={jobStates}>
                  {(state) => (
                    <td class="text-end">
                      <button
                        type="button"
                        class="btn btn-sm py-0"
                        classList={{
                          [`btn-outline-${stateColours[state]}`]: queue.counts[state] > 0,
                          'btn-link text-body-secondary': queue.counts[state] === 0,
                        }}
                        aria-label={`${queueLabels[queue.name]}: ${queue.counts[state]} ${stateLabels[state].toLowerCase()}`}
                        onClick={() => props.onSelect(queue.name, state)}
                        data-testid={`count-${state}`}
                      >
                        {queue.counts[state]}
                      </button>
                    </td>
                  )}
                </For>
                <td>
                  <div class="d-flex align-items-center gap-2 small">
                    <span class="text-success">
                      <Sparkline
                        values={queue.throughput.completed}
                        label={`${queueLabels[queue.name]}: ${total(queue.throughput.completed)} completed in the last hour`}
                      />
                    </span>
                    <span>{total(queue.throughput.completed)}</span>
                    <span class="text-danger">
                      <Sparkline
                        values={queue.throughput.failed}
                        label={`${queueLabels[queue.name]}: ${total(queue.throughput.failed)} failed in the last hour`}
                      />
                    </span>
                    <span>{total(queue.throughput.failed)}</span>
                  </div>
                </td>
                <td class="text-end">
                  <button
                    type="button"
                    class="btn btn-sm btn-outline-secondary"
                    onClick={() => void togglePause(queue)}
                    data-testid={queue.paused ? 'queue-resume' : 'queue-pause'}
                  >
                    {queue.paused ? 'Resume' : 'Pause'}
                  </button>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
};
