import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, startApi } from './support/harness';

const site = 'https://portfolio.example';

/** A CORS preflight as a browser sends it before a JSON POST. */
const preflight = (url: string, origin: string, method = 'POST') =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'content-type',
    },
  });

describe('CORS for the public API only', () => {
  let open: Awaited<ReturnType<typeof startApi>>;
  let listed: Awaited<ReturnType<typeof startApi>>;
  let slug: string;

  beforeAll(async () => {
    open = await startApi();
    listed = await startApi({ PUBLIC_CORS_ORIGINS: `${site}, https://other.example` });
    slug = (await createModel(open)).slug;
  }, 60_000);
  afterAll(async () => {
    await open?.stop();
    await listed?.stop();
  });

  it('lets any origin read the gallery and categories, without credentials (default *)', async () => {
    for (const path of ['gallery', 'categories']) {
      const response = await fetch(`${open.url}/api/public/${slug}/${path}`, { headers: { origin: site } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('answers the preflight of a JSON POST of events, and the POST itself', async () => {
    const url = `${open.url}/api/public/${slug}/events`;
    const answer = await preflight(url, site);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-allow-methods')).toContain('POST');
    expect(answer.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    expect(answer.headers.get('access-control-max-age')).toBe('600');
    const posted = await fetch(url, {
      method: 'POST',
      headers: { origin: site, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ type: 'view', mediaId: 1 }] }),
    });
    expect(posted.status).toBe(202);
    expect(posted.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('never answers CORS for tRPC, the members API or media files', async () => {
    for (const path of ['/trpc/auth.me', `/api/model-media-library/${slug}`, '/media/x/y.webp', '/i/x/md']) {
      const answer = await preflight(`${open.url}${path}`, site);
      expect(answer.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(answer.status, path).not.toBe(204);
      const response = await fetch(`${open.url}${path}`, { headers: { origin: site } });
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
    }
  });

  it('with a list of origins, echoes an allowed one and refuses others', async () => {
    const url = `${listed.url}/api/public/${slug}/gallery`;
    // Twice each, in turn: a replayed answer (http/public-replay.ts) is the one recorded for its own origin.
    for (let round = 0; round < 2; round += 1) {
      const allowed = await fetch(url, { headers: { origin: site } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe(site);
      expect(allowed.headers.get('vary')?.toLowerCase()).toContain('origin');
      const other = await fetch(url, { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    }
    const refused = await preflight(`${listed.url}/api/public/${slug}/events`, 'https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});
