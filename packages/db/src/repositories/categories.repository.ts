import { and, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { categories } from '../schema';

/** A model's categories (seed table `model_media_categories`). */
export function createCategoriesRepository(db: Database) {
  return {
    async belongsTo(categoryId: number, modelId: number): Promise<boolean> {
      const row = await db.query.categories.findFirst({
        where: and(eq(categories.id, categoryId), eq(categories.modelId, modelId)),
        columns: { id: true },
      });
      return row !== undefined;
    },
  };
}

export type CategoriesRepository = ReturnType<typeof createCategoriesRepository>;
