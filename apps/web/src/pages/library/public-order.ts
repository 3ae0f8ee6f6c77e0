/** A category's public order as the admin arranges it: ids, smallest place first. */

/** `ids` with `id` moved just before `beforeId` (null: to the end); unchanged when either is missing. */
export function moveBefore(ids: readonly number[], id: number, beforeId: number | null): number[] {
  if (!ids.includes(id) || id === beforeId) return [...ids];
  const rest = ids.filter((other) => other !== id);
  const at = beforeId === null ? rest.length : rest.indexOf(beforeId);
  if (at < 0) return [...ids];
  rest.splice(at, 0, id);
  return rest;
}
