import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ByteRange, ObjectInfo, PutOptions, StorageDriver } from './driver';
import { assertValidKey, settleAll } from './driver';

/**
 * The AWS SDK, imported on first use: ~5 MB of heap that a deployment on local files never needs and that every
 * major GC of the api and the worker would otherwise mark (BENCHMARKS.md, pipeline, twelfth session).
 */
let sdk: Promise<typeof import('@aws-sdk/client-s3') & typeof import('@aws-sdk/lib-storage')> | undefined;
const loadSdk = () =>
  (sdk ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]).then(
    ([client, storage]) => ({ ...client, ...storage }),
  ));

export interface S3StorageConfig {
  endpoint: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  forcePathStyle: boolean;
}

/**
 * S3-compatible object storage (AWS S3, MinIO, R2, …), for several api/worker hosts. Uploads go through
 * lib-storage's multipart upload, which makes the object visible only when complete (no half object).
 */
export function createS3Storage(config: S3StorageConfig): StorageDriver & { client(): Promise<S3Client> } {
  let connected: Promise<S3Client> | undefined;
  const client = () =>
    (connected ??= loadSdk().then(
      ({ S3Client }) =>
        new S3Client({
          endpoint: config.endpoint,
          region: config.region,
          forcePathStyle: config.forcePathStyle,
          credentials:
            config.accessKeyId && config.secretAccessKey
              ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
              : undefined,
        }),
    ));
  const Bucket = config.bucket;

  async function upload(key: string, body: Buffer | Readable, options: PutOptions = {}): Promise<ObjectInfo> {
    assertValidKey(key);
    const { Upload } = await loadSdk();
    const transfer = new Upload({
      client: await client(),
      params: { Bucket, Key: key, Body: body, ContentType: options.contentType },
      partSize: 8 * 1024 * 1024,
      queueSize: 2,
      leavePartsOnError: false,
    });
    await transfer.done();
    const info = await head(key);
    if (!info) throw new Error(`S3 object ${key} missing right after upload`);
    return info;
  }

  async function head(key: string): Promise<ObjectInfo | undefined> {
    const { HeadObjectCommand, NotFound } = await loadSdk();
    try {
      const result = await (await client()).send(new HeadObjectCommand({ Bucket, Key: key }));
      return { key, bytes: result.ContentLength ?? 0, modifiedAt: result.LastModified ?? new Date(0) };
    } catch (error) {
      if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return undefined;
      throw error;
    }
  }

  return {
    name: 's3',
    client,

    async putFile(key, filePath, options) {
      const { size } = await stat(filePath);
      const info = await upload(key, size === 0 ? Buffer.alloc(0) : createReadStream(filePath), options);
      await rm(filePath, { force: true });
      return info;
    },

    put: upload,

    async putAll(objects) {
      await settleAll(objects.map((object) => upload(object.key, object.body, object)));
    },

    async get(key, range?: ByteRange) {
      assertValidKey(key);
      const { GetObjectCommand } = await loadSdk();
      const result = await (await client()).send(
        new GetObjectCommand({
          Bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      if (!result.Body) throw new Error(`S3 object ${key} has no body`);
      return result.Body as Readable;
    },

    stat(key) {
      assertValidKey(key);
      return head(key);
    },

    async delete(key) {
      assertValidKey(key);
      const { DeleteObjectCommand } = await loadSdk();
      await (await client()).send(new DeleteObjectCommand({ Bucket, Key: key }));
    },

    async *list(prefix) {
      const { ListObjectsV2Command } = await loadSdk();
      let ContinuationToken: string | undefined;
      do {
        const page = await (await client()).send(
          new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key) {
            yield {
              key: object.Key,
              bytes: object.Size ?? 0,
              modifiedAt: object.LastModified ?? new Date(0),
            };
          }
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
  };
}
