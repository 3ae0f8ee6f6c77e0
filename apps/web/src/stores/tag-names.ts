/**
 * Tag names by id, as far as the SPA has seen them (suggestions, items' tags): the URL names filter tags by id,
 * and the filter chips show their names. UI state only.
 */
import { createStore } from 'solid-js/store';

const [names, setNames] = createStore<Record<number, string>>({});

export function rememberTagNames(tags: readonly { id: number; name: string }[]) {
  const fresh = tags.filter((tag) => names[tag.id] !== tag.name);
  if (fresh.length === 0) return;
  setNames(Object.fromEntries(fresh.map((tag) => [tag.id, tag.name])));
}

/** The tag's name, or `#id` until it has been seen. */
export function tagName(id: number): string {
  return names[id] ?? `#${id}`;
}
