/**
 * What is wrong with an image file, in words for the person who uploaded it. The decoder's own message
 * (`VipsJpeg: premature end of JPEG image`, `pngload: libpng read error`) names library internals: it belongs in the
 * logs and the job's record, never in the library or the upload list.
 */
export function describeImageFault(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  if (
    (error as { code?: unknown })?.code === 'ENOENT' ||
    /ENOENT|no such file|file is missing/i.test(detail)
  ) {
    return 'The original file is missing from storage; put it back, then retry.';
  }
  if (/premature end|truncated|unexpected end|end of file|not enough data|short read/i.test(detail)) {
    return 'The file is cut short: the end of the picture is missing. Upload the complete file again.';
  }
  if (/\bCRC\b|checksum/i.test(detail)) {
    return 'The image file is damaged: a block of its data fails its checksum. Export it again from the original and upload it.';
  }
  if (/pixel limit|too many pixels|exceeds|too large/i.test(detail)) {
    return 'The picture has more pixels than this library accepts.';
  }
  if (/not a known file format|unsupported|no loader|unknown file/i.test(detail)) {
    return 'The file is not in an image format this server can read.';
  }
  return 'The image data is damaged, so the picture cannot be read. Export it again from the original and upload it.';
}

/** The decoder's message, first line only, for logs and job records. */
export function imageFaultDetail(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  return detail.split('\n')[0] ?? detail;
}
