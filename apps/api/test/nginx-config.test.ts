import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, createPublicationRepository, eq, media } from '@phoenix4ge/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createModel,
  isolatedPrefix,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from './support/harness';
import { freePort } from './support/ports';
import { describeNeeding, need } from './support/requirements';
import { fixture, upload } from './support/uploads';

const confPath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../ops/nginx/phoenix4ge.conf',
);
const nginx =
  process.env.NGINX_PATH ??
  ['/usr/sbin/nginx', ...(process.env.PATH ?? '').split(':').map((dir) => path.join(dir, 'nginx'))].find(
    (candidate) => existsSync(candidate),
  );
const chrome = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';

/** Our file with the deployment's values swapped for this test's (each must be present, or the test fails). */
function adapt(conf: string, replacements: [string, string][]) {
  let result = conf;
  for (const [from, to] of replacements) {
    expect(result).toContain(from);
    result = result.replaceAll(from, to);
  }
  return result;
}

/** A prefix folder with a minimal nginx.conf that includes `conf` inside http {}. */
async function nginxPrefix(conf: string) {
  const prefix = await mkdtemp(path.join(os.tmpdir(), 'p4g-nginx-'));
  await mkdir(path.join(prefix, 'tmp'));
  await mkdir(path.join(prefix, 'cache'));
  await writeFile(path.join(prefix, 'phoenix4ge.conf'), conf);
  await writeFile(
    path.join(prefix, 'nginx.conf'),
    [
      'pid nginx.pid;',
      'error_log error.log;',
      'events {}',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (name) => `  ${name}_temp_path tmp/${name};`,
      ),
      '  include phoenix4ge.conf;',
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-e', path.join(prefix, 'error.log')];
  return { prefix, args };
}

describeNeeding(
  [need(nginx, 'nginx (Debian: apt-get install nginx, or set NGINX_PATH)')],
  'ops/nginx/phoenix4ge.conf',
  () => {
    const nginxPath = nginx ?? 'nginx';
    const prefixes: string[] = [];
    let proxy: ChildProcess | undefined;
    const env = { ...isolatedPrefix(), MODERATION_PROVIDER: 'manual' };
    let api: Awaited<ReturnType<typeof startApi>>;
    let worker: Awaited<ReturnType<typeof startWorker>>;
    let db: ReturnType<typeof createDb>;

    beforeAll(async () => {
      api = await startApi(env);
      worker = await startWorker(env);
      db = createDb(api.config.database);
    });
    afterAll(async () => {
      proxy?.kill('SIGTERM');
      await worker?.stop();
      await api?.stop();
      await db?.close();
      for (const prefix of prefixes) await rm(prefix, { recursive: true, force: true });
    });

    it('passes nginx -t', async () => {
      const conf = adapt(await readFile(confPath, 'utf8'), [['/var/cache/nginx/', '__PREFIX__/cache/']]);
      const { prefix, args } = await nginxPrefix('');
      prefixes.push(prefix);
      await writeFile(path.join(prefix, 'phoenix4ge.conf'), conf.replaceAll('__PREFIX__', prefix));
      const result = spawnSync(nginxPath, ['-t', ...args], { encoding: 'utf8' });
      expect(result.stderr).toMatch(/test is successful/);
      expect(result.status).toBe(0);
    });

    it('proxies an upload, a live SSE stream and cached public images', async () => {
      const port = await freePort();
      const apiPort = new URL(api.url).port;
      const conf = adapt(await readFile(confPath, 'utf8'), [
        ['/var/cache/nginx/', '__PREFIX__/cache/'],
        ['listen 80;', `listen 127.0.0.1:${port};`],
        ['server 127.0.0.1:3000;', `server 127.0.0.1:${apiPort};`],
      ]);
      const { prefix, args } = await nginxPrefix('');
      prefixes.push(prefix);
      await writeFile(path.join(prefix, 'phoenix4ge.conf'), conf.replaceAll('__PREFIX__', prefix));
      // One process as this user, in the foreground: no worker user to switch to.
      proxy = spawn(nginxPath, [...args, '-g', 'daemon off; master_process off;'], { stdio: 'inherit' });
      const url = `http://127.0.0.1:${port}`;
      await until(
        () =>
          fetch(`${url}/health`).then(
            (response) => response.status,
            () => 0,
          ),
        (status) => status === 200,
        15_000,
      );

      const slug = (await createModel(api)).slug;
      const { headers } = await signedInMember(api, slug, 'editor');
      const client = trpcClient(url, headers);

      // The upload goes through, and its processing arrives live on an SSE stream through nginx (unbuffered: with
      // buffering the few small events would sit in nginx's buffer and this would time out).
      const id = await new Promise<number>((resolve, reject) => {
        let uploaded = 0;
        const subscription = client.media.onChange.subscribe(
          { modelSlug: slug },
          {
            onStarted: () => {
              upload(url, slug, [{ name: 'through-nginx.jpg', data: fixture('DSCN0010.jpg') }], {
                headers,
              }).then((result) => {
                expect(result.status).toBe(201);
                uploaded = result.body.files?.[0]?.status === 'created' ? result.body.files[0].id : -1;
              }, reject);
            },
            onData: ({ data }) => {
              if (data.kind === 'item' && data.mediaId === uploaded && data.change === 'ready') {
                subscription.unsubscribe();
                resolve(uploaded);
              }
            },
            onError: reject,
          },
        );
      });
      await client.moderation.decide.mutate({ modelSlug: slug, ids: [id], decision: 'approve' });

      const row = await db.db.query.media.findFirst({ where: eq(media.id, id) });
      const tokens = await createPublicationRepository(db.db).tokensFor(row?.modelId ?? 0, [
        { id, publicVersion: row?.publicVersion ?? 0 },
      ]);
      const imageUrl = `${url}/i/${tokens.get(id)}/md`;
      const fetchImage = async (accept: string) => {
        const response = await fetch(imageUrl, { headers: { accept } });
        await response.arrayBuffer();
        return {
          status: response.status,
          type: response.headers.get('content-type'),
          cache: response.headers.get('x-cache-status'),
          vary: response.headers.get('vary'),
          nosniff: response.headers.get('x-content-type-options'),
        };
      };
      expect(await fetchImage('image/webp,*/*')).toMatchObject({
        status: 200,
        type: 'image/webp',
        cache: 'MISS',
        vary: expect.stringMatching(/accept/i),
        nosniff: 'nosniff',
      });
      expect(await fetchImage('image/webp,image/png,*/*;q=0.5')).toMatchObject({
        type: 'image/webp',
        cache: 'HIT',
      });
      // Another negotiated format is another cache entry, never the WebP one.
      expect(await fetchImage('image/jpeg')).toMatchObject({
        status: 200,
        type: 'image/jpeg',
        cache: 'MISS',
      });
      expect(await fetchImage(chrome)).toMatchObject({ status: 200, cache: 'MISS' });

      // The public API: cached briefly.
      const gallery = async () => {
        const response = await fetch(`${url}/api/public/${slug}/gallery`);
        await response.arrayBuffer();
        return { status: response.status, cache: response.headers.get('x-cache-status') };
      };
      expect(await gallery()).toEqual({ status: 200, cache: 'MISS' });
      expect(await gallery()).toEqual({ status: 200, cache: 'HIT' });
    }, 120_000);
  },
);
