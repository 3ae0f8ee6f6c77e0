import path from 'node:path';
import type { Logger, LoggerOptions } from 'pino';
import { pino } from 'pino';

export type { Logger };

export interface LoggerFactoryOptions {
  name: string;
  level: LoggerOptions['level'];
  /** When set, logs also go to `<fileDirectory>/<name>.log` (ENABLE_FILE_LOGGING). */
  fileDirectory?: string | undefined;
}

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
        '*.apiKey',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  };
  if (!options.fileDirectory) return pino(settings);
  const file = pino.destination({
    dest: path.join(options.fileDirectory, `${options.name}.log`),
    mkdir: true,
  });
  return pino(settings, pino.multistream([{ stream: process.stdout }, { stream: file }]));
}
