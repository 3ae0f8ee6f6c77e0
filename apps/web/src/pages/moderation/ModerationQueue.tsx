import type { ModerationDecision } from '@phoenix4ge/shared';
import { moderationDecisions } from '@phoenix4ge/shared';
import type { Component, JSX } from 'solid-js';
import {
  createComputed,
  createEffect,
  createMemo,
  createSignal,
  createUniqueId,
  For,
  on,
  onCleanup,
  onMount,
  Show,
  untrack,
} from 'solid-js';
import type { QueueScope } from '../../api/moderation';
import {
  queueItems,
  useDecideModeration,
  useLiveModerationQueue,
  useModerationQueue,
} from '../../api/moderation';
import { EmptyState } from '../../components/EmptyState';
import { LiveIndicator } from '../../components/LiveIndicator';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { QueryResult } from '../../components/QueryResult';
import { describeError } from '../../lib/errors';
import { isTypingTarget } from '../../lib/file-drop';
import { decisionButton, decisionKey, decisionLabel, decisionVerb } from './labels';
import { QueueList, queueItemId } from './QueueList';
import { QueuePreview } from './QueuePreview';
import type { QueueCommand, QueueFilter } from './queue-logic';
import {
  decisionMessage,
  groupIdsByModel,
  nextCurrent,
  pruneSelection,
  queueCommand,
  queueFilters,
  shortcutLegend,
  statusesOf,
  stepFrom,
} from './queue-logic';

/** What a decision applies to: the current item, or every selected one. */
type Target = 'current' | 'selection';

interface Armed {
  decision: ModerationDecision;
  target: Target;
}

/** Elements whose own Space (activate) and arrow keys (move in a group) win over the queue's shortcuts. */
const NATIVE_KEYS = 'button, a[href], input, select, textarea, summary, [role="button"], [contenteditable]';

/**
 * The moderation queue of one model (`scope.modelSlug`) or of every model (null, admins): a list of items waiting
 * for a person (pending and flagged by default, oldest first), the current one in full, decisions by button or
 * key, bulk decisions on a selection, and live updates. A decided item leaves the list and the next one becomes
 * current. Items a person flags here stay flagged in the server's queue (for another look); this page stops
 * showing them until the filter changes.
 */
export const ModerationQueue: Component<{ scope: QueueScope; description: JSX.Element }> = (props) => {
  const scope = () => props.scope;
  const showModel = () => props.scope.modelSlug === null;
  const [filter, setFilter] = createSignal<QueueFilter>('open');
  const statuses = createMemo(() => statusesOf(filter()));
  const queue = useModerationQueue(scope, statuses);
  const live = useLiveModerationQueue(scope);
  const decide = useDecideModeration();

  const [flaggedHere, setFlaggedHere] = createSignal<ReadonlySet<number>>(new Set());
  const items = createMemo(() => queueItems(queue.data).filter((item) => !flaggedHere().has(item.id)));
  const ids = createMemo(() => items().map((item) => item.id), undefined, {
    equals: (a, b) => a.length === b.length && a.every((id, index) => id === b[index]),
  });
  const byId = createMemo(() => new Map(items().map((item) => [item.id, item])));

  const [currentId, setCurrentId] = createSignal<number>();
  const [selected, setSelected] = createSignal<ReadonlySet<number>>(new Set());
  const [reason, setReason] = createSignal('');
  const [bulkReason, setBulkReason] = createSignal('');
  const [armed, setArmed] = createSignal<Armed>();
  const [announcement, setAnnouncement] = createSignal('');
  const [failure, setFailure] = createSignal<{ title: string; message: string }>();
  const [needsDecision, setNeedsDecision] = createSignal<Target>();

  // The list changed (a decision, a live update, another page): keep the reviewer's position, drop gone selections.
  createComputed(
    on(ids, (next, previous) => {
      const current = untrack(currentId);
      const id = nextCurrent(previous ?? [], next, current);
      if (id !== current) setCurrentId(id);
      const kept = pruneSelection(untrack(selected), next);
      if (kept.size !== untrack(selected).size) setSelected(kept);
    }),
  );
  // A new current item starts with an empty reason and nothing armed.
  createEffect(
    on(
      currentId,
      (id) => {
        setReason('');
        if (armed()?.target === 'current') setArmed(undefined);
        setNeedsDecision(undefined);
        if (id !== undefined) document.getElementById(queueItemId(id))?.scrollIntoView({ block: 'nearest' });
      },
      { defer: true },
    ),
  );
  createEffect(
    on(
      filter,
      () => {
        setSelected(new Set<number>());
        setFlaggedHere(new Set<number>());
        setArmed(undefined);
      },
      { defer: true },
    ),
  );

  let page: HTMLDivElement | undefined;
  let reasonField: HTMLInputElement | undefined;
  let bulkReasonField: HTMLInputElement | undefined;
  /** Back to the page (out of a reason field), so the shortcuts work again. */
  const focusQueue = () => page?.focus({ preventScroll: true });

  const loadMore = () => {
    if (queue.hasNextPage && !queue.isFetchingNextPage) void queue.fetchNextPage();
  };
  const move = (step: number) => {
    const next = stepFrom(ids(), currentId(), step);
    if (next !== undefined) setCurrentId(next);
    if (step > 0 && ids().indexOf(next ?? -1) >= ids().length - 2) loadMore();
  };
  const toggle = (id: number) => {
    const next = new Set(selected());
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const toggleAll = () => {
    const all = ids();
    setSelected(all.length > 0 && all.every((id) => selected().has(id)) ? new Set<number>() : new Set(all));
  };
  const targetNow = (): Target => (selected().size > 0 ? 'selection' : 'current');

  function decideOn(decision: ModerationDecision, target: Target, text: string) {
    if (decide.isPending) return;
    const chosen =
      target === 'selection'
        ? ids().filter((id) => selected().has(id))
        : [currentId()].filter((id): id is number => id !== undefined);
    if (chosen.length === 0) return;
    const nameOf = (id: number) => byId().get(id)?.originalFilename ?? `item ${id}`;
    const names = new Map(chosen.map((id) => [id, nameOf(id)]));
    setArmed(undefined);
    setNeedsDecision(undefined);
    setFailure(undefined);
    decide.mutate(
      { groups: groupIdsByModel(items(), chosen), decision, reason: text },
      {
        onSuccess: (result) => {
          const decided = new Set(result.decided);
          if (decision === 'flag') setFlaggedHere(new Set([...flaggedHere(), ...decided]));
          setSelected(new Set([...selected()].filter((id) => !decided.has(id))));
          if (target === 'selection') setBulkReason('');
          else setReason('');
          setAnnouncement(
            decisionMessage(
              decision,
              result.decided.map((id) => names.get(id) ?? `item ${id}`),
            ),
          );
          const failed = result.failed[0];
          if (failed) {
            const count = result.failed.reduce((sum, group) => sum + group.ids.length, 0);
            setFailure({
              title: `Could not ${decisionVerb[decision]} ${count === 1 ? '1 item' : `${count} items`}`,
              message: result.failed
                .map((group) => `${group.modelSlug}: ${describeError(group.error)}`)
                .join(' · '),
            });
          }
        },
        onError: (error) => {
          const what =
            chosen.length === 1 ? (names.get(chosen[0] ?? 0) ?? '1 item') : `${chosen.length} items`;
          setFailure({ title: `Could not ${decisionVerb[decision]} ${what}`, message: describeError(error) });
          setAnnouncement(`Could not ${decisionVerb[decision]} ${what}`);
        },
      },
    );
  }

  /** A button or key: approve decides at once; reject and flag take a typed reason, or ask for one first. */
  function request(decision: ModerationDecision, target: Target, fromKey: boolean) {
    const text = target === 'selection' ? bulkReason() : reason();
    if (decision === 'approve' || !fromKey || text.trim() !== '') {
      decideOn(decision, target, text);
      if (isTypingTarget(document.activeElement)) focusQueue();
      return;
    }
    setArmed({ decision, target });
    (target === 'selection' ? bulkReasonField : reasonField)?.focus();
  }

  /** Enter in a reason field: the armed decision for that field's items. */
  function submitReason(target: Target) {
    const decision = armed();
    if (!decision || decision.target !== target) {
      setNeedsDecision(target);
      return;
    }
    decideOn(decision.decision, target, target === 'selection' ? bulkReason() : reason());
    focusQueue();
  }
  const leaveReason = () => {
    setArmed(undefined);
    setNeedsDecision(undefined);
    focusQueue();
  };

  const run = (command: QueueCommand) => {
    switch (command) {
      case 'next':
        return move(1);
      case 'previous':
        return move(-1);
      case 'toggle': {
        const id = currentId();
        if (id !== undefined) toggle(id);
        return;
      }
      default:
        return request(command, targetNow(), true);
    }
  };

  onMount(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const command = queueCommand(event);
      if (!command || isTypingTarget(event.target)) return;
      const target = event.target instanceof Element ? event.target : null;
      if (event.key === ' ' && target?.closest(NATIVE_KEYS)) return;
      if (event.key.startsWith('Arrow') && target?.matches('input[type="radio"], select')) return;
      event.preventDefault();
      run(command);
    };
    document.addEventListener('keydown', onKeyDown);
    onCleanup(() => document.removeEventListener('keydown', onKeyDown));
  });

  const filterName = createUniqueId();
  const bulkReasonId = createUniqueId();

  return (
    <div
      ref={page}
      class="container-xxl py-4"
      tabIndex={-1}
      style={{ outline: 'none' }}
      data-testid="moderation-page"
      data-scope={props.scope.modelSlug ?? 'all'}
    >
      <PageHeader title="Moderation" description={props.description}>
        <LiveIndicator connection={live()} />
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
                  checked={filter() === option.value}
                  onChange={() => setFilter(option.value)}
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
          <Show when={queue.data}>
            {items().length}
            {queue.hasNextPage ? '+' : ''} waiting
          </Show>
        </span>
        <Show when={queue.isFetching && !queue.isFetchingNextPage && queue.data}>
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
          {announcement()}
        </p>
      </div>
      <Show when={failure()}>
        {(problem) => (
          <div class="alert alert-danger alert-dismissible" role="alert" data-testid="moderation-error">
            <h2 class="h6 alert-heading mb-1">{problem().title}</h2>
            <p class="mb-0">{problem().message}</p>
            <button
              type="button"
              class="btn-close"
              aria-label="Dismiss"
              onClick={() => setFailure(undefined)}
            />
          </div>
        )}
      </Show>
      <QueryResult
        query={queue}
        loading="Loading the queue…"
        errorTitle="Could not load the moderation queue"
        testId="moderation-queue"
      >
        {() => (
          <Show
            when={items().length > 0}
            fallback={
              <EmptyState
                title="Nothing waits for a decision"
                hint={
                  filter() === 'open'
                    ? 'New uploads appear here once the provider has looked at them, if they need a person.'
                    : 'Nothing with this status; try another filter.'
                }
                testId="moderation-empty"
              />
            }
          >
            <Show when={selected().size > 0}>
              <form
                class="card card-body py-2 px-3 mb-3 bg-primary-subtle border-primary-subtle sticky-top shadow-sm"
                style={{ top: '0.5rem' }}
                aria-label="Bulk decision"
                data-testid="bulk-bar"
                onSubmit={(event) => {
                  event.preventDefault();
                  submitReason('selection');
                }}
              >
                <div class="d-flex flex-wrap align-items-center gap-2">
                  <span class="fw-semibold small" data-testid="bulk-count">
                    {selected().size} selected
                  </span>
                  <label class="visually-hidden" for={bulkReasonId}>
                    Reason for the selected items (optional)
                  </label>
                  <input
                    ref={bulkReasonField}
                    id={bulkReasonId}
                    class="form-control form-control-sm flex-grow-1"
                    style={{ 'min-width': '12rem', width: 'auto' }}
                    maxLength={500}
                    placeholder="Reason for the selected items (optional)"
                    value={bulkReason()}
                    onInput={(event) => setBulkReason(event.currentTarget.value)}
                    onKeyDown={(event) => {
                      if (event.key === 'Escape') {
                        event.preventDefault();
                        leaveReason();
                      }
                    }}
                    data-testid="bulk-reason"
                  />
                  <For each={moderationDecisions}>
                    {(decision) => (
                      <button
                        type="button"
                        class={`btn btn-sm ${decisionButton[decision]}`}
                        classList={{
                          active: armed()?.target === 'selection' && armed()?.decision === decision,
                        }}
                        disabled={decide.isPending}
                        onClick={() => request(decision, 'selection', false)}
                        data-testid={`bulk-${decision}`}
                      >
                        {decisionLabel[decision]} selected
                      </button>
                    )}
                  </For>
                  <button
                    type="button"
                    class="btn btn-sm btn-outline-secondary"
                    onClick={() => setSelected(new Set<number>())}
                    data-testid="bulk-clear"
                  >
                    Clear
                  </button>
                </div>
                <Show when={armed()?.target === 'selection' || needsDecision() === 'selection'}>
                  <div class="form-text" data-testid="bulk-hint">
                    <Show
                      when={armed()?.target === 'selection' ? armed() : undefined}
                      fallback="Choose Approve, Reject or Flag selected for this reason."
                    >
                      {(choice) => (
                        <>
                          Press <kbd>Enter</kbd> to {decisionVerb[choice().decision]} the {selected().size}{' '}
                          selected; <kbd>Esc</kbd> to cancel.
                        </>
                      )}
                    </Show>
                  </div>
                </Show>
              </form>
            </Show>
            <div class="row g-4">
              <div class="col-lg-4">
                <div style={{ 'max-height': '75vh', overflow: 'auto' }} class="pe-1">
                  <QueueList
                    items={items()}
                    currentId={currentId()}
                    selected={selected()}
                    showModel={showModel()}
                    onCurrent={setCurrentId}
                    onToggle={toggle}
                    onToggleAll={toggleAll}
                  />
                  <LoadMore
                    hasMore={queue.hasNextPage}
                    loading={queue.isFetchingNextPage}
                    onLoad={loadMore}
                    shown={items().length}
                  />
                  <Show when={queue.isFetchNextPageError}>
                    <div class="alert alert-warning py-2 mt-2 small" role="alert">
                      Could not load more.{' '}
                      <button type="button" class="btn btn-link btn-sm p-0 align-baseline" onClick={loadMore}>
                        Try again
                      </button>
                    </div>
                  </Show>
                </div>
                <ShortcutLegend />
              </div>
              <div class="col-lg-8">
                <Show when={currentId()} keyed>
                  {(id) => (
                    <Show when={byId().get(id)}>
                      {(item) => (
                        <QueuePreview
                          item={item()}
                          showModel={showModel()}
                          reason={reason()}
                          onReason={(value) => {
                            setReason(value);
                            setNeedsDecision(undefined);
                          }}
                          registerReasonField={(field) => (reasonField = field)}
                          armed={armed()?.target === 'current' ? armed()?.decision : undefined}
                          pending={decide.isPending}
                          onDecide={(decision) => request(decision, 'current', false)}
                          onReasonEnter={() => submitReason('current')}
                          onReasonEscape={leaveReason}
                        />
                      )}
                    </Show>
                  )}
                </Show>
                <Show when={needsDecision() === 'current'}>
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

/** The keyboard shortcuts, always on show. */
const ShortcutLegend: Component = () => (
  <section
    class="card card-body py-2 px-3 mt-3 small"
    aria-labelledby="shortcut-legend-title"
    data-testid="shortcut-legend"
  >
    <h2 class="h6 mb-2" id="shortcut-legend-title">
      Keyboard
    </h2>
    <dl class="row g-0 mb-1">
      <For each={shortcutLegend}>
        {(entry) => (
          <>
            <dt class="col-5 fw-normal">
              <For each={entry.keys}>
                {(key, index) => (
                  <>
                    <Show when={index() > 0}> / </Show>
                    <kbd>{key}</kbd>
                  </>
                )}
              </For>
            </dt>
            <dd class="col-7 mb-1">{entry.action}</dd>
          </>
        )}
      </For>
    </dl>
    <p class="text-body-secondary mb-0">
      With items selected, <kbd>{decisionKey.approve}</kbd>, <kbd>{decisionKey.reject}</kbd> and{' '}
      <kbd>{decisionKey.flag}</kbd> decide all of them. Shortcuts pause while you type in a field.
    </p>
  </section>
);
