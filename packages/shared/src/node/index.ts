/** Node-only entry: configuration, logger, Redis, queues, events, worker heartbeats and the image engine. */

export * from './analytics-buffer';
export * from './config';
export * from './event-bus';
export * from './heartbeat';
export * from './imaging';
export * from './jobs';
export * from './logger';
export * from './perceptual-hash';
export * from './process';
export * from './queues';
export * from './redis';
export * from './storage';
export * from './workspace';
export * from './zip-archive';
