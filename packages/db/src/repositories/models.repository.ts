import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../client';
import type { Model, NewModel } from '../schema';
import { modelMembers, models } from '../schema';
import { revokeStaleTokens } from './publication.repository';

/** The models (tenants); with `purge`, revocations queue the dead URLs for the CDN purge webhook. */
export function createModelsRepository(db: Database, settings: { purge?: boolean } = {}) {
  return {
    async bySlug(slug: string): Promise<Model | undefined> {
      return db.query.models.findFirst({ where: eq(models.slug, slug) });
    },
    async byId(id: number): Promise<Model | undefined> {
      return db.query.models.findFirst({ where: eq(models.id, id) });
    },
    /** Every model (admins), or only those the user is a member of; archived ones only when asked. */
    async list(options: {
      memberUserId?: number;
      modelId?: number;
      includeArchived: boolean;
    }): Promise<Model[]> {
      const conditions = [];
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
