import { char, index, int, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, id, ref, updatedAt } from './columns';
import { models } from './models';

/** A model's own grouping of media (seed table `model_media_categories`). */
export const categories = mysqlTable(
  'model_media_categories',
  {
    id: id(),
    modelId: ref()
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    name: varchar({ length: 100 }).notNull(),
    /** `#rrggbb` */
    color: char({ length: 7 }).notNull().default('#6c757d'),
    sortOrder: int().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('categories_model_name_uq').on(t.modelId, t.name),
    index('categories_model_order_idx').on(t.modelId, t.sortOrder),
  ],
);

export type Category = typeof categories.$inferSelect;
export type NewCategory = typeof categories.$inferInsert;
