/**
 * Bulk move by filter: "everything in one category uploaded since a date, except three" (10,000 items) moved
 * to a new category through `media.bulk`, which queues a `media.bulk` job for the worker; meanwhile the load
 * tool keeps asking for the newest page, so its latency shows whether the api stays responsive.
 */
import type { DbHandle } from '@phoenix4ge/db';
import autocannon from 'autocannon';
import type { LoadResult } from '../lib';
import { loadResult } from '../lib';
import type { Session } from './client';
import { mutate, query } from './client';

export const BULK_ITEMS = 10_000;
const EXCEPT = 3;

export interface BulkOutcome {
  /** From sending the request to the job's audit entry (written after its last chunk). */
  seconds: number;
  /** How long `media.bulk` took to answer (resolving the selection and queueing the job). */
  requestMs: number;
  moved: number;
  during: LoadResult;
  undo(): Promise<void>;
}

export async function bulkMove(
  session: Session,
  handle: DbHandle,
  options: { slug: string; modelId: number; category: number; listUrl: string; connections: number },
): Promise<BulkOutcome> {
  const { slug, modelId, category } = options;
  // The upload date of the 10,003rd newest item of the category: everything since then, minus three, is 10,000.
  const [edge] = (
    await handle.pool.query(
      'SELECT upload_date AS at FROM model_media_library WHERE model_id = ? AND deleted_at IS NULL AND category_id = ? ORDER BY upload_date DESC, id DESC LIMIT 1 OFFSET ?',
      [modelId, category, BULK_ITEMS + EXCEPT - 1],
    )
  )[0] as { at: Date }[];
  if (!edge) throw new Error(`category ${category} has fewer than ${BULK_ITEMS + EXCEPT} items`);
  const filter = { category, uploadedFrom: edge.at.toISOString() };
  const newest = await query<{ items: { id: number }[] }>(session, 'media.list', {
    modelSlug: slug,
    ...filter,
    limit: EXCEPT,
  });
  const except = newest.items.map((item) => item.id);
  const selection = { filter, except };
  const count = await query<number>(session, 'media.count', { modelSlug: slug, selection });
  if (count !== BULK_ITEMS) throw new Error(`the bulk selection means ${count} items, not ${BULK_ITEMS}`);
  const target = await mutate<{ id: number }>(session, 'categories.create', {
    modelSlug: slug,
    name: `Bulk moved ${Date.now().toString(36)}`,
    color: '#20c997',
  });

  let stop = () => {};
  const during = new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.listUrl,
        connections: options.connections,
        headers: { cookie: session.cookie },
        duration: 600,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    stop = () => instance.stop();
  });
  const started = performance.now();
  const queued = await mutate<{ status: string; jobId?: string; count: number }>(session, 'media.bulk', {
    modelSlug: slug,
    selection,
    action: { type: 'move', categoryId: target.id },
  });
  const requestMs = performance.now() - started;
  if (queued.status !== 'queued' || !queued.jobId)
    throw new Error(`media.bulk did not queue a job: ${JSON.stringify(queued)}`);
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const [rows] = await handle.pool.query(
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'media.bulk' AND JSON_VALUE(details, '$.jobId') = ?",
      [queued.jobId],
    );
    if (Number((rows as { n: number }[])[0]?.n) > 0) break;
    if (Date.now() > deadline) throw new Error(`bulk job ${queued.jobId} did not finish within 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  stop();
  const load = loadResult(await during);
  const [movedRows] = await handle.pool.query(
    'SELECT COUNT(*) AS n FROM model_media_library WHERE category_id = ?',
    [target.id],
  );
  const moved = Number((movedRows as { n: number }[])[0]?.n);
  return {
    seconds,
    requestMs,
    moved,
    during: load,
    async undo() {
      await handle.pool.query('UPDATE model_media_library SET category_id = ? WHERE category_id = ?', [
        category,
        target.id,
      ]);
      await handle.pool.query('DELETE FROM model_media_categories WHERE id = ?', [target.id]);
    },
  };
}
