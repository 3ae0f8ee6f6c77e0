import { MEDIA_FILES_PREFIX } from '@phoenix4ge/shared';

/** URLs of stored files: served by the api under /media/<storage key> (see http/media-files.route.ts). */
export function mediaUrl(storageKey: string, publicUrl: string | undefined): string {
  return `${publicUrl?.replace(/\/+$/, '') ?? ''}${MEDIA_FILES_PREFIX}${storageKey}`;
}
