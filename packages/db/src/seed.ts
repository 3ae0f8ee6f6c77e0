import { inArray, sql } from 'drizzle-orm';
import type { Database } from './client';
import { categories, models } from './schema';

interface DemoModel {
  slug: string;
  displayName: string;
  categories: { name: string; color: string }[];
}

/** Two demo models with a few categories each; settings are the column default. No users (they need argon2). */
export const demoModels: DemoModel[] = [
  {
    slug: 'demo-anna',
    displayName: 'Anna Demo',
    categories: [
      { name: 'Portfolio', color: '#0d6efd' },
      { name: 'Editorial', color: '#6f42c1' },
      { name: 'Commercial', color: '#198754' },
      { name: 'Behind the scenes', color: '#fd7e14' },
    ],
  },
  {
    slug: 'demo-ben',
    displayName: 'Ben Demo',
    categories: [
      { name: 'Runway', color: '#dc3545' },
      { name: 'Editorial', color: '#6f42c1' },
      { name: 'Polaroids', color: '#20c997' },
    ],
  },
];

export interface SeedResult {
  modelsCreated: number;
  categoriesCreated: number;
}

/**
 * Inserts the demo models and categories that are missing. Idempotent: rows that exist (by model slug, and by
 * model + category name) are left untouched, so running it again changes nothing, even after edits.
 */
export async function seedDemoData(db: Database): Promise<SeedResult> {
  const slugs = demoModels.map((model) => model.slug);
  return db.transaction(async (tx) => {
    const existingSlugs = new Set(
      (await tx.select({ slug: models.slug }).from(models).where(inArray(models.slug, slugs))).map(
        (row) => row.slug,
      ),
    );
    const newModels = demoModels.filter((model) => !existingSlugs.has(model.slug));
    if (newModels.length > 0) {
      await tx
        .insert(models)
        .values(newModels.map((model) => ({ slug: model.slug, displayName: model.displayName })))
        // Only reached when a concurrent run inserted the row first.
        .onDuplicateKeyUpdate({ set: { slug: sql`${models.slug}` } });
    }
    const rows = await tx
      .select({ id: models.id, slug: models.slug })
      .from(models)
      .where(inArray(models.slug, slugs));
    const idBySlug = new Map(rows.map((row) => [row.slug, row.id]));

    const existingCategories = new Set(
      (
        await tx
          .select({ modelId: categories.modelId, name: categories.name })
          .from(categories)
          .where(inArray(categories.modelId, [...idBySlug.values()]))
      ).map((row) => `${row.modelId}/${row.name}`),
    );
    const newCategories = demoModels.flatMap((model) => {
      const modelId = idBySlug.get(model.slug);
      if (modelId === undefined) throw new Error(`Demo model ${model.slug} was not created`);
      return model.categories
        .map((category, sortOrder) => ({ modelId, sortOrder, ...category }))
        .filter((category) => !existingCategories.has(`${modelId}/${category.name}`));
    });
    if (newCategories.length > 0) {
      await tx
        .insert(categories)
        .values(newCategories)
        .onDuplicateKeyUpdate({ set: { name: sql`${categories.name}` } });
    }
    return { modelsCreated: newModels.length, categoriesCreated: newCategories.length };
  });
}
