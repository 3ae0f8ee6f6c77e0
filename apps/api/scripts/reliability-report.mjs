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

const reportPath = () => path.join(root, 'RELIABILITY.md');
const blockStart = (profile) => `<!-- reliability:${profile}:start -->`;
const blockEnd = (profile) => `<!-- reliability:${profile}:end -->`;

/** The block a profile's last run wrote into RELIABILITY.md, if any (markers included). */
function keptBlock(text, profile) {
  const from = text.indexOf(blockStart(profile));
  const to = text.indexOf(blockEnd(profile));
  return from >= 0 && to > from ? text.slice(from, to + blockEnd(profile).length) : undefined;
}

/** One profile's run: how it was run, the trials' table and their notes, between the profile's markers. */
function runBlock({ profileName, trials, summary, failures, passed, durationMs }) {
  return [
    blockStart(profileName),
    profileName === 'short'
      ? '## Short profile (`RELIABILITY_PROFILE=short`, what CI runs after the two test runs)'
      : '## Full profile (`pnpm test:reliability`: the repetitions, outages and soak the issue names)',
    '',
    `- profile: **${profileName}** (${
      profileName === 'short'
        ? 'fewer repetitions, 20 s instead of 60 s outages, a 2-minute soak'
        : 'three or more repetitions, the 60 s outages, the 10-minute soak'
    })`,
    `- date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- node: ${process.version}`,
    `- commit: ${commit()}`,
    `- machine: ${machine()}`,
    ...(durationMs !== undefined ? [`- took: ${Math.round(durationMs / 60_000)} min`] : []),
    ...(summary ? [`- vitest: ${summary}`] : []),
    `- result: **${passed ? 'every trial passed' : 'FAILED'}**`,
    '',
    '| trial | what was done | how often | at stake | survived | lost | result |',
    '|---|---|---|---|---|---|---|',
    ...trials.map(
      (trial) =>
        `| ${cell(trial.id)} | ${cell(trial.action)} | ${cell(trial.repetitions)} | ${cell(trial.accepted)} | ${cell(trial.survived)} | ${cell(trial.lost)} | ${trial.passed ? 'passed' : '**FAILED**'} |`,
    ),
    ...(trials.length === 0 ? ['| (no trial recorded a result) | | | | | | **FAILED** |'] : []),
    '',
    '### Notes',
    '',
    ...trials.filter((trial) => trial.notes).map((trial) => `- **${trial.id}**: ${trial.notes}`),
    ...(failures.length > 0
      ? ['', '### Failed tests', '', ...failures.map((failure) => `- ${cell(failure).slice(0, 400)}`)]
      : []),
    blockEnd(profileName),
  ].join('\n');
}

/**
 * Writes this run into RELIABILITY.md, keeping the other profile's last run (so CI's short runs never erase the
 * full profile's record); returns true when there is at least one trial and every trial and test passed.
 */
export function renderReliabilityReport({
  profile = process.env.RELIABILITY_PROFILE ?? 'full',
  durationMs,
} = {}) {
  const trials = readTrials();
  const { summary, failures } = failedTests();
  const passed = trials.length > 0 && trials.every((trial) => trial.passed) && failures.length === 0;
  const profileName = profile === 'short' ? 'short' : 'full';
  const previous = existsSync(reportPath()) ? readFileSync(reportPath(), 'utf8') : '';
  const blocks = {
    full: keptBlock(previous, 'full'),
    short: keptBlock(previous, 'short'),
    [profileName]: runBlock({ profileName, trials, summary, failures, passed, durationMs }),
  };
  const lines = [
    '# Reliability',
    '',
    'Faults, load and processes done on purpose, against the built bundles (real processes, real MariaDB, Redis and',
    "storage), each repeated and counted. This file is written by `pnpm test:reliability` from the trials' own",
    "records (`apps/api/reliability/`); do not edit it by hand. A run rewrites its own profile's section and keeps",
    "the other's last run.",
    '',
    blocks.full ?? '## Full profile\n\nNot run in this checkout yet (`pnpm test:reliability`).',
    '',
    blocks.short ??
      '## Short profile\n\nNot run in this checkout yet (`RELIABILITY_PROFILE=short pnpm test:reliability`).',
    '',
  ];
  writeFileSync(reportPath(), lines.join('\n'));
  return passed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const passed = renderReliabilityReport();
  console.log(`RELIABILITY.md written: ${passed ? 'every trial passed' : 'FAILED'}`);
  process.exit(passed ? 0 : 1);
}
