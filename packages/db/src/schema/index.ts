/** Every table of the data model (DESIGN §4), one file per domain. */
export * from './analytics';
export * from './audit';
export * from './categories';
export * from './exports';
export * from './incidents';
export * from './media';
export * from './models';
export * from './moderation';
export * from './outbox';
export * from './users';
