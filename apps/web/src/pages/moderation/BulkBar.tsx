import { moderationDecisions } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { createUniqueId, For, Show } from 'solid-js';
import { decisionButton, decisionLabel, decisionVerb } from './labels';
import type { ModerationQueueController } from './moderation-queue.controller';

/** The bar over the queue while items are selected: a reason for all of them and the three decisions. */
export const BulkBar: Component<{ queue: ModerationQueueController }> = (props) => {
  const reasonId = createUniqueId();
  return (
    <form
      class="card card-body py-2 px-3 mb-3 bg-primary-subtle border-primary-subtle sticky-top shadow-sm"
      style={{ top: '0.5rem' }}
      aria-label="Bulk decision"
      data-testid="bulk-bar"
      onSubmit={(event) => {
        event.preventDefault();
        props.queue.submitReason('selection');
      }}
    >
      <div class="d-flex flex-wrap align-items-center gap-2">
        <span class="fw-semibold small" data-testid="bulk-count">
          {props.queue.selected().size} selected
        </span>
        <label class="visually-hidden" for={reasonId}>
          Reason for the selected items (optional)
        </label>
        <input
          ref={props.queue.registerBulkReasonField}
          id={reasonId}
          class="form-control form-control-sm flex-grow-1"
          style={{ 'min-width': '12rem', width: 'auto' }}
          maxLength={500}
          placeholder="Reason for the selected items (optional)"
          value={props.queue.bulkReason()}
          onInput={(event) => props.queue.setBulkReason(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              props.queue.leaveReason();
            }
          }}
          data-testid="bulk-reason"
        />
        <For each={moderationDecisions}>
          {(decision) => (
            <button
              type="button"
              class={`btn btn-sm ${decisionButton[decision]}`}
              classList={{ active: props.queue.armedFor('selection') === decision }}
              disabled={props.queue.deciding()}
              onClick={() => props.queue.request(decision, 'selection', false)}
              data-testid={`bulk-${decision}`}
            >
              {decisionLabel[decision]} selected
            </button>
          )}
        </For>
        <button
          type="button"
          class="btn btn-sm btn-outline-secondary"
          onClick={() => props.queue.clearSelection()}
          data-testid="bulk-clear"
        >
          Clear
        </button>
      </div>
      <Show
        when={props.queue.armedFor('selection') !== undefined || props.queue.needsDecision() === 'selection'}
      >
        <div class="form-text" data-testid="bulk-hint">
          <Show
            when={props.queue.armedFor('selection')}
            fallback="Choose Approve, Reject or Flag selected for this reason."
          >
            {(decision) => (
              <>
                Press <kbd>Enter</kbd> to {decisionVerb[decision()]} the {props.queue.selected().size}{' '}
                selected; <kbd>Esc</kbd> to cancel.
              </>
            )}
          </Show>
        </div>
      </Show>
    </form>
  );
};
