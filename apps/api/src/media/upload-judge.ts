import type { UploadRejectionCode } from '@phoenix4ge/shared';
import type { Logger } from '@phoenix4ge/shared/node';
import { describeImageFault, imageFaultDetail } from '@phoenix4ge/shared/node';
import { fileTypeFromFile } from 'file-type';
import type { AllowedType, EndCheck } from './content-rules';
import { allowedTypes, checkEnd, heifFamily, looksLikeDamagedImage } from './content-rules';
import { decodesCompletely, probeHeader } from './image-probe';
import type { UploadInspector } from './upload-inspector';

/** A file refused for what it is (the route answers it with the status of its code). */
export class UploadRejection extends Error {
  /** `message` is for the uploader, in words; `detail` (the decoder's own message) only for the logs. */
  constructor(
    readonly code: UploadRejectionCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

export interface UploadLimits {
  maxFileSize: number;
  maxPixels: number;
  maxFrames: number;
}

/**
 * The seed's FileValidator: decides what a spooled upload is from its content, never its name: the type by magic
 * bytes (HEIF by codec), a PNG's chunk CRCs (walked while spooling), a header read for size and frames, and
 * end-of-file checks for truncation: when the end is in doubt, a decode decides (the file is refused as cut short
 * only if the decoder cannot read every row). Throws an UploadRejection for anything not allowed.
 */
export async function judgeUpload(
  spoolPath: string,
  inspector: UploadInspector,
  limits: UploadLimits,
  logger?: Logger,
): Promise<AllowedType> {
  if (inspector.bytes === 0) throw new UploadRejection('EMPTY_FILE', 'The file is empty');
  // From the file, not the head: TIFF detection follows offsets into the file.
  const detected = await fileTypeFromFile(spoolPath);
  let type: AllowedType | undefined = detected ? allowedTypes[detected.mime] : undefined;
  if (!detected) {
    if (looksLikeDamagedImage(inspector.head))
      throw new UploadRejection(
        'CORRUPT',
        'The image file is damaged: its first bytes are not those of any image format',
      );
    throw new UploadRejection(
      'UNSUPPORTED_TYPE',
      'This is not an image type the library accepts (JPEG, PNG, GIF, WebP, AVIF, TIFF)',
    );
  }
  if (!type && !heifFamily.has(detected.mime)) {
    throw new UploadRejection(
      'UNSUPPORTED_TYPE',
      `${detected.mime} files are not accepted; upload JPEG, PNG, GIF, WebP, AVIF or TIFF`,
    );
  }
  const png = type?.extension === 'png' ? inspector.png.result() : undefined;
  if (png?.state === 'damaged') {
    throw new UploadRejection('CORRUPT', describeImageFault(png.detail), png.detail);
  }
  const header = await probeHeader(spoolPath).catch((error: unknown) => {
    throw new UploadRejection('CORRUPT', describeImageFault(error), imageFaultDetail(error));
  });
  if (!type) {
    // HEIF containers hold AV1 (AVIF, decodable) or HEVC (HEIC, which this server's libvips cannot decode).
    if (header.compression !== 'av1') {
      throw new UploadRejection(
        'UNSUPPORTED_HEVC',
        'HEIC/HEIF photos (HEVC) cannot be decoded on this server; export them as JPEG or AVIF and upload again',
      );
    }
    type = allowedTypes['image/avif'];
  }
  if (!type) throw new UploadRejection('UNSUPPORTED_TYPE', 'Unsupported image type');
  if (header.width * header.height > limits.maxPixels) {
    throw new UploadRejection(
      'IMAGE_TOO_LARGE',
      `${header.width}×${header.height} is over the ${Math.round(limits.maxPixels / 1e6)} megapixel limit`,
    );
  }
  if (header.pages > limits.maxFrames) {
    throw new UploadRejection(
      'TOO_MANY_FRAMES',
      `${header.pages} frames is over the ${limits.maxFrames} frame limit`,
    );
  }
  // A PNG's end is known from its chunk walk: whole through IEND, or in doubt (then the decoder decides).
  const pngEnd: EndCheck = png?.state === 'complete' ? 'complete' : 'unsure';
  const end = png ? pngEnd : checkEnd(type.mime, inspector.head, inspector.tail, inspector.bytes);
  if (end === 'truncated' || (end === 'unsure' && !(await decodesCompletely(spoolPath, limits.maxPixels)))) {
    throw new UploadRejection(
      'TRUNCATED',
      'The file is cut short: the end of the picture is missing. Upload the complete file again.',
    );
  }
  if (png?.state === 'ends-early') {
    logger?.info({ lastChunk: png.lastChunk }, 'PNG ends before IEND but every row decodes: accepted');
  }
  if (png && 'badAncillary' in png && png.badAncillary.length > 0) {
    logger?.warn(
      { chunks: png.badAncillary },
      'PNG ancillary chunks fail their CRC: accepted (the decoder drops them, as libpng does)',
    );
  }
  return type;
}
