import { and, desc, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import type { Database } from '../client';
import type { ModelExport, NewModelExport } from '../schema';
import { modelExports } from '../schema';
import type { Executor } from './executor';

/** The GDPR exports of models (`model_exports`): requested by the api, written by the worker, swept when expired. */
export function createExportsRepository(db: Database) {
  return {
    async create(row: NewModelExport, executor: Executor = db): Promise<number> {
      const [inserted] = await executor.insert(modelExports).values(row).$returningId();
      if (!inserted) throw new Error('export insert returned no id');
      return inserted.id;
    },
    async byId(id: number): Promise<ModelExport | undefined> {
      return db.query.modelExports.findFirst({ where: eq(modelExports.id, id) });
    },
    async byTokenHash(tokenHash: string): Promise<ModelExport | undefined> {
      return db.query.modelExports.findFirst({ where: eq(modelExports.tokenHash, tokenHash) });
    },
    /** The model's exports, newest first. */
    async ofModel(modelId: number, limit = 20): Promise<ModelExport[]> {
      return db
        .select()
        .from(modelExports)
        .where(eq(modelExports.modelId, modelId))
        .orderBy(desc(modelExports.createdAt), desc(modelExports.id))
        .limit(limit);
    },
    async markRunning(id: number): Promise<void> {
      await db
        .update(modelExports)
        .set({ status: 'running', error: null })
        .where(and(eq(modelExports.id, id), inArray(modelExports.status, ['queued', 'running', 'failed'])));
    },
    async markReady(id: number, storageKey: string, bytes: number): Promise<void> {
      await db
        .update(modelExports)
        .set({ status: 'ready', storageKey, bytes, completedAt: new Date(), error: null })
        .where(eq(modelExports.id, id));
    },
    async markFailed(id: number, error: string): Promise<void> {
      await db
        .update(modelExports)
        .set({ status: 'failed', error: error.slice(0, 2000), completedAt: new Date() })
        .where(eq(modelExports.id, id));
    },
    /** Exports whose link expired but whose file may still be stored (the sweep deletes those files). */
    async expiredWithFiles(now: Date, limit = 500): Promise<ModelExport[]> {
      return db
        .select()
        .from(modelExports)
        .where(and(lte(modelExports.expiresAt, now), isNotNull(modelExports.storageKey)))
        .limit(limit);
    },
    /** The file is gone: the row stays (a late link still answers 410), without its key. */
    async markExpired(id: number): Promise<void> {
      await db
        .update(modelExports)
        .set({ status: 'expired', storageKey: null })
        .where(eq(modelExports.id, id));
    },
  };
}

export type ExportsRepository = ReturnType<typeof createExportsRepository>;
