/**
 * Event ingest: batches of 50 view events, each request from a new visitor (its own user agent, so nothing is
 * deduplicated or rate-limited), posted as navigator.sendBeacon does (text/plain JSON).
 */
import autocannon from 'autocannon';
import type { LoadResult } from '../lib';
import { loadResult } from '../lib';

export const EVENTS_PER_BATCH = 50;

/** `count` distinct ids of `ids`, starting at a rotating offset. */
function batchOf(ids: number[], offset: number): number[] {
  return Array.from({ length: EVENTS_PER_BATCH }, (_, index) => ids[(offset + index) % ids.length] as number);
}

export async function postEvents(
  url: string,
  ids: number[],
  options: { connections: number; requests: number },
): Promise<LoadResult & { accepted: number; seconds: number }> {
  if (ids.length < EVENTS_PER_BATCH)
    throw new Error(`need ${EVENTS_PER_BATCH} public ids, got ${ids.length}`);
  let visitor = 0;
  const result = await autocannon({
    url,
    connections: options.connections,
    // A fixed number of requests, all answered when it returns: the database count can be compared exactly.
    amount: options.requests,
    requests: [
      {
        method: 'POST',
        setupRequest(request) {
          visitor += 1;
          const events = batchOf(ids, visitor).map((mediaId) => ({ type: 'view', mediaId }));
          return {
            ...request,
            headers: {
              'content-type': 'text/plain;charset=UTF-8',
              'user-agent': `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 bench-visitor-${visitor}`,
            },
            body: JSON.stringify({ events }),
          };
        },
      },
    ],
  });
  return { ...loadResult(result), accepted: result['2xx'] * EVENTS_PER_BATCH, seconds: result.duration };
}
