import {
  EditApplyInputSchema,
  EditPreviewInputSchema,
  EditRevertInputSchema,
  IdSchema,
} from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { tenantProcedure } from '../trpc';

/** Non-destructive edits: versions of a media (its operation lists), their history, revert and preview. */
export const editsRouter = {
  /** Every version, newest first (0 is the upload), with the current and the public one. */
  history: tenantProcedure('viewer')
    .input(z.object({ mediaId: IdSchema }))
    .query(({ ctx, input }) => ctx.services.edits.history(ctx.model, input.mediaId)),

  /** Saves the operation list as the next version and renders it; a stale `baseVersion` is a CONFLICT. */
  apply: tenantProcedure('editor')
    .input(EditApplyInputSchema)
    .mutation(async ({ ctx, input }) => {
      const saved = await ctx.services.edits.save(ctx.model, ctx.caller, input);
      Object.assign(ctx.audit, {
        targetType: 'media',
        targetId: input.mediaId,
        details: { version: saved.version, operations: input.operations.map((operation) => operation.type) },
      });
      return saved;
    }),

  /** A new version equal to an older one (history is never rewritten). */
  revert: tenantProcedure('editor')
    .input(EditRevertInputSchema)
    .mutation(async ({ ctx, input }) => {
      const saved = await ctx.services.edits.revert(ctx.model, ctx.caller, input);
      Object.assign(ctx.audit, {
        targetType: 'media',
        targetId: input.mediaId,
        details: { version: saved.version, revertedTo: input.toVersion },
      });
      return saved;
    }),

  /** The operation list rendered on a small copy (a mutation, so nothing caches it). */
  preview: tenantProcedure('editor')
    .input(EditPreviewInputSchema)
    .mutation(({ ctx, input }) => ctx.services.edits.preview(ctx.model, input)),
} satisfies TRPCRouterRecord;
