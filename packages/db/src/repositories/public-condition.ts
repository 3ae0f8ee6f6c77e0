import type { Placeholder, SQL } from 'drizzle-orm';
import { and, eq, gt, isNotNull, isNull, lte, or } from 'drizzle-orm';
import { media, models } from '../schema';

/**
 * The one rule of what the public sees (the public gallery, image URLs, counted events): a media with an approved
 * (public) version, processed, not in the trash, inside its publication window, of a model that is not archived,
 * whose consent has not expired and whose public delivery is not paused. Needs `models` joined. `now` may be a
 * prepared statement's placeholder, filled with `datetimeParam(now)`.
 */
export function publicCondition(now: Date | Placeholder): SQL {
  return and(
    isNotNull(media.publicVersion),
    eq(media.processingStatus, 'ready'),
    isNull(media.deletedAt),
    or(isNull(media.publishFrom), lte(media.publishFrom, now)),
    or(isNull(media.publishUntil), gt(media.publishUntil, now)),
    isNull(models.archivedAt),
    isNull(models.publicPausedAt),
    or(isNull(models.consentExpiresAt), gt(models.consentExpiresAt, now)),
  ) as SQL;
}

/**
 * A time as a prepared statement's placeholder value: drizzle fills placeholders without the column's mapping, so
 * the value is mapped here as every `instant()` column maps it (UTC text with milliseconds), not left a Date that
 * mysql2 would format in the connection's time zone.
 */
export const datetimeParam = (at: Date) => media.uploadDate.mapToDriverValue(at) as string;
