import { outboxStatuses } from '@phoenix4ge/shared';
import { index, int, json, mysqlEnum, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, id, instant, instantNow } from './columns';
import type { JsonObject } from './json-types';

/**
 * The transactional outbox: a job written in the same transaction as the row it is about, dispatched to the
 * queue by the relay. Pending rows whose `available_at` has passed are due.
 */
export const outbox = mysqlTable(
  'outbox',
  {
    id: id(),
    /**
     * The installation whose queues the job belongs to (`outboxQueue`: its Redis key prefix and database). Every
     * relay claims only its own rows: two installations on one database never queue each other's jobs. Empty on
     * rows written before the column existed (any relay takes them).
     */
    queue: varchar({ length: 191 }).notNull().default(''),
    /** The job name from the shared job registry (e.g. `media.process`). */
    topic: varchar({ length: 100 }).notNull(),
    payload: json().$type<JsonObject>().notNull(),
    /** The queue's job id, so a dispatch repeated after a crash does not enqueue twice. */
    jobKey: varchar({ length: 255 }),
    status: mysqlEnum(outboxStatuses).notNull().default('pending'),
    attempts: int({ unsigned: true }).notNull().default(0),
    availableAt: instantNow(),
    createdAt: createdAt(),
    sentAt: instant(),
    lastError: text(),
  },
  (t) => [
    index('outbox_status_available_idx').on(t.status, t.availableAt),
    index('outbox_queue_status_available_idx').on(t.queue, t.status, t.availableAt),
  ],
);

export type OutboxMessage = typeof outbox.$inferSelect;
export type NewOutboxMessage = typeof outbox.$inferInsert;
