import type { EventName } from '@phoenix4ge/shared';
import type { EventSubscriber } from '@phoenix4ge/shared/node';

/**
 * Resolves after `intervalMs`, when an event called `name` (or one of `name`) arrives, or when `signal` aborts,
 * whichever is first.
 */
export function nextTickOrEvent(
  events: EventSubscriber,
  name: EventName | readonly EventName[],
  intervalMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, intervalMs);
    const unsubscribe = events.onEvent((event) => {
      if (typeof name === 'string' ? event.name === name : name.includes(event.name)) done();
    });
    signal?.addEventListener('abort', done, { once: true });
  });
}
