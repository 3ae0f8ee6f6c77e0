/**
 * Fuzz of the moderation webhook: random bodies (events with odd fields, any JSON, not JSON, deep, huge, binary)
 * and Standard Webhooks headers (webhook-id / -timestamp / -signature missing, wrong, skewed, several signatures,
 * huge), with any content type. Never a 5xx; without a valid signature a 4xx and no change of state (the inbox
 * and the media's moderation status stay as they were). A valid signature on an odd body is answered 2xx or 4xx.
 */
import { randomBytes } from 'node:crypto';
import { count, createDb, eq, media, moderationEvents, moderationRequests } from '@phoenix4ge/db';
import { MODERATION_WEBHOOK_ROUTE } from '@phoenix4ge/shared';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProperty } from './support/fuzz';
import { createModel, isolatedPrefix, signedInMember, startApi } from './support/harness';
import { fixture, upload } from './support/uploads';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const stranger = `whsec_${randomBytes(32).toString('base64')}`;

/** Printable ASCII: what an HTTP client can put in a header value. */
const headerText = (maxLength: number) =>
  fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
    maxLength,
  });

type SignatureKind = 'valid' | 'validAmongOthers' | 'otherSecret' | 'otherBody' | 'v2' | 'junk' | 'missing';

interface Delivery {
  body: Uint8Array;
  id: string | undefined;
  /** Seconds from now; a string replaces the number (not Unix seconds). */
  timestamp: number | string | undefined;
  signature: SignatureKind;
  junk: string;
  contentType: string | undefined;
}

describe('fuzz: moderation webhook bodies and signature headers', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let db: ReturnType<typeof createDb>;
  let mediaId: number;
  let requestId: number;

  beforeAll(async () => {
    api = await startApi({ ...isolatedPrefix(), MODERATION_WEBHOOK_SECRET: secret });
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
      .values({ mediaId, provider: 'http', externalId: 'sim_fuzz', attempts: 1, submittedAt: new Date() })
      .$returningId();
    requestId = row?.id ?? 0;
  });
  afterAll(async () => {
    await api?.stop();
    await db?.close();
  });

  const state = async () => {
    const [events] = await db.db.select({ n: count() }).from(moderationEvents);
    const [row] = await db.db
      .select({ moderation: media.moderationStatus, updatedAt: media.updatedAt })
      .from(media)
      .where(eq(media.id, mediaId));
    return { events: events?.n ?? 0, media: row };
  };

  const eventBody = () =>
    fc
      .record({
        type: fc.constantFrom('moderation.completed', 'moderation.failed', 'moderation.other'),
        data: fc.record(
          {
            requestId: fc.oneof(fc.constant('sim_fuzz'), fc.string({ maxLength: 300 })),
            reference: fc.oneof(fc.constant(String(requestId)), fc.string({ maxLength: 120 })),
            mediaId: fc.oneof(fc.constant(mediaId), fc.integer(), fc.double(), fc.string()),
            occurredAt: fc.oneof(
              fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
              fc.string({ maxLength: 40 }),
            ),
            verdict: fc.constantFrom('approve', 'reject', 'flag', 'maybe'),
            scores: fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.double(), fc.string())),
            labels: fc.array(fc.string({ maxLength: 120 }), { maxLength: 60 }),
            error: fc.string({ maxLength: 1200 }),
          },
          { requiredKeys: [] },
        ),
      })
      .map((event) => JSON.stringify(event));

  const bodyArbitrary: fc.Arbitrary<Uint8Array> = fc.oneof(
    { weight: 4, arbitrary: eventBody().map((text) => Buffer.from(text)) },
    fc.json({ maxDepth: 4 }).map((text) => Buffer.from(text)),
    fc.string({ maxLength: 200, unit: 'binary' }).map((text) => Buffer.from(text)),
    fc.uint8Array({ maxLength: 500 }),
    fc
      .integer({ min: 100, max: 20_000 })
      .map((depth) => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
    fc
      .integer({ min: 1, max: 4000 })
      .map((depth) => Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)),
    fc.integer({ min: 64 * 1024 - 10, max: 300_000 }).map((size) => Buffer.alloc(size, 0x7b)),
    fc.constant(new Uint8Array()),
  );

  const deliveryArbitrary: fc.Arbitrary<Delivery> = fc.record({
    body: bodyArbitrary,
    id: fc.oneof(
      { weight: 4, arbitrary: fc.uuid().map((uuid) => `msg_${uuid}`) },
      fc.constant(undefined),
      fc.constant(''),
      headerText(40),
      fc.integer({ min: 200, max: 3000 }).map((length) => 'i'.repeat(length)),
    ),
    timestamp: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: -200, max: 200 }) },
      fc.integer({ min: 301, max: 10_000_000 }).chain((skew) => fc.constantFrom(skew, -skew)),
      fc.constant(undefined),
      fc.constantFrom('', 'abc', '-5', '1.5', '9999999999999', '0', '00000000001700000000', '1e9', '0x10'),
      headerText(20),
    ),
    signature: fc.constantFrom<SignatureKind>(
      'valid',
      'valid',
      'validAmongOthers',
      'otherSecret',
      'otherBody',
      'v2',
      'junk',
      'missing',
    ),
    junk: fc.oneof(
      headerText(100),
      fc.integer({ min: 1, max: 3000 }).map((n) => Array.from({ length: n }, () => 'v1,AAAA').join(' ')),
    ),
    contentType: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      ';;;',
      undefined,
    ),
  });

  async function deliver(delivery: Delivery) {
    const now = Math.floor(Date.now() / 1000);
    const seconds = typeof delivery.timestamp === 'number' ? now + delivery.timestamp : undefined;
    const signFor = (key: string, body: Uint8Array) =>
      new Webhook(key).sign(
        delivery.id ?? '',
        new Date((seconds ?? now) * 1000),
        Buffer.from(body).toString(),
      );
    const good = () => signFor(secret, delivery.body);
    const signature = {
      valid: good,
      validAmongOthers: () => `${delivery.junk} ${signFor(stranger, delivery.body)} ${good()}`,
      otherSecret: () => signFor(stranger, delivery.body),
      otherBody: () => signFor(secret, Buffer.concat([delivery.body, Buffer.from(' ')])),
      v2: () => good().replace(/^v1,/, 'v2,'),
      junk: () => delivery.junk,
      missing: () => undefined,
    }[delivery.signature]();
    const headers: Record<string, string> = {};
    if (delivery.contentType) headers['content-type'] = delivery.contentType;
    if (delivery.id !== undefined) headers['webhook-id'] = delivery.id;
    if (delivery.timestamp !== undefined)
      headers['webhook-timestamp'] = String(seconds ?? delivery.timestamp);
    if (signature !== undefined) headers['webhook-signature'] = signature;
    const response = await fetch(`${api.url}${MODERATION_WEBHOOK_ROUTE}`, {
      method: 'POST',
      headers,
      body: delivery.body,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const headerBytes = Object.entries(headers).reduce((sum, [k, v]) => sum + k.length + v.length, 0);
    // Signed with the secret over this id, timestamp and body, within the 5-minute tolerance.
    const validlySigned =
      (delivery.signature === 'valid' || delivery.signature === 'validAmongOthers') &&
      !!delivery.id &&
      typeof delivery.timestamp === 'number' &&
      Math.abs(delivery.timestamp) <= 300 &&
      delivery.body.length <= 64 * 1024;
    return { status: response.status, text, validlySigned, headerBytes };
  }

  it('answers a 4xx to anything unsigned and never a 5xx', async () => {
    await checkProperty(
      'moderation webhook',
      deliveryArbitrary,
      async (delivery) => {
        const before = await state();
        const answer = await deliver(delivery);
        const label = `${answer.status} ${answer.text.slice(0, 300)}`;
        expect(answer.status, label).toBeLessThan(500);
        if (answer.status === 431 && answer.headerBytes > 16_000) return; // Node's header limit, before the app
        if (!answer.validlySigned) {
          expect(answer.status, label).toBeGreaterThanOrEqual(400);
          expect(await state(), `state changed without a valid signature: ${label}`).toEqual(before);
        }
        if (answer.status >= 400) {
          const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
          expect(typeof body.error?.code, label).toBe('string');
          expect(typeof body.error?.message, label).toBe('string');
        }
      },
      150,
    );
  }, 240_000);

  it('answers a validly signed event with any webhook-id with a 2xx or 4xx', async () => {
    const validEvent = () =>
      JSON.stringify({
        type: 'moderation.failed',
        data: {
          requestId: 'sim_fuzz',
          reference: String(requestId),
          mediaId,
          occurredAt: new Date().toISOString(),
          error: 'provider down',
        },
      });
    await checkProperty(
      'moderation webhook ids',
      fc.oneof(
        headerText(300),
        fc.integer({ min: 250, max: 5000 }).map((n) => 'i'.repeat(n)),
      ),
      async (id) => {
        const answer = await deliver({
          body: Buffer.from(validEvent()),
          id,
          timestamp: 0,
          signature: 'valid',
          junk: '',
          contentType: 'application/json',
        });
        expect(
          answer.status,
          `${id.length} chars: ${answer.status} ${answer.text.slice(0, 300)}`,
        ).toBeLessThan(500);
      },
      40,
    );
  });

  it('answers a replayed valid delivery as a duplicate, and a replay with a new timestamp still needs a signature', async () => {
    const id = `msg_${randomBytes(8).toString('hex')}`;
    const body = JSON.stringify({
      type: 'moderation.completed',
      data: {
        requestId: 'sim_fuzz',
        reference: String(requestId),
        mediaId,
        occurredAt: new Date().toISOString(),
        verdict: 'approve',
      },
    });
    const send = (signature: string, timestamp: Date) =>
      fetch(`${api.url}${MODERATION_WEBHOOK_ROUTE}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
      });
    const sentAt = new Date();
    const signature = new Webhook(secret).sign(id, sentAt, body);
    expect((await send(signature, sentAt)).status).toBe(202);
    expect((await send(signature, sentAt)).status).toBe(200);
    // The old signature does not cover a fresh timestamp.
    expect((await send(signature, new Date(sentAt.getTime() + 60_000))).status).toBe(401);
  });
});
