import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createDb, sql } from '@phoenix4ge/db';
import sharp from 'sharp';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadApiConfig } from '../src/env';
import { freshDatabase, testEnv, trpcClient, until } from './support/harness';
import { freePort } from './support/ports';
import { builtApi, builtWorker, spawnBuilt } from './support/processes';
import { startRedis, stopRedis } from './support/redis';
import { describeNeeding, needBuilt } from './support/requirements';
import { upload } from './support/uploads';

const secret = (label: string) => `${label}-${randomBytes(18).toString('hex')}`;
const webhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/**
 * The built api and worker with every configured secret set to a known value (env.ts and the shared config:
 * SESSION_SECRET, ENCRYPTION_KEY, METRICS_TOKEN, the moderation key and webhook secret, the purge and security
 * webhook secrets, S3 keys, the database password in DATABASE_URL, the Redis password), file logging on at trace
 * level and every SQL statement logged (DB_SLOW_QUERY_MS=0). A representative run (first-run setup, a failed and
 * a good sign-in, uploads by cookie and API key, a rejected file, a bad API key, metrics with a wrong and a right
 * token, moderation webhooks with a bad and a good signature, processing, approval and a takedown that POSTs the
 * signed purge webhook, errors) must leave none of those values, nor the people's passwords, session tokens or
 * API keys, in any log line: files, stdout or stderr.
 */
describeNeeding([needBuilt(builtApi), needBuilt(builtWorker)], 'secrets never reach a log', () => {
  const dbUser = `p4g_sec_${randomBytes(3).toString('hex')}`;
  const values = {
    SESSION_SECRET: secret('session'),
    ENCRYPTION_KEY: secret('encryption'),
    METRICS_TOKEN: secret('metrics'),
    MODERATION_API_KEY: secret('moderation-key'),
    MODERATION_WEBHOOK_SECRET: webhookSecret(),
    PUBLIC_PURGE_WEBHOOK_SECRET: webhookSecret(),
    SECURITY_WEBHOOK_SECRET: webhookSecret(),
    S3_ACCESS_KEY_ID: secret('s3-access'),
    S3_SECRET_ACCESS_KEY: secret('s3-secret'),
    DB_PASSWORD: secret('dbpw'),
    REDIS_PASSWORD: secret('redispw'),
  };
  const people = {
    adminPassword: `admin ${secret('pass')}`,
    wrongPassword: `wrong ${secret('pass')}`,
    badApiKey: `p4g_AAAAAAAA_${randomBytes(32).toString('base64url').slice(0, 43)}`,
  };
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'p4g-secret-logs-'));
  const deliveries: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      deliveries.push({ path: request.url ?? '', headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let rootDb: ReturnType<typeof createDb>;
  let redis: ChildProcess;
  let api: ReturnType<typeof spawnBuilt>;
  let worker: ReturnType<typeof spawnBuilt>;
  let apiUrl: string;
  let workerMetricsPort: number;
  const captured: Record<string, string> = {};

  beforeAll(async () => {
    database = await freshDatabase();
    // A database account with a password, allowed on this run's database only.
    const rootUrl = new URL(database.env.DATABASE_URL);
    rootDb = createDb(loadApiConfig(testEnv(database.env)).database);
    await rootDb.db.execute(sql.raw(`CREATE USER '${dbUser}'@'%' IDENTIFIED BY '${values.DB_PASSWORD}'`));
    await rootDb.db.execute(sql.raw(`GRANT ALL ON \`${rootUrl.pathname.slice(1)}\`.* TO '${dbUser}'@'%'`));
    const accountUrl = new URL(rootUrl);
    accountUrl.username = dbUser;
    accountUrl.password = values.DB_PASSWORD;

    const redisPort = await freePort();
    redis = await startRedis(redisPort, ['--requirepass', values.REDIS_PASSWORD]);
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const port = await freePort();
    workerMetricsPort = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    const { REDIS_HOST: _host, REDIS_PORT: _port, REDIS_DB: _db, ...base } = testEnv();
    const env = {
      ...base,
      ...values,
      DATABASE_URL: accountUrl.toString(),
      REDIS_URL: `redis://:${values.REDIS_PASSWORD}@127.0.0.1:${redisPort}/0`,
      MEDIA_STORAGE_PATH: mkdtempSync(path.join(os.tmpdir(), 'p4g-secret-media-')),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'trace',
      ENABLE_FILE_LOGGING: 'true',
      LOG_DIRECTORY: logDir,
      ENABLE_DATABASE_LOGGING: 'true',
      DB_SLOW_QUERY_MS: '0',
      MODERATION_PROVIDER: 'manual',
      PUBLIC_URL: apiUrl,
      PUBLIC_PURGE_WEBHOOK_URL: `${receiverUrl}/purge`,
      SECURITY_WEBHOOK_URL: `${receiverUrl}/security`,
      WORKER_METRICS_PORT: String(workerMetricsPort),
      WORKER_METRICS_HOST: '127.0.0.1',
    };
    api = spawnBuilt(builtApi, env);
    worker = spawnBuilt(builtWorker, env);
    await until(
      () =>
        fetch(`${apiUrl}/health`).then(
          (response) => response.status,
          () => 0,
        ),
      (status) => status === 200,
      90_000,
    );
  }, 150_000);

  afterAll(async () => {
    for (const process of [api, worker]) process?.child.kill('SIGKILL');
    if (redis) await stopRedis(redis);
    receiver.close();
    await rootDb?.db.execute(sql.raw(`DROP USER IF EXISTS '${dbUser}'@'%'`)).catch(() => undefined);
    await rootDb?.close();
    await database?.drop();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('runs a representative sequence, then finds no secret in any log line', async () => {
    const email = `admin-${randomBytes(3).toString('hex')}@example.test`;
    const setup = await fetch(`${apiUrl}/trpc/auth.setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1' },
      body: JSON.stringify({ json: { email, displayName: 'Admin', password: people.adminPassword } }),
    });
    expect(setup.status).toBe(200);
    const login = (password: string) =>
      fetch(`${apiUrl}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1' },
        body: JSON.stringify({ json: { email, password } }),
      });
    expect((await login(people.wrongPassword)).status).toBe(401);
    const good = await login(people.adminPassword);
    expect(good.status).toBe(200);
    const cookie = (good.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    captured.sessionToken = cookie.split('=')[1] ?? '';
    const client = trpcClient(apiUrl, { cookie });
    const slug = `secret-${randomBytes(3).toString('hex')}`;
    await client.models.create.mutate({ slug, displayName: 'Secret test' });
    const key = await client.apiKeys.create.mutate({ name: 'logs', role: 'admin' });
    captured.apiKey = key.key;

    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#246' } })
      .jpeg()
      .toBuffer();
    const byCookie = await upload(apiUrl, slug, [{ name: 'a.jpg', data: jpeg }], { headers: { cookie } });
    expect(byCookie.status).toBe(201);
    const other = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#642' } })
      .png()
      .toBuffer();
    const byKey = await upload(apiUrl, slug, [{ name: 'b.png', data: other }], {
      headers: { authorization: `Bearer ${key.key}` },
    });
    expect(byKey.status).toBe(201);
    const rejected = await upload(apiUrl, slug, [{ name: 'x.jpg', data: Buffer.from('<svg/>') }], {
      headers: { cookie },
    });
    expect(rejected.status).toBe(415);
    const badKey = await fetch(`${apiUrl}/api/model-media-library/${slug}`, {
      headers: { authorization: `Bearer ${people.badApiKey}` },
    });
    expect(badKey.status).toBe(401);

    const metrics = (url: string, token: string) =>
      fetch(url, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.status);
    expect(await metrics(`${apiUrl}/metrics`, 'not-the-token-at-all')).toBe(401);
    expect(await metrics(`${apiUrl}/metrics`, values.METRICS_TOKEN)).toBe(200);
    expect(await metrics(`http://127.0.0.1:${workerMetricsPort}/metrics`, values.METRICS_TOKEN)).toBe(200);

    const hook = async (signingSecret: string) => {
      const id = `msg_${randomBytes(8).toString('hex')}`;
      const timestamp = new Date();
      const body = JSON.stringify({ type: 'moderation.completed', data: { reference: '999999' } });
      return (
        await fetch(`${apiUrl}/api/moderation-webhooks/result`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
            'webhook-signature': new Webhook(signingSecret).sign(id, timestamp, body),
          },
          body,
        })
      ).status;
    };
    expect(await hook(webhookSecret())).toBe(401);
    expect([404, 422]).toContain(await hook(values.MODERATION_WEBHOOK_SECRET));
    expect((await fetch(`${apiUrl}/api/public/${slug}/gallery?cursor=forged`)).status).toBe(400);

    const created = byCookie.body.files?.[0];
    const id = created?.status === 'created' ? created.id : 0;
    await until(
      async () => (await client.media.byId.query({ modelSlug: slug, id })).processingStatus,
      (status) => status === 'ready',
      60_000,
    );
    await client.moderation.decide.mutate({ modelSlug: slug, ids: [id], decision: 'approve' });
    const gallery = await fetch(`${apiUrl}/api/public/${slug}/gallery`);
    expect(gallery.status).toBe(200);
    // The takedown revokes the URL the gallery just issued: the worker POSTs the signed purge webhook.
    await client.moderation.decide.mutate({ modelSlug: slug, ids: [id], decision: 'reject' });
    await until(
      async () => deliveries.filter((delivery) => delivery.path === '/purge').length,
      (count) => count > 0,
      60_000,
    );

    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    await Promise.all([api.exited, worker.exited]);

    const files = readdirSync(logDir).filter((file) => file.endsWith('.log'));
    expect(files.some((file) => file.startsWith('api-'))).toBe(true);
    expect(files.some((file) => file.startsWith('worker-'))).toBe(true);
    const sources = [
      ...files.map((file) => ({ name: file, text: readFileSync(path.join(logDir, file), 'utf8') })),
      { name: 'api stdout', text: api.output().stdout },
      { name: 'api stderr', text: api.output().stderr },
      { name: 'worker stdout', text: worker.output().stdout },
      { name: 'worker stderr', text: worker.output().stderr },
    ];
    const lines = sources.flatMap(({ name, text }) =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => ({ name, line })),
    );
    // The run logged what it should have: requests, every SQL statement, the failed sign-in and the webhook.
    expect(lines.some(({ line }) => line.includes('"msg":"slow query"'))).toBe(true);
    expect(lines.some(({ line }) => line.includes('"msg":"request"'))).toBe(true);
    expect(lines.length).toBeGreaterThan(200);

    const needles: Record<string, string> = { ...values, ...people, ...captured };
    for (const name of [
      'MODERATION_WEBHOOK_SECRET',
      'PUBLIC_PURGE_WEBHOOK_SECRET',
      'SECURITY_WEBHOOK_SECRET',
    ])
      needles[`${name} (key part)`] = (needles[name] ?? '').replace(/^whsec_/, '');
    needles['DB_PASSWORD (URL-encoded)'] = encodeURIComponent(values.DB_PASSWORD);
    const leaks = Object.entries(needles).flatMap(([name, value]) =>
      lines
        .filter(({ line }) => value.length >= 8 && line.includes(value))
        .map(({ name: source, line }) => `${name} in ${source}: ${line.slice(0, 300)}`),
    );
    expect(leaks).toEqual([]);
  }, 240_000);
});
