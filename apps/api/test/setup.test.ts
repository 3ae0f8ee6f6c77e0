import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, signIn, startApi, trpcClient } from './support/harness';

describe('first-run setup', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    database = await freshDatabase();
    api = await startApi(database.env);
  });
  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('creates exactly one first admin even when two browsers try at once, then is gone', async () => {
    const client = trpcClient(api.url);
    expect(await client.auth.setupStatus.query()).toEqual({ needsSetup: true });
    await expect(
      client.auth.setup.mutate({ email: 'weak@example.test', displayName: 'Weak', password: 'short' }),
    ).rejects.toMatchObject({
      data: { code: 'BAD_REQUEST', zodError: { fieldErrors: { password: [expect.any(String)] } } },
    });

    const attempts = await Promise.allSettled(
      ['first@example.test', 'second@example.test'].map((email) =>
        client.auth.setup.mutate({ email, displayName: 'Admin', password: 'a very good passphrase' }),
      ),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    const refused = attempts.find((attempt) => attempt.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({ data: { code: 'FORBIDDEN' } });
    expect(await client.auth.setupStatus.query()).toEqual({ needsSetup: false });
    const users = await api.services.users.list();
    expect(users).toHaveLength(1);
    expect(users[0]?.isAdmin).toBe(true);
  });

  it("records the first admin's sign-in at setup, and again at each password sign-in", async () => {
    const [admin] = await api.services.users.list();
    expect(admin?.lastLoginAt).toBeInstanceOf(Date);
    const atSetup = admin?.lastLoginAt?.getTime() ?? 0;

    const cookie = await signIn(api.url, admin?.email ?? '', 'a very good passphrase');
    const [after] = await api.services.users.list();
    expect(after?.lastLoginAt?.getTime()).toBeGreaterThanOrEqual(atSetup);
    // Using the session afterwards is not a new sign-in.
    const signedInAt = after?.lastLoginAt?.getTime();
    await trpcClient(api.url, { cookie }).auth.me.query();
    expect((await api.services.users.list())[0]?.lastLoginAt?.getTime()).toBe(signedInAt);
  });

  it('signs the new admin in with a session cookie', async () => {
    const response = await fetch(`${api.url}/trpc/auth.setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1' },
      body: JSON.stringify({
        json: { email: 'late@example.test', displayName: 'Late', password: 'a very good passphrase' },
      }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
