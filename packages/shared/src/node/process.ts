import type { Logger } from 'pino';

/** A dependency the process needs does not answer at start: print the message plainly and exit 1. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface ServiceProcess {
  start(): Promise<unknown>;
  stop(): Promise<void>;
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
) {
  try {
    await service.start();
  } catch (error) {
    if (error instanceof StartupError) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, shutdownTimeoutMs).unref();
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
