import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** bash's `times`: its own and its children's user and system time, e.g. `0m1.234s 0m0.567s`. */
const secondsOf = (text: string) => {
  const [minutes, seconds] = text.replace(/s$/, '').split('m');
  return Number(minutes) * 60 + Number(seconds);
};

/**
 * Posts each file to `url` as the multipart field `file`, one curl per file (`-F file=@…`: libcurl streams the
 * file into the multipart body), `parallel` at a time, and returns the CPU seconds the curls used (bash's
 * `times`, its children's line, which counts xargs' children too). The client shares the two cores with the api,
 * so it is kept as cheap as a browser's native upload, in C as wrk is for the public benchmark: node:http
 * streaming the files in 1 MB reads cost 3.4 ms of CPU per MB, fetch with a FormData of a Blob 9.7 ms, as much
 * as the api's main thread. Every answer must be a 201.
 */
export async function postWithCurl(
  url: string,
  files: string[],
  options: { cookie: string; type: string; parallel: number },
): Promise<number> {
  const script = [
    'printf "%s\\0" "$@" | xargs -0 -P "$P4G_PARALLEL" -I{} "$P4G_CURL" --silent --show-error --output /dev/null ' +
      '--write-out "%{http_code}\\n" -H "Expect:" -H "x-p4g-csrf: 1" -H "cookie: $P4G_COOKIE" ' +
      '-F "file=@{};type=$P4G_TYPE" "$P4G_URL"',
    'times',
  ].join('\n');
  const { stdout } = await execFileAsync('bash', ['-c', script, 'bash', ...files], {
    env: {
      ...process.env,
      P4G_CURL: process.env.CURL_PATH ?? 'curl',
      P4G_COOKIE: options.cookie,
      P4G_URL: url,
      P4G_TYPE: options.type,
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
}
