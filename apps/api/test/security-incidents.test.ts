import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SecurityIncident } from '@phoenix4ge/db';
import { auditLog, createDb, desc, eq, media, securityIncidents } from '@phoenix4ge/db';
import type { IncidentRule, PublicGalleryPage } from '@phoenix4ge/shared';
import { MODERATION_WEBHOOK_ROUTE } from '@phoenix4ge/shared';
import { TRPCClientError } from '@trpc/client';
import type { MetricValueWithName } from 'prom-client';
import sharp from 'sharp';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createModel,
  createUser,
  freshDatabase,
  isolatedPrefix,
  modelRow,
  signedInAdmin,
  signedInMember,
  signIn,
  startApi,
  startWorker,
  trpcClient,
  until,
} from './support/harness';
import { fixture, upload } from './support/uploads';

const secret = `whsec_${randomBytes(24).toString('base64')}`;
const moderationSecret = `whsec_${randomBytes(24).toString('base64')}`;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A local chat/paging receiver: records every call; answers 500 to the first `failFirst` calls of an id. */
async function startReceiver(failFirst: number) {
  const calls: Received[] = [];
  const failures = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = String(request.headers['webhook-id']);
      const failed = failures.get(id) ?? 0;
      const status = failed < failFirst ? 500 : 204;
      if (status === 500) failures.set(id, failed + 1);
      calls.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const codeOf = (error: unknown) => (error instanceof TRPCClientError ? error.data?.code : String(error));

describe('security monitoring: rules raise incidents, a signed webhook tells, admins respond', () => {
  const prefix = isolatedPrefix();
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let admin: Awaited<ReturnType<typeof signedInAdmin>>;
  let slug: string;

  /** The incidents of a rule about a subject, oldest first. */
  const incidentsOf = (rule: IncidentRule, subjectId: string) =>
    db.db
      .select()
      .from(securityIncidents)
      .where(eq(securityIncidents.rule, rule))
      .then((rows) => rows.filter((row) => row.subjectId === subjectId));
  /** Waits until the rule has an active incident about the subject (the rules run every 300 ms here). */
  const incidentFor = async (rule: IncidentRule, subjectId: string, accept = (_: SecurityIncident) => true) =>
    (
      await until(
        () => incidentsOf(rule, subjectId),
        (rows) => rows.some((row) => row.state !== 'resolved' && accept(row)),
        20_000,
      )
    ).find((row) => row.state !== 'resolved') as SecurityIncident;
  /** How many runs of the rules this worker has finished. */
  const ruleRuns = async () => {
    const durations = await worker.metrics.registry.getSingleMetric('phoenix4ge_job_duration_seconds')?.get();
    const values = (durations?.values ?? []) as MetricValueWithName<string>[];
    return values
      .filter(
        (value) =>
          value.metricName?.endsWith('_count') && value.labels.job_name === 'maintenance.security-rules',
      )
      .reduce((sum, value) => sum + value.value, 0);
  };
  const latestAudit = async (action: string) =>
    db.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).limit(1);
  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  async function failLogin(email: string, ip: string) {
    const response = await fetch(`${api.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1', ...from(ip) },
      body: JSON.stringify({ json: { email, password: 'wrong password, surely' } }),
    });
    expect(response.status).toBe(401);
  }

  beforeAll(async () => {
    // A database of its own: the rules read every security event, and other test files write theirs.
    database = await freshDatabase();
    receiver = await startReceiver(1);
    api = await startApi({
      ...prefix,
      ...database.env,
      TRUST_PROXY: 'true',
      MODERATION_WEBHOOK_SECRET: moderationSecret,
    });
    worker = await startWorker({
      ...prefix,
      ...database.env,
      PUBLIC_URL: 'https://media.example',
      MODERATION_PROVIDER: 'manual',
      OUTBOX_RELAY_INTERVAL_MS: '100',
      SECURITY_RULES_INTERVAL_MS: '300',
      SECURITY_RULE_PASSWORD_SPRAY: '3/10',
      SECURITY_RULE_API_KEY_ADDRESSES: '3/60',
      SECURITY_RULE_HOSTILE_UPLOADS: '4/10',
      SECURITY_RULE_WEBHOOK_SIGNATURES: '3/10',
      SECURITY_RULE_MASS_DOWNLOADS: '5/10',
      SECURITY_WEBHOOK_URL: receiver.url,
      SECURITY_WEBHOOK_SECRET: secret,
      SECURITY_WEBHOOK_BACKOFF_MS: '50',
    });
    db = createDb(api.config.database);
    admin = await signedInAdmin(api);
    slug = (await createModel(api)).slug;
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.close();
    await receiver?.close();
    await database?.drop();
  });

  describe('password guessing across accounts from one address', () => {
    let incident: SecurityIncident;

    it('opens one incident at the threshold, none below it', async () => {
      await failLogin('a1@example.test', '10.9.0.2');
      await failLogin('a2@example.test', '10.9.0.2');
      for (const email of ['b1@example.test', 'b2@example.test', 'b3@example.test']) {
        await failLogin(email, '10.9.0.1');
      }
      incident = await incidentFor('password_spray', '10.9.0.1');
      expect(incident).toMatchObject({
        severity: 'high',
        subjectType: 'ip',
        state: 'open',
        count: 3,
        evidence: { accounts: 3 },
      });
      expect((incident.evidence.eventIds as number[]).length).toBe(3);
      expect(await incidentsOf('password_spray', '10.9.0.2')).toEqual([]);
    });

    it('updates the open incident when the rule fires again, never a second row', async () => {
      await failLogin('b4@example.test', '10.9.0.1');
      const updated = await incidentFor('password_spray', '10.9.0.1', (row) => row.count === 4);
      expect(updated.id).toBe(incident.id);
      expect(updated.lastSeenAt.getTime()).toBeGreaterThanOrEqual(incident.lastSeenAt.getTime());
      expect(await incidentsOf('password_spray', '10.9.0.1')).toHaveLength(1);
    });

    it('tells the webhook, signed, once per incident, retried with the same webhook id', async () => {
      const calls = await until(
        async () =>
          receiver.calls.filter((call) => call.headers['webhook-id'] === `security-notify-${incident.id}`),
        (found) => found.some((call) => call.status === 204),
        20_000,
      );
      // The receiver refused the first call; the retry carried the same id.
      expect(calls.map((call) => call.status)).toEqual([500, 204]);
      const last = calls.at(-1) as Received;
      const payload = new Webhook(secret).verify(last.body, {
        'webhook-id': String(last.headers['webhook-id']),
        'webhook-timestamp': String(last.headers['webhook-timestamp']),
        'webhook-signature': String(last.headers['webhook-signature']),
      }) as { type: string; data: Record<string, unknown> };
      expect(payload).toMatchObject({
        type: 'security.incident.opened',
        data: {
          id: incident.id,
          rule: 'password_spray',
          severity: 'high',
          subject: { type: 'ip', id: '10.9.0.1' },
          url: `https://media.example/incidents/${incident.id}`,
        },
      });
      expect(String(payload.data.summary)).toMatch(/^Failed sign-ins for \d accounts from 10\.9\.0\.1/);
      expect(() =>
        new Webhook(`whsec_${randomBytes(24).toString('base64')}`).verify(last.body, {
          'webhook-id': String(last.headers['webhook-id']),
          'webhook-timestamp': String(last.headers['webhook-timestamp']),
          'webhook-signature': String(last.headers['webhook-signature']),
        }),
      ).toThrow();
    });

    it('is acknowledged and resolved with notes (audited); a later firing opens a new incident', async () => {
      const acknowledged = await admin.client.incidents.acknowledge.mutate({
        id: incident.id,
        note: 'looking into it',
      });
      expect(acknowledged).toMatchObject({ state: 'acknowledged', acknowledgeNote: 'looking into it' });
      expect(acknowledged.acknowledgedBy).toBe(admin.admin.id);
      // Acknowledged is still active: the rule keeps updating it.
      await failLogin('b5@example.test', '10.9.0.1');
      await incidentFor('password_spray', '10.9.0.1', (row) => row.count === 5);
      expect(await incidentsOf('password_spray', '10.9.0.1')).toHaveLength(1);

      const resolved = await admin.client.incidents.resolve.mutate({
        id: incident.id,
        note: 'blocked upstream',
      });
      expect(resolved).toMatchObject({ state: 'resolved', resolveNote: 'blocked upstream', activeKey: null });
      expect(await latestAudit('incidents.resolve')).toMatchObject([
        { actorUserId: admin.admin.id, targetType: 'incident', targetId: String(incident.id) },
      ]);
      // The same burst, still over the threshold in the window, does not undo the resolution...
      const runs = await ruleRuns();
      await until(ruleRuns, (count) => count >= runs + 3, 20_000);
      expect(await incidentsOf('password_spray', '10.9.0.1')).toHaveLength(1);
      // ...a later failure from the address (a later firing) opens a fresh incident.
      await failLogin('b6@example.test', '10.9.0.1');
      const next = await incidentFor('password_spray', '10.9.0.1');
      expect(next.id).not.toBe(incident.id);
      expect(next.count).toBe(6);
      expect(await incidentsOf('password_spray', '10.9.0.1')).toHaveLength(2);
      await expect(
        admin.client.incidents.acknowledge.mutate({ id: incident.id, note: '' }),
      ).rejects.toSatisfy((error) => codeOf(error) === 'BAD_REQUEST');
    });
  });

  describe('one API key used from many addresses', () => {
    it('opens an incident about the key; revoking it (audited, kept on the incident) makes the key 401', async () => {
      const leaked = await api.services.apiKeys.create({ name: 'leaked', role: 'viewer' }, null);
      const careful = await api.services.apiKeys.create({ name: 'careful', role: 'viewer' }, null);
      const call = (key: string, ip: string) =>
        fetch(`${api.url}/trpc/models.list`, { headers: { authorization: `Bearer ${key}`, ...from(ip) } });
      for (const ip of ['10.8.0.1', '10.8.0.2']) expect((await call(careful.key, ip)).status).toBe(200);
      for (const ip of ['10.8.0.1', '10.8.0.2', '10.8.0.3', '10.8.0.1']) {
        expect((await call(leaked.key, ip)).status).toBe(200);
      }
      const incident = await incidentFor('api_key_many_addresses', String(leaked.id));
      expect(incident).toMatchObject({ subjectType: 'api_key', count: 3, evidence: { addresses: 3 } });
      expect(await incidentsOf('api_key_many_addresses', String(careful.id))).toEqual([]);

      const detail = await admin.client.incidents.byId.query({ id: incident.id });
      expect(detail.subject).toMatchObject({ type: 'api_key', apiKey: { id: leaked.id, revokedAt: null } });
      expect(detail.events.map((event) => event.ip).sort()).toEqual(['10.8.0.1', '10.8.0.2', '10.8.0.3']);

      await admin.client.incidents.revokeApiKey.mutate({ apiKeyId: leaked.id, incidentId: incident.id });
      expect((await call(leaked.key, '10.8.0.1')).status).toBe(401);
      expect((await call(careful.key, '10.8.0.1')).status).toBe(200);
      // Idempotent.
      await admin.client.incidents.revokeApiKey.mutate({ apiKeyId: leaked.id });
      expect(await latestAudit('incidents.revokeApiKey')).toMatchObject([
        { actorUserId: admin.admin.id, targetType: 'api_key', targetId: String(leaked.id) },
      ]);
      const after = await admin.client.incidents.byId.query({ id: incident.id });
      expect(after.responses).toMatchObject([{ action: 'api_key.revoke', byUserId: admin.admin.id }]);
    });
  });

  describe('a burst of rejected files from one uploader', () => {
    it('opens an incident about the user; locking them ends their sessions and signing in fails', async () => {
      const noisy = await signedInMember(api, slug, 'editor');
      const quiet = await signedInMember(api, slug, 'editor');
      const hostile = ['bmp.bmp', 'check.svg', 'pdf.pdf', 'corrupt-header.jpg'];
      const files = hostile.map((name) => ({ name, data: fixture(name) }));
      const quietResult = await upload(api.url, slug, files.slice(0, 3), { headers: quiet.headers });
      expect(quietResult.body.files?.map((file) => file.status)).toEqual([
        'rejected',
        'rejected',
        'rejected',
      ]);
      const noisyResult = await upload(api.url, slug, files, { headers: noisy.headers });
      expect(noisyResult.body.files?.every((file) => file.status === 'rejected')).toBe(true);

      const incident = await incidentFor('hostile_uploads', String(noisy.user.id));
      expect(incident).toMatchObject({ subjectType: 'user', severity: 'medium', count: 4 });
      expect(await incidentsOf('hostile_uploads', String(quiet.user.id))).toEqual([]);

      const noisyClient = trpcClient(api.url, { cookie: noisy.cookie });
      expect(await noisyClient.auth.me.query()).toMatchObject({ user: { id: noisy.user.id } });
      const locked = await admin.client.incidents.lockUser.mutate({
        userId: noisy.user.id,
        incidentId: incident.id,
      });
      expect(locked).toMatchObject({ locked: true, sessionsEnded: 1 });
      expect(await noisyClient.auth.me.query()).toBeNull();
      await expect(signIn(api.url, noisy.user.email, noisy.user.password)).rejects.toThrow(/401/);
      expect(await latestAudit('incidents.lockUser')).toMatchObject([
        { actorUserId: admin.admin.id, targetType: 'user', targetId: String(noisy.user.id) },
      ]);
      // An admin cannot lock themselves out.
      await expect(admin.client.incidents.lockUser.mutate({ userId: admin.admin.id })).rejects.toSatisfy(
        (error) => codeOf(error) === 'BAD_REQUEST',
      );
      await admin.client.incidents.lockUser.mutate({ userId: noisy.user.id, locked: false });
      expect(await signIn(api.url, noisy.user.email, noisy.user.password)).toMatch(/^p4g_session=/);
    });
  });

  describe('repeated webhook signature failures', () => {
    const forged = (ip: string) =>
      fetch(`${api.url}${MODERATION_WEBHOOK_ROUTE}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': `msg_${randomBytes(6).toString('hex')}`,
          'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
          'webhook-signature': `v1,${randomBytes(32).toString('base64')}`,
          ...from(ip),
        },
        body: JSON.stringify({ type: 'moderation.completed', data: {} }),
      });

    it('opens an incident about the address at the threshold, none below it', async () => {
      for (let n = 0; n < 2; n += 1) expect((await forged('10.7.0.2')).status).toBe(401);
      for (let n = 0; n < 3; n += 1) expect((await forged('10.7.0.1')).status).toBe(401);
      const incident = await incidentFor('webhook_bad_signatures', '10.7.0.1');
      expect(incident).toMatchObject({ subjectType: 'ip', count: 3, evidence: { failures: 3 } });
      expect(await incidentsOf('webhook_bad_signatures', '10.7.0.2')).toEqual([]);
    });

    it('notifies again, as an escalation, once the count has doubled since the last notification', async () => {
      const incident = await incidentFor('webhook_bad_signatures', '10.7.0.1');
      for (let n = 0; n < 2; n += 1) expect((await forged('10.7.0.1')).status).toBe(401);
      await incidentFor('webhook_bad_signatures', '10.7.0.1', (row) => row.count === 5);
      // 5 < 2 × 3: no escalation yet.
      expect(
        receiver.calls.some((call) =>
          String(call.headers['webhook-id']).startsWith(`security-notify-${incident.id}-x`),
        ),
      ).toBe(false);
      expect((await forged('10.7.0.1')).status).toBe(401);
      const escalation = await until(
        async () =>
          receiver.calls.filter((call) => call.headers['webhook-id'] === `security-notify-${incident.id}-x6`),
        (calls) => calls.some((call) => call.status === 204),
        20_000,
      );
      const last = escalation.at(-1) as Received;
      const payload = new Webhook(secret).verify(last.body, {
        'webhook-id': String(last.headers['webhook-id']),
        'webhook-timestamp': String(last.headers['webhook-timestamp']),
        'webhook-signature': String(last.headers['webhook-signature']),
      });
      expect(payload).toMatchObject({
        type: 'security.incident.escalated',
        data: { id: incident.id, rule: 'webhook_bad_signatures', count: 6 },
      });
      expect(await incidentsOf('webhook_bad_signatures', '10.7.0.1')).toHaveLength(1);
    });
  });

  describe('mass downloads', () => {
    it('opens an incident about the user; ending their sessions signs them out everywhere', async () => {
      const editor = await signedInMember(api, slug, 'editor');
      const data = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#486' } })
        .png()
        .toBuffer();
      const created = await upload(api.url, slug, [{ name: 'x.png', data }], { headers: editor.headers });
      const first = created.body.files?.[0];
      if (first?.status !== 'created') throw new Error('upload not created');
      const id = first.id;
      const row = await db.db.query.media.findFirst({ where: eq(media.id, id) });
      const original = `${api.url}/media/${row?.storageKey}`;

      const heavy = await signedInMember(api, slug, 'viewer');
      const light = await signedInMember(api, slug, 'viewer');
      const secondSession = await signIn(api.url, heavy.user.email, heavy.user.password);
      for (let n = 0; n < 4; n += 1)
        expect((await fetch(original, { headers: light.headers })).status).toBe(200);
      for (let n = 0; n < 5; n += 1)
        expect((await fetch(original, { headers: heavy.headers })).status).toBe(200);
      const incident = await incidentFor('mass_downloads', String(heavy.user.id));
      expect(incident).toMatchObject({ subjectType: 'user', severity: 'high', count: 5 });
      expect(await incidentsOf('mass_downloads', String(light.user.id))).toEqual([]);

      const ended = await admin.client.incidents.endSessions.mutate({
        userId: heavy.user.id,
        incidentId: incident.id,
      });
      expect(ended).toEqual({ userId: heavy.user.id, sessionsEnded: 2 });
      for (const cookie of [heavy.cookie, secondSession]) {
        expect(await trpcClient(api.url, { cookie }).auth.me.query()).toBeNull();
      }
      expect((await fetch(original, { headers: light.headers })).status).toBe(200);
      expect(await latestAudit('incidents.endSessions')).toMatchObject([
        { actorUserId: admin.admin.id, targetType: 'user', targetId: String(heavy.user.id) },
      ]);
    });
  });

  describe("pausing a model's public delivery", () => {
    it('answers 404 for the gallery, image URLs and portfolio while paused; unpausing restores them', async () => {
      const pausedSlug = (await createModel(api)).slug;
      const editor = await signedInMember(api, pausedSlug, 'editor');
      const data = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#a53' } })
        .jpeg()
        .toBuffer();
      const created = await upload(api.url, pausedSlug, [{ name: 'p.jpg', data }], {
        headers: editor.headers,
      });
      const first = created.body.files?.[0];
      if (first?.status !== 'created') throw new Error('upload not created');
      const id = first.id;
      await until(
        () => db.db.query.media.findFirst({ where: eq(media.id, id) }),
        (row) => row?.processingStatus === 'ready',
        60_000,
      );
      await trpcClient(api.url, editor.headers).moderation.decide.mutate({
        modelSlug: pausedSlug,
        ids: [id],
        decision: 'approve',
      });
      const gallery = () => fetch(`${api.url}/api/public/${pausedSlug}/gallery`);
      const firstPage = (await (await gallery()).json()) as PublicGalleryPage;
      const src = firstPage.items.find((item) => item.id === id)?.src as string;
      const imageUrl = src.startsWith('http') ? src : `${api.url}${src}`;
      expect((await fetch(imageUrl)).status).toBe(200);
      expect((await fetch(`${api.url}/portfolio/${pausedSlug}`)).status).toBe(200);

      const paused = await admin.client.incidents.pauseModel.mutate({ modelSlug: pausedSlug });
      expect(paused.publicPausedAt).toBeInstanceOf(Date);
      expect((await gallery()).status).toBe(404);
      expect((await fetch(`${api.url}/api/public/${pausedSlug}/categories`)).status).toBe(404);
      expect((await fetch(imageUrl)).status).toBe(404);
      expect((await fetch(`${api.url}/portfolio/${pausedSlug}`)).status).toBe(404);
      const row = await modelRow(api, pausedSlug);
      expect(await latestAudit('incidents.pauseModel')).toMatchObject([
        { actorUserId: admin.admin.id, modelId: row.id, targetType: 'model' },
      ]);

      await admin.client.incidents.pauseModel.mutate({ modelSlug: pausedSlug, paused: false });
      const restored = await gallery();
      expect(restored.status).toBe(200);
      const item = ((await restored.json()) as PublicGalleryPage).items.find((entry) => entry.id === id);
      expect(item).toBeDefined();
      const newUrl = (item?.src ?? '').startsWith('http') ? (item?.src as string) : `${api.url}${item?.src}`;
      expect((await fetch(newUrl)).status).toBe(200);
      expect((await fetch(`${api.url}/portfolio/${pausedSlug}`)).status).toBe(200);
    }, 90_000);
  });

  describe('access and input', () => {
    it('is admin-only: members get FORBIDDEN for reads and responses', async () => {
      const member = await signedInMember(api, slug, 'editor');
      const client = trpcClient(api.url, member.headers);
      await expect(client.incidents.list.query({})).rejects.toSatisfy(
        (error) => codeOf(error) === 'FORBIDDEN',
      );
      await expect(client.incidents.counts.query()).rejects.toSatisfy(
        (error) => codeOf(error) === 'FORBIDDEN',
      );
      await expect(client.incidents.lockUser.mutate({ userId: member.user.id })).rejects.toSatisfy(
        (error) => codeOf(error) === 'FORBIDDEN',
      );
      await expect(client.incidents.pauseModel.mutate({ modelSlug: slug })).rejects.toSatisfy(
        (error) => codeOf(error) === 'FORBIDDEN',
      );
    });

    it('answers NOT_FOUND for an unknown incident, user or model, and changes nothing', async () => {
      const bystander = await createUser(api);
      await expect(admin.client.incidents.byId.query({ id: 999_999 })).rejects.toSatisfy(
        (error) => codeOf(error) === 'NOT_FOUND',
      );
      await expect(
        admin.client.incidents.lockUser.mutate({ userId: bystander.id, incidentId: 999_999 }),
      ).rejects.toSatisfy((error) => codeOf(error) === 'NOT_FOUND');
      expect(await signIn(api.url, bystander.email, bystander.password)).toMatch(/^p4g_session=/);
      await expect(admin.client.incidents.endSessions.mutate({ userId: 999_999 })).rejects.toSatisfy(
        (error) => codeOf(error) === 'NOT_FOUND',
      );
      await expect(
        admin.client.incidents.pauseModel.mutate({ modelSlug: 'no-such-model' }),
      ).rejects.toSatisfy((error) => codeOf(error) === 'NOT_FOUND');
    });

    it('lists incidents by state with counts', async () => {
      const counts = await admin.client.incidents.counts.query();
      const open = await admin.client.incidents.list.query({ state: 'open' });
      expect(open.items.every((incident) => incident.state === 'open')).toBe(true);
      expect(open.items.length).toBe(counts.open);
      const resolved = await admin.client.incidents.list.query({ state: 'resolved' });
      expect(resolved.items.map((incident) => incident.rule)).toContain('password_spray');
    });
  });
});
