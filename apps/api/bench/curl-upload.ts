import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** bash's `times`: its own and its children's user and system time, e.g. `0m1.234s 0m0.567s`. */
const secondsOf = (text: string) => {
  const [minutes, seconds] = text.replace(/s$/, '').split('m');
  return Number(minutes) * 60 + Number(seconds);
};

/** A value in a curl config file: double-quoted, with `\` and `"` escaped (curl's own config syntax). */
const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** One transfer of a curl config: its options are reset by the `next` that separates it from the one before. */
const transferOf = (url: string, file: string, options: { cookie: string; type: string }) =>
  [
    `url = ${quoted(url)}`,
    'output = "/dev/null"',
    'write-out = "%{http_code}\\n"',
    'header = "Expect:"',
    'header = "x-p4g-csrf: 1"',
    `header = ${quoted(`cookie: ${options.cookie}`)}`,
    `form = ${quoted(`file=@${file};type=${options.type}`)}`,
  ].join('\n');

/**
 * Posts each file to `url` as the multipart field `file` (`-F file=@…`: libcurl streams the file into the
 * multipart body), `parallel` at a time, all from one curl process (`--parallel`, one transfer per file, as a
 * browser sends several uploads from one process), and returns the CPU seconds it used (bash's `times`, its
 * children's line). The client shares the two cores with the api, so it is kept as cheap as a browser's native
 * upload, in C as wrk is for the public benchmark: node:http streaming the files in 1 MB reads cost 3.4 ms of CPU
 * per MB, fetch with a FormData of a Blob 9.7 ms, as much as the api's main thread; one curl per file paid a
 * process start (33 shared libraries) per upload. Every answer must be a 201.
 */
export async function postWithCurl(
  url: string,
  files: string[],
  options: { cookie: string; type: string; parallel: number },
): Promise<number> {
  const folder = await mkdtemp(join(tmpdir(), 'p4g-curl-'));
  try {
    const config = join(folder, 'uploads.curlrc');
    const transfers = files.map((file) => transferOf(url, file, options)).join('\nnext\n');
    await writeFile(config, `${transfers}\n`);
    const script = [
      '"$P4G_CURL" --silent --show-error --parallel --parallel-immediate --parallel-max "$P4G_PARALLEL" --config "$P4G_CONFIG"',
      'times',
    ].join('\n');
    const { stdout } = await execFileAsync('bash', ['-c', script], {
      env: {
        ...process.env,
        P4G_CURL: process.env.CURL_PATH ?? 'curl',
        P4G_CONFIG: config,
        P4G_PARALLEL: String(options.parallel),
      },
      maxBuffer: 10 * 1024 * 1024,
    });
    const lines = stdout.trim().split('\n');
    const children = lines.at(-1)?.split(' ') ?? [];
    const statuses = lines.slice(0, -2);
    const refused = statuses.filter((status) => status !== '201');
    if (statuses.length !== files.length || refused.length > 0) {
      throw new Error(`uploads answered ${statuses.join(', ')}`);
    }
    return secondsOf(children[0] ?? '') + secondsOf(children[1] ?? '');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
