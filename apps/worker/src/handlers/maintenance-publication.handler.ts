import type { JobHandler } from './types';

/**
 * maintenance.publication (scheduled every minute): the image URLs of items whose publication ended by itself (a
 * window's end, a model's consent expiry) die, and those models' cached public pages go stale. The URLs already
 * answer 404 from that moment (checked when served); this makes the revocation durable, so a later re-publication
 * gets new URLs, and refreshes the cached pages that still list them.
 */
export const maintenancePublication: JobHandler<'maintenance.publication'> = async (_data, context) => {
  const models = new Set<number>();
  let revoked = 0;
  for (;;) {
    const batch = await context.repositories.publication.revokeEnded(new Date());
    revoked += batch.revoked;
    for (const modelId of batch.modelIds) models.add(modelId);
    if (batch.revoked === 0) break;
  }
  for (const modelId of models) await context.events.publicationChanged(modelId);
  return { revoked, models: [...models] };
};
