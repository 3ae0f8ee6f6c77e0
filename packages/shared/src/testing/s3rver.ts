import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3StorageConfig } from '../node/storage/s3';

/**
 * A real S3-compatible server on loopback (s3rver, files in a temporary folder) for the S3 driver's tests.
 * Returns the driver configuration and `stop()`. Given a `port` and `directory` (kept on stop), a trial can stop
 * it and start it again with the same objects at the same address.
 */
export async function startS3rver(bucket = 'p4g-test', options: { port?: number; directory?: string } = {}) {
  const directory = options.directory ?? (await mkdtemp(path.join(os.tmpdir(), 'p4g-s3rver-')));
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const address = (await server.run()) as { address: string; port: number };
  const config: S3StorageConfig = {
    endpoint: `http://127.0.0.1:${address.port}`,
    region: 'us-east-1',
    bucket,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  };
  return {
    config,
    /** The same as environment variables, for starting the api or worker against it. */
    env: {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: config.endpoint ?? '',
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    /** Stops like a crashed server: open connections are cut, so a request in flight cannot hold it up. */
    async stop() {
      const closed = server.close();
      (server as unknown as { httpServer?: Server }).httpServer?.closeAllConnections();
      await closed;
      if (!options.directory) await rm(directory, { recursive: true, force: true });
    },
  };
}
