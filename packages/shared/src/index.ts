/** Browser-safe entry: schemas, enums and the job and event registries. Node-only code lives in `./node`. */
export * from './enums';
export * from './events';
export * from './http-routes';
export * from './jobs';
export * from './moderation-policy';
export * from './perceptual-hash';
export * from './schemas/api-keys';
export * from './schemas/audit';
export * from './schemas/auth';
export * from './schemas/media';
export * from './schemas/media-metadata';
export * from './schemas/models';
export * from './schemas/moderation';
export * from './schemas/system';
export * from './schemas/users';
export * from './storage-keys';
export * from './variants';
