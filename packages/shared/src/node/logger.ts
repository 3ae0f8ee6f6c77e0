import { createRequire } from 'node:module';
import type { Logger, LoggerOptions } from 'pino';
import { pino } from 'pino';
import { logFileBase, pruneDeadProcessLogs } from './log-files';

export type { Logger };

export interface LogFileOptions {
  /** The folder (LOG_DIRECTORY), created when missing. */
  directory: string;
  /** A file is rotated when it reaches this size (`10m`, `512k`; pino-roll's units) and at the server's midnight. */
  maxSize: string;
  /** Rotated files kept besides the one being written (LOG_FILE_KEEP). */
  keep: number;
}

export interface LoggerFactoryOptions {
  /** The process kind (`api`, `worker`): the `app` field of every line and the log files' name. */
  name: string;
  level: LoggerOptions['level'];
  /**
   * ENABLE_FILE_LOGGING: lines also go to rotated files `<directory>/<name>-<pid>.<yyyy-MM-dd>.<n>.log` (one set
   * per process, so the processes of a cluster never share or rotate each other's files). Still to stdout too.
   */
  files?: LogFileOptions | undefined;
}

/** Resolved from here (or the app bundling this file), so the transport thread finds the app's own pino-roll. */
const pinoRollPath = () => createRequire(import.meta.url).resolve('pino-roll');

/** JSON logs (one line an event) with secrets redacted; the one way apps create a pino logger. */
export function createLogger(options: LoggerFactoryOptions): Logger {
  const settings: LoggerOptions = {
    name: options.name,
    level: options.level,
    base: { app: options.name, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'password',
        '*.password',
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'headers.cookie',
        // Headers a library logs under its own key: @fastify/multipart logs `busboyOptions.headers` at trace.
        '*.headers.authorization',
        '*.headers.cookie',
        '*.headers["set-cookie"]',
        '*.apiKey',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  };
  if (!options.files) return pino(settings);
  const { directory, maxSize, keep } = options.files;
  pruneDeadProcessLogs(directory, options.name, keep);
  const level = String(options.level ?? 'info');
  // pino-roll (the pino team's) runs in pino's transport thread: size and daily rotation, `keep` old files.
  const files = pino.transport({
    target: pinoRollPath(),
    options: {
      file: logFileBase(directory, options.name),
      extension: '.log',
      size: maxSize,
      frequency: 'daily',
      dateFormat: 'yyyy-MM-dd',
      limit: { count: keep },
      mkdir: true,
    },
  });
  return pino(
    settings,
    pino.multistream([
      { stream: process.stdout, level },
      { stream: files, level },
    ]),
  );
}
