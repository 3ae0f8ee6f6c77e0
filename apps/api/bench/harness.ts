/**
 * The benchmark harness behind `pnpm bench`. Each `apps/<app>/bench/*.bench.ts` default-exports a Benchmark;
 * the harness runs them (or those named on the command line) and rewrites their sections of BENCHMARKS.md
 * with the figures, the machine and the command. Later issues add benchmarks; they never edit this file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export interface BenchContext {
  /** The workspace root. */
  root: string;
  /** Environment pointing at the bench run's own database and Redis key prefix. */
  env: Record<string, string>;
  log(message: string): void;
}

export interface Benchmark {
  /** Short id used on the command line and as the section marker. */
  id: string;
  title: string;
  /** What is measured and how, in a sentence or two (printed above the table). */
  method: string;
  run(context: BenchContext): Promise<Figure[]>;
}

export interface BenchResult {
  benchmark: Benchmark;
  figures: Figure[];
  ranAt: Date;
}

export function discoverBenchmarkFiles(root: string): string[] {
  const files: string[] = [];
  for (const app of readdirSync(path.join(root, 'apps'))) {
    const dir = path.join(root, 'apps', app, 'bench');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) if (file.endsWith('.bench.ts')) files.push(path.join(dir, file));
  }
  return files.sort();
}

export function machineDescription(): string {
  const cpus = os.cpus();
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
    } catch {
      return 'unknown';
    }
  })();
  return [
    `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`,
    `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`,
    `${os.type()} ${os.release()}`,
    `Node ${process.version}`,
    `commit ${commit}`,
  ].join(', ');
}

function formatValue(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(value >= 10 ? 1 : 2);
}

export function renderSection(result: BenchResult, command: string, machine: string): string {
  const rows = result.figures
    .map(
      (figure) => `| ${figure.name} | ${formatValue(figure.value)} | ${figure.unit} | ${figure.note ?? ''} |`,
    )
    .join('\n');
  return [
    `<!-- bench:${result.benchmark.id}:start -->`,
    `## ${result.benchmark.title}`,
    '',
    result.benchmark.method,
    '',
    '| figure | value | unit | notes |',
    '|---|---:|---|---|',
    rows,
    '',
    `Measured ${result.ranAt.toISOString()} on ${machine} with \`${command}\`.`,
    `<!-- bench:${result.benchmark.id}:end -->`,
  ].join('\n');
}

const header = `# Benchmarks

Written by \`pnpm bench\` (one benchmark: \`pnpm bench <id>\`). Each section says what was measured, on which
machine and with which command. Figures vary about ±15% between runs on the same machine; compare figures
measured in the same run.
`;

/** Replaces (or appends) each result's section, keeping sections of benchmarks that did not run. */
export function updateBenchmarksFile(file: string, results: BenchResult[], command: string): void {
  let text = existsSync(file) ? readFileSync(file, 'utf8') : header;
  const machine = machineDescription();
  for (const result of results) {
    const section = renderSection(result, command, machine);
    const pattern = new RegExp(
      `<!-- bench:${result.benchmark.id}:start -->[\\s\\S]*?<!-- bench:${result.benchmark.id}:end -->`,
    );
    text = pattern.test(text) ? text.replace(pattern, section) : `${text.trimEnd()}\n\n${section}\n`;
  }
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
}
