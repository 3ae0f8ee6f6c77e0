import { readdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { createDb, eq, media } from '@phoenix4ge/db';
import { LOCAL_TEMP_DIR } from '@phoenix4ge/shared/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createModel,
  isolatedPrefix,
  isolatedStorage,
  modelRow,
  signedInMember,
  startApi,
} from './support/harness';
import { fixture, upload } from './support/uploads';

describe('upload: bad requests and limits', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let db: ReturnType<typeof createDb>;
  let slug: string;
  let editor: Record<string, string>;
  let viewer: Record<string, string>;

  beforeAll(async () => {
    api = await startApi({
      ...isolatedPrefix(),
      ...isolatedStorage(),
      MEDIA_MAX_FILE_SIZE: String(300 * 1024),
      HTTP_REQUEST_TIMEOUT_MS: '3000',
    });
    db = createDb(api.config.database);
    slug = (await createModel(api)).slug;
    editor = (await signedInMember(api, slug, 'editor')).headers;
    viewer = (await signedInMember(api, slug, 'viewer')).headers;
  });
  afterAll(async () => {
    await api?.stop();
    await db?.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const spoolFiles = () => readdir(path.join(api.config.storage.localPath, LOCAL_TEMP_DIR)).catch(() => []);
  const rowsOfModel = async () =>
    db.db
      .select({ id: media.id })
      .from(media)
      .where(eq(media.modelId, (await modelRow(api, slug)).id));
  /**
   * Watches (without changing) the upload service: once `receiveRequest` has settled, the server is done with the
   * request's files, so nothing can be spooled, stored or recorded for them any more.
   */
  const watchReceive = () => {
    const receive = vi.spyOn(api.services.upload, 'receiveRequest');
    return {
      settled: () => receive.mock.settledResults.map((result) => result.type),
    };
  };

  it('answers 400 for a request without a file part or not multipart at all', async () => {
    const empty = await upload(api.url, slug, [], { headers: editor, fields: { caption: 'no file' } });
    expect(empty).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: 'The request has no file part' } },
    });
    const json = await fetch(`${api.url}/api/model-media-library/${slug}/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1', ...editor },
      body: '{}',
    });
    expect(json.status).toBe(400);
  });

  it('answers 404 for an unknown model, 403 for a viewer, 401 anonymous', async () => {
    const file = [{ name: 'a.jpg', data: fixture('Sony_alpha_a58.JPG') }];
    expect((await upload(api.url, 'no-such-model', file, { headers: editor })).status).toBe(404);
    expect((await upload(api.url, slug, file, { headers: viewer })).status).toBe(403);
    expect((await upload(api.url, slug, file)).status).toBe(401);
  });

  it('refuses a file over MEDIA_MAX_FILE_SIZE with 413 and keeps nothing', async () => {
    const before = (await rowsOfModel()).length;
    const big = fixture('iphone_hdr_YES.jpg');
    expect(big.length).toBeGreaterThan(300 * 1024);
    const result = await upload(api.url, slug, [{ name: 'big.jpg', data: big }], { headers: editor });
    expect(result.status).toBe(413);
    expect(result.body.files?.[0]).toMatchObject({ status: 'rejected', error: { code: 'FILE_TOO_LARGE' } });
    expect(await spoolFiles()).toEqual([]);
    expect((await rowsOfModel()).length).toBe(before);
  });

  it('refuses empty files, and lies about the type (a PDF named .jpg) by content', async () => {
    const empty = await upload(api.url, slug, [{ name: 'empty.jpg', data: Buffer.alloc(0) }], {
      headers: editor,
    });
    expect(empty).toMatchObject({ status: 422, body: { files: [{ error: { code: 'EMPTY_FILE' } }] } });
    const pdf = await upload(
      api.url,
      slug,
      [{ name: 'holiday.jpg', data: fixture('pdf.pdf'), type: 'image/jpeg' }],
      { headers: editor },
    );
    expect(pdf).toMatchObject({ status: 415, body: { files: [{ error: { code: 'UNSUPPORTED_TYPE' } }] } });
    const html = await upload(
      api.url,
      slug,
      [{ name: 'x.png', data: Buffer.from('<html><script>alert(1)</script></html>') }],
      {
        headers: editor,
      },
    );
    expect(html.status).toBe(415);
  });

  it('handles several files in one request, each with its own outcome, and keeps the fields', async () => {
    const result = await upload(
      api.url,
      slug,
      [
        { name: 'one.png', data: fixture('basn3p08.png') },
        { name: 'bug.svg', data: fixture('check.svg') },
        { name: 'two.gif', data: fixture('transparent.gif') },
      ],
      { headers: editor, fields: { altText: 'Alt for all', caption: 'Shoot 1' } },
    );
    expect(result.status).toBe(200);
    expect(result.body.files?.map((file) => file.status)).toEqual(['created', 'rejected', 'created']);
    const first = result.body.files?.[0];
    expect(first?.status === 'created' && first.media).toMatchObject({
      altText: 'Alt for all',
      caption: 'Shoot 1',
      mimeType: 'image/png',
    });
  });

  it('turns concurrent uploads of the same content into one media row', async () => {
    const data = fixture('Kodak_CX7530.jpg');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        upload(api.url, slug, [{ name: `same-${index}.jpg`, data }], { headers: editor }),
      ),
    );
    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(
      results
        .map((result) => result.body.files?.[0])
        .map((file) => (file?.status !== 'rejected' ? file?.id : 0)),
    );
    expect(ids.size).toBe(1);
    const rows = await db.db
      .select({ name: media.originalFilename })
      .from(media)
      .where(eq(media.modelId, (await modelRow(api, slug)).id));
    expect(rows.filter((row) => row.name.startsWith('same-'))).toHaveLength(1);
  });

  it('leaves no partial file and no row when the client aborts mid-upload', async () => {
    const before = (await rowsOfModel()).length;
    const receive = watchReceive();
    const url = new URL(api.url);
    const boundary = 'p4gboundary';
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      [
        `POST /api/model-media-library/${slug}/upload HTTP/1.1`,
        `Host: ${url.host}`,
        `Cookie: ${editor.cookie}`,
        'x-p4g-csrf: 1',
        `Content-Type: multipart/form-data; boundary=${boundary}`,
        'Content-Length: 200000',
        '',
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="partial.jpg"',
        'Content-Type: image/jpeg',
        '',
        '',
      ].join('\r\n'),
    );
    socket.write(fixture('Canon_40D.jpg').subarray(0, 20_000));
    // The server is spooling the part: the partial file exists.
    await expect.poll(spoolFiles, { timeout: 10_000 }).toHaveLength(1);
    socket.destroy();
    await expect.poll(receive.settled, { timeout: 10_000 }).toEqual(['rejected']);
    expect(await spoolFiles()).toEqual([]);
    expect((await rowsOfModel()).length).toBe(before);
  });

  it('times out a slowloris-style body and keeps nothing', async () => {
    const receive = watchReceive();
    const url = new URL(api.url);
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = '';
    let answer: string | undefined;
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('close', () => (answer = received));
    socket.write(
      `POST /api/model-media-library/${slug}/upload HTTP/1.1\r\nHost: ${url.host}\r\nCookie: ${editor.cookie}\r\nx-p4g-csrf: 1\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="slow.jpg"\r\n\r\n`,
    );
    // A byte every 500 ms: the 100 kB body would take over 13 hours; HTTP_REQUEST_TIMEOUT_MS is 3 s.
    const drip = setInterval(() => socket.writable && socket.write(Buffer.from([0xff])), 500);
    try {
      await expect.poll(spoolFiles, { timeout: 10_000 }).toHaveLength(1);
      await expect.poll(() => answer, { timeout: 10_000 }).toBeDefined();
    } finally {
      clearInterval(drip);
    }
    expect(answer === '' || answer?.startsWith('HTTP/1.1 408')).toBe(true);
    await expect.poll(receive.settled, { timeout: 10_000 }).toEqual(['rejected']);
    expect(await spoolFiles()).toEqual([]);
  });
});
