import type { Logger } from 'pino';
import { reportMemoryToSupervisor } from './supervisor';

/** A dependency the process needs does not answer at start: print the message plainly and exit 1. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface ServiceProcess {
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

export interface RunAsProcessOptions {
  /** Log errors that nothing owns and keep running (see {@link keepRunningOnStrayErrors}). */
  survivesStrayErrors?: boolean;
}

/**
 * Runs an api or worker as a process: starts it (a StartupError becomes a one-line message and exit 1), then on
 * SIGINT/SIGTERM stops it gracefully, exiting 1 if that fails or takes longer than `shutdownTimeoutMs`.
 */
export async function runAsProcess(
  name: string,
  service: ServiceProcess,
  logger: Logger,
  shutdownTimeoutMs: number,
  options: RunAsProcessOptions = {},
) {
  reportMemoryToSupervisor();
  // Signals are handled from the first moment: a worker takes jobs before start() resolves, so a SIGTERM then
  // must drain too (once start() is done), not kill the process outright.
  let starting: Promise<unknown> = Promise.resolve();
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, shutdownTimeoutMs).unref();
    starting
      .catch(() => undefined)
      .then(() => service.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  starting = service.start();
  try {
    await starting;
  } catch (error) {
    if (error instanceof StartupError) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // Only once started: an error while starting must still end the process.
  if (options.survivesStrayErrors) keepRunningOnStrayErrors(logger);
}

/**
 * An error thrown outside any job or request (a library's timer or event emitter, an unhandled rejection, or on
 * Node 25+ a file handle left to the garbage collector) is logged and the process keeps running: jobs in flight
 * carry on, and BullMQ retries any that stall. The capture callback takes precedence over every
 * `uncaughtException` listener, so a library's handler that rethrows (tfjs-backend-wasm's Node build adds one)
 * cannot make the error fatal; a rejection such a handler rethrows arrives here too.
 */
export function keepRunningOnStrayErrors(logger: Logger) {
  const log = (error: unknown, origin: string) =>
    logger.error({ err: error, origin }, 'error outside any job or request; still running');
  if (process.hasUncaughtExceptionCaptureCallback()) {
    process.on('uncaughtException', (error, origin) => log(error, origin));
  } else {
    process.setUncaughtExceptionCaptureCallback((error) => log(error, 'uncaughtException'));
  }
  process.on('unhandledRejection', (reason) => log(reason, 'unhandledRejection'));
}
