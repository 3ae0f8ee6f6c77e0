import { moderationProviderNames, moderationStatuses } from '@phoenix4ge/shared';
import { index, int, json, mysqlEnum, mysqlTable, text, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, id, instant, instantNow, ref, updatedAt } from './columns';
import type { JsonObject, ModerationScores } from './json-types';
import { media } from './media';

/**
 * One moderation of one media by one provider. `status` stays `pending` until the provider answers
 * (`answered_at`); unanswered requests are retried (`attempts`) and finally flagged for a person.
 */
export const moderationRequests = mysqlTable(
  'moderation_requests',
  {
    id: id(),
    mediaId: ref()
      .notNull()
      .references(() => media.id, { onDelete: 'cascade' }),
    /** The version of the media that was asked about (an edit is moderated like an upload). */
    version: int({ unsigned: true }).notNull().default(0),
    provider: mysqlEnum(moderationProviderNames).notNull(),
    /** The provider's id for the request, which its webhook refers to. One row per submission attempt. */
    externalId: varchar({ length: 255 }),
    status: mysqlEnum(moderationStatuses).notNull().default('pending'),
    scores: json().$type<ModerationScores>(),
    /** The provider's own labels, e.g. `explicit_nudity`. */
    labels: json().$type<string[]>(),
    /** The status the policy gave these scores (null until answered). */
    verdict: mysqlEnum('verdict', moderationStatuses),
    /** When the provider says it produced the answer (orders out-of-order deliveries). */
    verdictAt: instant(),
    /** The classifier that produced the scores, e.g. nsfwjs MobileNetV2. */
    modelName: varchar({ length: 100 }),
    modelVersion: varchar({ length: 50 }),
    attempts: int({ unsigned: true }).notNull().default(0),
    submittedAt: instant(),
    answeredAt: instant(),
    error: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('moderation_requests_media_idx').on(t.mediaId),
    uniqueIndex('moderation_requests_provider_external_uq').on(t.provider, t.externalId),
    index('moderation_requests_status_submitted_idx').on(t.status, t.submittedAt),
  ],
);

/** The webhook inbox: each provider event stored once (idempotent on the provider's event id), applied later. */
export const moderationEvents = mysqlTable(
  'moderation_events',
  {
    id: id(),
    provider: mysqlEnum(moderationProviderNames).notNull(),
    eventId: varchar({ length: 255 }).notNull(),
    eventType: varchar({ length: 100 }).notNull(),
    payload: json().$type<JsonObject>().notNull(),
    receivedAt: instantNow(),
    processedAt: instant(),
    error: text(),
  },
  (t) => [
    uniqueIndex('moderation_events_provider_event_uq').on(t.provider, t.eventId),
    index('moderation_events_processed_idx').on(t.processedAt, t.receivedAt),
  ],
);

export type ModerationRequest = typeof moderationRequests.$inferSelect;
export type NewModerationRequest = typeof moderationRequests.$inferInsert;
export type ModerationEvent = typeof moderationEvents.$inferSelect;
export type NewModerationEvent = typeof moderationEvents.$inferInsert;
