import type { CategoryView } from '@phoenix4ge/shared';
import { and, asc, count, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { Category } from '../schema';
import { categories, media } from '../schema';

/** A model's categories (seed table `model_media_categories`): name unique per model, colour, manual order. */
export function createCategoriesRepository(db: Database) {
  return {
    async belongsTo(categoryId: number, modelId: number): Promise<boolean> {
      const row = await db.query.categories.findFirst({
        where: and(eq(categories.id, categoryId), eq(categories.modelId, modelId)),
        columns: { id: true },
      });
      return row !== undefined;
    },
    async byId(id: number): Promise<Category | undefined> {
      return db.query.categories.findFirst({ where: eq(categories.id, id) });
    },
    async byName(modelId: number, name: string): Promise<Category | undefined> {
      return db.query.categories.findFirst({
        where: and(eq(categories.modelId, modelId), eq(categories.name, name)),
      });
    },

    /** The model's categories in their order, each with how many items (not in the trash) it holds. */
    async list(modelId: number): Promise<CategoryView[]> {
      const items = count(media.id);
      const rows = await db
        .select({
          id: categories.id,
          name: categories.name,
          color: categories.color,
          sortOrder: categories.sortOrder,
          count: items,
        })
        .from(categories)
        .leftJoin(media, and(eq(media.categoryId, categories.id), isNull(media.deletedAt)))
        .where(eq(categories.modelId, modelId))
        .groupBy(categories.id, categories.name, categories.color, categories.sortOrder)
        .orderBy(asc(categories.sortOrder), asc(categories.id));
      return rows;
    },

    /** A new category at the end of the model's order; a taken name throws a duplicate-key error. */
    async create(modelId: number, values: { name: string; color?: string }): Promise<number> {
      const [last] = await db
        .select({ order: max(categories.sortOrder) })
        .from(categories)
        .where(eq(categories.modelId, modelId));
      const [row] = await db
        .insert(categories)
        .values({ modelId, name: values.name, color: values.color, sortOrder: (last?.order ?? -1) + 1 })
        .$returningId();
      if (!row) throw new Error('category insert returned no id');
      return row.id;
    },
    async update(id: number, changes: { name?: string; color?: string }): Promise<void> {
      if (changes.name === undefined && changes.color === undefined) return;
      await db.update(categories).set(changes).where(eq(categories.id, id));
    },
    /** Gives the model's categories the order of `ids` (all of them, each once: the caller checks). */
    async reorder(modelId: number, ids: number[]): Promise<void> {
      if (ids.length === 0) return;
      const position = sql.join(
        ids.map((id, index) => sql`when ${id} then ${index}`),
        sql` `,
      );
      await db
        .update(categories)
        .set({ sortOrder: sql`case ${categories.id} ${position} end` })
        .where(and(eq(categories.modelId, modelId), inArray(categories.id, ids)));
    },
    /** The ids of all the model's categories. */
    async idsOf(modelId: number): Promise<number[]> {
      const rows = await db
        .select({ id: categories.id })
        .from(categories)
        .where(eq(categories.modelId, modelId));
      return rows.map((row) => row.id);
    },
    /**
     * Deletes a category; its items become uncategorised (the foreign key sets NULL), never deleted. Their
     * revision is bumped first, in the same transaction, so an edit based on the old category conflicts.
     */
    async delete(id: number): Promise<number> {
      return db.transaction(async (tx) => {
        const [moved] = await tx
          .update(media)
          .set({ categoryId: null, revision: sql`${media.revision} + 1` })
          .where(eq(media.categoryId, id));
        await tx.delete(categories).where(eq(categories.id, id));
        return moved.affectedRows;
      });
    },
  };
}

export type CategoriesRepository = ReturnType<typeof createCategoriesRepository>;
