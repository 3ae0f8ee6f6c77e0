import { randomUUID } from 'node:crypto';
import type { Database, Model, Repositories } from '@phoenix4ge/db';
import { applyBulkAction, purgeMedia, purgeOptionsFor } from '@phoenix4ge/db';
import type { BulkAction, BulkInput, BulkResult, MediaSelection } from '@phoenix4ge/shared';
import { BULK_INLINE_MAX, decisionStatus, EventName, JobName } from '@phoenix4ge/shared';
import type { Events, Jobs, StorageDriver } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';
import type { ApiMetrics } from '../metrics/api-metrics';
import type { AuditService } from './audit.service';
import type { SignedInCaller } from './caller';
import { actorOf, callerName, isAdmin } from './caller';
import type { LibraryService } from './library.service';

export interface MediaBulkServiceDeps {
  db: Database;
  repositories: Pick<Repositories, 'media' | 'variants' | 'tags' | 'categories'>;
  library: Pick<LibraryService, 'checkFilter'>;
  storage: StorageDriver;
  jobs: Pick<Jobs, 'enqueue'>;
  events: Events;
  audit: Pick<AuditService, 'recordMutation'>;
  metrics?: Pick<ApiMetrics, 'moderationDecisions'>;
}

const forbidden = (message: string) => new TRPCError({ code: 'FORBIDDEN', message });

/**
 * Bulk actions on a selection: explicit ids, or "everything matching this filter except these ids", resolved
 * here on the server, so "select all" means all matching, not the loaded page. Up to BULK_INLINE_MAX items
 * change in one transaction; more run as a `media.bulk` job whose progress the model's open libraries see.
 * A selection or action naming anything of another model changes nothing and is FORBIDDEN.
 */
export function createMediaBulkService(deps: MediaBulkServiceDeps) {
  const { media, tags, categories } = deps.repositories;

  /** The ids the selection means now, after checking it names nothing of another model. */
  async function resolve(model: Model, selection: MediaSelection): Promise<number[]> {
    const named = 'ids' in selection ? selection.ids : selection.except;
    const foreign = await media.foreignIds(model.id, named);
    if (foreign.length > 0) throw forbidden(`Media ${foreign.join(', ')} are not in ${model.slug}`);
    if ('ids' in selection) {
      const found = await media.selectIds(model.id, selection);
      const missing = selection.ids.filter((id) => !found.includes(id));
      if (missing.length > 0)
        throw new TRPCError({ code: 'NOT_FOUND', message: `No media ${missing.join(', ')}` });
      return found;
    }
    await deps.library.checkFilter(model, selection.filter);
    return media.selectIds(model.id, selection);
  }

  async function checkAction(model: Model, caller: SignedInCaller, action: BulkAction): Promise<void> {
    if (action.type === 'delete' && !isAdmin(caller)) {
      throw forbidden('Deleting for good is for admins; move the items to the trash instead');
    }
    if (action.type === 'move' && action.categoryId !== null) {
      if (!(await categories.belongsTo(action.categoryId, model.id))) {
        throw forbidden(`categoryId: ${action.categoryId} is not a category of ${model.slug}`);
      }
    }
    if (action.type === 'removeTags') {
      const foreign = await tags.foreignIds(model.id, action.tagIds);
      if (foreign.length > 0) throw forbidden(`tagIds: ${foreign.join(', ')} are not tags of ${model.slug}`);
    }
  }

  return {
    /**
     * The ids a selection means now (FORBIDDEN when it names anything of another model, NOT_FOUND for missing
     * ids): the one resolution for bulk actions and ZIP downloads.
     */
    resolve,

    /** How many items a selection means right now (the SPA says it before an action runs). */
    async count(model: Model, selection: MediaSelection): Promise<number> {
      return (await resolve(model, selection)).length;
    },

    async run(model: Model, caller: SignedInCaller, ip: string, input: BulkInput): Promise<BulkResult> {
      const { selection, action } = input;
      await checkAction(model, caller, action);
      const ids = await resolve(model, selection);
      const actor = { ...actorOf(caller), name: callerName(caller) };

      if (ids.length > BULK_INLINE_MAX) {
        const jobId = `media-bulk-${randomUUID()}`;
        await deps.jobs.enqueue({
          name: JobName.MediaBulk,
          data: {
            modelId: model.id,
            selection,
            action,
            actor: { userId: actor.actorUserId, apiKeyId: actor.actorApiKeyId, name: actor.name, ip },
          },
          jobId,
        });
        return { status: 'queued', jobId, count: ids.length };
      }

      const count =
        action.type === 'delete'
          ? await purgeMedia(deps, model.id, ids, purgeOptionsFor(selection))
          : await applyBulkAction(deps.db, deps.repositories, model.id, ids, action, {
              userId: actor.actorUserId,
              name: actor.name,
            });
      if (action.type === 'moderate') {
        // Audited like a single decision, besides the bulk call's own entry.
        await deps.audit.recordMutation({
          action: 'moderation.decide',
          caller,
          ip,
          note: {
            modelId: model.id,
            targetType: 'media',
            details: { ids, decision: action.decision, bulk: true },
          },
        });
        deps.metrics?.moderationDecisions('person', decisionStatus[action.decision], count);
      }
      deps.events.publish(EventName.LibraryChanged, { modelId: model.id, change: 'bulk', count });
      return { status: 'done', count };
    },
  };
}

export type MediaBulkService = ReturnType<typeof createMediaBulkService>;
