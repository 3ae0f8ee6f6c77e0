import type { EditProgressState, NearDuplicate } from '@phoenix4ge/shared';
import {
  BulkInputSchema,
  DownloadInputSchema,
  EventName,
  IdSchema,
  MediaFilterSchema,
  MediaListInputSchema,
  MediaSelectionSchema,
  MediaUpdateSchema,
  MovePublicOrderSchema,
  SetPublicationWindowSchema,
  SimilarMediaInputSchema,
} from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { tenantProcedure } from '../trpc';

/**
 * What `media.onChange` yields: one item changed, many at once (refetch), a bulk job's progress, an edit's
 * progress, or the near-duplicates the worker found for a processed item.
 */
export type MediaChange =
  | { kind: 'item'; mediaId: number; change: string }
  | { kind: 'nearDuplicates'; change: 'found'; mediaId: number; items: NearDuplicate[] }
  | { kind: 'library'; change: string; count: number }
  | { kind: 'bulk'; change: 'progress'; jobId: string; done: number; total: number; finished: boolean }
  | { kind: 'edit'; change: EditProgressState; mediaId: number; version: number; percent: number };

export const mediaRouter = {
  /** A page of the library (or trash): filters, sort, opaque keyset cursors both ways. */
  list: tenantProcedure('viewer')
    .input(MediaListInputSchema)
    .query(({ ctx, input }) => ctx.services.library.list(ctx.model, input)),

  /** Counts for the current filter: total, per moderation status, per category (fetched apart from the page). */
  facets: tenantProcedure('viewer')
    .input(MediaFilterSchema)
    .query(({ ctx, input }) => ctx.services.library.facets(ctx.model, input)),

  byId: tenantProcedure('viewer')
    .input(z.object({ id: IdSchema }))
    .query(({ ctx, input }) => ctx.services.media.detail(ctx.model, input.id)),

  /** Alt text, caption, category, tags, focal point; CONFLICT (with the current item) when based on a stale copy. */
  update: tenantProcedure('editor')
    .input(MediaUpdateSchema)
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: 'media', targetId: input.id });
      return ctx.services.library.update(ctx.model, input);
    }),

  /**
   * An item's publication window (either bound null; publishUntil after publishFrom, else BAD_REQUEST naming it).
   * The public gallery changes at once; URLs of an item it takes off the site die.
   */
  setWindow: tenantProcedure('editor')
    .input(SetPublicationWindowSchema)
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: 'media', targetId: input.id });
      return ctx.services.publication.setWindow(ctx.model, input.id, input);
    }),

  /** A category's items (not in the trash) in their public order: what the public-order mode arranges. */
  publicOrder: tenantProcedure('viewer')
    .input(z.object({ categoryId: IdSchema }))
    .query(({ ctx, input }) => ctx.services.publication.order(ctx.model, input.categoryId)),

  /** Moves one item just before another (null: to the end) in its category's public order. */
  movePublicOrder: tenantProcedure('editor')
    .input(MovePublicOrderSchema)
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: 'media', targetId: input.id });
      return ctx.services.publication.move(ctx.model, input);
    }),

  /** How many items a selection means now (said before a bulk action runs). */
  count: tenantProcedure('viewer')
    .input(z.object({ selection: MediaSelectionSchema }))
    .query(({ ctx, input }) => ctx.services.bulk.count(ctx.model, input.selection)),

  /** A bulk action on ids or on everything matching a filter except some ids. */
  bulk: tenantProcedure('editor')
    .input(BulkInputSchema)
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.services.bulk.run(ctx.model, ctx.caller, ctx.ip, input);
      Object.assign(ctx.audit, { targetType: 'media', details: { result } });
      return result;
    }),

  /**
   * A ZIP of a selection's originals or of one preset's files: answers a short-lived URL (only for this caller)
   * that streams it. Nothing of another model may be named (FORBIDDEN).
   */
  prepareDownload: tenantProcedure('viewer')
    .input(DownloadInputSchema)
    .mutation(async ({ ctx, input }) => {
      const prepared = await ctx.services.download.prepare(ctx.model, ctx.caller, input);
      Object.assign(ctx.audit, { targetType: 'media', details: { kind: input.kind, count: prepared.count } });
      return prepared;
    }),

  retry: tenantProcedure('editor')
    .input(z.object({ id: IdSchema }))
    .mutation(async ({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: 'media', targetId: input.id });
      return ctx.services.media.retry(ctx.model, input.id);
    }),

  similar: tenantProcedure('viewer')
    .input(SimilarMediaInputSchema)
    .query(({ ctx, input }) => ctx.services.media.similar(ctx.model, input.id, input.maxDistance)),

  /**
   * Live changes of the model's library from every worker and api: one item (created, processing, ready, updated,
   * …), many at once (a bulk action, categories: refetch), the progress of bulk jobs and of edits rendering, and
   * the near-duplicates of an item just processed.
   */
  onChange: tenantProcedure('viewer').subscription(async function* ({ ctx, signal }) {
    for await (const event of ctx.services.events.events(signal)) {
      if (!('modelId' in event.payload) || event.payload.modelId !== ctx.model.id) continue;
      let change: MediaChange | undefined;
      if (event.name === EventName.MediaChanged) {
        change = { kind: 'item', mediaId: event.payload.mediaId, change: event.payload.change };
      } else if (event.name === EventName.MediaNearDuplicates) {
        change = {
          kind: 'nearDuplicates',
          change: 'found',
          mediaId: event.payload.mediaId,
          items: event.payload.items,
        };
      } else if (event.name === EventName.LibraryChanged) {
        change = { kind: 'library', change: event.payload.change, count: event.payload.count };
      } else if (event.name === EventName.BulkProgress) {
        const { jobId, done, total, finished } = event.payload;
        change = { kind: 'bulk', change: 'progress', jobId, done, total, finished };
      } else if (event.name === EventName.EditProgress) {
        const { mediaId, version, percent, state } = event.payload;
        change = { kind: 'edit', change: state, mediaId, version, percent };
      }
      if (change)
        yield tracked(`${event.name}-${event.at}-${Math.random().toString(36).slice(2, 8)}`, change);
    }
  }),
} satisfies TRPCRouterRecord;
