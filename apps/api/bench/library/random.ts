/** A small seeded PRNG (mulberry32), so the generated library is the same on every run. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** true with probability p */
    chance: (p: number) => next() < p,
    /** an integer in [min, max] */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    /** a number in [min, max) */
    between: (min: number, max: number) => min + next() * (max - min),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    /** a log-normal variate around `median` (sigma in natural-log units) */
    logNormal(median: number, sigma: number) {
      const u = Math.max(next(), 1e-12);
      const v = next();
      return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    },
    /** `count` distinct items (fewer when there are fewer) */
    sample<T>(items: readonly T[], count: number): T[] {
      const copy = [...items];
      const taken: T[] = [];
      while (taken.length < count && copy.length > 0) {
        taken.push(copy.splice(Math.floor(next() * copy.length), 1)[0] as T);
      }
      return taken;
    },
    hex(length: number) {
      let out = '';
      while (out.length < length)
        out += Math.floor(next() * 4294967296)
          .toString(16)
          .padStart(8, '0');
      return out.slice(0, length);
    },
  };
}

export type Random = ReturnType<typeof random>;

/** A seed for item `index` of something seeded with `seed` (independent streams per row). */
export const mix = (seed: number, index: number) =>
  Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ (index * 0xc2b2ae35);
