import {
  createLogger,
  exitOnConfigError,
  runAsProcess,
  tuneGarbageCollection,
} from '@phoenix4ge/shared/node';
import type { WorkerConfig } from './env';
import { loadWorkerConfig } from './env';
import { createWorker } from './worker';

tuneGarbageCollection();

let config: WorkerConfig;
try {
  config = loadWorkerConfig();
} catch (error) {
  exitOnConfigError(error, 'worker');
}

const logger = createLogger({
  name: 'worker',
  level: config.logLevel,
  files: config.logging.files,
});
// The worker hands running jobs back itself after WORKER_GRACEFUL_STOP_MS; the process limit only guards a hung close. An
// error a library throws outside any job is logged and the worker keeps processing.
await runAsProcess('worker', createWorker({ config, logger }), logger, config.gracefulStopMs + 15_000, {
  survivesStrayErrors: true,
});
