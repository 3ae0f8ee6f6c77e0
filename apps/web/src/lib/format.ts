/** Display helpers for numbers the api sends raw (bytes, milliseconds, epoch milliseconds). */

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

export function formatMs(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return formatDuration(ms);
}

/** Coarse duration: "42 s", "5 min", "3 h 12 min", "2 d 4 h". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** "3 s ago" for an epoch-milliseconds moment; `now` is a parameter so callers can tick it. */
export function formatAgo(epochMs: number, now: number): string {
  const elapsed = now - epochMs;
  if (elapsed < 1000) return 'just now';
  return `${formatDuration(elapsed)} ago`;
}

export function formatPercent(value: number): string {
  return `${value.toFixed(value < 10 ? 1 : 0)} %`;
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
}

/** Formats a value the api may leave out; a missing value shows as a dash. */
export function formatOptional<T>(value: T | undefined, format: (value: T) => string): string {
  return value === undefined ? '–' : format(value);
}

/** Date and time for tables ("12 May 2025, 14:03", with seconds for logs); a missing moment shows as a dash. */
export function formatDateTime(
  value: Date | string | null | undefined,
  options: { seconds?: boolean } = {},
): string {
  if (value === null || value === undefined) return '–';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: options.seconds ? 'medium' : 'short',
  });
}

/** Whole minutes to wait, rounded up, at least one: "1 minute", "15 minutes". */
export function formatMinutes(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** A 0–1 score as a whole percentage: 0.85 → "85 %". */
export function formatScore(score: number): string {
  return `${Math.round(score * 100)} %`;
}

/** At most `max` characters, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
