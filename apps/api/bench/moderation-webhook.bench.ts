import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { count, createDb, media, models, moderationEvents, moderationRequests } from '@phoenix4ge/db';
import { commonEnvShape, parseEnv, resolveDatabase } from '@phoenix4ge/shared/node';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import type { Benchmark } from './harness';
import { freePort, startProcess, stopProcess } from './lib';

const EVENTS = 3000;
const REPLAYS = 1000;
const IN_FLIGHT = 32;
const REQUESTS = 100;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

interface Delivery {
  headers: Record<string, string>;
  body: string;
}

/** Posts every delivery with IN_FLIGHT at a time; returns the wall time, latencies and statuses. */
async function fire(url: string, deliveries: Delivery[]) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < deliveries.length) {
        const delivery = deliveries[next++] as Delivery;
        const sent = performance.now();
        const response = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
        await response.arrayBuffer();
        latencies.push(performance.now() - sent);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies, statuses };
}

const benchmark: Benchmark = {
  id: 'moderation-webhook',
  title: `Moderation webhook: ${EVENTS} signed results verified and stored`,
  method:
    `${EVENTS} distinct moderation.completed events (Standard Webhooks signed, signed before timing) posted with ` +
    `${IN_FLIGHT} in flight by one client to the built api, which verifies each raw body (HMAC-SHA256, standardwebhooks), ` +
    'parses and checks it against its request, stores it in the moderation_events inbox and queues the apply job; ' +
    `then ${REPLAYS} replays of already-seen ids (answered 200 without a second row). No worker runs.`,
  async run({ root, env, log }) {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const database = resolveDatabase(parseEnv(z.object(commonEnvShape), env));
    const db = createDb(database);
    let api: Awaited<ReturnType<typeof startProcess>> | undefined;
    try {
      log('preparing media and requests');
      const slug = `webhook-bench-${randomBytes(3).toString('hex')}`;
      const [model] = await db.db
        .insert(models)
        .values({ slug, displayName: 'Webhook bench' })
        .$returningId();
      const targets: { mediaId: number; requestId: number; externalId: string }[] = [];
      for (let index = 0; index < REQUESTS; index += 1) {
        const sha256 = randomBytes(32).toString('hex');
        const [item] = await db.db
          .insert(media)
          .values({
            modelId: model?.id ?? 0,
            originalFilename: `bench-${index}.jpg`,
            mimeType: 'image/jpeg',
            bytes: 1000,
            sha256,
            storageKey: `originals/bench/${sha256}.jpg`,
            processingStatus: 'ready',
          })
          .$returningId();
        const externalId = `bench_${randomBytes(6).toString('hex')}`;
        const [request] = await db.db
          .insert(moderationRequests)
          .values({
            mediaId: item?.id ?? 0,
            provider: 'http',
            externalId,
            attempts: 1,
            submittedAt: new Date(),
          })
          .$returningId();
        targets.push({ mediaId: item?.id ?? 0, requestId: request?.id ?? 0, externalId });
      }

      const signer = new Webhook(secret);
      const deliveries: Delivery[] = Array.from({ length: EVENTS }, (_, index) => {
        const target = targets[index % REQUESTS] ?? { mediaId: 0, requestId: 0, externalId: '' };
        const id = `msg_bench_${index}_${randomBytes(4).toString('hex')}`;
        const timestamp = new Date();
        const body = JSON.stringify({
          type: 'moderation.completed',
          data: {
            requestId: target.externalId,
            reference: String(target.requestId),
            mediaId: target.mediaId,
            occurredAt: new Date(Date.now() + index).toISOString(),
            verdict: 'approve',
            scores: { Neutral: 0.96, Drawing: 0.02, Sexy: 0.01, Porn: 0.005, Hentai: 0.005 },
            labels: [],
            model: 'bench-provider',
          },
        });
        return {
          body,
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
            'webhook-signature': signer.sign(id, timestamp, body),
          },
        };
      });

      const port = await freePort();
      api = await startProcess(
        process.execPath,
        [path.join(root, 'apps/api/dist/index.js')],
        {
          ...env,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          MODERATION_WEBHOOK_SECRET: secret,
        },
        `http://127.0.0.1:${port}/health`,
      );
      const url = `http://127.0.0.1:${port}/api/moderation-webhooks/result`;
      // Warm-up with bad signatures: the code paths load, nothing is stored.
      await fire(
        url,
        deliveries.slice(0, 50).map((delivery) => ({
          ...delivery,
          headers: { ...delivery.headers, 'webhook-signature': 'v1,d2FybS11cA==' },
        })),
      );

      log(`${EVENTS} signed events`);
      const fresh = await fire(url, deliveries);
      log(`${REPLAYS} replays`);
      const replays = await fire(url, deliveries.slice(0, REPLAYS));
      const stored = (await db.db.select({ n: count() }).from(moderationEvents))[0]?.n ?? 0;
      if (fresh.statuses.get(202) !== EVENTS || replays.statuses.get(200) !== REPLAYS || stored < EVENTS) {
        throw new Error(
          `unexpected answers: ${JSON.stringify([...fresh.statuses])} / replays ${JSON.stringify([...replays.statuses])}, ${stored} stored`,
        );
      }
      return [
        {
          name: 'signed events verified and stored',
          value: EVENTS / fresh.seconds,
          unit: 'events/s',
          note: `${EVENTS} in ${fresh.seconds.toFixed(1)} s, each 202 and one inbox row`,
        },
        { name: 'event latency p50', value: percentile(fresh.latencies, 50), unit: 'ms' },
        { name: 'event latency p99', value: percentile(fresh.latencies, 99), unit: 'ms' },
        {
          name: 'replays answered',
          value: REPLAYS / replays.seconds,
          unit: 'events/s',
          note: 'already-seen webhook-id: 200, no second row',
        },
      ];
    } finally {
      await stopProcess(api);
      await db.close();
    }
  },
};

export default benchmark;
