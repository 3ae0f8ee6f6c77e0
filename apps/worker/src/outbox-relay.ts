import type { DbHandle } from '@phoenix4ge/db';
import { and, asc, eq, inArray, lte, outbox, sql } from '@phoenix4ge/db';
import { isJobName } from '@phoenix4ge/shared';
import type { JobProducer, Logger } from '@phoenix4ge/shared/node';

const BATCH = 100;
/** A row that could not be dispatched waits this long times 2^attempts (at most 5 minutes). */
const RETRY_BASE_MS = 1000;

/**
 * The transactional outbox relay: moves due `outbox` rows to their BullMQ queue (job id = the row's job key, so a
 * repeat never enqueues twice) and marks them sent. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
 * workers can relay at once. When Redis is down the rows stay pending and are retried with backoff.
 */
export function createOutboxRelay(deps: {
  db: DbHandle;
  producer: JobProducer;
  logger: Logger;
  intervalMs: number;
}) {
  const { db } = deps.db;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  async function relayOnce(): Promise<number> {
    return db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(outbox)
        .where(and(eq(outbox.status, 'pending'), lte(outbox.availableAt, new Date())))
        .orderBy(asc(outbox.id))
        .limit(BATCH)
        .for('update', { skipLocked: true });
      const sent: number[] = [];
      for (const row of due) {
        try {
          if (!isJobName(row.topic)) throw new Error(`Unknown job "${row.topic}" in the outbox`);
          await deps.producer.enqueue(
            row.topic,
            row.payload as never,
            row.jobKey ? { jobId: row.jobKey } : undefined,
          );
          sent.push(row.id);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const delay = Math.min(RETRY_BASE_MS * 2 ** row.attempts, 300_000);
          await tx
            .update(outbox)
            .set({
              attempts: sql`${outbox.attempts} + 1`,
              availableAt: new Date(Date.now() + delay),
              lastError: message.slice(0, 1000),
            })
            .where(eq(outbox.id, row.id));
          deps.logger.warn({ outboxId: row.id, err: error }, 'outbox row not dispatched; will retry');
        }
      }
      if (sent.length > 0) {
        await tx.update(outbox).set({ status: 'sent', sentAt: new Date() }).where(inArray(outbox.id, sent));
      }
      return sent.length;
    });
  }

  async function loop() {
    if (stopped) return;
    running = relayOnce().catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'outbox relay pass failed');
      return 0;
    });
    const relayed = await running;
    running = undefined;
    if (!stopped) timer = setTimeout(() => void loop(), relayed === BATCH ? 0 : deps.intervalMs);
  }

  return {
    relayOnce,
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
