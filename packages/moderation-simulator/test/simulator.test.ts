import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModerationDecision, ModerationWebhook } from '@phoenix4ge/shared';
import {
  decisionStatus,
  defaultModelSettings,
  ModerationWebhookSchema,
  policyVerdict,
} from '@phoenix4ge/shared';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModerationSimulator } from '../src/index';
import { generateWebhookSecret, startModerationSimulator } from '../src/index';

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A callback endpoint: records raw bodies and headers, answers the queued statuses (then 200). */
async function startReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: flatten(req.headers), body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(statuses.shift() ?? 200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/moderation-webhooks/result`,
    received,
    statuses,
    clear() {
      received.length = 0;
      statuses.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') flat[name] = value;
  }
  return flat;
}

const secret = generateWebhookSecret();
const apiKey = 'sim-test-key';
const image = Buffer.from('a tiny fake jpeg');

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let sim: ModerationSimulator;

function submit(
  mediaId: number,
  init: { key?: string | null; body?: string; reference?: string; callbackUrl?: string } = {},
) {
  const key = init.key === undefined ? apiKey : init.key;
  return fetch(sim.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
    },
    body:
      init.body ??
      JSON.stringify({
        reference: init.reference ?? `ref-${mediaId}`,
        mediaId,
        image: { contentType: 'image/jpeg', base64: image.toString('base64') },
        callbackUrl: init.callbackUrl ?? receiver.url,
      }),
  });
}

async function accepted(mediaId: number, init?: Parameters<typeof submit>[1]): Promise<string> {
  const response = await submit(mediaId, init);
  expect(response.status).toBe(202);
  const answer = (await response.json()) as { id: string };
  expect(answer.id).toMatch(/^sim_[0-9a-f]{24}$/);
  return answer.id;
}

/** Verifies the Standard Webhooks signature with our secret, then checks the body against the shared contract. */
function verified(delivery: Received | undefined): ModerationWebhook {
  expect(delivery).toBeDefined();
  const { headers, body } = delivery as Received;
  new Webhook(secret).verify(body, headers);
  return ModerationWebhookSchema.parse(JSON.parse(body));
}

function control(path: string, method: string, body?: unknown) {
  return fetch(sim.url + path, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

beforeAll(async () => {
  receiver = await startReceiver();
  sim = await startModerationSimulator({ secret, apiKey, retryDelaysMs: [50, 100, 150] });
});

afterAll(async () => {
  await sim?.stop();
  await receiver?.stop();
});

beforeEach(() => {
  sim.reset({ overrides: true });
  sim.setBehaviour({ verdict: 'approve', mode: 'normal', delayMs: 20 });
  receiver.clear();
});

describe('moderation simulator', () => {
  it('generates Standard Webhooks secrets (whsec_ + base64 of 32 bytes)', () => {
    const generated = generateWebhookSecret();
    expect(generated).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(generated.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(generated);
  });

  it.each([
    ['approve', 'Neutral', 0.9, []],
    ['flag', 'Sexy', 0.8, ['suggestive']],
    ['reject', 'Porn', 0.95, ['explicit_nudity']],
  ] as const)(
    '%s: one signed moderation.completed whose scores the default policy reads the same way',
    async (verdict, top, atLeast, labels) => {
      sim.setBehaviour({ verdict });
      const before = Date.now();
      const id = await accepted(41, { reference: 'req-77' });
      await sim.waitForDeliveries(1);
      await sim.waitForIdle();
      const after = Date.now();
      expect(receiver.received).toHaveLength(1);

      const delivery = receiver.received[0] as Received;
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{24}$/);
      expect(delivery.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      const timestamp = Number(delivery.headers['webhook-timestamp']);
      expect(timestamp).toBeGreaterThanOrEqual(Math.floor(before / 1000));
      expect(timestamp).toBeLessThanOrEqual(Math.ceil(after / 1000));

      const event = verified(delivery);
      expect(event.type).toBe('moderation.completed');
      if (event.type !== 'moderation.completed') return;
      expect(event.data).toMatchObject({
        requestId: id,
        reference: 'req-77',
        mediaId: 41,
        verdict,
        model: 'simulator-1',
      });
      expect(event.data.labels).toEqual(labels);
      expect(event.data.scores[top]).toBeGreaterThanOrEqual(atLeast);
      const sum = Object.values(event.data.scores).reduce((a, b) => a + (b ?? 0), 0);
      expect(sum).toBeCloseTo(1, 5);
      expect(policyVerdict(event.data.scores, defaultModelSettings.moderation).status).toBe(
        decisionStatus[verdict],
      );
      expect(Date.parse(event.data.occurredAt)).toBeGreaterThanOrEqual(before);

      expect(sim.submissions).toEqual([
        expect.objectContaining({ id, reference: 'req-77', mediaId: 41, bytes: image.length, status: 202 }),
      ]);
      expect(sim.deliveries).toEqual([
        expect.objectContaining({
          webhookId: delivery.headers['webhook-id'],
          requestId: id,
          type: 'moderation.completed',
          status: 200,
          attempt: 1,
        }),
      ]);
    },
  );

  it('answers 401 without the right api key and records nothing', async () => {
    for (const key of [null, 'wrong-key']) {
      const response = await submit(1, { key });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
    expect(sim.submissions).toHaveLength(0);
  });

  it('answers 400 to a body that is not JSON or not a submission', async () => {
    const notJson = await submit(1, { body: '{"reference":' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: 'INVALID_JSON' } });

    const noCallback = await submit(1, {
      body: JSON.stringify({
        reference: 'r',
        mediaId: 1,
        image: { contentType: 'image/jpeg', base64: 'AA==' },
      }),
    });
    expect(noCallback.status).toBe(400);
    const answer = (await noCallback.json()) as { error: { code: string; issues: unknown } };
    expect(answer.error.code).toBe('INVALID_SUBMISSION');
    expect(JSON.stringify(answer.error.issues)).toContain('callbackUrl');

    const badMedia = await submit(-3);
    expect(badMedia.status).toBe(400);
    expect(sim.submissions).toHaveLength(0);
  });

  it('answers 413 to a submission over 20 MB', async () => {
    const body = JSON.stringify({
      reference: 'big',
      mediaId: 1,
      image: { contentType: 'image/jpeg', base64: 'A'.repeat(21 * 1024 * 1024) },
      callbackUrl: receiver.url,
    });
    const response = await submit(1, { body });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(sim.submissions).toHaveLength(0);
  });

  it('fail: the submission answers 503 and nothing is called back', async () => {
    sim.setBehaviour({ mode: 'fail' });
    const response = await submit(2);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
    await sim.waitForIdle();
    expect(receiver.received).toHaveLength(0);
    expect(sim.deliveries).toHaveLength(0);
    expect(sim.submissions).toEqual([expect.objectContaining({ mediaId: 2, status: 503, mode: 'fail' })]);
  });

  it('error: 202, then a signed moderation.failed', async () => {
    sim.setBehaviour({ mode: 'error' });
    const id = await accepted(3);
    await sim.waitForDeliveries(1);
    const event = verified(receiver.received[0]);
    expect(event.type).toBe('moderation.failed');
    if (event.type !== 'moderation.failed') return;
    expect(event.data).toMatchObject({ requestId: id, reference: 'ref-3', mediaId: 3 });
    expect(event.data.error).toMatch(/simulated/i);
    expect(sim.deliveries[0]).toMatchObject({ type: 'moderation.failed', status: 200 });
  });

  it('timeout: 202, then never a callback', async () => {
    sim.setBehaviour({ mode: 'timeout' });
    await accepted(4);
    await sim.waitForIdle();
    expect(sim.deliveries).toHaveLength(0);
    expect(receiver.received).toHaveLength(0);
    expect(sim.submissions).toHaveLength(1);
  });

  it('duplicate: the same event (same webhook-id, identical body) arrives twice', async () => {
    sim.setBehaviour({ mode: 'duplicate', verdict: 'reject' });
    await accepted(5);
    await sim.waitForDeliveries(2);
    await sim.waitForIdle();
    const [first, second] = receiver.received;
    expect(receiver.received).toHaveLength(2);
    expect(first?.headers['webhook-id']).toBe(second?.headers['webhook-id']);
    expect(first?.body).toBe(second?.body);
    expect(verified(first)).toEqual(verified(second));
    expect(sim.deliveries.map((d) => d.webhookId)).toEqual([
      first?.headers['webhook-id'],
      first?.headers['webhook-id'],
    ]);
  });

  it.each([
    ['reject', 'approve'],
    ['approve', 'reject'],
    ['flag', 'approve'],
  ] as const)(
    'out-of-order (%s): the newer result arrives first, then an older one with %s',
    async (verdict, stale) => {
      sim.setBehaviour({ mode: 'out-of-order', verdict });
      const id = await accepted(6);
      await sim.waitForDeliveries(2);
      const [newer, older] = receiver.received.map((delivery) => verified(delivery));
      expect(newer?.type).toBe('moderation.completed');
      expect(older?.type).toBe('moderation.completed');
      if (newer?.type !== 'moderation.completed' || older?.type !== 'moderation.completed') return;
      expect(newer.data.requestId).toBe(id);
      expect(older.data.requestId).toBe(id);
      expect(newer.data.verdict).toBe(verdict);
      expect(older.data.verdict).toBe(stale);
      expect(Date.parse(newer.data.occurredAt) - Date.parse(older.data.occurredAt)).toBe(5_000);
      expect(receiver.received[0]?.headers['webhook-id']).not.toBe(
        receiver.received[1]?.headers['webhook-id'],
      );
    },
  );

  it('wrong-signature: the body is well formed but does not verify with our secret', async () => {
    sim.setBehaviour({ mode: 'wrong-signature', verdict: 'reject' });
    await accepted(7);
    await sim.waitForDeliveries(1);
    const delivery = receiver.received[0] as Received;
    expect(() => new Webhook(secret).verify(delivery.body, delivery.headers)).toThrow(
      WebhookVerificationError,
    );
    expect(ModerationWebhookSchema.parse(JSON.parse(delivery.body)).type).toBe('moderation.completed');
  });

  it('retries a 5xx answer with the same webhook-id and body, and records every attempt', async () => {
    receiver.statuses.push(500, 503);
    await accepted(8);
    await sim.waitForDeliveries(3);
    expect(sim.deliveries.map((d) => [d.status, d.attempt])).toEqual([
      [500, 1],
      [503, 2],
      [200, 3],
    ]);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    for (const delivery of receiver.received) verified(delivery);
  });

  it('does not retry a 4xx answer', async () => {
    receiver.statuses.push(400);
    await accepted(9);
    await sim.waitForDeliveries(1);
    await sim.waitForIdle();
    expect(sim.deliveries.map((d) => d.status)).toEqual([400]);
    expect(receiver.received).toHaveLength(1);
  });

  it('retries a connection failure a few times, then gives up', async () => {
    const closed = await startReceiver();
    await closed.stop();
    await accepted(10, { callbackUrl: closed.url });
    await sim.waitForDeliveries(4);
    await sim.waitForIdle();
    expect(sim.deliveries.map((d) => [d.status, d.attempt])).toEqual([
      ['network-error', 1],
      ['network-error', 2],
      ['network-error', 3],
      ['network-error', 4],
    ]);
  });

  it('per-media rules override the global behaviour for their media only', async () => {
    sim.setBehaviour({ verdict: 'reject' }, { mediaId: 11 });
    sim.setBehaviour({ mode: 'fail' }, { mediaId: 12 });
    await accepted(11);
    expect((await submit(12)).status).toBe(503);
    await accepted(13);
    await sim.waitForDeliveries(2);
    await sim.waitForIdle();
    const verdicts = Object.fromEntries(
      receiver.received.map((delivery) => {
        const event = verified(delivery);
        return [event.data.mediaId, event.type === 'moderation.completed' ? event.data.verdict : event.type];
      }),
    );
    expect(verdicts).toEqual({ 11: 'reject', 13: 'approve' });
  });

  it('rejects invalid behaviour and secrets programmatically', async () => {
    expect(() => sim.setBehaviour({ verdict: 'maybe' as ModerationDecision })).toThrow();
    expect(() => sim.setBehaviour({ delayMs: -1 })).toThrow();
    await expect(startModerationSimulator({ secret: 'whsec_!!not base64!!' })).rejects.toThrow(/whsec_/);
  });

  it('is controlled over HTTP: state, behaviour (global and per media), reset', async () => {
    const put = await control('/control/behaviour', 'PUT', { verdict: 'flag', delayMs: 10 });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ behaviour: { verdict: 'flag', mode: 'normal', delayMs: 10 } });

    const perMedia = await control('/control/behaviour', 'PUT', { mediaId: 21, mode: 'error' });
    expect(await perMedia.json()).toMatchObject({
      overrides: [{ mediaId: 21, behaviour: { mode: 'error' } }],
    });

    const invalid = await control('/control/behaviour', 'PUT', { verdict: 'maybe' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: 'INVALID_BODY' } });
    expect((await control('/control/behaviour', 'PUT', { colour: 'red' })).status).toBe(400);

    await accepted(20);
    await accepted(21);
    await sim.waitForDeliveries(2);
    const state = (await (await control('/control/state', 'GET')).json()) as {
      behaviour: { verdict: string };
      submissions: Array<{ mediaId: number }>;
      deliveries: Array<{ type: string; status: number }>;
    };
    expect(state.behaviour.verdict).toBe('flag');
    expect(state.submissions.map((s) => s.mediaId).sort()).toEqual([20, 21]);
    expect(state.deliveries.map((d) => d.type).sort()).toEqual(['moderation.completed', 'moderation.failed']);

    const reset = await control('/control/reset', 'POST');
    expect(reset.status).toBe(200);
    expect(await reset.json()).toMatchObject({
      submissions: [],
      deliveries: [],
      overrides: [{ mediaId: 21 }],
    });
    expect(sim.submissions).toHaveLength(0);
    expect(sim.deliveries).toHaveLength(0);

    const full = await control('/control/reset', 'POST', { overrides: true });
    expect(await full.json()).toMatchObject({ overrides: [] });

    expect((await control('/control/nothing', 'GET')).status).toBe(404);
    const wrongMethod = await control('/control/state', 'DELETE');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });

  it('reset cancels callbacks still waiting', async () => {
    sim.setBehaviour({ delayMs: 150 });
    await accepted(30);
    sim.reset();
    await sim.waitForIdle();
    expect(receiver.received).toHaveLength(0);
    expect(sim.deliveries).toHaveLength(0);
  });

  it('stop closes the server and cancels pending callbacks', async () => {
    const other = await startModerationSimulator({ secret, behaviour: { delayMs: 150 } });
    const response = await fetch(other.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        reference: 'r',
        mediaId: 31,
        image: { contentType: 'image/png', base64: 'AA==' },
        callbackUrl: receiver.url,
      }),
    });
    expect(response.status).toBe(202);
    await other.stop();
    await other.waitForIdle();
    expect(receiver.received).toHaveLength(0);
    expect(other.deliveries).toHaveLength(0);
    await expect(fetch(other.endpoint, { method: 'POST' })).rejects.toThrow();
  });
});
