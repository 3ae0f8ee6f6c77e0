import type { HealthReport } from '@phoenix4ge/shared';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../src/router-types';
import { isolatedPrefix, startApi, startWorker } from './support/harness';

describe('system.onStatus over SSE', () => {
  const prefix = isolatedPrefix();
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;

  beforeAll(async () => {
    api = await startApi(prefix);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
  });

  it('streams status reports and pushes a fresh one when a worker starts beating', async () => {
    const client = createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({ url: `${api.url}/trpc`, transformer: superjson, EventSource }),
          false: httpBatchLink({ url: `${api.url}/trpc`, transformer: superjson }),
        }),
      ],
    });
    const received: HealthReport[] = [];
    const sawWorker = new Promise<void>((resolve, reject) => {
      const subscription = client.system.onStatus.subscribe(undefined, {
        onData(envelope) {
          received.push(envelope.data);
          if (envelope.data.services.worker.status === 'healthy') {
            subscription.unsubscribe();
            resolve();
          } else if (received.length === 1) {
            void startWorker(prefix).then((started) => {
              worker = started;
            }, reject);
          }
        },
        onError: reject,
      });
    });
    await sawWorker;
    expect(received[0]?.services.worker.status).toBe('unhealthy');
    const last = received.at(-1);
    expect(last?.status).toBe('ok');
    expect(last?.services.worker.workers[0]?.workerId).toBe(worker?.workerId);
  });
});
