import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import type { DbHandle } from '@phoenix4ge/db';
import type { QueueName } from '@phoenix4ge/shared';
import type { JobProducer, Redis } from '@phoenix4ge/shared/node';
import { readLiveWorkers } from '@phoenix4ge/shared/node';

export interface HealthRepositoryDeps {
  db: DbHandle;
  redis: Redis;
  producer: JobProducer;
  keyPrefix: string;
  storagePath: string;
}

/** The probes behind /health and system.status: each touches one dependency and nothing else. */
export function createHealthRepository(deps: HealthRepositoryDeps) {
  return {
    pingDatabase: () => deps.db.ping(2000),
    async pingRedis(): Promise<void> {
      await deps.redis.ping();
    },
    /** Free space of the file system holding media storage (its nearest existing folder before first use). */
    async diskSpace() {
      const stats = await statfs(nearestExisting(deps.storagePath));
      return { path: deps.storagePath, free: stats.bavail * stats.bsize, size: stats.blocks * stats.bsize };
    },
    liveWorkers: () => readLiveWorkers(deps.redis, deps.keyPrefix),
    async queueCounts(name: QueueName) {
      const queue = deps.producer.queue(name);
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
      const [oldest] = await queue.getJobs(['waiting'], 0, 0, true);
      return {
        name,
        waiting: counts.waiting ?? 0,
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        oldestWaitingMs: oldest ? Date.now() - oldest.timestamp : undefined,
      };
    },
  };
}

export type HealthRepository = ReturnType<typeof createHealthRepository>;

function nearestExisting(target: string): string {
  let dir = path.resolve(target);
  while (!existsSync(dir)) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dir;
}
