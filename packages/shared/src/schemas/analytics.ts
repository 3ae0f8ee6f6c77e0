import { z } from 'zod';
import { MAX_PUBLIC_EVENTS } from '../http-routes';

/** One event the portfolio site reports: an image of the model was seen. */
export const PublicEventSchema = z.strictObject({
  type: z.literal('view'),
  mediaId: z.number().int().positive(),
});

/** The body of `POST /api/public/:modelSlug/events`. */
export const PublicEventsSchema = z.strictObject({
  events: z.array(PublicEventSchema).min(1).max(MAX_PUBLIC_EVENTS),
});
export type PublicEvents = z.infer<typeof PublicEventsSchema>;

/** A UTC day, `YYYY-MM-DD`. */
export const DaySchema = z.iso.date();

/** The days an analytics read covers (both ends included; by default the last 30 days to today, UTC). */
export const AnalyticsRangeSchema = z.object({
  from: DaySchema.optional(),
  to: DaySchema.optional(),
});
export type AnalyticsRange = z.infer<typeof AnalyticsRangeSchema>;
