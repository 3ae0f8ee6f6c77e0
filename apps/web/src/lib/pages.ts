/** The loaded pages of an infinite query as one list, each id once (a live update may add an item before its page loads). */
export function uniqueItems<T extends { id: number }>(
  data: { pages: readonly { items: readonly T[] }[] } | undefined,
): T[] {
  const seen = new Set<number>();
  const items: T[] = [];
  for (const page of data?.pages ?? []) {
    for (const item of page.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      items.push(item);
    }
  }
  return items;
}
