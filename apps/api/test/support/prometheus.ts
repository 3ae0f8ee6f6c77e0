import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Family, Sample } from 'parse-prometheus-text-format';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/** promtool: PROMTOOL_PATH (set by the test script, which installs Debian's `prometheus` when missing), else PATH. */
export function promtoolPath(): string | undefined {
  const configured = process.env.PROMTOOL_PATH;
  if (configured && existsSync(configured)) return configured;
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin'];
  return dirs.map((dir) => path.join(dir, 'promtool')).find((candidate) => existsSync(candidate));
}

/** Runs promtool with `args` (and `input` on stdin); its exit code and output. */
export function promtool(args: string[], options: { input?: string; cwd?: string } = {}) {
  const binary = promtoolPath();
  if (!binary) throw new Error('promtool is missing: apt-get install prometheus, or set PROMTOOL_PATH');
  const result = spawnSync(binary, args, { input: options.input, cwd: options.cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const numberOf = (text: string | undefined) =>
  text === '+Inf' ? Number.POSITIVE_INFINITY : text === '-Inf' ? Number.NEGATIVE_INFINITY : Number(text);

const matches = (sample: Sample, labels: Record<string, string>) =>
  Object.entries(labels).every(([name, value]) => sample.labels?.[name] === value);

/** A scrape parsed with a Prometheus text-format parser, with lookups by name and labels. */
export class Scrape {
  readonly families: Map<string, Family>;

  constructor(readonly text: string) {
    this.families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
  }

  family(name: string): Family {
    const family = this.families.get(name);
    if (!family) throw new Error(`no metric ${name} in the scrape`);
    return family;
  }

  /** Samples of `name` whose labels include `labels`. */
  samples(name: string, labels: Record<string, string> = {}): Sample[] {
    return this.family(name).metrics.filter((sample) => matches(sample, labels));
  }

  /** The sum of the values (counters, gauges) or counts (histograms) of the matching samples; 0 when none. */
  total(name: string, labels: Record<string, string> = {}): number {
    return this.samples(name, labels).reduce(
      (sum, sample) => sum + numberOf(sample.value ?? sample.count ?? '0'),
      0,
    );
  }

  /** The single value of an unlabelled gauge. */
  value(name: string): number {
    const [sample, ...more] = this.family(name).metrics;
    if (!sample || more.length > 0) throw new Error(`${name} has ${more.length + 1} samples, expected one`);
    return numberOf(sample.value);
  }

  /** Every value the label `label` takes in `name`. */
  labelValues(name: string, label: string): string[] {
    return [...new Set(this.family(name).metrics.map((sample) => sample.labels?.[label] ?? ''))];
  }
}

/** GETs a /metrics URL (with the bearer token when given); the response and, on 200, its parsed body. */
export async function scrape(url: string, token?: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const text = await response.text();
  return { response, text, parsed: response.status === 200 ? new Scrape(text) : undefined };
}
