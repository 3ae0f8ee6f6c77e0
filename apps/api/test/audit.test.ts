import { apiKeys, auditLog, createDb, desc, eq, models } from '@phoenix4ge/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signedInAdmin, signIn, startApi, trpcClient } from './support/harness';

type Api = Awaited<ReturnType<typeof startApi>>;

describe('audit log', () => {
  let api: Api;
  let db: ReturnType<typeof createDb>;
  let admin: Awaited<ReturnType<typeof signedInAdmin>>;

  beforeAll(async () => {
    api = await startApi();
    db = createDb(api.config.database);
    admin = await signedInAdmin(api);
  });
  afterAll(async () => {
    await db?.close();
    await api?.stop();
  });

  async function latest(action: string) {
    const [row] = await db.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, action))
      .orderBy(desc(auditLog.id))
      .limit(1);
    return row;
  }

  it('records actor, model, action, target, details and IP for each mutation, never a password', async () => {
    const before = Date.now();
    const model = await admin.client.models.create.mutate({ slug: 'audited-model', displayName: 'Audited' });
    const created = await latest('models.create');
    const after = Date.now();
    expect(created).toMatchObject({
      actorUserId: admin.admin.id,
      actorApiKeyId: null,
      modelId: model.id,
      targetType: 'model',
      targetId: String(model.id),
      ip: '127.0.0.1',
      details: { slug: 'audited-model', displayName: 'Audited' },
    });
    expect(created?.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(created?.createdAt.getTime()).toBeLessThanOrEqual(after);

    await admin.client.members.add.mutate({
      modelSlug: 'audited-model',
      email: 'new.editor@example.test',
      role: 'editor',
      password: 'a long enough password',
    });
    const added = await latest('members.add');
    expect(added).toMatchObject({
      modelId: model.id,
      targetType: 'user',
      details: { role: 'editor', userCreated: true },
    });
    expect(JSON.stringify(added?.details)).not.toContain('a long enough password');
    expect(added?.details).toMatchObject({ password: '[redacted]' });

    await admin.client.models.update.mutate({ modelSlug: 'audited-model', displayName: 'Audited, renamed' });
    expect(await latest('models.update')).toMatchObject({
      modelId: model.id,
      details: { displayName: 'Audited, renamed' },
    });
  });

  it('records sign-in with the user as actor, and API-key actors by key', async () => {
    const user = await createUser(api);
    await trpcClient(api.url).auth.login.mutate({ email: user.email, password: user.password });
    expect(await latest('auth.login')).toMatchObject({
      actorUserId: user.id,
      details: { email: user.email, password: '[redacted]' },
    });

    const created = await admin.client.apiKeys.create.mutate({ name: 'auditor', role: 'admin' });
    const keyClient = trpcClient(api.url, { apiKey: created.key });
    await keyClient.models.create.mutate({ slug: 'made-by-key', displayName: 'Made by key' });
    expect(await latest('models.create')).toMatchObject({ actorUserId: null, actorApiKeyId: created.id });
    const keyRow = await db.db.query.apiKeys.findFirst({ where: eq(apiKeys.id, created.id) });
    expect(keyRow?.lastUsedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(await latest('apiKeys.create'))).not.toContain(created.key);
  });

  it('does not record failed mutations', async () => {
    const before = await latest('models.create');
    await expect(
      admin.client.models.create.mutate({ slug: 'audited-model', displayName: 'Again' }),
    ).rejects.toMatchObject({
      data: { code: 'CONFLICT' },
    });
    expect((await latest('models.create'))?.id).toBe(before?.id);
  });

  it('lists and filters entries for admins, newest first with a cursor', async () => {
    const page = await admin.client.audit.list.query({ modelSlug: 'audited-model', limit: 2 });
    expect(page.items.map((item) => item.action)).toEqual(['models.update', 'members.add']);
    expect(page.items[0]?.actorEmail).toBe(admin.admin.email);
    expect(page.nextCursor).not.toBeNull();
    const next = await admin.client.audit.list.query({
      modelSlug: 'audited-model',
      limit: 2,
      cursor: page.nextCursor ?? undefined,
    });
    expect(next.items.map((item) => item.action)).toEqual(['models.create']);
    const byAction = await admin.client.audit.list.query({ action: 'auth.', limit: 50 });
    expect(byAction.items.every((item) => item.action.startsWith('auth.'))).toBe(true);
  });
});

describe('audit presenter', () => {
  let api: Api;
  let db: ReturnType<typeof createDb>;
  let admin: Awaited<ReturnType<typeof signedInAdmin>>;

  beforeAll(async () => {
    api = await startApi();
    db = createDb(api.config.database);
    admin = await signedInAdmin(api);
  });
  afterAll(async () => {
    await db?.close();
    await api?.stop();
  });

  it('names the actor by email, an API key by its name and no one as the system; a target user by email', async () => {
    const slug = `presented-${Date.now().toString(36)}`;
    await admin.client.models.create.mutate({ slug, displayName: 'Presented' });
    const member = await createUser(api);
    await admin.client.members.add.mutate({ modelSlug: slug, email: member.email, role: 'editor' });
    await admin.client.members.setRole.mutate({ modelSlug: slug, userId: member.id, role: 'viewer' });
    const key = await admin.client.apiKeys.create.mutate({ name: 'presenter key', role: 'admin' });
    await trpcClient(api.url, { apiKey: key.key }).models.update.mutate({
      modelSlug: slug,
      displayName: 'By key',
    });
    const [model] = await db.db.select().from(models).where(eq(models.slug, slug));
    await db.db
      .insert(auditLog)
      .values({ action: 'maintenance.test', modelId: model?.id, details: { swept: 3 } });

    const { items } = await admin.client.audit.list.query({ modelSlug: slug, limit: 50 });
    const byAction = (action: string) => items.find((item) => item.action === action);
    expect(byAction('maintenance.test')?.actor).toEqual({ kind: 'system', label: 'system' });
    expect(byAction('models.update')?.actor).toEqual({
      kind: 'apiKey',
      label: 'presenter key',
      apiKeyId: key.id,
    });
    expect(byAction('members.setRole')).toMatchObject({
      actor: { kind: 'user', label: admin.admin.email, userId: admin.admin.id },
      targetLabel: member.email,
      details: { role: 'viewer', previousRole: 'editor' },
    });
    expect(byAction('models.create')?.actor.label).toBe(admin.admin.email);
    expect(JSON.stringify(items)).not.toMatch(/user #/);
  });

  it('names the account of a security event by email, also when only the user id was recorded', async () => {
    const user = await createUser(api);
    const cookie = await signIn(api.url, user.email, user.password);
    await trpcClient(api.url, { cookie }).auth.logoutEverywhere.mutate();
    const { items } = await admin.client.security.list.query({ type: 'sessions_revoked', limit: 10 });
    const event = items.find((item) => item.userId === user.id);
    expect(event).toMatchObject({ email: null, account: user.email });
  });
});

describe('API keys', () => {
  let api: Api;
  let admin: Awaited<ReturnType<typeof signedInAdmin>>;

  beforeAll(async () => {
    api = await startApi();
    admin = await signedInAdmin(api);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('shows a key once, authenticates with it, and stops accepting it once revoked', async () => {
    await admin.client.models.create.mutate({ slug: 'keyed', displayName: 'Keyed' });
    const created = await admin.client.apiKeys.create.mutate({
      name: 'reader',
      modelSlug: 'keyed',
      role: 'viewer',
    });
    expect(created.key).toMatch(/^p4g_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    const listed = await admin.client.apiKeys.list.query();
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(listed.find((key) => key.id === created.id)).toMatchObject({
      keyPrefix: created.prefix,
      modelSlug: 'keyed',
      role: 'viewer',
    });

    const client = trpcClient(api.url, { apiKey: created.key });
    expect(await client.models.list.query()).toEqual([
      expect.objectContaining({ slug: 'keyed', role: 'viewer' }),
    ]);
    await expect(
      client.models.update.mutate({ modelSlug: 'keyed', displayName: 'No' }),
    ).rejects.toMatchObject({
      data: { code: 'FORBIDDEN' },
    });

    await admin.client.apiKeys.revoke.mutate({ id: created.id });
    await expect(client.models.list.query()).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED' },
      message: 'The API key is not valid',
    });
    const events = await admin.client.security.list.query({ type: 'bad_api_key', limit: 10 });
    expect(events.items[0]).toMatchObject({
      ip: '127.0.0.1',
      details: { reason: 'revoked', prefix: created.prefix.slice(0, 12) },
    });
  });

  it('expires keys created with an expiry', async () => {
    const before = Date.now();
    const created = await admin.client.apiKeys.create.mutate({
      name: 'brief',
      role: 'viewer',
      expiresInDays: 1,
    });
    const after = Date.now();
    expect(created.expiresAt?.getTime()).toBeGreaterThanOrEqual(before + 24 * 3600_000);
    expect(created.expiresAt?.getTime()).toBeLessThanOrEqual(after + 24 * 3600_000);
    expect(await trpcClient(api.url, { apiKey: created.key }).auth.me.query()).toMatchObject({
      kind: 'apiKey',
    });
  });
});
