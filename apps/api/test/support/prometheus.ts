import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { PromLabels, PromMetric, PromMetrics } from 'prom2javascript';
import { getMetricsFromStream } from 'prom2javascript';

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

type Sample = { labels: PromLabels; value?: number; count?: number };

const matches = (sample: Sample, labels: Record<string, string>) =>
  Object.entries(labels).every(([name, value]) => sample.labels[name] === value);

/**
 * A scrape parsed with prom2javascript (parse-prometheus-text-format was tried first: it merges the series of a
 * labelled histogram into one), with lookups by name and labels. Families are keyed by their `# TYPE` name.
 */
export class Scrape {
  private constructor(
    readonly text: string,
    readonly families: PromMetrics,
  ) {}

  /**
   * prom2javascript rejects NaN samples, which prom-client writes (`Nan`) for event-loop statistics before their
   * first measurement: those lines are left out here (promtool reads the text as it is).
   */
  static async parse(text: string): Promise<Scrape> {
    const withoutNaN = text
      .split('\n')
      .filter((line) => !/\sNaN$/i.test(line))
      .join('\n');
    return new Scrape(text, await getMetricsFromStream(Readable.from([withoutNaN])));
  }

  family(name: string): PromMetric {
    const family = this.families[name];
    if (!family) throw new Error(`no metric ${name} in the scrape`);
    return family;
  }

  has(name: string): boolean {
    return this.families[name] !== undefined;
  }

  /** Samples of `name` whose labels include `labels`. */
  samples(name: string, labels: Record<string, string> = {}): Sample[] {
    return (this.family(name).data as Sample[]).filter((sample) => matches(sample, labels));
  }

  /** The sum of the values (counters, gauges) or counts (histograms) of the matching samples; 0 when none. */
  total(name: string, labels: Record<string, string> = {}): number {
    return this.samples(name, labels).reduce((sum, sample) => sum + (sample.value ?? sample.count ?? 0), 0);
  }

  /** The single value of an unlabelled gauge. */
  value(name: string): number {
    const [sample, ...more] = this.samples(name);
    if (!sample || more.length > 0) throw new Error(`${name} has ${more.length + 1} samples, expected one`);
    return sample.value ?? Number.NaN;
  }

  /** Every value the label `label` takes in `name`. */
  labelValues(name: string, label: string): string[] {
    return [...new Set(this.samples(name).map((sample) => sample.labels[label] ?? ''))];
  }
}

/** GETs a /metrics URL (with the bearer token when given); the response and, on 200, its parsed body. */
export async function scrape(url: string, token?: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const text = await response.text();
  return { response, text, parsed: response.status === 200 ? await Scrape.parse(text) : undefined };
}
