import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';

/** One file of an archive: read from a stream opened when its turn comes, or a small buffer made here. */
export type ZipEntry =
  | { name: string; mtime: Date; open: () => Promise<Readable> }
  | { name: string; mtime: Date; data: Buffer };

/** How many entries wait in the archive's queue before more are asked for (each is a few hundred bytes). */
const LOOKAHEAD = 16;

/**
 * A ZIP of `entries`, as a stream (yazl, the only file that imports it). Entries are pulled from the iterable only
 * as the archive is written, and each file is opened only when its turn comes: at any time the archive holds a
 * few entries' names and one open file, never the archive or the whole list of files, and a slow client slows
 * the reading (stream back-pressure). Files are stored, not deflated: photos do not compress. Closing the stream
 * (the client went away) stops the reading and closes the open file; a failure (a file that cannot be read)
 * destroys the stream with that error.
 */
export function zipArchive(entries: AsyncIterable<ZipEntry>): Readable {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  let added = 0;
  let started = 0;
  let closed = false;
  let reading: Readable | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };

  const fail = (error: unknown) => {
    if (!output.destroyed) output.destroy(error instanceof Error ? error : new Error(String(error)));
  };
  zip.on('error', fail);
  output.on('close', () => {
    closed = true;
    reading?.destroy();
    notify();
  });

  async function fill() {
    for await (const entry of entries) {
      if (closed) return;
      const options = { mtime: entry.mtime, compress: false };
      added += 1;
      if ('data' in entry) {
        zip.addBuffer(entry.data, entry.name, options);
        started += 1;
      } else {
        zip.addReadStreamLazy(entry.name, options, (done) => {
          started += 1;
          notify();
          entry.open().then(
            (stream) => {
              reading = stream;
              if (closed) stream.destroy();
              else done(null, stream);
            },
            (error: unknown) => done(error, undefined as never),
          );
        });
      }
      while (!closed && added - started > LOOKAHEAD) await new Promise<void>((resolve) => (wake = resolve));
    }
    if (!closed) zip.end();
  }
  fill().catch(fail);
  return output;
}

/**
 * Archive names from stored filenames, each unique: `a.jpg`, `a (2).jpg`, `a (3).jpg`. Compared ignoring case, so
 * nothing overwrites another file when unpacked on Windows or macOS. Names are base names without control
 * characters (as uploads keep them) and no colons; anything else is made so.
 */
export function uniqueNames() {
  const taken = new Set<string>();
  return (wanted: string): string => {
    // A colon too: yazl refuses `C:…` as an absolute path (the whole archive failed), and Windows reads `a:b` as
    // a file's alternate data stream.
    const base = wanted
      .replace(/[\\/:]/g, '_')
      .replace(/\p{Cc}/gu, '')
      .trim();
    const name = base === '' || base === '.' || base === '..' ? 'unnamed' : base;
    const dot = name.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = `${stem} (${n})${extension}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  };
}
