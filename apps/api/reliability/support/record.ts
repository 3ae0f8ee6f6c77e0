import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One row of RELIABILITY.md: a fault or load done on purpose, how often, and what came through it. */
export interface ReliabilityTrial {
  /** Short stable id, also the result file's name (`kill-api-uploads`, `scale-out`, …). */
  id: string;
  /** What was done, in words (`kill -9 of the api with 20 uploads in flight`). */
  action: string;
  /** How many times it was done in this run. */
  repetitions: number;
  /** What was at stake over all repetitions (uploads answered 2xx, requests sent, …), in words with numbers. */
  accepted: string;
  /** What survived (`200 of 200 uploads ready, 0 duplicate variants, 0 orphan files`). */
  survived: string;
  /** What was lost; `nothing` when nothing was. */
  lost: string;
  /** Whether the trial met its target (nothing lost, healthy again without a person, …). */
  passed: boolean;
  /** Anything a reader needs: recovery time, figures, why something is not measured. */
  notes?: string;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Where trials are written (`pnpm test:reliability` renders RELIABILITY.md from them). */
export const reliabilityResultsDir = () =>
  process.env.RELIABILITY_RESULTS_DIR ?? path.join(root, '.cache', 'reliability-results');

/** Writes one trial's result; a later write of the same id replaces it. */
export async function recordTrial(trial: ReliabilityTrial): Promise<void> {
  const dir = reliabilityResultsDir();
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${trial.id}.json`), `${JSON.stringify(trial, null, 2)}\n`);
}
