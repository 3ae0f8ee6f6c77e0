/** The database package: client, schema, migrations and the drizzle operators apps use (apps never import drizzle-orm). */
export {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  like,
  lt,
  lte,
  ne,
  not,
  notInArray,
  or,
  sql,
} from 'drizzle-orm';
export * from './admin';
export * from './client';
export * from './errors';
export * from './library/bulk-actions';
export * from './library/model-dossier';
export * from './library/model-erasure';
export * from './library/purge';
export * from './locks';
export * from './migrate';
export { readJournal } from './migration-journal';
export * from './repositories';
export * from './rollback';
export * from './schema';
export * from './schema/json-types';
export * from './seed';
export * from './slow-queries';
