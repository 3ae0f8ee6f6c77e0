/**
 * Every procedure of the router, enumerated (so a procedure added later is covered without editing this file):
 * anonymous callers get UNAUTHORIZED for everything not public, a member of model A gets FORBIDDEN for every
 * tenant procedure on model B, a non-admin gets FORBIDDEN for every admin procedure, and so does an API key
 * scoped to model A.
 */
import type { AnyTRPCProcedure } from '@trpc/server';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/trpc/root';
import type { Meta } from '../src/trpc/trpc';
import { createModel, createUser, modelRow, signIn, startApi } from './support/harness';

type Api = Awaited<ReturnType<typeof startApi>>;

interface ProcedureInfo {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  meta: Meta | undefined;
}

const procedures: ProcedureInfo[] = // At run time `_def.procedures` is flat: "router.procedure" → procedure.
  Object.entries(appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>).map(
    ([path, procedure]) => ({
      path,
      type: procedure._def.type,
      meta: procedure._def.meta as Meta | undefined,
    }),
  );

/** Calls one procedure over HTTP as the SPA or a typed client would; returns the tRPC error code or 'OK'. */
async function call(api: Api, procedure: ProcedureInfo, input: unknown, headers: Record<string, string>) {
  const url = new URL(`${api.url}/trpc/${procedure.path}`);
  const serialized = JSON.stringify(superjson.serialize(input));
  let response: Response;
  if (procedure.type === 'mutation') {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1', ...headers },
      body: serialized,
    });
  } else {
    if (input !== undefined) url.searchParams.set('input', serialized);
    response = await fetch(url, {
      headers: { ...headers, ...(procedure.type === 'subscription' ? { accept: 'text/event-stream' } : {}) },
      signal: AbortSignal.timeout(5000),
    });
  }
  if (procedure.type === 'subscription' && response.ok) {
    // An SSE stream: the first event says whether the subscription started or failed.
    const reader = response.body?.getReader();
    const first = reader ? new TextDecoder().decode((await reader.read()).value) : '';
    await reader?.cancel();
    const match =
      first.match(/"code":"([A-Z_]+)"/) ?? first.match(/event: serialized-error[\s\S]*?"code":"([A-Z_]+)"/);
    return match?.[1] ?? 'OK';
  }
  if (response.ok) return 'OK';
  const body = (await response.json()) as { error?: { json?: { data?: { code?: string } } } };
  return body.error?.json?.data?.code ?? `HTTP_${response.status}`;
}

describe('access control for every procedure', () => {
  let api: Api;
  let modelA: Awaited<ReturnType<typeof createModel>>;
  let modelB: Awaited<ReturnType<typeof createModel>>;
  const as: Record<'anonymous' | 'editorOfA' | 'viewerOfA' | 'keyForA', Record<string, string>> = {
    anonymous: {},
    editorOfA: {},
    viewerOfA: {},
    keyForA: {},
  };

  beforeAll(async () => {
    api = await startApi();
    modelA = await createModel(api);
    modelB = await createModel(api);
    const editor = await createUser(api);
    const viewer = await createUser(api);
    const modelARow = await modelRow(api, modelA.slug);
    await api.services.members.add(modelARow, { email: editor.email, role: 'editor' });
    await api.services.members.add(modelARow, { email: viewer.email, role: 'viewer' });
    as.editorOfA = { cookie: await signIn(api.url, editor.email, editor.password) };
    as.viewerOfA = { cookie: await signIn(api.url, viewer.email, viewer.password) };
    const key = await api.services.apiKeys.create(
      { name: 'scoped', modelSlug: modelA.slug, role: 'editor' },
      null,
    );
    as.keyForA = { authorization: `Bearer ${key.key}` };
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('gives every procedure an access rule', () => {
    expect(procedures.length).toBeGreaterThan(10);
    for (const procedure of procedures) {
      expect(procedure.meta?.access, procedure.path).toMatch(/^(public|signedIn|admin|tenant)$/);
    }
  });

  it('keeps the public surface small and known', () => {
    expect(
      procedures
        .filter((p) => p.meta?.access === 'public')
        .map((p) => p.path)
        .sort(),
    ).toEqual([
      'auth.login',
      'auth.me',
      'auth.setup',
      'auth.setupStatus',
      'system.onStatus',
      'system.status',
    ]);
  });

  it('answers UNAUTHORIZED to anonymous callers for every procedure that is not public', async () => {
    for (const procedure of procedures.filter((p) => p.meta?.access !== 'public')) {
      const input = procedure.meta?.access === 'tenant' ? { modelSlug: modelA.slug } : undefined;
      expect(await call(api, procedure, input, as.anonymous), procedure.path).toBe('UNAUTHORIZED');
    }
  });

  it('answers UNAUTHORIZED to a bad API key for every procedure that is not public', async () => {
    const bad = { authorization: 'Bearer p4g_AAAAAAAA_0000000000000000000000000000000000000000000' };
    for (const procedure of procedures.filter((p) => p.meta?.access !== 'public')) {
      const input = procedure.meta?.access === 'tenant' ? { modelSlug: modelA.slug } : undefined;
      expect(await call(api, procedure, input, bad), procedure.path).toBe('UNAUTHORIZED');
    }
  });

  for (const who of ['editorOfA', 'viewerOfA', 'keyForA'] as const) {
    it(`answers FORBIDDEN to ${who} for every tenant procedure on model B`, async () => {
      const tenant = procedures.filter((p) => p.meta?.access === 'tenant');
      expect(tenant.length).toBeGreaterThan(0);
      for (const procedure of tenant) {
        expect(await call(api, procedure, { modelSlug: modelB.slug }, as[who]), procedure.path).toBe(
          'FORBIDDEN',
        );
      }
    });

    it(`answers FORBIDDEN to ${who} for every admin procedure`, async () => {
      for (const procedure of procedures.filter((p) => p.meta?.access === 'admin')) {
        expect(await call(api, procedure, undefined, as[who]), procedure.path).toBe('FORBIDDEN');
      }
    });
  }

  it('answers FORBIDDEN to a viewer of A for tenant procedures that need more than viewer on A', async () => {
    const needMore = procedures.filter((p) => p.meta?.access === 'tenant' && p.meta.minRole !== 'viewer');
    for (const procedure of needMore) {
      expect(await call(api, procedure, { modelSlug: modelA.slug }, as.viewerOfA), procedure.path).toBe(
        'FORBIDDEN',
      );
    }
  });

  it('guards every plain HTTP route under /api the same way', async () => {
    const apiRoutes = api.routes.filter((route) => route.url.startsWith('/api/') && route.method !== 'HEAD');
    expect(apiRoutes.length).toBeGreaterThan(0);
    for (const route of apiRoutes) {
      expect(route.access, route.url).toMatch(/^(public|tenant|signed|admin)$/);
      if (route.access === 'admin') {
        // Admin routes take a session or key of an admin only.
        const url = `${api.url}${route.url.replace(/:[A-Za-z]+/g, 'x')}`;
        const request = (headers: Record<string, string>) =>
          fetch(url, { method: String(route.method), headers: { 'x-p4g-csrf': '1', ...headers } });
        expect((await request(as.anonymous)).status, route.url).toBe(401);
        for (const who of ['editorOfA', 'viewerOfA', 'keyForA'] as const) {
          expect((await request(as[who])).status, `${who} ${route.url}`).toBe(403);
        }
        continue;
      }
      if (route.access === 'signed') {
        // Signed routes take no session or key; without a signature nothing passes.
        const unsigned = await fetch(`${api.url}${route.url}`, {
          method: String(route.method),
          headers: { ...as.editorOfA, 'content-type': 'application/json' },
          body: '{}',
        });
        expect([400, 401, 503], route.url).toContain(unsigned.status);
        continue;
      }
      if (route.access !== 'tenant') continue;
      const method = String(route.method);
      const path = (slug: string) => route.url.replace(':modelSlug', slug).replace(/:[A-Za-z]+/g, '1');
      const request = (slug: string, headers: Record<string, string>) =>
        fetch(`${api.url}${path(slug)}`, { method, headers: { 'x-p4g-csrf': '1', ...headers } });
      expect((await request(modelA.slug, as.anonymous)).status, route.url).toBe(401);
      for (const who of ['editorOfA', 'viewerOfA', 'keyForA'] as const) {
        const response = await request(modelB.slug, as[who]);
        expect(response.status, `${who} ${route.url}`).toBe(403);
        expect(await response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      }
      if (method === 'GET' && route.minRole === 'viewer') {
        // A member passes the guard (the route may still answer 404 for a made-up id).
        expect([200, 404], route.url).toContain((await request(modelA.slug, as.viewerOfA)).status);
      }
      expect((await request('no-such-model', as.editorOfA)).status).toBe(404);
      expect((await request('Bad_Slug', as.editorOfA)).status).toBe(400);
    }
  });

  it('answers NOT_FOUND for an unknown model and BAD_REQUEST for a malformed slug', async () => {
    const byId = procedures.find((p) => p.path === 'models.byId');
    if (!byId) throw new Error('models.byId missing');
    expect(await call(api, byId, { modelSlug: 'no-such-model' }, as.editorOfA)).toBe('NOT_FOUND');
    expect(await call(api, byId, { modelSlug: 'Bad Slug!' }, as.editorOfA)).toBe('BAD_REQUEST');
  });

  it('lets a member of A read A, and records the forbidden attempts as security events', async () => {
    const byId = procedures.find((p) => p.path === 'models.byId');
    if (!byId) throw new Error('models.byId missing');
    expect(await call(api, byId, { modelSlug: modelA.slug }, as.viewerOfA)).toBe('OK');
    const events = await api.services.audit.listSecurityEvents({ type: 'forbidden', limit: 200 });
    expect(
      events.items.some((event) => (event.details as { modelSlug?: string })?.modelSlug === modelB.slug),
    ).toBe(true);
  });
});
