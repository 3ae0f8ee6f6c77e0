/**
 * The moderation queue's controller: its state (filter, current item, selection, reasons, the armed decision,
 * announcements), the keyboard shortcuts, the decisions and the live refetch. `ModerationQueue.tsx` only renders
 * what this returns; the pure rules it applies are in `queue-logic.ts`.
 */
import type { ModerationDecision } from '@phoenix4ge/shared';
import type { Accessor } from 'solid-js';
import {
  createComputed,
  createEffect,
  createMemo,
  createSignal,
  on,
  onCleanup,
  onMount,
  untrack,
} from 'solid-js';
import type { QueueScope } from '../../api/moderation';
import {
  queueItems,
  useDecideModeration,
  useLiveModerationQueue,
  useModerationQueue,
} from '../../api/moderation';
import { describeError } from '../../lib/errors';
import { isTypingTarget } from '../../lib/file-drop';
import { decisionVerb } from './labels';
import { queueItemId } from './QueueList';
import type { QueueCommand, QueueFilter } from './queue-logic';
import {
  decisionMessage,
  groupIdsByModel,
  nextCurrent,
  pruneSelection,
  queueCommand,
  statusesOf,
  stepFrom,
} from './queue-logic';

/** What a decision applies to: the current item, or every selected one. */
export type Target = 'current' | 'selection';

export interface Armed {
  decision: ModerationDecision;
  target: Target;
}

/** Elements whose own Space (activate) and arrow keys (move in a group) win over the queue's shortcuts. */
const NATIVE_KEYS = 'button, a[href], input, select, textarea, summary, [role="button"], [contenteditable]';

/**
 * The queue of one model (`scope().modelSlug`) or of every model (null): call it once in the page's component
 * (it listens for the shortcuts on the document while the page is mounted). A decided item leaves the list and
 * the next one becomes current; items flagged here stay flagged on the server but leave this list until the
 * filter changes.
 */
export function createModerationQueue(scope: Accessor<QueueScope>) {
  const [filter, setFilter] = createSignal<QueueFilter>('open');
  const statuses = createMemo(() => statusesOf(filter()));
  const query = useModerationQueue(scope, statuses);
  const live = useLiveModerationQueue(scope);
  const decide = useDecideModeration();

  const [flaggedHere, setFlaggedHere] = createSignal<ReadonlySet<number>>(new Set());
  const items = createMemo(() => queueItems(query.data).filter((item) => !flaggedHere().has(item.id)));
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

  let page: HTMLElement | undefined;
  let reasonField: HTMLInputElement | undefined;
  let bulkReasonField: HTMLInputElement | undefined;
  /** Back to the page (out of a reason field), so the shortcuts work again. */
  const focusQueue = () => page?.focus({ preventScroll: true });

  const loadMore = () => {
    if (query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
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

  return {
    /** The queue's pages (the infinite query). */
    query,
    /** The live connection's state. */
    live,
    /** Whether a decision is on its way. */
    deciding: () => decide.isPending,
    filter,
    setFilter,
    items,
    ids,
    byId,
    currentId,
    setCurrentId,
    selected,
    toggle,
    toggleAll,
    clearSelection: () => setSelected(new Set<number>()),
    reason,
    /** The current item's reason, as typed (a new reason no longer needs a decision chosen first). */
    typeReason: (value: string) => {
      setReason(value);
      setNeedsDecision(undefined);
    },
    bulkReason,
    setBulkReason,
    armed,
    /** The decision armed for one target, if any. */
    armedFor: (target: Target) => (armed()?.target === target ? armed()?.decision : undefined),
    needsDecision,
    announcement,
    failure,
    dismissFailure: () => setFailure(undefined),
    loadMore,
    request,
    submitReason,
    leaveReason,
    /** The page element: focus returns there from a reason field so the shortcuts work again. */
    registerPage: (element: HTMLElement) => (page = element),
    registerReasonField: (field: HTMLInputElement) => (reasonField = field),
    registerBulkReasonField: (field: HTMLInputElement) => (bulkReasonField = field),
  };
}

export type ModerationQueueController = ReturnType<typeof createModerationQueue>;
