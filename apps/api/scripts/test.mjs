// `pnpm test`: every test. Installs what is missing (dependencies, Chromium), builds (the browser test loads the
// built SPA), makes sure MySQL/MariaDB and Redis answer, then runs vitest: unit, integration (real services, a
// fresh database and Redis key prefix per run) and browser tests. Extra arguments go to vitest
// (`pnpm test:integration` passes `--project integration`; Chromium is only needed for the browser project).
// Everything is built into apps/*/dist-test and the tests use that, so a `pnpm start` running in the same
// checkout keeps serving its own apps/*/dist.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureChromium } from './lib/chromium.mjs';
import { ensureDebianTool } from './lib/debian-tools.mjs';
import { loadEnvFiles } from './lib/env-files.mjs';
import { root, run, step } from './lib/proc.mjs';
import { ensureServices } from './lib/services.mjs';
import { vitestFailures } from './lib/vitest-failures.mjs';

loadEnvFiles(root);
process.env.NODE_ENV = 'test';
process.env.BUILD_OUT_DIR = 'dist-test';
process.env.WEB_DIST_PATH = path.join(root, 'apps', 'web', 'dist-test');
const vitestArgs = process.argv.slice(2);
// The reliability trials (`pnpm test:reliability`) run only when asked for, by project or by file.
if (!vitestArgs.some((arg) => arg.startsWith('--project') || arg.includes('reliability'))) {
  vitestArgs.push('--project', 'unit', '--project', 'integration', '--project', 'browser');
}

/** The vitest projects the arguments select (all when none is named). */
function selectedProjects(args) {
  const named = args.flatMap((arg, index) => {
    if (arg.startsWith('--project=')) return [arg.slice('--project='.length)];
    return arg === '--project' && args[index + 1] ? [args[index + 1]] : [];
  });
  return named.length > 0 ? named : ['unit', 'integration', 'browser', 'reliability'];
}
const report = path.join(root, '.cache', 'vitest-report.json');

/** One `failed:` line per failed test or file, with the first line of its error, so a log's tail names them. */
function failureLines(summary) {
  return vitestFailures(summary, root).map((line) => `failed: ${line}`);
}

let services;
let exitCode = 0;
try {
  step('Installing dependencies');
  await run('pnpm', ['install', '--frozen-lockfile']);
  if (selectedProjects(vitestArgs).includes('browser')) {
    step('Checking Chromium');
    process.env.CHROMIUM_PATH = await ensureChromium();
  }
  if (selectedProjects(vitestArgs).includes('integration')) {
    step('Checking promtool and nginx');
    process.env.PROMTOOL_PATH = await ensureDebianTool({
      binary: 'promtool',
      debianPackage: 'prometheus',
      envName: 'PROMTOOL_PATH',
      purpose: 'the alert rules test',
    });
    process.env.NGINX_PATH = await ensureDebianTool({
      binary: 'nginx',
      debianPackage: 'nginx',
      envName: 'NGINX_PATH',
      purpose: 'the nginx configuration test',
    });
  }
  step('Building');
  await run('pnpm', ['build']);
  step('Checking MySQL/MariaDB and Redis');
  services = await ensureServices();
  step('Running vitest');
  try {
    await run('pnpm', [
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...vitestArgs,
    ]);
  } catch {
    exitCode = 1;
  }
  try {
    const summary = JSON.parse(readFileSync(report, 'utf8'));
    const skipped = summary.numPendingTests + summary.numTodoTests;
    console.log(
      `\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped`,
    );
    for (const line of failureLines(summary)) console.log(line);
    if (summary.numTotalTests === 0 || summary.numFailedTests > 0) exitCode = 1;
  } catch {
    exitCode = 1;
  }
} catch (error) {
  console.error(`\n${error instanceof Error ? error.message : error}`);
  exitCode = 1;
}
await services?.stop();
process.exit(exitCode);
