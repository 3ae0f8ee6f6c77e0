import type { OutboxRepository } from '@phoenix4ge/db';
import type { Logger } from '@phoenix4ge/shared/node';

/**
 * Runs the outbox relay (packages/db outbox.repository: `relayOnce`) every `intervalMs`, at once again after a
 * full batch. Every worker runs one; rows are claimed with SKIP LOCKED, so they never dispatch the same row twice.
 */
export function createOutboxRelay(deps: { outbox: OutboxRepository; logger: Logger; intervalMs: number }) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  async function loop() {
    if (stopped) return;
    running = deps.outbox.relayOnce().catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'outbox relay pass failed');
      return 0;
    });
    const relayed = await running;
    running = undefined;
    if (!stopped) {
      timer = setTimeout(() => void loop(), relayed === deps.outbox.relayBatchSize ? 0 : deps.intervalMs);
    }
  }

  return {
    start() {
      stopped = false;
      void loop();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
