import { eq } from 'drizzle-orm';
import type { Database } from '../client';
import type { MediaMetadata } from '../schema';
import { mediaMetadata } from '../schema';
import type { MediaBasicInfo, MediaColorData, MediaExifData } from '../schema/json-types';
import type { Executor } from './executor';

/** What was read from each original (seed table `media_metadata`), one row per media. */
export function createMetadataRepository(db: Database) {
  return {
    async of(mediaId: number): Promise<MediaMetadata | undefined> {
      return db.query.mediaMetadata.findFirst({ where: eq(mediaMetadata.mediaId, mediaId) });
    },
    async save(
      mediaId: number,
      data: { basicInfo: MediaBasicInfo; exifData: MediaExifData; colorData: MediaColorData },
      executor: Executor = db,
    ): Promise<void> {
      await executor
        .insert(mediaMetadata)
        .values({ mediaId, ...data, extractedAt: new Date() })
        .onDuplicateKeyUpdate({ set: { ...data, extractedAt: new Date() } });
    },
  };
}

export type MetadataRepository = ReturnType<typeof createMetadataRepository>;
