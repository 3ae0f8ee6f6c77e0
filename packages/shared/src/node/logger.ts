import type { Logger, LoggerOptions } from 'pino';
import { pino } from 'pino';

export type { Logger };

export interface LoggerFactoryOptions {
  name: string;
  level: LoggerOptions['level'];
}

/** JSON logs (one line an event) with secrets redacted; the one way apps create a pino logger. */
export function createLogger(options: LoggerFactoryOptions): Logger {
  return pino({
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
  });
}
