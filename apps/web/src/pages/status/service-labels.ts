import type { ServiceName } from '@phoenix4ge/shared';

/** Display order and names of the parts of the system. */
export const serviceOrder: readonly ServiceName[] = ['database', 'redis', 'worker', 'disk', 'queues'];

export const serviceLabel: Record<ServiceName, string> = {
  database: 'Database',
  redis: 'Redis',
  worker: 'Workers',
  disk: 'Disk',
  queues: 'Queues',
};
