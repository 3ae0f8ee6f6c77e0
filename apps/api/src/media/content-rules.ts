/**
 * What an upload may be, judged by content: the allow-list of types (by magic bytes), the stored extension,
 * and structural end-of-file checks that tell whole files from those only a decode can judge.
 */

export interface AllowedType {
  mime: string;
  extension: string;
}

/** file-type's MIME → what we store. HEIF containers are decided by their codec (see upload.service). */
export const allowedTypes: Record<string, AllowedType> = {
  'image/jpeg': { mime: 'image/jpeg', extension: 'jpg' },
  'image/png': { mime: 'image/png', extension: 'png' },
  'image/apng': { mime: 'image/apng', extension: 'png' },
  'image/gif': { mime: 'image/gif', extension: 'gif' },
  'image/webp': { mime: 'image/webp', extension: 'webp' },
  'image/avif': { mime: 'image/avif', extension: 'avif' },
  'image/tiff': { mime: 'image/tiff', extension: 'tif' },
};

export const heifFamily = new Set(['image/heif', 'image/heic', 'image/heif-sequence', 'image/heic-sequence']);

/** Magic bytes of allowed formats with one byte damaged: such a file is a corrupt image, not another type. */
export function looksLikeDamagedImage(head: Buffer): boolean {
  const ascii = head.subarray(0, 12).toString('latin1');
  return ascii.slice(1, 4) === 'PNG' || ascii.startsWith('GIF8') || (head[0] === 0xff && head[1] === 0xd8);
}

export type EndCheck = 'complete' | 'truncated' | 'unsure';

/**
 * Does the file end the way its format must end? 'unsure' asks for a decode check. PNG is not judged here: its
 * chunk walk (png-chunk-walker.ts) knows whether the file ends early.
 */
export function checkEnd(mime: string, head: Buffer, tail: Buffer, bytes: number): EndCheck {
  switch (mime) {
    case 'image/jpeg':
      // Only an EOI marker at the very end (after any zero or 0xFF padding) proves the file whole: a small cut file
      // still holds its EXIF thumbnail's EOI, and trailers (motion photos) end otherwise. The rest are decoded.
      return endsWithJpegEoi(tail) ? 'complete' : 'unsure';
    case 'image/gif': {
      // The trailer byte ends the file; some encoders pad after it with zeros.
      let end = tail.length - 1;
      while (end >= 0 && tail[end] === 0) end -= 1;
      return tail[end] === 0x3b ? 'complete' : 'truncated';
    }
    case 'image/webp': {
      const declared = head.length >= 8 ? head.readUInt32LE(4) + 8 : 0;
      return declared > bytes ? 'truncated' : 'complete';
    }
    default:
      return 'complete';
  }
}

function endsWithJpegEoi(tail: Buffer): boolean {
  let end = tail.length;
  while (end > 0 && (tail[end - 1] === 0x00 || tail[end - 1] === 0xff)) end -= 1;
  return end >= 2 && tail[end - 2] === 0xff && tail[end - 1] === 0xd9;
}

/** The original name kept only as metadata: no folders, no control characters, at most 255 characters. */
export function sanitizeFilename(name: string | undefined): string {
  const base = (name ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  const clean = Array.from(base)
    .filter((character) => {
      const code = character.charCodeAt(0);
      return code >= 0x20 && code !== 0x7f;
    })
    .join('')
    .trim();
  return (clean || 'unnamed').slice(0, 255);
}
