/**
 * How long and how often the reliability trials run: `RELIABILITY_PROFILE=short` (what CI runs: one or two
 * repetitions, shorter outages) or `full` (the default, what RELIABILITY.md documents: three or more repetitions
 * and the outages the issue names).
 */
export type ReliabilityProfileName = 'short' | 'full';

export interface ReliabilityProfile {
  name: ReliabilityProfileName;
  /** `short` repetitions in the short profile, `full` in the full one. */
  repetitions(short: number, full: number): number;
  /** A long outage (Redis down under load): 20 s short, 60 s full. */
  longOutageMs: number;
  /** How long load runs around a fault before and after it: 3 s short, 6 s full. */
  loadAroundFaultMs: number;
}

export function reliabilityProfile(value = process.env.RELIABILITY_PROFILE): ReliabilityProfile {
  const name: ReliabilityProfileName = value === 'short' ? 'short' : 'full';
  const short = name === 'short';
  return {
    name,
    repetitions: (shortCount, fullCount) => (short ? shortCount : fullCount),
    longOutageMs: short ? 20_000 : 60_000,
    loadAroundFaultMs: short ? 3_000 : 6_000,
  };
}
