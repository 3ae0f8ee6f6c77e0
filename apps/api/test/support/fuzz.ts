/**
 * Fuzz settings shared by the fuzz tests: the seed and the number of runs come from the environment so a failure
 * can be replayed (`FUZZ_SEED=<seed> FUZZ_RUNS=<n>`; `FUZZ_SEED=random` explores a new seed each run). The
 * default seed is fixed so the suite is deterministic.
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20261201;

function chosenSeed(): number {
  const value = process.env.FUZZ_SEED;
  if (value === 'random') return Math.floor(Math.random() * 2 ** 31);
  return value ? Number(value) : DEFAULT_SEED;
}

export const fuzzSeed = chosenSeed();

/** The runs of one property: `FUZZ_RUNS` when set, the test's own default otherwise. */
export function fuzzRuns(defaultRuns: number): number {
  const value = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(value) && value > 0 ? value : defaultRuns;
}

/** Each property its own seed (so procedures do not all draw the same sequence), derived from the fuzz seed. */
function seedFor(name: string): number {
  let hash = fuzzSeed;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

/** Runs an async property with the fuzz seed; a failure names the seed and runs to replay it with. */
export async function checkProperty<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  defaultRuns: number,
) {
  const numRuns = fuzzRuns(defaultRuns);
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), {
    seed: seedFor(name),
    numRuns,
    endOnFailure: true,
  });
  if (!details.failed) return;
  const failure =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `${name}: failed after ${details.numRuns} runs; replay with FUZZ_SEED=${fuzzSeed} FUZZ_RUNS=${numRuns}\n` +
      `input: ${short(fc.stringify(details.counterexample))}\n${short(failure)}`,
  );
}

/** Long inputs (huge strings, deep nesting) cut to what a reader can use. */
function short(text: string): string {
  return text.length > 2000 ? `${text.slice(0, 1000)} …(${text.length} chars)… ${text.slice(-500)}` : text;
}
