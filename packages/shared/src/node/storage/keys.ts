/** Content-addressed storage keys (DESIGN §7); never derived from user input. */

export function originalKey(modelId: number, sha256: string, extension: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('originalKey needs a hex sha256');
  return `originals/${modelId}/${sha256.slice(0, 2)}/${sha256}.${extension}`;
}

export function variantKey(
  modelId: number,
  mediaId: number,
  version: number,
  preset: string,
  format: string,
): string {
  return `variants/${modelId}/${mediaId}/${version}/${preset}.${format}`;
}

/** `originals/<model>/…`: the prefix the orphan sweep walks. */
export const ORIGINALS_PREFIX = 'originals/';
