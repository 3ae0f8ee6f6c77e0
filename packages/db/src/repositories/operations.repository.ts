import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { mediaOperations } from '../schema';
import type { JsonObject } from '../schema/json-types';
import type { Executor } from './executor';

/** The operation log (seed table `media_operations`, the seed's MediaLogger): each run on a media and its outcome. */
export function createOperationsRepository(db: Database) {
  return {
    /**
     * A job's run starts. A job taken over from a worker that died (the same job id, its row still `running`)
     * continues in that row, so a run is recorded once however many workers it took.
     */
    async start(mediaId: number, operation: string, jobId: string, params: JsonObject): Promise<number> {
      const [abandoned] = await db
        .select({ id: mediaOperations.id })
        .from(mediaOperations)
        .where(
          and(
            eq(mediaOperations.jobId, jobId),
            eq(mediaOperations.mediaId, mediaId),
            eq(mediaOperations.operation, operation),
            eq(mediaOperations.status, 'running'),
          ),
        )
        .orderBy(desc(mediaOperations.id))
        .limit(1);
      if (abandoned) {
        await db
          .update(mediaOperations)
          .set({ params, startedAt: new Date(), error: null })
          .where(eq(mediaOperations.id, abandoned.id));
        return abandoned.id;
      }
      const [row] = await db
        .insert(mediaOperations)
        .values({ mediaId, operation, jobId, params, status: 'running', startedAt: new Date() })
        .$returningId();
      if (!row) throw new Error('operation insert returned no id');
      return row.id;
    },
    /** A row for work queued now (an edit saved), started later by the job that does it. */
    async queue(
      mediaId: number,
      operation: string,
      params: JsonObject,
      executor: Executor = db,
    ): Promise<number> {
      const [row] = await executor
        .insert(mediaOperations)
        .values({ mediaId, operation, params, status: 'queued' })
        .$returningId();
      if (!row) throw new Error('operation insert returned no id');
      return row.id;
    },
    /** The queued row's job starts (again, after a crash: the same row). */
    async begin(id: number, jobId: string): Promise<void> {
      await db
        .update(mediaOperations)
        .set({ status: 'running', jobId, startedAt: new Date(), error: null })
        .where(eq(mediaOperations.id, id));
    },
    async finish(
      id: number,
      outcome: { status: 'succeeded' | 'failed'; processingMs: number; error?: string },
      executor: Executor = db,
    ): Promise<void> {
      await executor
        .update(mediaOperations)
        .set({ ...outcome, error: outcome.error ?? null, finishedAt: new Date() })
        .where(eq(mediaOperations.id, id));
    },
  };
}

export type OperationsRepository = ReturnType<typeof createOperationsRepository>;
