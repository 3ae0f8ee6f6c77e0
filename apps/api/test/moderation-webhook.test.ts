import { randomBytes } from 'node:crypto';
import { count, createDb, eq, media, moderationEvents, moderationRequests } from '@phoenix4ge/db';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, isolatedPrefix, signedInMember, startApi } from './support/harness';
import { fixture, upload } from './support/uploads';

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const current = newSecret();
const previous = newSecret();
const PATH = '/api/moderation-webhooks/result';

interface Delivery {
  id?: string;
  timestamp?: Date;
  secret?: string;
  body: string;
  /** Sign this instead of the body (a tampered body). */
  signedBody?: string;
  headers?: Record<string, string>;
  omit?: string[];
}

describe('POST /api/moderation-webhooks/result: Standard Webhooks verification and the inbox', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let db: ReturnType<typeof createDb>;
  let mediaId: number;
  let requestId: number;

  async function deliver(delivery: Delivery) {
    const id = delivery.id ?? `msg_${randomBytes(8).toString('hex')}`;
    const timestamp = delivery.timestamp ?? new Date();
    const signature = new Webhook(delivery.secret ?? current).sign(
      id,
      timestamp,
      delivery.signedBody ?? delivery.body,
    );
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
      ...delivery.headers,
    };
    for (const name of delivery.omit ?? []) delete headers[name];
    const response = await fetch(`${api.url}${PATH}`, { method: 'POST', headers, body: delivery.body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const event = (overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) =>
    JSON.stringify({
      type: 'moderation.completed',
      data: {
        requestId: 'sim_known',
        reference: String(requestId),
        mediaId,
        occurredAt: new Date().toISOString(),
        verdict: 'approve',
        scores: { Neutral: 0.97, Drawing: 0.02, Sexy: 0.01 },
        labels: [],
        model: 'test-provider-1',
        ...data,
      },
      ...overrides,
    });

  const inboxSize = async () => (await db.db.select({ n: count() }).from(moderationEvents))[0]?.n ?? 0;

  beforeAll(async () => {
    // The previous secret stays valid while the provider rotates to the current one.
    api = await startApi({ ...isolatedPrefix(), MODERATION_WEBHOOK_SECRET: `${current} ${previous}` });
    db = createDb(api.config.database);
    const { slug } = await createModel(api);
    const { headers } = await signedInMember(api, slug, 'editor');
    const { body } = await upload(api.url, slug, [{ name: 'DSCN0010.jpg', data: fixture('DSCN0010.jpg') }], {
      headers,
    });
    const outcome = body.files?.[0];
    if (outcome?.status !== 'created') throw new Error('upload failed');
    mediaId = outcome.id;
    const [row] = await db.db
      .insert(moderationRequests)
      .values({ mediaId, provider: 'http', externalId: 'sim_known', attempts: 1, submittedAt: new Date() })
      .$returningId();
    requestId = row?.id ?? 0;
  });
  afterAll(async () => {
    await api?.stop();
    await db?.close();
  });

  it('stores a valid event once and answers 202; a replay of its id is a 200 no-op', async () => {
    const before = await inboxSize();
    const first = await deliver({ id: 'msg_once', body: event() });
    expect(first).toEqual({ status: 202, body: { status: 'accepted', eventId: 'msg_once' } });
    const replay = await deliver({ id: 'msg_once', body: event() });
    expect(replay).toEqual({ status: 200, body: { status: 'duplicate', eventId: 'msg_once' } });
    expect(await inboxSize()).toBe(before + 1);
    const [stored] = await db.db
      .select()
      .from(moderationEvents)
      .where(eq(moderationEvents.eventId, 'msg_once'));
    expect(stored).toMatchObject({ provider: 'http', eventType: 'moderation.completed', processedAt: null });
  });

  it('accepts the previous secret during a rotation, and a header carrying several signatures', async () => {
    expect((await deliver({ body: event(), secret: previous })).status).toBe(202);
    const id = `msg_${randomBytes(6).toString('hex')}`;
    const timestamp = new Date();
    const body = event();
    const good = new Webhook(current).sign(id, timestamp, body);
    const stranger = new Webhook(newSecret()).sign(id, timestamp, body);
    const response = await deliver({
      id,
      timestamp,
      body,
      headers: { 'webhook-signature': `${stranger} ${good}` },
    });
    expect(response.status).toBe(202);
  });

  describe('refuses bad deliveries with a clear 4xx and changes nothing', () => {
    let before: number;
    beforeAll(async () => {
      before = await inboxSize();
    });
    afterAll(async () => {
      expect(await inboxSize()).toBe(before);
      const row = await db.db.query.media.findFirst({ where: eq(media.id, mediaId) });
      expect(row).toMatchObject({
        moderationStatus: 'pending',
        moderationVerdictAt: null,
        moderatedAt: null,
      });
    });

    it.each([['webhook-id'], ['webhook-timestamp'], ['webhook-signature']])(
      'missing %s → 400',
      async (name) => {
        const response = await deliver({ body: event(), omit: [name] });
        expect(response).toMatchObject({
          status: 400,
          body: { error: { code: 'MISSING_SIGNATURE_HEADERS' } },
        });
      },
    );

    it('a timestamp that is not a number → 400', async () => {
      const response = await deliver({ body: event(), headers: { 'webhook-timestamp': 'yesterday' } });
      expect(response).toMatchObject({ status: 400, body: { error: { code: 'BAD_SIGNATURE_HEADERS' } } });
    });

    it('a wrong signature → 401 and a security event', async () => {
      const response = await deliver({ id: 'msg_forged', body: event(), secret: newSecret() });
      expect(response).toMatchObject({ status: 401, body: { error: { code: 'BAD_SIGNATURE' } } });
      const events = await api.services.audit.listSecurityEvents({
        type: 'webhook_bad_signature',
        limit: 50,
      });
      expect(
        events.items.some((item) => (item.details as { webhookId?: string })?.webhookId === 'msg_forged'),
      ).toBe(true);
    });

    it('a stale or a future timestamp → 401', async () => {
      const stale = await deliver({ body: event(), timestamp: new Date(Date.now() - 6 * 60_000) });
      expect(stale).toMatchObject({ status: 401, body: { error: { code: 'STALE_TIMESTAMP' } } });
      const future = await deliver({ body: event(), timestamp: new Date(Date.now() + 6 * 60_000) });
      expect(future).toMatchObject({ status: 401, body: { error: { code: 'STALE_TIMESTAMP' } } });
    });

    it('a tampered body (signed one thing, sent another) → 401', async () => {
      const signed = event({}, { verdict: 'reject' });
      const sent = event({}, { verdict: 'approve' });
      const response = await deliver({ body: sent, signedBody: signed });
      expect(response).toMatchObject({ status: 401, body: { error: { code: 'BAD_SIGNATURE' } } });
    });

    it('malformed JSON, even correctly signed → 400', async () => {
      const response = await deliver({ body: '{"type":"moderation.completed",' });
      expect(response).toMatchObject({ status: 400, body: { error: { code: 'MALFORMED_JSON' } } });
    });

    it('an unknown event type → 422', async () => {
      const response = await deliver({ body: event({ type: 'moderation.exploded' }) });
      expect(response).toMatchObject({ status: 422, body: { error: { code: 'UNKNOWN_EVENT_TYPE' } } });
    });

    it('an event that does not match the schema → 422', async () => {
      const response = await deliver({ body: event({}, { scores: { Porn: 7 } }) });
      expect(response).toMatchObject({ status: 422, body: { error: { code: 'INVALID_EVENT' } } });
    });

    it('an unknown media id → 404', async () => {
      const response = await deliver({ body: event({}, { mediaId: 999_999_999 }) });
      expect(response).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_MEDIA' } } });
    });

    it('a request we never made, or one about another media → 404', async () => {
      const unknown = await deliver({ body: event({}, { requestId: 'sim_never' }) });
      expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_REQUEST' } } });
      const wrongReference = await deliver({ body: event({}, { reference: '999999' }) });
      expect(wrongReference).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_REQUEST' } } });
    });

    it('an oversized body → 413', async () => {
      const padding = 'x'.repeat(70 * 1024);
      const response = await deliver({ body: event({}, { labels: [padding] }) });
      expect(response).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    });

    it('needs no session or CSRF header, and a session does not replace the signature', async () => {
      const response = await fetch(`${api.url}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1' },
        body: event(),
      });
      expect(response.status).toBe(400);
    });
  });
});
