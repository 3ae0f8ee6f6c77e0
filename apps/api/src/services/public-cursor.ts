import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PublicPosition } from '@phoenix4ge/db';
import { TRPCError } from '@trpc/server';

interface CursorBody {
  /** The model and category (0: all) the page belongs to. */
  m: number;
  c: number;
  o: number | null;
  d: number;
  i: number;
}

const invalid = () => new TRPCError({ code: 'BAD_REQUEST', message: 'cursor: not a cursor of this gallery' });

const isBody = (body: Partial<CursorBody>): body is CursorBody =>
  typeof body.m === 'number' &&
  typeof body.c === 'number' &&
  (body.o === null || typeof body.o === 'number') &&
  typeof body.d === 'number' &&
  typeof body.i === 'number';

/**
 * The public gallery's page cursors: the keyset position of a page's last item, bound to the model and category
 * and signed (HMAC-SHA256) like the library's (library-cursor.ts), so a tampered cursor is a 400.
 */
export function createPublicCursors(secret: string) {
  const key = createHmac('sha256', secret).update('phoenix4ge public gallery cursor v1').digest();
  const sign = (body: string) => createHmac('sha256', key).update(body).digest('base64url').slice(0, 22);

  return {
    write(modelId: number, categoryId: number | undefined, position: PublicPosition): string {
      const body: CursorBody = {
        m: modelId,
        c: categoryId ?? 0,
        o: position.order,
        d: position.date.getTime(),
        i: position.id,
      };
      const encoded = Buffer.from(JSON.stringify(body)).toString('base64url');
      return `${encoded}.${sign(encoded)}`;
    },

    /** The position a cursor holds; BAD_REQUEST when it is malformed, tampered with or from another gallery. */
    read(cursor: string, modelId: number, categoryId: number | undefined): PublicPosition {
      const [encoded, signature, extra] = cursor.split('.');
      if (!encoded || !signature || extra !== undefined) throw invalid();
      const expected = Buffer.from(sign(encoded));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
      let body: Partial<CursorBody>;
      try {
        body = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Partial<CursorBody>;
      } catch {
        throw invalid();
      }
      if (!isBody(body) || body.m !== modelId || body.c !== (categoryId ?? 0)) throw invalid();
      return { order: body.o, date: new Date(body.d), id: body.i };
    },
  };
}

export type PublicCursors = ReturnType<typeof createPublicCursors>;
