/** The formats a public image may be served in, most preferred first at equal quality. */
const preference = ['avif', 'webp', 'jpeg'] as const;
const mimeOf: Record<string, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' };

/** `type/subtype` → q (the highest given for it), from an `Accept` header; malformed parts are skipped. */
function acceptedTypes(accept: string): Map<string, number> {
  const types = new Map<string, number>();
  for (const part of accept.split(',')) {
    const [range, ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (!range || !/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+*-]+$/.test(range)) continue;
    let q = 1;
    for (const param of params) {
      const match = param.match(/^q\s*=\s*(0(\.\d{0,3})?|1(\.0{0,3})?)$/);
      if (param.startsWith('q') && param.includes('=')) q = match ? Number(match[1]) : 0;
    }
    types.set(range, Math.max(types.get(range) ?? 0, q));
  }
  return types;
}

/**
 * The format to serve among those that exist: AVIF and WebP only when the client names them (a bare `*\/*` or
 * `image/*` says nothing about what it decodes), by q-value, AVIF > WebP > JPEG at equal q; JPEG otherwise
 * (no header, nonsense, or everything refused), or the first that exists when there is no JPEG.
 */
export function negotiateImageFormat(
  accept: string | undefined,
  available: readonly string[],
): string | undefined {
  const fallback = available.includes('jpeg') ? 'jpeg' : available[0];
  if (!accept) return fallback;
  const types = acceptedTypes(accept);
  let best: { format: string; q: number } | undefined;
  for (const format of preference) {
    if (format === 'jpeg' || !available.includes(format)) continue;
    const q = types.get(mimeOf[format] ?? '') ?? 0;
    if (q > 0 && (!best || q > best.q)) best = { format, q };
  }
  if (!best) return fallback;
  const jpegQ = Math.max(types.get('image/jpeg') ?? 0, types.get('image/*') ?? 0, types.get('*/*') ?? 0);
  return jpegQ > best.q && available.includes('jpeg') ? 'jpeg' : best.format;
}
