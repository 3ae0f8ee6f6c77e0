import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDb, createPublicationRepository, eq, media } from '@phoenix4ge/db';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createModel,
  isolatedPrefix,
  isolatedStorage,
  signedInAdmin,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from './support/harness';
import type { RawResponse } from './support/raw-http';
import { rawGet } from './support/raw-http';
import { fixture, upload } from './support/uploads';

/**
 * Every GET route of the api, sorted into those that send stored bytes (files, archives, pages from disk) and
 * those that answer JSON or text made here. A new route fails the first test until it is placed in one list;
 * a file route also needs its place in `fileRoutes` below, where the traversal probes are aimed.
 */
const FILE_ROUTES = [
  '/media/*',
  '/i/:token/:preset',
  '/api/model-media-library/:modelSlug/download/:token',
  '/api/exports/:token',
  '/api/public/:modelSlug/media/:mediaId/download',
  '/portfolio/:modelSlug',
  // @fastify/static (the built SPA): one route per file of the build, checked through `/assets/…` and `/…`.
  'spa static files',
];
const JSON_ROUTES = [
  '/health',
  '/metrics',
  '/api/model-media-library/:modelSlug',
  '/api/model-media-library/:modelSlug/:mediaId',
  '/api/public/:modelSlug/gallery',
  '/api/public/:modelSlug/categories',
];

/** The hostile spellings of "the folder above", for a target path relative to where the route reads. */
function traversals(target: string): string[] {
  const encoded = target.split('/').map(encodeURIComponent);
  const join = (separator: string, up: string, depth = 6) =>
    `${Array(depth).fill(up).join(separator)}${separator}${encoded.join(separator)}`;
  return [
    join('/', '..'),
    join('%2f', '..'),
    join('%2F', '%2e%2e'),
    join('/', '%2e%2e'),
    join('%252f', '%252e%252e'),
    join('%5c', '..'),
    join('\\', '..'),
    join('/', '.%2e'),
    // Overlong UTF-8 for "." and "/" (CVE-2000-0884 style), and its 3-byte form.
    join('%c0%af', '%c0%ae%c0%ae'),
    join('%e0%80%af', '%e0%80%ae%e0%80%ae'),
    // A null byte cutting a "safe" extension off.
    `${join('/', '..')}%00.jpg`,
    `${join('/', '..')}%00`,
  ];
}

describe('file routes: traversal, content types, nosniff, hostile uploads and the session cookie', () => {
  const prefix = isolatedPrefix();
  const storage = isolatedStorage();
  const root = storage.MEDIA_STORAGE_PATH ?? '';
  const secret = `SECRET-${randomBytes(12).toString('hex')}`;
  const outside = `p4g-outside-${randomBytes(4).toString('hex')}.txt`;
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let slug: string;
  let editor: { cookie: string };
  let admin: Awaited<ReturnType<typeof signedInAdmin>>;
  let id: number;
  let token: string;
  let originalKey: string;
  let variantKey: string;
  let indexHtml: Buffer;

  beforeAll(async () => {
    // Foreign bytes next to the storage root and inside it under names that are no storage key.
    mkdirSync(path.join(root, '.tmp'), { recursive: true });
    mkdirSync(path.join(root, 'originals'), { recursive: true });
    writeFileSync(path.join(root, '..', outside), secret);
    writeFileSync(path.join(root, 'secret.txt'), secret);
    writeFileSync(path.join(root, '.tmp', 'secret.part'), secret);
    writeFileSync(path.join(root, 'originals', 'secret.jpg'), secret);

    api = await startApi({ ...prefix, ...storage });
    indexHtml = readFileSync(path.join(api.config.webDistPath, 'index.html'));
    worker = await startWorker({ ...prefix, ...storage, MODERATION_PROVIDER: 'manual' });
    db = createDb(api.config.database);
    slug = (await createModel(api)).slug;
    editor = await signedInMember(api, slug, 'editor');
    admin = await signedInAdmin(api);
    const result = await upload(
      api.url,
      slug,
      [{ name: 'Landscape_1.jpg', data: fixture('Landscape_1.jpg') }],
      {
        headers: { cookie: editor.cookie },
      },
    );
    const outcome = result.body.files?.[0];
    if (outcome?.status !== 'created') throw new Error('upload not created');
    id = outcome.id;
    await until(
      () => db.db.query.media.findFirst({ where: eq(media.id, id) }),
      (row) => row?.processingStatus === 'ready',
      60_000,
    );
    await admin.client.moderation.decide.mutate({ modelSlug: slug, ids: [id], decision: 'approve' });
    const row = await db.db.query.media.findFirst({ where: eq(media.id, id) });
    if (row?.publicVersion == null) throw new Error('not public after approval');
    const tokens = await createPublicationRepository(db.db).tokensFor(row.modelId, [
      { id, publicVersion: row.publicVersion },
    ]);
    token = tokens.get(id) ?? '';
    const detail = await admin.client.media.byId.query({ modelSlug: slug, id });
    originalKey = (detail.originalUrl ?? '').replace(/^\/media\//, '');
    variantKey = (detail.variants.find((variant) => variant.preset === 'md')?.url ?? '').replace(
      /^\/media\//,
      '',
    );
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.close();
  });

  it('knows every GET route: each is either a file route probed here or a JSON route', () => {
    const gets = new Set(
      api.routes
        .filter((route) => [route.method].flat().includes('GET'))
        .map((route) => route.url)
        .filter((url) => !url.startsWith('/trpc')),
    );
    const staticFiles = [...gets].filter(
      (url) => !url.includes(':') && !url.includes('*') && path.extname(url),
    );
    const known = new Set([...FILE_ROUTES, ...JSON_ROUTES, ...staticFiles]);
    expect(
      [...gets].filter((url) => !known.has(url)),
      'GET routes this test does not know',
    ).toEqual([]);
  });

  /** Every file route with each of its path parameters replaced by `payload` in turn (the rest kept valid). */
  function probesFor(payload: string) {
    return [
      `/media/${payload}`,
      `/media/originals/${payload}`,
      `/media/${originalKey}/${payload}`,
      `/media/${variantKey.split('/').slice(0, 4).join('/')}/${payload}`,
      `/i/${payload}`,
      `/i/${token}/${payload}`,
      `/i/${payload}/md`,
      `/api/model-media-library/${slug}/download/${payload}`,
      `/api/exports/${payload}`,
      `/api/public/${slug}/media/${payload}/download`,
      `/api/public/${payload}/media/${id}/download`,
      `/portfolio/${payload}`,
      `/assets/${payload}`,
      `/${payload}`,
    ];
  }

  /**
   * Refused: 400 or 404. A page path outside the api's prefixes may get the SPA's own index.html (client-side
   * routes), byte for byte, and nothing else; a file route's path never does.
   */
  function expectRefused(response: RawResponse, probe: string) {
    const spaPage =
      !/^\/(media|i|api|portfolio)\//.test(probe) &&
      response.status === 200 &&
      response.headers['content-type']?.startsWith('text/html') &&
      response.body.equals(indexHtml);
    if (!spaPage) expect([400, 404], `${probe} → ${response.status}`).toContain(response.status);
    expect(response.body.includes(secret), `${probe} served the secret`).toBe(false);
    expect(response.body.toString('latin1'), probe).not.toMatch(/root:x:0:0|\[boot loader\]/);
  }

  it('refuses every traversal spelling on every file route (never a foreign byte, never a 500)', async () => {
    const targets = [
      outside,
      'secret.txt',
      '.tmp/secret.part',
      'originals/secret.jpg',
      'etc/passwd',
      'windows/win.ini',
    ];
    const cookie = `${admin.cookie}`;
    for (const target of targets) {
      for (const payload of traversals(target)) {
        for (const probe of probesFor(payload)) {
          expectRefused(await rawGet(api.url, probe, { cookie }), probe);
        }
      }
    }
    // Names inside the storage root that are no storage key, and absolute paths.
    const direct = [
      'secret.txt',
      '.tmp/secret.part',
      '.tmp%2fsecret.part',
      'originals/secret.jpg',
      `${originalKey}%00.html`,
      `${originalKey}/`,
      `${originalKey}%2f..%2f..%2f..%2f..%2fsecret.txt`,
      encodeURIComponent(path.join(root, 'secret.txt')),
      `/${path.join(root, 'secret.txt')}`,
      `%2f${path.join(root, 'secret.txt').slice(1)}`,
      '/etc/passwd',
      'C:%5cwindows%5cwin.ini',
      'file:%2f%2f%2fetc%2fpasswd',
    ];
    for (const payload of direct) {
      for (const probe of probesFor(payload)) expectRefused(await rawGet(api.url, probe, { cookie }), probe);
    }
  }, 300_000);

  it('serves the same files when asked properly (the probes above aimed at real routes)', async () => {
    const cookie = admin.cookie;
    expect((await rawGet(api.url, `/media/${originalKey}`, { cookie })).status).toBe(200);
    expect((await rawGet(api.url, `/media/${variantKey}`, { cookie })).status).toBe(200);
    expect((await rawGet(api.url, `/i/${token}/md`)).status).toBe(200);
    expect((await rawGet(api.url, `/api/public/${slug}/media/${id}/download`)).status).toBe(200);
  });

  /** Content types a response carrying user bytes may have. */
  function expectSafeType(response: Response, what: string) {
    expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
    const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const disposition = response.headers.get('content-disposition') ?? '';
    const allowed =
      /^image\/(jpeg|png|gif|webp|avif|tiff)$/.test(type) ||
      (['application/zip', 'application/octet-stream'].includes(type) &&
        disposition.startsWith('attachment'));
    expect(allowed, `${what}: ${type} (${disposition})`).toBe(true);
  }

  it('answers every response carrying user bytes with nosniff and an image, ZIP or attachment type', async () => {
    const asAdmin = { headers: { cookie: admin.cookie } };
    const detail = await admin.client.media.byId.query({ modelSlug: slug, id });
    expectSafeType(await fetch(`${api.url}${detail.originalUrl}`, asAdmin), 'original');
    for (const variant of detail.variants)
      expectSafeType(await fetch(`${api.url}${variant.url}`, asAdmin), variant.url);
    for (const accept of ['image/avif,image/webp,*/*', 'text/html', '*/*', 'image/svg+xml'])
      expectSafeType(await fetch(`${api.url}/i/${token}/md`, { headers: { accept } }), `/i/ (${accept})`);
    expectSafeType(await fetch(`${api.url}/api/public/${slug}/media/${id}/download`), 'public download');

    const zip = await admin.client.media.prepareDownload.mutate({
      modelSlug: slug,
      selection: { ids: [id] },
    });
    const archive = await fetch(`${api.url}${zip.url}`, asAdmin);
    expectSafeType(archive, 'ZIP download');
    await archive.arrayBuffer();

    const requested = await admin.client.models.export.mutate({ modelSlug: slug });
    await until(
      async () => (await admin.client.models.exports.query({ modelSlug: slug }))[0]?.status,
      (status) => status === 'ready',
      60_000,
    );
    const exportUrl = requested.url.startsWith('http') ? requested.url : `${api.url}${requested.url}`;
    const exported = await fetch(exportUrl, asAdmin);
    expect(exported.status).toBe(200);
    expectSafeType(exported, 'GDPR export');
    await exported.arrayBuffer();

    // Refusals carry nosniff too (a JSON error echoing a path must never be sniffed as HTML).
    const refused = await fetch(`${api.url}/media/%3Cscript%3Ealert(1)%3C%2Fscript%3E.jpg`);
    expect(refused.status).toBe(404);
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('refuses SVG and HTML at upload whatever their name or declared type, and serves polyglots as images', async () => {
    const headers = { cookie: editor.cookie };
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
    );
    const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
    const hostile = [
      { name: 'photo.jpg', data: svg, type: 'image/jpeg' },
      { name: 'photo.svg', data: svg, type: 'image/svg+xml' },
      { name: 'check.png', data: fixture('check.svg'), type: 'image/png' },
      { name: 'page.gif', data: html, type: 'image/gif' },
      { name: 'page.html', data: html, type: 'text/html' },
      { name: 'xml.webp', data: Buffer.from(`<?xml version="1.0"?>${svg}`), type: 'image/webp' },
    ];
    for (const file of hostile) {
      const result = await upload(api.url, slug, [file], { headers });
      expect(result.status, file.name).toBe(415);
      expect(result.body.files?.[0]?.status).toBe('rejected');
    }
    // A real JPEG with HTML after its end is a JPEG: stored and served as image/jpeg, never text/html.
    const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#c33' } })
      .jpeg()
      .toBuffer();
    const polyglot = Buffer.concat([jpeg, html]);
    const result = await upload(
      api.url,
      slug,
      [{ name: 'polyglot.html', data: polyglot, type: 'text/html' }],
      {
        headers,
      },
    );
    const created = result.body.files?.[0];
    if (created?.status !== 'created') throw new Error(`polyglot: ${JSON.stringify(result.body)}`);
    const detail = await admin.client.media.byId.query({ modelSlug: slug, id: created.id });
    expect(detail.originalUrl).toMatch(/\.jpg$/);
    const served = await fetch(`${api.url}${detail.originalUrl}`, { headers: { cookie: admin.cookie } });
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expectSafeType(served, 'polyglot original');
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, Path=/, without Domain; Secure over https', async () => {
    const login = async (base: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${base}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1', ...headers },
        body: JSON.stringify({ json: { email: admin.admin.email, password: admin.admin.password } }),
      });
      expect(response.status).toBe(200);
      const cookie = response.headers.getSetCookie().find((header) => header.startsWith('p4g_session='));
      return (cookie ?? '').split(';').map((part) => part.trim().toLowerCase());
    };
    const plain = await login(api.url);
    expect(plain).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
    expect(plain.some((part) => part.startsWith('domain='))).toBe(false);
    expect(plain).not.toContain('secure');
    // A forged X-Forwarded-Proto is ignored without TRUST_PROXY…
    expect(await login(api.url, { 'x-forwarded-proto': 'https' })).not.toContain('secure');

    // …and honoured behind a trusted proxy, where the browser talks https.
    const proxied = await startApi({ ...prefix, ...storage, TRUST_PROXY: 'true' });
    try {
      const secure = await login(proxied.url, { 'x-forwarded-proto': 'https' });
      expect(secure).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/', 'secure']));
      expect(secure.some((part) => part.startsWith('domain='))).toBe(false);
    } finally {
      await proxied.stop();
    }
  });

  it('keeps the CSRF stance of the README: header or API key for cookie writes, foreign Origin refused', async () => {
    const mutate = (headers: Record<string, string>) =>
      fetch(`${api.url}/trpc/categories.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: editor.cookie, ...headers },
        body: JSON.stringify({ json: { modelSlug: slug, name: `c-${randomBytes(3).toString('hex')}` } }),
      });
    expect((await mutate({})).status).toBe(403);
    expect((await mutate({ 'x-p4g-csrf': '1', origin: 'https://evil.example' })).status).toBe(403);
    expect((await mutate({ 'x-p4g-csrf': '1' })).status).toBe(200);
    // A cookie upload without the header is refused before any byte is stored.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(fixture('Landscape_2.jpg'))]), 'csrf.jpg');
    const uploadResponse = await fetch(`${api.url}/api/model-media-library/${slug}/upload`, {
      method: 'POST',
      headers: { cookie: editor.cookie },
      body: form,
    });
    expect(uploadResponse.status).toBe(403);
    // Keep the typed client in use so a CSRF regression on tRPC reads is noticed too.
    expect(
      await trpcClient(api.url, { cookie: editor.cookie }).categories.list.query({ modelSlug: slug }),
    ).toBeDefined();
  });
});
