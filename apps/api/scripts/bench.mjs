// `pnpm bench [id ...]`: builds, makes sure MySQL/MariaDB and Redis answer, then runs the benchmark harness
// (apps/api/bench/run.ts), which writes BENCHMARKS.md. Installs Debian's wrk and curl when missing (as root, like the
// tests' tools).
import { ensureDebianTool } from './lib/debian-tools.mjs';
import { loadEnvFiles } from './lib/env-files.mjs';
import { root, run, step } from './lib/proc.mjs';
import { ensureServices } from './lib/services.mjs';

loadEnvFiles(root);
let services;
let exitCode = 0;
try {
  step('Building');
  await run('pnpm', ['build']);
  step('Checking wrk');
  process.env.WRK_PATH = await ensureDebianTool({
    binary: 'wrk',
    debianPackage: 'wrk',
    envName: 'WRK_PATH',
    purpose: 'the HTTP throughput benchmarks (a load generator in C)',
  });
  step('Checking curl');
  process.env.CURL_PATH = await ensureDebianTool({
    binary: 'curl',
    debianPackage: 'curl',
    envName: 'CURL_PATH',
    purpose: 'the upload ingest benchmark (an upload client in C)',
  });
  step('Checking MySQL/MariaDB and Redis');
  services = await ensureServices();
  step('Running benchmarks');
  await run('pnpm', ['--filter', '@phoenix4ge/api', 'exec', 'tsx', 'bench/run.ts', ...process.argv.slice(2)]);
} catch (error) {
  console.error(`\n${error instanceof Error ? error.message : error}`);
  exitCode = 1;
}
await services?.stop();
process.exit(exitCode);
