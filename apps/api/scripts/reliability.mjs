// `pnpm test:reliability`: clears the trial records, runs the reliability project (every trial, or the files
// given) through test.mjs (install, build, services), then renders RELIABILITY.md from the records, also when a
// trial failed (then exits 1). RELIABILITY_PROFILE=short runs CI's shorter profile; full is the default.
import { rmSync } from 'node:fs';
import { root, run, step } from './lib/proc.mjs';
import { renderReliabilityReport, resultsDir } from './reliability-report.mjs';

const started = Date.now();
rmSync(resultsDir(), { recursive: true, force: true });
let ran = true;
try {
  await run(
    process.execPath,
    ['apps/api/scripts/test.mjs', '--project', 'reliability', ...process.argv.slice(2)],
    {
      cwd: root,
    },
  );
} catch {
  ran = false;
}
step('Writing RELIABILITY.md');
const passed = renderReliabilityReport({ durationMs: Date.now() - started });
console.log(`reliability: ${passed && ran ? 'every trial passed' : 'FAILED'} (RELIABILITY.md)`);
process.exit(passed && ran ? 0 : 1);
