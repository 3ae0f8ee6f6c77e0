import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src';
import {
  asc,
  categories,
  createDb,
  demoModels,
  dropDatabase,
  models,
  runMigrations,
  seedDemoData,
} from '../src';
import { freshDatabaseConfig } from './support/database';

describe('seedDemoData', () => {
  let config: DatabaseConfig;
  let handle: DbHandle;
  const categoryTotal = demoModels.reduce((total, model) => total + model.categories.length, 0);

  beforeAll(async () => {
    config = freshDatabaseConfig();
    await runMigrations(config);
    handle = createDb(config, { connectionLimit: 2 });
  });
  afterAll(async () => {
    await handle?.close();
    await dropDatabase(config);
  });

  async function snapshot() {
    return {
      models: await handle.db.select().from(models).orderBy(asc(models.id)),
      categories: await handle.db.select().from(categories).orderBy(asc(categories.id)),
    };
  }

  it('creates the demo models and their categories', async () => {
    expect(await seedDemoData(handle.db)).toEqual({ modelsCreated: 2, categoriesCreated: categoryTotal });
    const { models: rows, categories: cats } = await snapshot();
    expect(rows.map((row) => row.slug)).toEqual(['demo-anna', 'demo-ben']);
    expect(cats).toHaveLength(categoryTotal);
    const anna = rows[0];
    const annaCategories = cats.filter((category) => category.modelId === anna?.id);
    expect(annaCategories.map((category) => category.sortOrder)).toEqual([0, 1, 2, 3]);
    expect(annaCategories.every((category) => /^#[0-9a-f]{6}$/.test(category.color))).toBe(true);
  });

  it('changes nothing when run again', async () => {
    const before = await snapshot();
    expect(await seedDemoData(handle.db)).toEqual({ modelsCreated: 0, categoriesCreated: 0 });
    expect(await snapshot()).toEqual(before);
  });
});
