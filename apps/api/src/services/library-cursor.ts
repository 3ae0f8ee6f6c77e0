import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SortValue } from '@phoenix4ge/db';
import type { MediaFilter, MediaSort } from '@phoenix4ge/shared';
import { canonicalQuery } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';

/** Where a page starts: after (forward) or before the row with this sort value and id. */
export interface LibraryPosition {
  value: SortValue;
  id: number;
  forward: boolean;
}

interface CursorBody {
  /** The model the page belongs to. */
  m: number;
  /** A digest of the filter and sort: a cursor only continues the query it came from. */
  q: string;
  v: SortValue;
  i: number;
  f: boolean;
}

const invalid = (message: string) => new TRPCError({ code: 'BAD_REQUEST', message: `cursor: ${message}` });

const isPosition = (body: Partial<CursorBody>): body is CursorBody =>
  typeof body.m === 'number' &&
  typeof body.q === 'string' &&
  (typeof body.v === 'string' || typeof body.v === 'number') &&
  typeof body.i === 'number' &&
  typeof body.f === 'boolean';

/**
 * The library's opaque page cursors: the keyset position of a page's edge, bound to the model, the filter and the
 * sort it was made for, and signed (HMAC-SHA256), so a tampered cursor or one from another query is refused with
 * a 400 naming the cursor rather than silently paging something else.
 */
export function createLibraryCursors(secret: string) {
  const key = createHmac('sha256', secret).update('phoenix4ge library cursor v1').digest();
  const sign = (body: string) => createHmac('sha256', key).update(body).digest('base64url').slice(0, 22);
  const digest = (filter: MediaFilter, sort: MediaSort) =>
    createHmac('sha256', key).update(canonicalQuery({ filter, sort })).digest('base64url').slice(0, 16);

  return {
    write(modelId: number, filter: MediaFilter, sort: MediaSort, position: LibraryPosition): string {
      const body: CursorBody = {
        m: modelId,
        q: digest(filter, sort),
        v: position.value,
        i: position.id,
        f: position.forward,
      };
      const encoded = Buffer.from(JSON.stringify(body)).toString('base64url');
      return `${encoded}.${sign(encoded)}`;
    },

    /** The position a cursor holds; BAD_REQUEST when it is malformed, tampered with, or from another query. */
    read(cursor: string, modelId: number, filter: MediaFilter, sort: MediaSort): LibraryPosition {
      const [encoded, signature, extra] = cursor.split('.');
      if (!encoded || !signature || extra !== undefined) throw invalid('not a cursor this server made');
      const expected = Buffer.from(sign(encoded));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        throw invalid('the cursor was changed or made by another server');
      }
      let body: Partial<CursorBody>;
      try {
        body = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Partial<CursorBody>;
      } catch {
        throw invalid('not a cursor this server made');
      }
      if (!isPosition(body)) throw invalid('not a cursor this server made');
      if (body.m !== modelId) throw invalid('the cursor belongs to another model');
      if (body.q !== digest(filter, sort)) {
        throw invalid('the cursor belongs to another filter or sort; start again without it');
      }
      return { value: body.v, id: body.i, forward: body.f };
    },
  };
}

export type LibraryCursors = ReturnType<typeof createLibraryCursors>;
