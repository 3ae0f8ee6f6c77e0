/**
 * pHash: the 8×8 lowest frequencies of a 32×32 greyscale DCT, each bit set when above their median. Near
 * duplicates (resized, recompressed, lightly edited) differ in few bits; 64 bits as 16 hex digits.
 */
const N = 32;
const cosines = Array.from({ length: N }, (_, k) =>
  Float64Array.from({ length: N }, (_, n) => Math.cos(((2 * n + 1) * k * Math.PI) / (2 * N))),
);

function dct8x8(grey: Buffer): number[] {
  const rows: Float64Array[] = [];
  for (let y = 0; y < N; y += 1) {
    const row = new Float64Array(8);
    for (let u = 0; u < 8; u += 1) {
      let sum = 0;
      for (let x = 0; x < N; x += 1) sum += (grey[y * N + x] ?? 0) * (cosines[u]?.[x] ?? 0);
      row[u] = sum;
    }
    rows.push(row);
  }
  const out: number[] = [];
  for (let v = 0; v < 8; v += 1) {
    for (let u = 0; u < 8; u += 1) {
      let sum = 0;
      for (let y = 0; y < N; y += 1) sum += (rows[y]?.[u] ?? 0) * (cosines[v]?.[y] ?? 0);
      out.push(sum);
    }
  }
  return out;
}

/** `grey` is a 32×32 single-channel image. */
export function perceptualHash(grey: Buffer): string {
  if (grey.length !== N * N) throw new Error(`perceptualHash needs ${N}×${N} grey pixels`);
  const coefficients = dct8x8(grey);
  const ac = coefficients.slice(1);
  const median = [...ac].sort((a, b) => a - b)[Math.floor(ac.length / 2)] ?? 0;
  let bits = 0n;
  for (const value of coefficients) bits = (bits << 1n) | (value > median ? 1n : 0n);
  return bits.toString(16).padStart(16, '0');
}

export function hammingDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  while (x > 0n) {
    count += Number(x & 1n);
    x >>= 1n;
  }
  return count;
}
