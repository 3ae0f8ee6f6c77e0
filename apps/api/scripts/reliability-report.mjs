// Renders RELIABILITY.md at the repository root from the trial records in .cache/reliability-results (one JSON
// per trial, written by apps/api/reliability/support/record.ts) and, when present, vitest's JSON report of the same
// run (failed tests that recorded nothing are listed too). `renderReliabilityReport()` returns whether every
// trial passed; run directly (`node apps/api/scripts/reliability-report.mjs`) it renders and exits 0/1.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './lib/proc.mjs';
import { vitestFailures } from './lib/vitest-failures.mjs';

export const resultsDir = () =>
  process.env.RELIABILITY_RESULTS_DIR ?? path.join(root, '.cache', 'reliability-results');
const vitestReport = path.join(root, '.cache', 'vitest-report.json');

const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');

function readTrials() {
  const dir = resultsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')));
}

function commit() {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', '.', ':!RELIABILITY.md'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${hash} (with uncommitted changes)` : hash;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function machine() {
  const cpus = os.cpus();
  const memory = `${Math.round(os.totalmem() / 2 ** 30)} GiB`;
  return `${os.type()} ${os.release()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model?.trim() ?? 'CPU'}, ${memory} RAM`;
}

/** Tests vitest saw fail (from the JSON report), as `file > test: first line`. */
function failedTests() {
  if (!existsSync(vitestReport)) return { summary: undefined, failures: [] };
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'));
  const failures = vitestFailures(report, root);
  return {
    summary: `${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`,
    failures,
  };
}

/** Writes RELIABILITY.md; returns true when there is at least one trial and every trial and test passed. */
export function renderReliabilityReport({
  profile = process.env.RELIABILITY_PROFILE ?? 'full',
  durationMs,
} = {}) {
  const trials = readTrials();
  const { summary, failures } = failedTests();
  const passed = trials.length > 0 && trials.every((trial) => trial.passed) && failures.length === 0;
  const profileName = profile === 'short' ? 'short' : 'full';
  const lines = [
    '# Reliability',
    '',
    'Faults, load and processes done on purpose, against the built bundles (real processes, real MariaDB, Redis and',
    "storage), each repeated and counted. This file is written by `pnpm test:reliability` from the trials' own",
    'records (`apps/api/reliability/`); do not edit it by hand.',
    '',
    '## How it was run',
    '',
    `- profile: **${profileName}** (\`RELIABILITY_PROFILE=${profileName}\`; ${
      profileName === 'short'
        ? 'what CI runs: fewer repetitions and 20 s instead of 60 s outages'
        : 'the documented one: three or more repetitions and the full outages'
    })`,
    `- date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- node: ${process.version}`,
    `- commit: ${commit()}`,
    `- machine: ${machine()}`,
    ...(durationMs !== undefined ? [`- took: ${Math.round(durationMs / 60_000)} min`] : []),
    ...(summary ? [`- vitest: ${summary}`] : []),
    `- result: **${passed ? 'every trial passed' : 'FAILED'}**`,
    '',
    '## Trials',
    '',
    '| trial | what was done | how often | at stake | survived | lost | result |',
    '|---|---|---|---|---|---|---|',
    ...trials.map(
      (trial) =>
        `| ${cell(trial.id)} | ${cell(trial.action)} | ${cell(trial.repetitions)} | ${cell(trial.accepted)} | ${cell(trial.survived)} | ${cell(trial.lost)} | ${trial.passed ? 'passed' : '**FAILED**'} |`,
    ),
    ...(trials.length === 0 ? ['| (no trial recorded a result) | | | | | | **FAILED** |'] : []),
    '',
    '## Notes',
    '',
    ...trials.filter((trial) => trial.notes).map((trial) => `- **${trial.id}**: ${trial.notes}`),
    ...(failures.length > 0
      ? ['', '## Failed tests', '', ...failures.map((failure) => `- ${cell(failure).slice(0, 400)}`)]
      : []),
    '',
  ];
  writeFileSync(path.join(root, 'RELIABILITY.md'), lines.join('\n'));
  return passed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const passed = renderReliabilityReport();
  console.log(`RELIABILITY.md written: ${passed ? 'every trial passed' : 'FAILED'}`);
  process.exit(passed ? 0 : 1);
}
