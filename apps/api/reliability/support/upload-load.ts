import { randomInt } from 'node:crypto';
import sharp from 'sharp';

/** One upload the load driver sent, and what came back. */
export interface SentUpload {
  name: string;
  /** The HTTP status; absent when the connection failed before any answer. */
  status?: number;
  /** The media id a 2xx named (created or duplicate). */
  id?: number;
  /** `{ error: { code } }` of a refused request, or the rejected file's code. */
  code?: string;
  message?: string;
  /** Why no answer came (ECONNREFUSED, reset, timeout). */
  connectionError?: string;
}

/** A small JPEG no other upload has: its own noise and colour (so its sha256, and its media, are its own). */
export function uniqueJpeg(width = 320, height = 240): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: randomInt(256), g: randomInt(256), b: randomInt(256) },
      noise: { type: 'gaussian', mean: 128, sigma: 30 },
    },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** Posts one file to the upload route and records the outcome; never throws. */
export async function sendUpload(
  url: string,
  slug: string,
  cookie: string,
  name: string,
  data: Buffer,
): Promise<SentUpload> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type: 'image/jpeg' }), name);
  try {
    const response = await fetch(`${url}/api/model-media-library/${slug}/upload`, {
      method: 'POST',
      headers: { cookie, 'x-p4g-csrf': '1' },
      body: form,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    let body: {
      files?: { status: string; id?: number; error?: { code: string; message: string } }[];
      error?: { code: string; message: string };
    } = {};
    try {
      body = JSON.parse(text);
    } catch {
      return { name, status: response.status, message: text.slice(0, 200) };
    }
    const [file] = body.files ?? [];
    return {
      name,
      status: response.status,
      id: file?.id,
      code: body.error?.code ?? file?.error?.code,
      message: body.error?.message ?? file?.error?.message,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { name, connectionError: cause?.code ?? cause?.message ?? String(error) };
  }
}

export const gotTwoHundred = (upload: SentUpload) =>
  upload.status !== undefined && upload.status >= 200 && upload.status < 300;

/**
 * A steady upload load: `concurrency` clients, each posting a fresh unique JPEG, waiting `pauseMs`, and posting
 * again, until `stop()`. Records every upload; `accepted()` are the ones answered 2xx (durable by the product's
 * promise), whatever happened to the api, Redis, the database or storage meanwhile.
 */
export function startUploadLoad(options: {
  url: string;
  slug: string;
  cookie: string;
  concurrency: number;
  pauseMs?: number;
  /** A prefix for the file names, so a trial's repetitions are told apart. */
  label?: string;
}) {
  const sent: SentUpload[] = [];
  let inFlight = 0;
  let counter = 0;
  let stopping = false;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function client() {
    while (!stopping) {
      counter += 1;
      const name = `${options.label ?? 'load'}-${counter}.jpg`;
      const data = await uniqueJpeg();
      inFlight += 1;
      const result = await sendUpload(options.url, options.slug, options.cookie, name, data);
      inFlight -= 1;
      sent.push(result);
      // A refused connection would otherwise spin: wait a little longer then.
      await pause(result.connectionError ? 200 : (options.pauseMs ?? 0));
    }
  }
  const clients = Array.from({ length: options.concurrency }, () => client());

  return {
    sent: () => [...sent],
    inFlight: () => inFlight,
    accepted: () => sent.filter(gotTwoHundred),
    /** Stops posting new uploads and waits for the ones in flight to be answered. */
    async stop(): Promise<SentUpload[]> {
      stopping = true;
      await Promise.all(clients);
      return [...sent];
    },
  };
}

export type UploadLoad = ReturnType<typeof startUploadLoad>;

/** Counts by outcome, for a trial's notes: `41 × 201, 3 × 503, 2 × no answer (ECONNREFUSED)`. */
export function outcomeCounts(uploads: SentUpload[]): string {
  const counts = new Map<string, number>();
  for (const upload of uploads) {
    const key =
      upload.status !== undefined
        ? `${upload.status}${upload.code && upload.status >= 300 ? ` ${upload.code}` : ''}`
        : `no answer (${upload.connectionError})`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${count} × ${key}`).join(', ');
}
