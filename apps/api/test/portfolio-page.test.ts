import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PublicCategories } from '@phoenix4ge/shared';
import { portfolioPath } from '@phoenix4ge/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, modelRow, startApi, testEnv } from './support/harness';

/** The script and stylesheet URLs a built HTML page loads. */
const assetsOf = (html: string) =>
  [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);

/**
 * `GET /portfolio/:modelSlug`, the reference portfolio page (its behaviour in a browser: apps/web/test/
 * portfolio.e2e.ts): public HTML revalidated on every visit, hashed assets cached for a year, a 404 status for
 * an unknown or archived model, never the admin SPA.
 */
describe('the portfolio page route', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let slug: string;

  beforeAll(async () => {
    api = await startApi();
    slug = (await createModel(api)).slug;
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('serves the page without a session: no-cache HTML with an ETag, its assets immutable', async () => {
    const response = await fetch(`${api.url}${portfolioPath(slug)}?category=3`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('data-testid="portfolio-grid"');
    // The portfolio page, not the admin SPA.
    expect(html).not.toContain('id="root"');
    const assets = assetsOf(html);
    expect(assets.some((asset) => /\/assets\/portfolio-[\w-]+\.js$/.test(asset ?? ''))).toBe(true);
    expect(assets.some((asset) => asset?.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const file = await fetch(`${api.url}${asset}`);
      expect(file.status, asset).toBe(200);
      expect(file.headers.get('cache-control'), asset).toBe('public, max-age=31536000, immutable');
    }

    const etag = response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    const again = await fetch(`${api.url}${portfolioPath(slug)}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('no-cache');
    const head = await fetch(`${api.url}${portfolioPath(slug)}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('answers 404 (the same page, which says so) for an unknown or archived model', async () => {
    const unknown = await fetch(`${api.url}${portfolioPath('no-such-model')}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(unknown.headers.get('cache-control')).toBe('no-cache');
    expect(await unknown.text()).toContain('data-testid="portfolio-grid"');

    const archived = (await createModel(api)).slug;
    expect((await fetch(`${api.url}${portfolioPath(archived)}`)).status).toBe(200);
    await api.services.models.setArchived(await modelRow(api, archived), true);
    const gone = await fetch(`${api.url}${portfolioPath(archived)}`);
    expect(gone.status).toBe(404);
    // The ETag names the status: a browser holding the 200 page does not get a 304 for the 404.
    expect(gone.headers.get('etag')).not.toBe(
      (await fetch(`${api.url}${portfolioPath(slug)}`)).headers.get('etag'),
    );
  });

  it('never falls back to the admin SPA under /portfolio/', async () => {
    for (const url of ['/portfolio/', `/portfolio/${slug}/extra`]) {
      const response = await fetch(`${api.url}${url}`, { headers: { accept: 'text/html' } });
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('id="root"');
    }
  });

  it('names the model in the public categories answer, and a rename shows at once', async () => {
    const categories = async () =>
      (await (await fetch(`${api.url}/api/public/${slug}/categories`)).json()) as PublicCategories;
    expect((await categories()).model).toEqual({ slug, name: `Model ${slug}` });
    await api.services.models.update(await modelRow(api, slug), { displayName: 'Ana Example' });
    expect((await categories()).model).toEqual({ slug, name: 'Ana Example' });
  });

  it('answers 503 while the page is not built', async () => {
    const empty = path.join(testEnv().MEDIA_STORAGE_PATH ?? '', `unbuilt-${process.pid}`);
    mkdirSync(empty, { recursive: true });
    const unbuilt = await startApi({ WEB_DIST_PATH: empty });
    try {
      const response = await fetch(`${unbuilt.url}${portfolioPath(slug)}`);
      expect(response.status).toBe(503);
    } finally {
      await unbuilt.stop();
    }
  });
});
