/** `<input type="datetime-local">` values (local time, minutes) to and from dates. */

const pad = (value: number) => String(value).padStart(2, '0');

/** The input's value for a date ('' for none), in the browser's time zone. */
export function toDateTimeInput(date: Date | null | undefined): string {
  if (!date) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The date an input's value means (local time), or null for an empty or unreadable value. */
export function fromDateTimeInput(value: string): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `<input type="date">` value of a date, local ('' for none). */
export function toDateInput(date: Date | null | undefined): string {
  return toDateTimeInput(date).slice(0, 10);
}
