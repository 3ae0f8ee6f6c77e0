/**
 * The moderation queue's pure rules: the keyboard map, score figures, which item is current after the list
 * changes, and how a selection spread over several models becomes one `moderation.decide` per model.
 */
import type { ModerationDecision, ModerationStatus, NsfwClass } from '@phoenix4ge/shared';
import { nsfwClasses } from '@phoenix4ge/shared';

// ---- Keyboard ----

export type QueueCommand = ModerationDecision | 'next' | 'previous' | 'toggle';

const commandByKey: Record<string, QueueCommand> = {
  a: 'approve',
  r: 'reject',
  f: 'flag',
  j: 'next',
  arrowdown: 'next',
  k: 'previous',
  arrowup: 'previous',
  x: 'toggle',
  ' ': 'toggle',
};

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** The queue's command for a key press; none with Ctrl, ⌘ or Alt held (those belong to the browser). */
export function queueCommand(press: KeyPress): QueueCommand | undefined {
  if (press.ctrlKey || press.metaKey || press.altKey) return undefined;
  return commandByKey[press.key.toLowerCase()];
}

/** The shortcuts as the page's legend lists them. */
export const shortcutLegend: { keys: string[]; action: string }[] = [
  { keys: ['A'], action: 'approve' },
  { keys: ['R'], action: 'reject' },
  { keys: ['F'], action: 'flag' },
  { keys: ['J', '↓'], action: 'next' },
  { keys: ['K', '↑'], action: 'previous' },
  { keys: ['X', 'Space'], action: 'select for bulk' },
  { keys: ['Enter'], action: 'in the reason field: submit' },
  { keys: ['Esc'], action: 'leave the reason field' },
];

// ---- Scores ----

export type Scores = Partial<Record<NsfwClass, number>> | Record<string, number>;

function scoreOf(scores: Scores | null | undefined, name: NsfwClass): number | undefined {
  const value = (scores as Record<string, number> | null | undefined)?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A 0–1 score as a whole percentage, clamped: 0.856 → 86. */
export function percentOf(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 100);
}

/** "86 %"; a missing score shows as a dash. */
export function formatPercentScore(score: number | undefined): string {
  return score === undefined ? '–' : `${percentOf(score)} %`;
}

/** What the policy calls explicit: Porn + Hentai (undefined when the provider sent neither). */
export function explicitScore(scores: Scores | null | undefined): number | undefined {
  const porn = scoreOf(scores, 'Porn');
  const hentai = scoreOf(scores, 'Hentai');
  if (porn === undefined && hentai === undefined) return undefined;
  return Math.min(1, (porn ?? 0) + (hentai ?? 0));
}

/** What the policy calls suggestive: Sexy. */
export function suggestiveScore(scores: Scores | null | undefined): number | undefined {
  return scoreOf(scores, 'Sexy');
}

export interface ScoreRow {
  name: NsfwClass;
  score: number | undefined;
  percent: number;
  /** Bootstrap background for the bar. */
  tone: 'danger' | 'warning' | 'success' | 'info';
}

const toneOf: Record<NsfwClass, ScoreRow['tone']> = {
  Drawing: 'info',
  Hentai: 'danger',
  Neutral: 'success',
  Porn: 'danger',
  Sexy: 'warning',
};

/** All five classes in a fixed order, missing ones at 0 % (and `score` undefined). */
export function scoreRows(scores: Scores | null | undefined): ScoreRow[] {
  return nsfwClasses.map((name) => {
    const score = scoreOf(scores, name);
    return { name, score, percent: score === undefined ? 0 : percentOf(score), tone: toneOf[name] };
  });
}

/** The `count` highest scores, highest first (for the list's one-line summary). */
export function topScores(scores: Scores | null | undefined, count = 2): ScoreRow[] {
  return scoreRows(scores)
    .filter((row) => row.score !== undefined)
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
    .slice(0, count);
}

// ---- The current item ----

/**
 * The current item once the list changed: the same one while it is listed; else the one that took its place
 * (the next of the old list still listed, else the previous one), so deciding keeps the reviewer's position.
 */
export function nextCurrent(
  previousIds: readonly number[],
  nextIds: readonly number[],
  currentId: number | undefined,
): number | undefined {
  if (nextIds.length === 0) return undefined;
  if (currentId !== undefined && nextIds.includes(currentId)) return currentId;
  const listed = new Set(nextIds);
  const at = currentId === undefined ? -1 : previousIds.indexOf(currentId);
  if (at >= 0) {
    const after = previousIds.slice(at + 1).find((id) => listed.has(id));
    if (after !== undefined) return after;
    const before = previousIds
      .slice(0, at)
      .reverse()
      .find((id) => listed.has(id));
    if (before !== undefined) return before;
  }
  return nextIds[0];
}

/** The id `step` places from the current one, staying at the ends. */
export function stepFrom(
  ids: readonly number[],
  currentId: number | undefined,
  step: number,
): number | undefined {
  if (ids.length === 0) return undefined;
  const at = currentId === undefined ? -1 : ids.indexOf(currentId);
  if (at < 0) return ids[0];
  return ids[Math.min(ids.length - 1, Math.max(0, at + step))];
}

// ---- Bulk ----

/** The selected ids grouped by model, in list order: one `moderation.decide` per model. */
export function groupIdsByModel(
  items: readonly { id: number; modelSlug: string }[],
  ids: ReadonlySet<number> | readonly number[],
): { modelSlug: string; ids: number[] }[] {
  const wanted = ids instanceof Set ? ids : new Set(ids as readonly number[]);
  const groups = new Map<string, number[]>();
  for (const item of items) {
    if (!wanted.has(item.id)) continue;
    const group = groups.get(item.modelSlug);
    if (group) group.push(item.id);
    else groups.set(item.modelSlug, [item.id]);
  }
  return [...groups].map(([modelSlug, groupIds]) => ({ modelSlug, ids: groupIds }));
}

/** The selection without the ids no longer listed. */
export function pruneSelection(selected: ReadonlySet<number>, ids: readonly number[]): Set<number> {
  const listed = new Set(ids);
  return new Set([...selected].filter((id) => listed.has(id)));
}

// ---- Filters and wording ----

export const queueFilters = [
  { value: 'open', label: 'Pending and flagged', statuses: ['pending', 'flagged'] },
  { value: 'flagged', label: 'Flagged only', statuses: ['flagged'] },
  { value: 'pending', label: 'Pending only', statuses: ['pending'] },
] as const satisfies readonly { value: string; label: string; statuses: readonly ModerationStatus[] }[];
export type QueueFilter = (typeof queueFilters)[number]['value'];

export function statusesOf(filter: QueueFilter): ModerationStatus[] {
  return [...(queueFilters.find((entry) => entry.value === filter) ?? queueFilters[0]).statuses];
}

const pastTense: Record<ModerationDecision, string> = {
  approve: 'Approved',
  reject: 'Rejected',
  flag: 'Flagged',
};

/** The sentence announced after a decision: "Approved beach.jpg", "Rejected 2 items". */
export function decisionMessage(decision: ModerationDecision, names: readonly string[]): string {
  const what = names.length === 1 ? (names[0] ?? '1 item') : `${names.length} items`;
  return `${pastTense[decision]} ${what}`;
}
