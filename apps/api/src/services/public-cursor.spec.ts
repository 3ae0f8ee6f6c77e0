import { describe, expect, it } from 'vitest';
import { createPublicCursors } from './public-cursor';

const cursors = createPublicCursors('a secret of at least some length');
const position = { order: 3, date: new Date('2026-05-01T10:00:00.123Z'), id: 42 };

describe('public gallery cursors', () => {
  it('round-trips a position for its model and category', () => {
    expect(cursors.read(cursors.write(7, 5, position), 7, 5)).toEqual(position);
    const unordered = { ...position, order: null };
    expect(cursors.read(cursors.write(7, undefined, unordered), 7, undefined)).toEqual(unordered);
  });
  it('refuses tampered, foreign and malformed cursors', () => {
    const cursor = cursors.write(7, 5, position);
    const [body, signature] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify({ m: 7, c: 5, o: 0, d: 0, i: 1 })).toString('base64url');
    for (const bad of [
      `${forged}.${signature}`,
      `${body}.x${signature?.slice(1)}`,
      'garbage',
      `${cursor}.x`,
      '.',
    ]) {
      expect(() => cursors.read(bad, 7, 5), bad).toThrow(/cursor/);
    }
    expect(() => cursors.read(cursor, 8, 5)).toThrow(/cursor/);
    expect(() => cursors.read(cursor, 7, undefined)).toThrow(/cursor/);
    expect(() => createPublicCursors('another secret entirely').read(cursor, 7, 5)).toThrow(/cursor/);
  });
});
