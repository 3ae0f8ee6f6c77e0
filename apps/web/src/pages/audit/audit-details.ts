/**
 * Audit and security details as a person reads them: a sentence per known action ("Approved 12 photos",
 * "Role: editor → viewer"), the media ids it touched (linked), and the rest as labelled fields. Unknown actions
 * and keys fall back to labelled fields, never to raw JSON. Redacted values and the model slug (its own column)
 * are left out.
 */

export interface DetailField {
  label: string;
  value: string;
}

export interface ReadableDetails {
  summary: string | undefined;
  /** Media ids the entry is about, for links into the library. */
  mediaIds: number[];
  fields: DetailField[];
}

type Details = Record<string, unknown>;

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const photos = (count: number) => plural(count, 'photo');

const decisionVerb: Record<string, string> = { approve: 'Approved', reject: 'Rejected', flag: 'Flagged' };

const isoMoment = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** "previousRole" → "Previous role", "otherSessionsEnded" → "Other sessions ended". */
export function labelOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One value as text: yes/no, dates in local time, lists joined (long ones cut), objects as "a: 1, b: 2". */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value.toLocaleString();
  if (typeof value === 'string') {
    if (isoMoment.test(value)) {
      const date = new Date(value);
      if (!Number.isNaN(date.getTime()))
        return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    }
    return value === '' ? '(empty)' : value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    const shown = value.slice(0, 10).map(textOf).join(', ');
    return value.length > 10 ? `${shown} and ${value.length - 10} more` : shown;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, inner]) => inner !== '[redacted]');
    if (entries.length === 0) return '–';
    return entries.map(([key, inner]) => `${labelOf(key).toLowerCase()}: ${textOf(inner)}`).join(', ');
  }
  return String(value);
}

const hidden = (key: string, value: unknown) => value === '[redacted]' || key === 'modelSlug';

/** Every detail not already said by the summary, as labelled fields; nested objects one level deep. */
function fieldsOf(details: Details, used: readonly string[]): DetailField[] {
  const fields: DetailField[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (used.includes(key) || hidden(key, value)) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) {
        if (hidden(inner, innerValue)) continue;
        fields.push({
          label: `${labelOf(key)} · ${labelOf(inner).toLowerCase()}`,
          value: textOf(innerValue),
        });
      }
    } else {
      // Reasons are snake_case codes ("wrong_password"): said as words.
      const words = key === 'reason' && typeof value === 'string' && /^[a-z]+(_[a-z]+)+$/.test(value);
      fields.push({ label: labelOf(key), value: words ? value.replaceAll('_', ' ') : textOf(value) });
    }
  }
  return fields;
}

const numbersIn = (value: unknown): number[] =>
  (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value])
    .map((item) => Number(item))
    .filter((item) => Number.isSafeInteger(item) && item > 0);

const asDetails = (value: unknown): Details =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Details) : {};

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const num = (value: unknown) => (typeof value === 'number' ? value : undefined);

interface Described {
  summary: string;
  /** Detail keys the summary says, left out of the fields. */
  used?: string[];
  mediaIds?: number[];
}

const bulkVerbs: Record<string, string> = {
  move: 'Moved',
  addTags: 'Tagged',
  removeTags: 'Untagged',
  window: 'Set the publication window of',
  trash: 'Trashed',
  restore: 'Restored',
  delete: 'Deleted for good',
};

function bulkSummary(action: Details, count: number | undefined): string {
  const type = str(action.type) ?? 'changed';
  const what = count === undefined ? 'photos' : photos(count);
  if (type === 'moderate') return `${decisionVerb[str(action.decision) ?? ''] ?? 'Moderated'} ${what}`;
  return `${bulkVerbs[type] ?? labelOf(type)} ${what}`;
}

/** The sentence of each known action; anything else shows its fields only. */
const describers: Record<string, (details: Details, targetId: string | null) => Described | undefined> = {
  'auth.login': () => ({ summary: 'Signed in', used: ['email'] }),
  'auth.logout': () => ({ summary: 'Signed out' }),
  'auth.logoutEverywhere': () => ({ summary: 'Signed out everywhere' }),
  'auth.setup': (d) => ({
    summary: `First-run setup: created the first admin ${str(d.email) ?? ''}`.trim(),
    used: ['email'],
  }),
  'auth.changePassword': () => ({ summary: 'Changed their password' }),
  'moderation.decide': (d, targetId) => {
    const ids = numbersIn(d.ids ?? targetId);
    const verb = decisionVerb[str(d.decision) ?? ''] ?? 'Moderated';
    return {
      summary: `${verb} ${photos(ids.length || 1)}`,
      used: ['decision', 'ids', 'bulk'],
      mediaIds: ids,
    };
  },
  'media.bulk': (d) => {
    const action = asDetails(d.action);
    const count = num(asDetails(d.result).count) ?? num(d.total);
    const summary =
      typeof d.action === 'string'
        ? `${labelOf(d.action)}: ${photos(num(d.total) ?? 0)}`
        : bulkSummary(action, count);
    const ids = numbersIn(asDetails(d.selection).ids);
    return {
      summary,
      used: ['action', 'result', 'total', ...(ids.length > 0 ? ['selection'] : [])],
      mediaIds: ids,
    };
  },
  'media.upload': (d) => {
    const parts = [
      num(d.created) ? `${photos(num(d.created) ?? 0)} uploaded` : undefined,
      num(d.duplicate) ? `${num(d.duplicate)} duplicate` : undefined,
      num(d.rejected) ? `${num(d.rejected)} rejected` : undefined,
    ].filter(Boolean);
    const files = Array.isArray(d.files) ? d.files.map(asDetails) : [];
    return {
      summary: parts.length > 0 ? parts.join(', ') : 'Upload',
      used: ['created', 'duplicate', 'rejected'],
      mediaIds: files.flatMap((file) => numbersIn(file.id)),
    };
  },
  'media.update': (_d, targetId) => ({ summary: 'Edited the details', mediaIds: numbersIn(targetId) }),
  'media.setWindow': (_d, targetId) => ({
    summary: 'Set the publication window',
    mediaIds: numbersIn(targetId),
  }),
  'media.movePublicOrder': (_d, targetId) => ({
    summary: 'Moved in the public order',
    mediaIds: numbersIn(targetId),
  }),
  'media.retry': (_d, targetId) => ({ summary: 'Retried processing', mediaIds: numbersIn(targetId) }),
  'media.prepareDownload': (d) => ({
    summary: `Prepared a download of ${photos(num(d.count) ?? 0)} (${str(d.kind) === 'original' ? 'originals' : `${str(d.kind)} files`})`,
    used: ['count', 'kind', 'selection'],
  }),
  'edits.apply': (d, targetId) => ({
    summary: `Saved version ${num(d.version) ?? '?'}${Array.isArray(d.operations) ? `: ${d.operations.join(', ')}` : ''}`,
    used: ['version', 'operations'],
    mediaIds: numbersIn(d.mediaId ?? targetId),
  }),
  'edits.revert': (d, targetId) => ({
    summary: `Reverted to version ${num(d.revertedTo) ?? num(d.toVersion) ?? '?'}`,
    used: ['version', 'revertedTo', 'toVersion'],
    mediaIds: numbersIn(d.mediaId ?? targetId),
  }),
  'members.add': (d) => ({
    summary: `Added ${str(d.email) ?? 'a member'} as ${str(d.role) ?? 'member'}${d.userCreated ? ' (new account)' : ''}`,
    used: ['email', 'role', 'userCreated'],
  }),
  'members.setRole': (d) => ({
    summary: `Role: ${str(d.previousRole) ?? '?'} → ${str(d.role) ?? '?'}`,
    used: ['previousRole', 'role', 'userId'],
  }),
  'members.remove': () => ({ summary: 'Removed from the model', used: ['userId'] }),
  'models.create': (d) => ({
    summary: `Created the model ${str(d.displayName) ?? str(d.slug) ?? ''}`.trim(),
    used: ['displayName'],
  }),
  'models.update': () => ({ summary: 'Changed the model settings' }),
  'models.setConsent': () => ({ summary: 'Changed the consent' }),
  'models.archive': () => ({ summary: 'Archived the model' }),
  'users.create': (d) => ({
    summary: `Created the ${d.isAdmin ? 'admin' : 'user'} ${str(d.email) ?? ''}`.trim(),
    used: ['email', 'isAdmin'],
  }),
  'users.update': () => ({ summary: 'Changed the account' }),
  'apiKeys.create': (d) => ({ summary: `Created the API key ${str(d.name) ?? ''}`.trim(), used: ['name'] }),
  'apiKeys.revoke': () => ({ summary: 'Revoked an API key', used: ['id'] }),
  'categories.create': (d) => ({
    summary: `Created the category ${str(d.name) ?? ''}`.trim(),
    used: ['name'],
  }),
  'categories.update': () => ({ summary: 'Changed a category' }),
  'categories.reorder': () => ({ summary: 'Reordered the categories' }),
  'categories.delete': () => ({ summary: 'Deleted a category' }),
};

/** An audit entry's details, readable. */
export function readableAudit(entry: {
  action: string;
  targetId: string | null;
  details: unknown;
}): ReadableDetails {
  const details = asDetails(entry.details);
  const described = describers[entry.action]?.(details, entry.targetId);
  return {
    summary: described?.summary,
    mediaIds: [...new Set(described?.mediaIds ?? [])],
    fields: fieldsOf(details, described?.used ?? []),
  };
}

/** A security event's details, readable: its fields (the type is its own column). */
export function readableSecurity(details: unknown): ReadableDetails {
  return { summary: undefined, mediaIds: [], fields: fieldsOf(asDetails(details), []) };
}
