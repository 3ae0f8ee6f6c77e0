import type { Component, JSX } from 'solid-js';
import { createUniqueId, For, Show } from 'solid-js';
import type { QueueScope } from '../../api/moderation';
import { EmptyState } from '../../components/EmptyState';
import { LiveIndicator } from '../../components/LiveIndicator';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { QueryResult } from '../../components/QueryResult';
import { BulkBar } from './BulkBar';
import { createModerationQueue } from './moderation-queue.controller';
import { QueueList } from './QueueList';
import { QueuePreview } from './QueuePreview';
import { queueFilters } from './queue-logic';
import { ShortcutLegend } from './ShortcutLegend';

/**
 * The moderation queue of one model (`scope.modelSlug`) or of every model (null, admins): a list of items waiting
 * for a person (pending and flagged by default, oldest first), the current one in full, decisions by button or
 * key, bulk decisions on a selection, and live updates. The state and what the keys and buttons do live in
 * `createModerationQueue` (moderation-queue.controller.ts); this renders it.
 */
export const ModerationQueue: Component<{ scope: QueueScope; description: JSX.Element }> = (props) => {
  const queue = createModerationQueue(() => props.scope);
  const showModel = () => props.scope.modelSlug === null;
  const filterName = createUniqueId();

  return (
    <div
      ref={queue.registerPage}
      class="container-xxl py-4"
      tabIndex={-1}
      style={{ outline: 'none' }}
      data-testid="moderation-page"
      data-scope={props.scope.modelSlug ?? 'all'}
    >
      <PageHeader title="Moderation" description={props.description}>
        <LiveIndicator connection={queue.live()} />
      </PageHeader>
      <div class="d-flex flex-wrap align-items-center gap-3 mb-3">
        <fieldset class="btn-group btn-group-sm" data-testid="queue-filter">
          <legend class="visually-hidden">Show</legend>
          <For each={queueFilters}>
            {(option) => (
              <>
                <input
                  type="radio"
                  class="btn-check"
                  name={filterName}
                  id={`${filterName}-${option.value}`}
                  value={option.value}
                  checked={queue.filter() === option.value}
                  onChange={() => queue.setFilter(option.value)}
                  data-testid={`queue-filter-${option.value}`}
                />
                <label class="btn btn-outline-secondary" for={`${filterName}-${option.value}`}>
                  {option.label}
                </label>
              </>
            )}
          </For>
        </fieldset>
        <span class="small text-body-secondary" data-testid="queue-count">
          <Show when={queue.query.data}>
            {queue.items().length}
            {queue.query.hasNextPage ? '+' : ''} waiting
          </Show>
        </span>
        <Show when={queue.query.isFetching && !queue.query.isFetchingNextPage && queue.query.data}>
          <span class="small text-body-secondary">
            <span class="spinner-border spinner-border-sm me-1" aria-hidden="true" />
            Refreshing…
          </span>
        </Show>
        <p
          class="small text-success-emphasis mb-0 ms-auto"
          role="status"
          aria-live="polite"
          aria-atomic="true"
          data-testid="moderation-announcer"
        >
          {queue.announcement()}
        </p>
      </div>
      <Show when={queue.failure()}>
        {(problem) => (
          <div class="alert alert-danger alert-dismissible" role="alert" data-testid="moderation-error">
            <h2 class="h6 alert-heading mb-1">{problem().title}</h2>
            <p class="mb-0">{problem().message}</p>
            <button
              type="button"
              class="btn-close"
              aria-label="Dismiss"
              onClick={() => queue.dismissFailure()}
            />
          </div>
        )}
      </Show>
      <QueryResult
        query={queue.query}
        loading="Loading the queue…"
        errorTitle="Could not load the moderation queue"
        testId="moderation-queue"
      >
        {() => (
          <Show
            when={queue.items().length > 0}
            fallback={
              <EmptyState
                title="Nothing waits for a decision"
                hint={
                  queue.filter() === 'open'
                    ? 'New uploads appear here once the provider has looked at them, if they need a person.'
                    : 'Nothing with this status; try another filter.'
                }
                testId="moderation-empty"
              />
            }
          >
            <Show when={queue.selected().size > 0}>
              <BulkBar queue={queue} />
            </Show>
            <div class="row g-4">
              <div class="col-lg-4">
                <div class="pe-1 moderation-queue-list">
                  <QueueList
                    items={queue.items()}
                    currentId={queue.currentId()}
                    selected={queue.selected()}
                    showModel={showModel()}
                    onCurrent={queue.setCurrentId}
                    onToggle={queue.toggle}
                    onToggleAll={queue.toggleAll}
                  />
                  <LoadMore
                    hasMore={queue.query.hasNextPage}
                    loading={queue.query.isFetchingNextPage}
                    onLoad={queue.loadMore}
                    shown={queue.items().length}
                  />
                  <Show when={queue.query.isFetchNextPageError}>
                    <div class="alert alert-warning py-2 mt-2 small" role="alert">
                      Could not load more.{' '}
                      <button
                        type="button"
                        class="btn btn-link btn-sm p-0 align-baseline"
                        onClick={queue.loadMore}
                      >
                        Try again
                      </button>
                    </div>
                  </Show>
                </div>
                {/* Phones have no keyboard; there it would push the decision buttons down. */}
                <div class="d-none d-lg-block">
                  <ShortcutLegend />
                </div>
              </div>
              {/* First on a narrow screen: the item and its decision buttons, then the list. */}
              <div class="col-lg-8 order-first order-lg-last">
                <Show when={queue.currentId()} keyed>
                  {(id) => (
                    <Show when={queue.byId().get(id)}>
                      {(item) => (
                        <QueuePreview
                          item={item()}
                          showModel={showModel()}
                          reason={queue.reason()}
                          onReason={queue.typeReason}
                          registerReasonField={queue.registerReasonField}
                          armed={queue.armedFor('current')}
                          pending={queue.deciding()}
                          onDecide={(decision) => queue.request(decision, 'current', false)}
                          onReasonEnter={() => queue.submitReason('current')}
                          onReasonEscape={queue.leaveReason}
                        />
                      )}
                    </Show>
                  )}
                </Show>
                <Show when={queue.needsDecision() === 'current'}>
                  <div class="form-text text-warning-emphasis" data-testid="decision-needed">
                    Choose Approve, Reject or Flag for this reason.
                  </div>
                </Show>
              </div>
            </div>
          </Show>
        )}
      </QueryResult>
    </div>
  );
};
