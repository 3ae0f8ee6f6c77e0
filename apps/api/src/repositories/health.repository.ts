import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import type { DbHandle } from '@phoenix4ge/db';
import type { Jobs, Redis } from '@phoenix4ge/shared/node';
import { readLiveWorkers } from '@phoenix4ge/shared/node';

export interface HealthRepositoryDeps {
  db: DbHandle;
  redis: Redis;
  jobs: Pick<Jobs, 'counts'>;
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
    queueCounts: deps.jobs.counts,
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
