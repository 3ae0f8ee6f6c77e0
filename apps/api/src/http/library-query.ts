import type { MediaListInput } from '@phoenix4ge/shared';
import { MediaListInputSchema } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';

const lists = new Set(['tags', 'moderation', 'processing', 'format']);
const numbers = new Set(['minWidth', 'limit']);
const booleans = new Set(['hasGps', 'trash']);
const known = new Set(Object.keys(MediaListInputSchema.shape));

function value(name: string, raw: string): unknown {
  if (lists.has(name)) {
    const items = raw.split(',').filter(Boolean);
    return name === 'tags' ? items.map(Number) : items;
  }
  if (numbers.has(name)) return Number(raw);
  if (booleans.has(name)) return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (name === 'category') return raw === 'none' ? 'none' : /^\d+$/.test(raw) ? Number(raw) : raw;
  return raw;
}

/**
 * The query string of `GET /api/model-media-library/:modelSlug` as the same input `media.list` takes: lists
 * comma-separated (`moderation=pending,flagged`), `category=none` for the uncategorised, booleans as true/false.
 * An unknown parameter or value is a 400 naming the field.
 */
export function parseLibraryQuery(query: Record<string, string | string[] | undefined>): MediaListInput {
  const input: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    if (!known.has(name)) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `${name}: not a filter (${[...known].join(', ')})`,
      });
    }
    input[name] = value(name, Array.isArray(raw) ? raw.join(',') : raw);
  }
  const parsed = MediaListInputSchema.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`,
    );
    throw new TRPCError({ code: 'BAD_REQUEST', message: message.join('; ') });
  }
  return parsed.data;
}
