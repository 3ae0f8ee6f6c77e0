/** Dominant colour and a small palette from a small RGBA image: 4-bit-per-channel buckets, biggest first. */
export function paletteOf(
  rgba: Buffer,
  size = 6,
): { dominant: string; palette: string[]; isOpaque: boolean } {
  const buckets = new Map<number, { count: number; r: number; g: number; b: number }>();
  let opaque = true;
  for (let offset = 0; offset + 3 < rgba.length; offset += 4) {
    const alpha = rgba[offset + 3] ?? 255;
    if (alpha < 255) opaque = false;
    if (alpha < 128) continue;
    const r = rgba[offset] ?? 0;
    const g = rgba[offset + 1] ?? 0;
    const b = rgba[offset + 2] ?? 0;
    const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
    const bucket = buckets.get(key) ?? { count: 0, r: 0, g: 0, b: 0 };
    bucket.count += 1;
    bucket.r += r;
    bucket.g += g;
    bucket.b += b;
    buckets.set(key, bucket);
  }
  const hex = (value: number) => Math.round(value).toString(16).padStart(2, '0');
  const palette: string[] = [];
  for (const bucket of [...buckets.values()].sort((a, b) => b.count - a.count)) {
    const colour = `#${hex(bucket.r / bucket.count)}${hex(bucket.g / bucket.count)}${hex(bucket.b / bucket.count)}`;
    if (!palette.includes(colour)) palette.push(colour);
    if (palette.length === size) break;
  }
  return { dominant: palette[0] ?? '#808080', palette, isOpaque: opaque };
}
