/**
 * Job name → handler. The `satisfies` clause makes a job registered in @phoenix4ge/shared without a
 * handler here a compile error; `assertEveryJobHasAHandler` repeats the check at start-up for bundles
 * built without type checking.
 * 1. Add a handler: write src/handlers/<job-name>.handler.ts and list it here.
 * 2. Do not put job logic here.
 */
import type { JobName } from '@phoenix4ge/shared';
import { JobName as JobNames } from '@phoenix4ge/shared';
import { maintenanceAnalyticsFlush } from './handlers/maintenance-analytics-flush.handler';
import { maintenancePublication } from './handlers/maintenance-publication.handler';
import { maintenancePurgeTrash } from './handlers/maintenance-purge-trash.handler';
import { maintenanceSecurityRules } from './handlers/maintenance-security-rules.handler';
import { maintenanceSweep } from './handlers/maintenance-sweep.handler';
import { mediaBulk } from './handlers/media-bulk.handler';
import { mediaEdit } from './handlers/media-edit.handler';
import { mediaProcess } from './handlers/media-process.handler';
import { mediaRefocus } from './handlers/media-refocus.handler';
import { mediaRender } from './handlers/media-render.handler';
import { modelErase } from './handlers/model-erase.handler';
import { modelExport } from './handlers/model-export.handler';
import { moderationApply } from './handlers/moderation-apply.handler';
import { moderationCheck } from './handlers/moderation-check.handler';
import { moderationSweep } from './handlers/moderation-sweep.handler';
import { publicPurge } from './handlers/public-purge.handler';
import { securityNotify } from './handlers/security-notify.handler';
import { systemPing } from './handlers/system-ping.handler';
import type { JobHandler } from './handlers/types';

export const handlers = {
  'system.ping': systemPing,
  'media.process': mediaProcess,
  'maintenance.sweep': maintenanceSweep,
  'moderation.check': moderationCheck,
  'moderation.apply': moderationApply,
  'moderation.sweep': moderationSweep,
  'media.refocus': mediaRefocus,
  'media.bulk': mediaBulk,
  'maintenance.purge-trash': maintenancePurgeTrash,
  'maintenance.publication': maintenancePublication,
  'media.edit': mediaEdit,
  'maintenance.analytics-flush': maintenanceAnalyticsFlush,
  'public.purge': publicPurge,
  'maintenance.security-rules': maintenanceSecurityRules,
  'security.notify': securityNotify,
  'media.render': mediaRender,
  'model.export': modelExport,
  'model.erase': modelErase,
} satisfies { [N in JobName]: JobHandler<N> };

export function assertEveryJobHasAHandler(): void {
  const missing = Object.values(JobNames).filter((name) => typeof handlers[name] !== 'function');
  if (missing.length > 0) throw new Error(`No handler registered for job(s): ${missing.join(', ')}`);
}
