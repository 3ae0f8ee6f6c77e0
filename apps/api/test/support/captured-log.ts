import { Writable } from 'node:stream';
import type { Logger } from '@phoenix4ge/shared/node';
import { pino } from 'pino';

export type LogLine = Record<string, unknown>;

/** A pino logger whose lines land in `lines` (parsed), as a log collector would see them. */
export function capturedLogger(level = 'info'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const text of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(text));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}
