import { eq } from 'drizzle-orm';
import type { Database } from '../client';
import { mediaOperations } from '../schema';
import type { JsonObject } from '../schema/json-types';

/** The operation log (seed table `media_operations`, the seed's MediaLogger): each run on a media and its outcome. */
export function createOperationsRepository(db: Database) {
  return {
    async start(mediaId: number, operation: string, jobId: string, params: JsonObject): Promise<number> {
      const [row] = await db
        .insert(mediaOperations)
        .values({ mediaId, operation, jobId, params, status: 'running', startedAt: new Date() })
        .$returningId();
      if (!row) throw new Error('operation insert returned no id');
      return row.id;
    },
    async finish(
      id: number,
      outcome: { status: 'succeeded' | 'failed'; processingMs: number; error?: string },
    ): Promise<void> {
      await db
        .update(mediaOperations)
        .set({ ...outcome, error: outcome.error ?? null, finishedAt: new Date() })
        .where(eq(mediaOperations.id, id));
    },
  };
}

export type OperationsRepository = ReturnType<typeof createOperationsRepository>;
