/**
 * `pnpm start`'s api: API_INSTANCES copies of dist/index.js sharing PORT (node:cluster), restarted when they
 * crash and replaced when they pass API_MAX_MEMORY_MB (see packages/shared/src/node/supervisor.ts).
 */
import { fileURLToPath } from 'node:url';
import { createLogger, exitOnConfigError, runSupervisor, supervise } from '@phoenix4ge/shared/node';
import type { ApiConfig } from './env';
import { loadApiConfig } from './env';

let config: ApiConfig;
try {
  config = loadApiConfig();
} catch (error) {
  exitOnConfigError(error, 'api');
}

const logger = createLogger({
  name: 'api-supervisor',
  level: config.logLevel,
  files: config.logging.files,
});
const supervisor = supervise({
  name: 'api',
  exec: fileURLToPath(new URL('./index.js', import.meta.url)),
  instances: config.instances,
  maxMemoryMb: config.maxMemoryMb,
  readyWhen: 'listening',
  // index.ts exits by itself within the drain deadline plus 10 s.
  stopTimeoutMs: config.shutdownTimeoutMs + 15_000,
  logger,
});
runSupervisor(supervisor, logger);
