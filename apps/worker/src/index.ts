import { createLogger, exitOnConfigError, runAsProcess } from '@phoenix4ge/shared/node';
import type { WorkerConfig } from './env';
import { loadWorkerConfig } from './env';
import { createWorker, GRACEFUL_STOP_MS } from './worker';

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
// The worker closes running jobs itself after GRACEFUL_STOP_MS; the process limit only guards a hung close. An
// error a library throws outside any job is logged and the worker keeps processing.
await runAsProcess('worker', createWorker({ config, logger }), logger, GRACEFUL_STOP_MS + 15_000, {
  survivesStrayErrors: true,
});
