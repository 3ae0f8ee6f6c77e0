import {
  createLogger,
  exitOnConfigError,
  runAsProcess,
  tuneGarbageCollection,
} from '@phoenix4ge/shared/node';
import type { ApiConfig } from './env';
import { loadApiConfig } from './env';
import { createServer } from './server';

tuneGarbageCollection();

let config: ApiConfig;
try {
  config = loadApiConfig();
} catch (error) {
  exitOnConfigError(error, 'api');
}

const logger = createLogger({
  name: 'api',
  level: config.logLevel,
  files: config.logging.files,
});
const api = await createServer({ config, logger });

await runAsProcess(
  'api',
  {
    async start() {
      const address = await api.start();
      logger.info({ address }, `api listening on ${address}`);
    },
    stop: api.stop,
  },
  logger,
  // The drain's own deadline, then time to close the database and Redis.
  config.shutdownTimeoutMs + 10_000,
);
