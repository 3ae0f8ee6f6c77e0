/**
 * `pnpm start`'s worker: WORKER_INSTANCES copies of dist/index.js, restarted when they crash and replaced when
 * they pass WORKER_MAX_MEMORY_MB (see packages/shared/src/node/supervisor.ts).
 */
import { fileURLToPath } from 'node:url';
import { createLogger, exitOnConfigError, runSupervisor, supervise } from '@phoenix4ge/shared/node';
import type { WorkerConfig } from './env';
import { loadWorkerConfig } from './env';
import { WORKER_NODE_FLAGS } from './node-flags';

let config: WorkerConfig;
try {
  config = loadWorkerConfig();
} catch (error) {
  exitOnConfigError(error, 'worker');
}

const logger = createLogger({
  name: 'worker-supervisor',
  level: config.logLevel,
  files: config.logging.files,
});
const supervisor = supervise({
  name: 'worker',
  exec: fileURLToPath(new URL('./index.js', import.meta.url)),
  instances: config.instances,
  maxMemoryMb: config.maxMemoryMb,
  readyWhen: 'online',
  nodeFlags: WORKER_NODE_FLAGS,
  // index.ts hands running jobs back after WORKER_GRACEFUL_STOP_MS and exits within 15 s more.
  stopTimeoutMs: config.gracefulStopMs + 20_000,
  logger,
});
runSupervisor(supervisor, logger);
