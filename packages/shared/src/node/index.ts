/** Node-only entry: configuration, logger, Redis, queues, events, worker heartbeats and the image engine. */

export * from './analytics-buffer';
export * from './config';
export * from './download-counter';
export * from './event-bus';
export { tuneGarbageCollection } from './gc-tuning';
export * from './heartbeat';
export * from './imaging';
export * from './job-board';
export * from './job-media-index';
export * from './jobs';
export * from './logger';
export * from './metrics';
export * from './process';
export * from './queues';
export * from './redis';
export * from './request-context';
export * from './slow-query-log';
export * from './storage';
export * from './supervisor';
export * from './with-timeout';
export * from './workspace';
export * from './zip-archive';
