import type { KeyedJob } from '@phoenix4ge/shared';
import { isJobName, REQUEST_ID_FIELD } from '@phoenix4ge/shared';
import type { Jobs, Logger } from '@phoenix4ge/shared/node';
import { currentRequestId } from '@phoenix4ge/shared/node';
import { and, asc, eq, inArray, lt, lte, min, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { isDeadlockError } from '../errors';
import { outbox } from '../schema';
import type { Executor, Transaction } from './executor';

const RELAY_BATCH = 100;
/** A row that could not be queued waits this long times 2^attempts (at most 5 minutes). */
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 300_000;
/**
 * How long a relay's claim keeps a row from the other relays while it queues it: a relay that dies after claiming
 * leaves its rows to the others after this. A pass takes one enqueue timeout at most when Redis does not answer.
 */
const CLAIM_LEASE_MS = 30_000;

export interface OutboxDeps {
  jobs: Pick<Jobs, 'enqueue'>;
  logger: Pick<Logger, 'warn'>;
  /**
   * This installation's queues (`outboxQueue`), written on every row. The relay claims only these rows (and
   * unmarked ones from before the column): a relay of another installation on the same database, with its own
   * Redis prefix, would queue a job where no worker of ours runs (and its worker would run it on files it does not
   * have), then mark the row sent.
   */
  queue: string;
}

const DEADLOCK_ATTEMPTS = 3;

/**
 * Runs a transaction again when InnoDB rolled it back as a deadlock's victim, as MySQL's manual asks: the relay's
 * claim (gap locks over the pending rows) and an upload's outbox insert can deadlock, rarely (1 upload of 11,329 in
 * the redis-down trial under 8 clients). Nothing of a victim was written, so running it again is safe.
 */
async function retryDeadlocks<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= DEADLOCK_ATTEMPTS || !isDeadlockError(error)) throw error;
    }
  }
}

/**
 * The transactional outbox, the one place of the durability rule ("a 2xx means it will be processed, even if
 * Redis or the worker is down"), top to bottom:
 * 1. `commit`: a state change and the jobs it calls for are written in ONE transaction (an upload's media row and
 *    its `media.process`; a processed media's `ready` and its `moderation.check`). Once it commits, the jobs exist
 *    whatever happens to Redis or this process next.
 * 2. Right after the commit each job is queued at once when Redis answers, and its row marked sent. A failure
 *    there is only logged: the row stays pending.
 * 3. The relay (`relayOnce`, looped by every worker) claims due pending rows of its own installation (`queue`)
 *    with FOR UPDATE SKIP LOCKED in a short transaction that leases them, then queues them outside it (the job id
 *    makes a repeat a no-op) and marks them sent; a row that cannot be queued waits with backoff.
 * 4. The maintenance sweep deletes rows sent long ago (`deleteSentBefore`).
 */
export function createOutboxRepository(db: Database, deps: OutboxDeps) {
  // 1. Written with the state change; the payload keeps the request that caused it, for the job's logs.
  async function add(tx: Transaction, jobs: KeyedJob[]): Promise<{ id: number; job: KeyedJob }[]> {
    const rows: { id: number; job: KeyedJob }[] = [];
    const requestId = currentRequestId();
    for (const job of jobs) {
      const payload = requestId ? { ...job.data, [REQUEST_ID_FIELD]: requestId } : job.data;
      const [row] = await tx
        .insert(outbox)
        .values({ queue: deps.queue, topic: job.name, payload, jobKey: job.jobId ?? null })
        .$returningId();
      if (!row) throw new Error('outbox insert returned no id');
      rows.push({ id: row.id, job });
    }
    return rows;
  }

  async function markSent(ids: number[], executor: Executor = db): Promise<void> {
    if (ids.length === 0) return;
    await executor
      .update(outbox)
      .set({ status: 'sent', sentAt: new Date() })
      .where(and(inArray(outbox.id, ids), eq(outbox.status, 'pending')));
  }

  // 2. Queued at once when Redis answers.
  async function dispatchNow(rows: { id: number; job: KeyedJob }[]): Promise<void> {
    for (const { id, job } of rows) {
      try {
        await deps.jobs.enqueue(job);
        await markSent([id]);
      } catch (error) {
        deps.logger.warn(
          { err: error, outboxId: id, job: job.name },
          'job not queued now; the outbox relay will',
        );
      }
    }
  }

  /** Rows of this installation's queues (and unmarked rows written before there was a mark). */
  const ours = inArray(outbox.queue, [deps.queue, '']);

  /** Rows of ours waiting to be queued whose time has come. */
  const dueNow = () => and(ours, eq(outbox.status, 'pending'), lte(outbox.availableAt, new Date()));

  /** Puts a row that could not be queued back, to wait `RETRY_BASE_MS` × 2^attempts (at most 5 minutes). */
  async function retryLater(row: { id: number; attempts: number }, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .update(outbox)
      .set({
        attempts: sql`${outbox.attempts} + 1`,
        availableAt: new Date(Date.now() + Math.min(RETRY_BASE_MS * 2 ** row.attempts, RETRY_MAX_MS)),
        lastError: message.slice(0, 1000),
      })
      .where(eq(outbox.id, row.id));
  }

  // 3. The relay, for every row step 2 could not queue. Every worker runs it every second, and nearly always
  // nothing is due: one plain read then, not a transaction of three statements.
  // Rows are claimed in a short transaction (their `available_at` moved past a lease) and queued after it commits.
  // Queueing inside it held its row locks, and the gap after the last pending row, for as long as Redis took to
  // answer: with a Redis that accepted connections but did not answer, every upload's outbox insert waited on them
  // until MariaDB's lock wait timeout and answered 500 (the redis-down reliability trial under 8 clients).
  async function relayOnce(): Promise<number> {
    const [anyDue] = await db.select({ id: outbox.id }).from(outbox).where(dueNow()).limit(1);
    if (!anyDue) return 0;
    const claimed = await db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(outbox)
        .where(dueNow())
        .orderBy(asc(outbox.id))
        .limit(RELAY_BATCH)
        .for('update', { skipLocked: true });
      if (due.length > 0) {
        await tx
          .update(outbox)
          .set({ availableAt: new Date(Date.now() + CLAIM_LEASE_MS) })
          .where(
            inArray(
              outbox.id,
              due.map((row) => row.id),
            ),
          );
      }
      return due;
    });
    const sent: number[] = [];
    // Once Redis failed in this pass, the rest of the batch waits too, instead of each timing out in turn.
    let redisFailure: unknown;
    for (const row of claimed) {
      let failure = redisFailure;
      if (failure === undefined && !isJobName(row.topic)) {
        failure = new Error(`Unknown job "${row.topic}" in the outbox`);
      } else if (failure === undefined) {
        const job = { name: row.topic, data: row.payload, jobId: row.jobKey ?? undefined } as KeyedJob;
        failure = await deps.jobs.enqueue(job).then(
          () => undefined,
          (error: unknown) => error ?? new Error('queueing failed'),
        );
        redisFailure = failure;
      }
      if (failure === undefined) {
        sent.push(row.id);
        continue;
      }
      await retryLater(row, failure);
      deps.logger.warn({ outboxId: row.id, err: failure }, 'outbox row not dispatched; will retry');
    }
    await markSent(sent);
    return sent.length;
  }

  return {
    /**
     * Runs `work` and writes the jobs `jobsFor` names for its result in the same transaction, then queues them at
     * once when Redis answers. Returns `work`'s result; an error in `work` rolls everything back and is rethrown.
     */
    async commit<T>(work: (tx: Transaction) => Promise<T>, jobsFor: (result: T) => KeyedJob[]): Promise<T> {
      const { result, rows } = await retryDeadlocks(() =>
        db.transaction(async (tx) => {
          const result = await work(tx);
          return { result, rows: await add(tx, jobsFor(result)) };
        }),
      );
      await dispatchNow(rows);
      return result;
    },

    /** One relay pass; returns how many rows were queued (a full batch means: run again at once). */
    relayOnce,
    relayBatchSize: RELAY_BATCH,

    /** When the oldest row still waiting to be queued was written (undefined: none waits), for the metrics. */
    async oldestPendingAt(): Promise<Date | undefined> {
      const [row] = await db
        .select({ createdAt: min(outbox.createdAt) })
        .from(outbox)
        .where(and(ours, eq(outbox.status, 'pending')));
      return row?.createdAt ?? undefined;
    },

    // 4. Cleanup.
    async deleteSentBefore(before: Date): Promise<number> {
      const [result] = await db
        .delete(outbox)
        .where(and(eq(outbox.status, 'sent'), lt(outbox.sentAt, before)));
      return result.affectedRows;
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
