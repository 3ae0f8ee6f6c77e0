import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_EVENTS_PER_SOURCE_PER_MINUTE } from '../src/services/security-event-throttle';
import { isolatedPrefix, startApi } from './support/harness';

type Api = Awaited<ReturnType<typeof startApi>>;

describe('a state-changing request with no credentials at all', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi(isolatedPrefix());
  });
  afterAll(async () => {
    await api?.stop();
  });

  // Other test files share the database: this file's events are the ones whose URL carries its marker.
  const marker = `probe=${randomBytes(4).toString('hex')}`;
  const ownEvents = async () =>
    (await api.services.audit.listSecurityEvents({ type: 'csrf_rejected', limit: 500 })).items.filter(
      (event) => String((event.details as { url?: string } | null)?.url ?? '').includes(marker),
    ).length;
  const post = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${api.url}${path}?${marker}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ json: { slug: 'anon-model', displayName: 'Anon' } }),
    });

  it('is anonymous: 401 from tRPC and the upload route, not a CSRF refusal, and no security event', async () => {
    const trpc = await post('/trpc/models.create');
    expect(trpc.status).toBe(401);
    expect(JSON.stringify(await trpc.json())).toContain('UNAUTHORIZED');
    const upload = await post('/api/model-media-library/anon-model/upload');
    expect(upload.status).toBe(401);
    expect(await ownEvents()).toBe(0);
  });

  it('from another site is still refused, and a flood of them adds a bounded number of rows', async () => {
    const statuses = new Set<number>();
    for (let index = 0; index < SECURITY_EVENTS_PER_SOURCE_PER_MINUTE * 3; index++) {
      statuses.add((await post('/trpc/models.create', { origin: 'https://evil.example' })).status);
    }
    expect([...statuses]).toEqual([403]);
    const added = await ownEvents();
    expect(added).toBeGreaterThan(0);
    // Two minutes can be touched while the loop runs.
    expect(added).toBeLessThanOrEqual(SECURITY_EVENTS_PER_SOURCE_PER_MINUTE * 2);
  });
});
