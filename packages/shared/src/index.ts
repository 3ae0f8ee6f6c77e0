/** Browser-safe entry: schemas, enums and the job and event registries. Node-only code lives in `./node`. */
export * from './enums';
export * from './events';
export * from './jobs';
export * from './schemas/system';
