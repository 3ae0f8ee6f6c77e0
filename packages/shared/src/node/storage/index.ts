import type { StorageConfig } from '../config';
import type { StorageDriver } from './driver';
import { createLocalStorage } from './local';
import { createS3Storage } from './s3';

export * from './driver';
export { createLocalStorage, LOCAL_TEMP_DIR } from './local';
export { localOriginal } from './local-original';
export { createS3Storage } from './s3';

/** The configured driver: local files under MEDIA_STORAGE_PATH (default) or S3-compatible storage. */
export function createStorage(config: StorageConfig): StorageDriver {
  return config.driver === 's3' ? createS3Storage(config.s3) : createLocalStorage(config.localPath);
}
