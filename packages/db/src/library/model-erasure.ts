import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import {
  auditLog,
  media,
  models,
  moderationEvents,
  outbox,
  securityEvents,
  securityIncidents,
} from '../schema';

/**
 * The rows of a model that erasing it deletes, in the order the `model.erase` job runs them (each step idempotent,
 * so a repeat after an interruption finishes what is left):
 * 1. `mediaIdsOf`, then `deleteMedia` chunk by chunk: each media row with everything that hangs off it (variants,
 *    versions, metadata, operations, tag links, moderation requests, analytics, public tokens: by cascade) and the
 *    rows that name it without a foreign key (outbox jobs, webhook inbox events, audit entries about it).
 * 2. `deleteModel`: the model's audit entries and security events naming its slug, then the model row (its
 *    categories, tags, members, API keys, exports: by cascade), with the one audit entry of the erasure, in one
 *    transaction. The model row goes last: while it exists the erasure is not finished.
 */
export function mediaIdsOf(db: Database, modelId: number, after = 0, limit = 500): Promise<number[]> {
  return db
    .select({ id: media.id })
    .from(media)
    .where(and(eq(media.modelId, modelId), gt(media.id, after)))
    .orderBy(asc(media.id))
    .limit(limit)
    .then((rows) => rows.map((row) => row.id));
}

const jsonNumberIn = (column: unknown, path: string, ids: number[]) =>
  sql`cast(json_unquote(json_extract(${column}, ${path})) as unsigned) in (${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )})`;

/** Step 1 for one chunk of the model's media ids, in one transaction; returns how many media rows went. */
export async function deleteMedia(db: Database, modelId: number, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  return db.transaction(async (tx) => {
    // Pending and sent alike (a sent row is kept a week, and names the media).
    await tx.delete(outbox).where(jsonNumberIn(outbox.payload, '$.mediaId', ids));
    await tx.delete(moderationEvents).where(jsonNumberIn(moderationEvents.payload, '$.data.mediaId', ids));
    await tx.delete(auditLog).where(
      and(
        eq(auditLog.targetType, 'media'),
        inArray(
          auditLog.targetId,
          ids.map((id) => String(id)),
        ),
      ),
    );
    const [result] = await tx.delete(media).where(and(eq(media.modelId, modelId), inArray(media.id, ids)));
    return result.affectedRows;
  });
}

/** What the erasure's audit entry says: counts and the model's id, nothing that names the person. */
export interface ErasureRecord {
  actorUserId: number | null;
  actorApiKeyId: number | null;
  ip: string | null;
  details: { modelId: number; media: number; objects: number; jobId: string };
}

/** Step 2: false when the model row was already gone (nothing recorded again). */
export async function deleteModel(db: Database, modelId: number, record: ErasureRecord): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [model] = await tx.select().from(models).where(eq(models.id, modelId)).for('update');
    if (!model) return false;
    await tx.delete(auditLog).where(eq(auditLog.modelId, modelId));
    await tx
      .delete(securityEvents)
      .where(
        or(
          sql`json_unquote(json_extract(${securityEvents.details}, '$.modelSlug')) = ${model.slug}`,
          sql`json_unquote(json_extract(${securityEvents.details}, '$.model')) = ${model.slug}`,
        ),
      );
    await tx
      .delete(securityIncidents)
      .where(
        and(eq(securityIncidents.subjectType, 'model'), eq(securityIncidents.subjectId, String(modelId))),
      );
    await tx.delete(models).where(eq(models.id, modelId));
    await tx.insert(auditLog).values({
      action: 'model.erased',
      actorUserId: record.actorUserId,
      actorApiKeyId: record.actorApiKeyId,
      modelId: null,
      targetType: 'model',
      targetId: null,
      details: record.details,
      ip: record.ip,
    });
    return true;
  });
}
