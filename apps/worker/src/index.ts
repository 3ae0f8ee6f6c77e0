import { createLogger, exitOnConfigError } from '@phoenix4ge/shared/node';
import type { WorkerConfig } from './env';
import { loadWorkerConfig } from './env';
import { createWorker, StartupError } from './worker';

let config: WorkerConfig;
try {
  config = loadWorkerConfig();
} catch (error) {
  exitOnConfigError(error, 'worker');
}

const logger = createLogger({
  name: 'worker',
  level: config.logLevel,
  fileDirectory: config.logging.fileDirectory,
});
const worker = createWorker({ config, logger });

try {
  await worker.start();
} catch (error) {
  if (error instanceof StartupError) {
    process.stderr.write(`worker: ${error.message}\n`);
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
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
