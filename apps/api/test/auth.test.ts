import { createDb, eq, sessions } from '@phoenix4ge/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_IDLE_MS } from '../src/services/auth.service';
import { createUser, isolatedPrefix, signIn, startApi, trpcClient } from './support/harness';

type Api = Awaited<ReturnType<typeof startApi>>;

async function postLogin(url: string, email: string, password: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1', ...headers },
    body: JSON.stringify({ json: { email, password } }),
  });
  const body = (await response.json()) as { error?: { json: { message: string; data: { code: string } } } };
  return { status: response.status, body, response };
}

describe('sign-in, sessions and their end', () => {
  let api: Api;
  let db: ReturnType<typeof createDb>;

  beforeAll(async () => {
    api = await startApi();
    db = createDb(api.config.database);
  });
  afterAll(async () => {
    await db?.close();
    await api?.stop();
  });

  it('answers wrong password and unknown email with the same 401 message', async () => {
    const user = await createUser(api);
    const wrong = await postLogin(api.url, user.email, 'not the password at all');
    const unknown = await postLogin(api.url, 'nobody-here@example.test', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error?.json.message).toBe('Email or password is incorrect');
    expect(unknown.body.error?.json.message).toBe(wrong.body.error?.json.message);
    // That both cost the same work (one argon2id verify each) is counted in services/auth.service.spec.ts.
  });

  it('issues an httpOnly SameSite=Lax cookie whose token is stored only as a hash', async () => {
    const user = await createUser(api);
    const { response } = await postLogin(api.url, user.email, user.password);
    const cookie = response.headers.getSetCookie().find((header) => header.startsWith('p4g_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const token = cookie?.split(';')[0]?.split('=')[1] ?? '';
    const rows = await db.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.tokenHash).not.toContain(token);
  });

  it('marks the cookie Secure behind an https proxy it trusts', async () => {
    const proxied = await startApi({ TRUST_PROXY: 'true' });
    try {
      const user = await createUser(proxied);
      const { response } = await postLogin(proxied.url, user.email, user.password, {
        'x-forwarded-proto': 'https',
      });
      expect(response.headers.getSetCookie().join()).toMatch(/Secure/);
    } finally {
      await proxied.stop();
    }
  });

  it('ends an expired session: UNAUTHORIZED saying so, and the cookie is cleared', async () => {
    const user = await createUser(api);
    const cookie = await signIn(api.url, user.email, user.password);
    expect(await trpcClient(api.url, { cookie }).auth.me.query()).toMatchObject({ kind: 'user' });
    await db.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, user.id));
    const response = await fetch(`${api.url}/trpc/models.list`, { headers: { cookie } });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('Your session has ended; sign in again');
    expect(response.headers.getSetCookie().join()).toMatch(/p4g_session=;/);
    expect(await db.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
  });

  it('renews a session that is in use (sliding expiry), re-sending the cookie', async () => {
    const user = await createUser(api);
    const cookie = await signIn(api.url, user.email, user.password);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    const soon = new Date(Date.now() + 3600_000);
    await db.db
      .update(sessions)
      .set({ lastSeenAt: twoHoursAgo, expiresAt: soon })
      .where(eq(sessions.userId, user.id));
    const before = Date.now();
    const response = await fetch(`${api.url}/trpc/auth.me`, { headers: { cookie } });
    const after = Date.now();
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().join()).toMatch(/p4g_session=.+Expires=/);
    const [row] = await db.db.select().from(sessions).where(eq(sessions.userId, user.id));
    // Renewed for the idle period from the moment of the request.
    expect(row?.expiresAt.getTime()).toBeGreaterThanOrEqual(before + SESSION_IDLE_MS);
    expect(row?.expiresAt.getTime()).toBeLessThanOrEqual(after + SESSION_IDLE_MS);
  });

  it('logs out one session, or every session, and the cookies stop working', async () => {
    const user = await createUser(api);
    const first = await signIn(api.url, user.email, user.password);
    const second = await signIn(api.url, user.email, user.password);
    const third = await signIn(api.url, user.email, user.password);
    await trpcClient(api.url, { cookie: first }).auth.logout.mutate();
    expect(await trpcClient(api.url, { cookie: first }).auth.me.query()).toBeNull();
    expect(await trpcClient(api.url, { cookie: second }).auth.me.query()).toMatchObject({ kind: 'user' });
    expect(await trpcClient(api.url, { cookie: second }).auth.logoutEverywhere.mutate()).toEqual({
      ended: 2,
    });
    expect(await trpcClient(api.url, { cookie: second }).auth.me.query()).toBeNull();
    expect(await trpcClient(api.url, { cookie: third }).auth.me.query()).toBeNull();
  });

  it('changing the password ends every other session and keeps this one', async () => {
    const user = await createUser(api);
    const here = await signIn(api.url, user.email, user.password);
    const elsewhere = await signIn(api.url, user.email, user.password);
    const client = trpcClient(api.url, { cookie: here });
    await expect(
      client.auth.changePassword.mutate({
        currentPassword: 'wrong wrong wrong',
        newPassword: 'a brand new passphrase',
      }),
    ).rejects.toMatchObject({ data: { code: 'BAD_REQUEST' } });
    await expect(
      client.auth.changePassword.mutate({ currentPassword: user.password, newPassword: 'short' }),
    ).rejects.toMatchObject({
      data: { code: 'BAD_REQUEST', zodError: { fieldErrors: { newPassword: [expect.any(String)] } } },
    });
    expect(
      await client.auth.changePassword.mutate({
        currentPassword: user.password,
        newPassword: 'a brand new passphrase',
      }),
    ).toEqual({ otherSessionsEnded: 1 });
    expect(await client.auth.me.query()).toMatchObject({ kind: 'user' });
    expect(await trpcClient(api.url, { cookie: elsewhere }).auth.me.query()).toBeNull();
    expect((await postLogin(api.url, user.email, user.password)).status).toBe(401);
    expect((await postLogin(api.url, user.email, 'a brand new passphrase')).status).toBe(200);
  });

  it('refuses a disabled user, and disabling ends their sessions', async () => {
    const user = await createUser(api);
    const cookie = await signIn(api.url, user.email, user.password);
    await api.services.users.update({ id: user.id, disabled: true }, null);
    expect(await trpcClient(api.url, { cookie }).auth.me.query()).toBeNull();
    const again = await postLogin(api.url, user.email, user.password);
    expect(again.status).toBe(401);
    expect(again.body.error?.json.message).toBe('Email or password is incorrect');
  });
});

describe('login rate limits (Redis)', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi(isolatedPrefix(), {
      loginLimits: { perIp: { points: 8, seconds: 60 }, perAccount: { points: 3, seconds: 60 } },
    });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('locks an account after repeated failures: 429 with Retry-After, even for the right password', async () => {
    const user = await createUser(api);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await postLogin(api.url, user.email, 'wrong password here')).status).toBe(401);
    }
    const locked = await postLogin(api.url, user.email, user.password);
    expect(locked.status).toBe(429);
    expect(Number(locked.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(locked.response.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(locked.body.error?.json.data.code).toBe('TOO_MANY_REQUESTS');
    const events = await api.services.audit.listSecurityEvents({ limit: 50 });
    const mine = events.items.filter((event) => event.email === user.email).map((event) => event.type);
    expect(mine.filter((type) => type === 'login_failed')).toHaveLength(3);
    expect(mine).toContain('account_locked');
    expect(mine).toContain('rate_limited');
    expect(events.items.find((event) => event.email === user.email)?.ip).toBe('127.0.0.1');
  });

  it('limits failed attempts per IP across accounts, while successful logins do not count', async () => {
    const limited = await startApi(isolatedPrefix(), {
      loginLimits: { perIp: { points: 4, seconds: 60 }, perAccount: { points: 100, seconds: 60 } },
    });
    try {
      const user = await createUser(limited);
      for (let attempt = 0; attempt < 6; attempt += 1) await signIn(limited.url, user.email, user.password);
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 6; attempt += 1) {
        statuses.push(
          (await postLogin(limited.url, `someone${attempt}@example.test`, 'wrong password here')).status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    } finally {
      await limited.stop();
    }
  });
});

describe('CSRF stance and security headers', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('refuses a state-changing request without the CSRF header, or from another origin', async () => {
    const user = await createUser(api);
    const cookie = await signIn(api.url, user.email, user.password);
    const noHeader = await fetch(`${api.url}/trpc/auth.logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: '{}',
    });
    expect(noHeader.status).toBe(403);
    expect(await noHeader.json()).toMatchObject({ error: { code: 'CSRF' } });
    const formPost = await fetch(`${api.url}/trpc/auth.logout`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie, origin: 'https://evil.example' },
      body: '{}',
    });
    expect(formPost.status).toBe(403);
    const crossOrigin = await fetch(`${api.url}/trpc/auth.logout`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie,
        'x-p4g-csrf': '1',
        origin: 'https://evil.example',
      },
      body: '{}',
    });
    expect(crossOrigin.status).toBe(403);
    expect(await trpcClient(api.url, { cookie }).auth.me.query()).toMatchObject({ kind: 'user' });
    const events = await api.services.audit.listSecurityEvents({ type: 'csrf_rejected', limit: 10 });
    expect(events.items.length).toBeGreaterThanOrEqual(3);
  });

  it('lets API-key clients (no ambient credentials) post without the header', async () => {
    const key = await api.services.apiKeys.create({ name: 'ci', role: 'admin' }, null);
    const response = await fetch(`${api.url}/trpc/models.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key.key}` },
      body: JSON.stringify({ json: { slug: 'from-a-key', displayName: 'From a key' } }),
    });
    expect(response.status).toBe(200);
  });

  it('sends helmet headers and a CSP fit for the SPA', async () => {
    const response = await fetch(`${api.url}/health`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
  });
});
