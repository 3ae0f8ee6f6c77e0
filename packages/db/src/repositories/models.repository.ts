import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { Model, NewModel } from '../schema';
import { modelMembers, models } from '../schema';
import type { Transaction } from './executor';
import { revokeStaleTokens } from './publication.repository';

/** The model is being erased (or is gone): nothing may be added to it. */
export class ModelErasingError extends Error {
  constructor(readonly modelId: number) {
    super(`model ${modelId} is being erased`);
    this.name = 'ModelErasingError';
  }
}

/** The models (tenants); with `purge`, revocations queue the dead URLs for the CDN purge webhook. */
export function createModelsRepository(db: Database, settings: { purge?: boolean } = {}) {
  return {
    async bySlug(slug: string): Promise<Model | undefined> {
      return db.query.models.findFirst({ where: eq(models.slug, slug) });
    },
    async byId(id: number): Promise<Model | undefined> {
      const [row] = await db.select().from(models).where(eq(models.id, id)).limit(1);
      return row;
    },
    /** Every model (admins), or only those the user is a member of; archived ones only when asked. */
    async list(options: {
      memberUserId?: number;
      modelId?: number;
      includeArchived: boolean;
    }): Promise<Model[]> {
      // A model being erased is on its way out: listed nowhere.
      const conditions = [isNull(models.erasingAt)];
      if (!options.includeArchived) conditions.push(isNull(models.archivedAt));
      if (options.modelId !== undefined) conditions.push(eq(models.id, options.modelId));
      if (options.memberUserId !== undefined) {
        const memberships = db
          .select({ id: modelMembers.modelId })
          .from(modelMembers)
          .where(eq(modelMembers.userId, options.memberUserId));
        conditions.push(inArray(models.id, memberships));
      }
      return db
        .select()
        .from(models)
        .where(and(...conditions))
        .orderBy(asc(models.displayName));
    },
    async create(model: NewModel): Promise<number> {
      const [row] = await db.insert(models).values(model).$returningId();
      if (!row) throw new Error('model insert returned no id');
      return row.id;
    },
    /**
     * Marks the model as being erased (idempotent: the first mark's time stays) and archives it, in one transaction
     * with the revocation of its live image URLs: from the commit on nothing of it is public.
     */
    async markErasing(id: number): Promise<void> {
      await db.transaction(async (tx) => {
        const now = new Date();
        await tx
          .update(models)
          .set({ erasingAt: now, archivedAt: sql`coalesce(${models.archivedAt}, ${now})` })
          .where(and(eq(models.id, id), isNull(models.erasingAt)));
        await revokeStaleTokens(tx, { modelId: id }, { purge: settings.purge });
      });
    },
    /**
     * For a transaction that adds something to the model (an upload's row): reads the model row under a shared lock
     * and throws `ModelErasingError` when it is being erased or gone. Erasing marks the row with an UPDATE, which
     * waits for this lock: either the addition commits first (and the erasure finds it) or it sees the mark.
     */
    async assertWritable(id: number, tx: Transaction): Promise<void> {
      // LOCK IN SHARE MODE: MariaDB has no FOR SHARE; MySQL 8 reads both.
      const [rows] = (await tx.execute(
        sql`select erasing_at from models where id = ${id} lock in share mode`,
      )) as unknown as [{ erasing_at: unknown }[]];
      const row = rows[0];
      if (!row || row.erasing_at !== null) throw new ModelErasingError(id);
    },
    async update(id: number, changes: Partial<NewModel>): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.update(models).set(changes).where(eq(models.id, id));
        // Archived, paused, or a consent date moved: the model's image URLs that are no longer public die with it.
        if (changes.archivedAt || changes.publicPausedAt || changes.consentExpiresAt !== undefined)
          await revokeStaleTokens(tx, { modelId: id }, { purge: settings.purge });
      });
    },
  };
}

export type ModelsRepository = ReturnType<typeof createModelsRepository>;
