import { createLogger, exitOnConfigError } from '@phoenix4ge/shared/node';
import type { ApiConfig } from './env';
import { loadApiConfig } from './env';
import { createServer, StartupError } from './server';

const SHUTDOWN_TIMEOUT_MS = 10_000;

let config: ApiConfig;
try {
  config = loadApiConfig();
} catch (error) {
  exitOnConfigError(error, 'api');
}

const logger = createLogger({
  name: 'api',
  level: config.logLevel,
  fileDirectory: config.logging.fileDirectory,
});
const api = await createServer({ config, logger });

try {
  const address = await api.start();
  logger.info({ address }, `api listening on ${address}`);
} catch (error) {
  if (error instanceof StartupError) {
    process.stderr.write(`api: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    api.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
