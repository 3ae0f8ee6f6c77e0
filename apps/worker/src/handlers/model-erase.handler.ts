import { deleteMedia, deleteModel, mediaIdsOf } from '@phoenix4ge/db';
import { EventName, modelStoragePrefixes } from '@phoenix4ge/shared';
import type { HandlerContext, JobHandler } from './types';

/** Media rows deleted per transaction; progress is reported after each. */
const CHUNK = 200;
/** How long erasing waits for a running job about the model's media (a render) before deleting anyway. */
const ACTIVE_JOBS_WAIT_MS = 120_000;
const POLL_MS = 250;

/** Removes the queued jobs about these media and waits (bounded) until none is running. */
async function settleJobs(context: HandlerContext, ids: number[]): Promise<void> {
  const wanted = new Set(ids);
  const until = Date.now() + ACTIVE_JOBS_WAIT_MS;
  for (;;) {
    const { active } = await context.jobs.forgetMediaJobs(wanted);
    if (active === 0) return;
    if (Date.now() > until) {
      context.logger.warn(
        { active },
        'erasing while jobs about the media still run (they fail on the missing rows)',
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Deletes every stored object under the model's prefixes; returns how many. */
async function deleteObjects(context: HandlerContext, modelId: number): Promise<number> {
  let deleted = 0;
  for (const prefix of modelStoragePrefixes(modelId)) {
    const keys: string[] = [];
    for await (const object of context.storage.list(prefix)) keys.push(object.key);
    for (const key of keys) {
      await context.storage.delete(key);
      deleted += 1;
    }
  }
  return deleted;
}

/**
 * model.erase: erases a model the api marked as being erased (uploads, edits and jobs for it are refused from
 * then on). Media chunk by chunk (queued jobs about them removed, running ones waited for, then the rows and all
 * that hangs off them), then every stored object under the model's prefixes, then the model row with the one
 * audit entry of the erasure (no slug, name or email: the model's id and counts). Every step is idempotent, so
 * running it again after an interruption finishes the work; a second pass over storage after the rows are gone
 * catches a file a job still wrote meanwhile.
 */
export const modelErase: JobHandler<'model.erase'> = async (data, context) => {
  const { repositories, db } = context;
  const { modelId } = data;
  const model = await repositories.models.byId(modelId);
  if (model && !model.erasingAt) throw new Error(`model ${modelId} is not marked for erasure`);
  const total = model ? await repositories.media.countOfModel(modelId) : 0;
  const publish = (done: number, state: 'running' | 'ready' | 'failed') => {
    context.events.publish(EventName.ModelDataProgress, {
      modelId,
      kind: 'erase',
      exportId: null,
      done,
      total,
      state,
    });
    return context.progress({ done, total });
  };
  await publish(0, 'running');

  let media = 0;
  for (;;) {
    const ids = await mediaIdsOf(db, modelId, 0, CHUNK);
    if (ids.length === 0) break;
    await settleJobs(context, ids);
    media += await deleteMedia(db, modelId, ids);
    await publish(Math.min(media, total), 'running');
  }
  let objects = await deleteObjects(context, modelId);
  const erased = await deleteModel(db, modelId, {
    actorUserId: data.actorUserId,
    actorApiKeyId: data.actorApiKeyId,
    ip: data.ip,
    details: { modelId, media, objects, jobId: String(context.job.id) },
  });
  objects += await deleteObjects(context, modelId);
  await publish(total, 'ready');
  return { modelId, media, objects, erased };
};
