/**
 * Fuzz of the multipart upload route: random boundaries (also ones that appear in the data), missing or extra
 * parts, odd and nested field names, huge part headers, field floods, 10,000 tiny parts, no file, two files,
 * wrong content types, truncated bodies and an early client abort. Never a 5xx; a 4xx says what is wrong; a
 * refused request leaves no row and no spool file; the api still takes a good upload afterwards.
 * The only image the fuzz sends is uploaded once first, so every later copy is a duplicate: the model's row count
 * must never move while the fuzz runs.
 */
import { readdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { count, createDb, eq, media } from '@phoenix4ge/db';
import { LOCAL_TEMP_DIR } from '@phoenix4ge/shared/node';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLogger } from './support/captured-log';
import { checkProperty } from './support/fuzz';
import {
  createModel,
  isolatedPrefix,
  isolatedStorage,
  modelRow,
  signedInMember,
  startApi,
} from './support/harness';
import { fixture, upload } from './support/uploads';

const image = fixture('basi2c08.png');

interface Part {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
  extraHeaders: string[];
  content: Buffer;
}

interface Body {
  boundary: string;
  /** The boundary the Content-Type header names (another one: the body has no part the parser can find). */
  declaredBoundary: string;
  parts: Part[];
  ending: 'closed' | 'unclosed' | 'truncated' | 'garbage';
  contentType: 'multipart' | 'noBoundary' | 'mixed' | 'json' | 'none';
}

function encode(body: Body): Buffer {
  const chunks: Buffer[] = [];
  for (const part of body.parts) {
    const headers = [
      `Content-Disposition: form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`,
      ...(part.contentType ? [`Content-Type: ${part.contentType}`] : []),
      ...part.extraHeaders,
    ];
    chunks.push(Buffer.from(`--${body.boundary}\r\n${headers.join('\r\n')}\r\n\r\n`), part.content);
    chunks.push(Buffer.from('\r\n'));
  }
  const whole = Buffer.concat([
    ...chunks,
    Buffer.from(body.ending === 'closed' || body.ending === 'truncated' ? `--${body.boundary}--\r\n` : ''),
    Buffer.from(body.ending === 'garbage' ? 'trailing garbage\r\n--' : ''),
  ]);
  return body.ending === 'truncated' ? whole.subarray(0, Math.floor(whole.length / 2)) : whole;
}

function contentTypeOf(body: Body): string | undefined {
  return {
    multipart: `multipart/form-data; boundary=${body.declaredBoundary}`,
    noBoundary: 'multipart/form-data',
    mixed: `multipart/mixed; boundary=${body.declaredBoundary}`,
    json: 'application/json',
    none: undefined,
  }[body.contentType];
}

const boundaryChars = fc.constantFrom(
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'()+_,-./:=?".split(''),
);
const boundaryArbitrary = fc
  .array(boundaryChars, { minLength: 1, maxLength: 70 })
  .map((chars) => chars.join(''))
  .filter((boundary) => !boundary.endsWith(' '));

const fieldName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('file', 'category', 'altText', 'caption') },
  fc.constantFrom('', '__proto__', 'constructor', 'prototype', 'file[]', 'a[b][c]', 'file.name', '%00', 'ü'),
  fc.integer({ min: 200, max: 5000 }).map((n) => 'n'.repeat(n)),
  fc.string({ maxLength: 20 }).map((name) => name.replace(/["\r\n]/g, '')),
);

const contentArbitrary = (boundary: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(image) },
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    fc.constant(Buffer.alloc(0)),
    fc.string({ maxLength: 100 }).map((text) => Buffer.from(text)),
    // The boundary inside the data, almost and exactly as a delimiter (in bytes that are no image, so nothing new
    // is ever stored).
    fc
      .constantFrom(`--${boundary}x`, `\r\n--${boundary}`, `\r\n--${boundary}--`, `--${boundary}`)
      .map((text) => Buffer.from(`not an image ${text} still not an image`)),
  );

const partArbitrary = (boundary: string): fc.Arbitrary<Part> =>
  fc.record({
    name: fieldName,
    filename: fc.oneof(
      fc.constant(undefined),
      fc.constantFrom('a.png', '', '../../etc/passwd', 'x'.repeat(3000), 'ü.png', 'a\\b.png'),
    ),
    contentType: fc.constantFrom(undefined, 'image/png', 'application/octet-stream', 'text/plain', '???'),
    extraHeaders: fc.oneof(
      { weight: 4, arbitrary: fc.constant<string[]>([]) },
      fc.integer({ min: 1, max: 200 }).map((n) => Array.from({ length: n }, (_, i) => `X-Extra-${i}: ${i}`)),
      fc.integer({ min: 1000, max: 200_000 }).map((n) => [`X-Huge: ${'h'.repeat(n)}`]),
    ),
    content: contentArbitrary(boundary),
  });

const bodyArbitrary: fc.Arbitrary<Body> = boundaryArbitrary.chain((boundary) =>
  fc.record({
    boundary: fc.constant(boundary),
    declaredBoundary: fc.oneof({ weight: 6, arbitrary: fc.constant(boundary) }, boundaryArbitrary),
    parts: fc.array(partArbitrary(boundary), { maxLength: 6 }),
    ending: fc.constantFrom<Body['ending']>('closed', 'closed', 'closed', 'unclosed', 'truncated', 'garbage'),
    contentType: fc.constantFrom<Body['contentType']>(
      'multipart',
      'multipart',
      'multipart',
      'noBoundary',
      'mixed',
      'json',
      'none',
    ),
  }),
);

/** A form of `count` copies of one tiny part. */
const flood = (
  boundary: string,
  count: number,
  part: Omit<Part, 'content'> & { content?: Buffer },
): Body => ({
  boundary,
  declaredBoundary: boundary,
  parts: Array.from({ length: count }, () => ({ ...part, content: part.content ?? Buffer.from('x') })),
  ending: 'closed',
  contentType: 'multipart',
});

describe('fuzz: multipart uploads', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  const apiLog = capturedLogger();
  const refusedLines = () => apiLog.lines.filter((line) => line.msg === 'request refused');
  let db: ReturnType<typeof createDb>;
  let slug: string;
  let modelId: number;
  let editor: Record<string, string>;

  beforeAll(async () => {
    api = await startApi(
      { ...isolatedPrefix(), ...isolatedStorage(), HTTP_REQUEST_TIMEOUT_MS: '5000' },
      { logger: apiLog.logger },
    );
    db = createDb(api.config.database);
    slug = (await createModel(api)).slug;
    modelId = (await modelRow(api, slug)).id;
    editor = (await signedInMember(api, slug, 'editor')).headers;
    const first = await upload(api.url, slug, [{ name: 'seed.png', data: image }], { headers: editor });
    expect(first.status).toBe(201);
  });
  afterAll(async () => {
    await api?.stop();
    await db?.close();
  });

  const spoolFiles = () => readdir(path.join(api.config.storage.localPath, LOCAL_TEMP_DIR)).catch(() => []);
  const rows = async () =>
    (await db.db.select({ n: count() }).from(media).where(eq(media.modelId, modelId)))[0]?.n ?? 0;

  async function post(body: Body) {
    const contentType = contentTypeOf(body);
    const response = await fetch(`${api.url}/api/model-media-library/${slug}/upload`, {
      method: 'POST',
      headers: { 'x-p4g-csrf': '1', ...editor, ...(contentType ? { 'content-type': contentType } : {}) },
      body: encode(body),
      signal: AbortSignal.timeout(60_000),
    });
    return { status: response.status, text: await response.text() };
  }

  async function expectAnswered(body: Body, answer: { status: number; text: string }) {
    const label = `${answer.status} ${answer.text.slice(0, 400)}`;
    expect(answer.status, label).toBeLessThan(500);
    expect(answer.status, label).toBeGreaterThanOrEqual(200);
    const json = JSON.parse(answer.text) as {
      files?: { status: string; error?: { message?: string } }[];
      error?: { code?: string; message?: string };
    };
    if (answer.status >= 400 && !json.files) {
      expect(json.error?.code, label).toMatch(/^[A-Z_]+$/);
      expect(json.error?.message, label).toBeTruthy();
    }
    for (const file of json.files ?? []) {
      expect(file.status, label).not.toBe('created'); // only copies of the seed image are ever sent
      if (file.status === 'rejected') expect(file.error?.message, label).toBeTruthy();
    }
    // Nothing kept: no row (the image is always a duplicate), and the spool is empty once answered.
    expect(await rows(), label).toBe(1);
    await expect.poll(spoolFiles, { timeout: 5000 }).toEqual([]);
    expect(body).toBeDefined();
  }

  it('answers random multipart bodies with a 2xx or a 4xx and keeps nothing refused', async () => {
    await checkProperty(
      'multipart upload',
      bodyArbitrary,
      async (body) => expectAnswered(body, await post(body)),
      120,
    );
  }, 240_000);

  it('answers floods of parts and fields with a 4xx or 2xx', async () => {
    const cases: [string, Body][] = [
      [
        '10,000 tiny fields',
        flood('b', 10_000, {
          name: 'caption',
          filename: undefined,
          contentType: undefined,
          extraHeaders: [],
        }),
      ],
      [
        '10,000 tiny files',
        flood('b', 10_000, { name: 'file', filename: 'x.png', contentType: 'image/png', extraHeaders: [] }),
      ],
      [
        '101 copies of the image',
        flood('b', 101, {
          name: 'file',
          filename: 'x.png',
          contentType: 'image/png',
          extraHeaders: [],
          content: image,
        }),
      ],
      [
        '21 fields and no file',
        flood('b', 21, { name: 'caption', filename: undefined, contentType: undefined, extraHeaders: [] }),
      ],
      [
        'a field over 4 KiB',
        flood('b', 1, {
          name: 'caption',
          filename: undefined,
          contentType: undefined,
          extraHeaders: [],
          content: Buffer.alloc(10_000, 0x61),
        }),
      ],
      [
        'two files',
        flood('b', 2, {
          name: 'file',
          filename: 'x.png',
          contentType: 'image/png',
          extraHeaders: [],
          content: image,
        }),
      ],
      [
        'no file',
        flood('b', 1, { name: 'altText', filename: undefined, contentType: undefined, extraHeaders: [] }),
      ],
      [
        'no parts at all',
        flood('b', 0, { name: 'file', filename: 'x.png', contentType: 'image/png', extraHeaders: [] }),
      ],
    ];
    for (const [name, body] of cases) {
      const answer = await post(body);
      await expectAnswered(body, answer).catch((error: unknown) => {
        throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  }, 240_000);

  it('keeps nothing when the client goes away mid-body', async () => {
    const url = new URL(api.url);
    const photo = fixture('DSCN0010.jpg');
    const cuts = [
      [image, 10],
      [image, 200],
      [image, 2000],
      [photo, 100_000],
    ] as const;
    const refusedBefore = refusedLines().length;
    for (const [content, cut] of cuts) {
      const socket = net.connect({ host: url.hostname, port: Number(url.port) });
      await new Promise((resolve) => socket.once('connect', resolve));
      const part = Buffer.concat([
        Buffer.from('--cut\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n'),
        content,
      ]);
      socket.write(
        [
          `POST /api/model-media-library/${slug}/upload HTTP/1.1`,
          `Host: ${url.host}`,
          `Cookie: ${editor.cookie}`,
          'x-p4g-csrf: 1',
          'Content-Type: multipart/form-data; boundary=cut',
          `Content-Length: ${part.length + 100}`,
          '',
          '',
        ].join('\r\n'),
      );
      socket.write(part.subarray(0, cut));
      socket.destroy();
    }
    await expect.poll(spoolFiles, { timeout: 10_000 }).toEqual([]);
    expect(await rows()).toBe(1);
    // Every cut request ends, whether the client left before parsing began or mid-file, as a client fault: the
    // reset that caused it is not an unreachable service.
    await expect.poll(() => refusedLines().length - refusedBefore, { timeout: 10_000 }).toBe(cuts.length);
  });

  it('logs every refusal of the fuzz as a client fault, never at error level', () => {
    const errors = apiLog.lines.filter((line) => Number(line.level) >= 50);
    expect(errors.map((line) => `${line.msg}: ${(line.err as { message?: string })?.message}`)).toEqual([]);
  });

  it('stays healthy and takes a good upload after the fuzz', async () => {
    expect([200, 503]).toContain((await fetch(`${api.url}/health`)).status);
    const good = await upload(api.url, slug, [{ name: 'after.jpg', data: fixture('DSCN0010.jpg') }], {
      headers: editor,
    });
    expect(good.status).toBe(201);
  });
});
