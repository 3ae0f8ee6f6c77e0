import type { Database, Media } from '@phoenix4ge/db';
import { eq, mediaOperations, media as mediaTable } from '@phoenix4ge/db';

/** The worker's queries on media rows and their operation log (the seed's MediaLogger). */
export function createMediaRepository(db: Database) {
  return {
    async byId(id: number): Promise<Media | undefined> {
      return db.query.media.findFirst({ where: eq(mediaTable.id, id) });
    },
    async update(id: number, changes: Partial<Media>): Promise<void> {
      await db.update(mediaTable).set(changes).where(eq(mediaTable.id, id));
    },
    async startOperation(mediaId: number, operation: string, jobId: string, params: Record<string, unknown>) {
      const [row] = await db
        .insert(mediaOperations)
        .values({ mediaId, operation, jobId, params, status: 'running', startedAt: new Date() })
        .$returningId();
      if (!row) throw new Error('operation insert returned no id');
      return row.id;
    },
    async finishOperation(
      id: number,
      outcome: { status: 'succeeded' | 'failed'; processingMs: number; error?: string },
    ) {
      await db
        .update(mediaOperations)
        .set({ ...outcome, error: outcome.error ?? null, finishedAt: new Date() })
        .where(eq(mediaOperations.id, id));
    },
  };
}

export type MediaRepository = ReturnType<typeof createMediaRepository>;
