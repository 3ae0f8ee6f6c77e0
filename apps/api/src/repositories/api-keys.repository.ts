import type { ApiKey, Database, NewApiKey } from '@phoenix4ge/db';
import { apiKeys, desc, eq, models, users } from '@phoenix4ge/db';

export function createApiKeysRepository(db: Database) {
  return {
    async create(key: NewApiKey): Promise<number> {
      const [row] = await db.insert(apiKeys).values(key).$returningId();
      if (!row) throw new Error('api key insert returned no id');
      return row.id;
    },
    async byHash(keyHash: string): Promise<ApiKey | undefined> {
      return db.query.apiKeys.findFirst({ where: eq(apiKeys.keyHash, keyHash) });
    },
    async byId(id: number): Promise<ApiKey | undefined> {
      return db.query.apiKeys.findFirst({ where: eq(apiKeys.id, id) });
    },
    async list() {
      return db
        .select({
          id: apiKeys.id,
          name: apiKeys.name,
          keyPrefix: apiKeys.keyPrefix,
          role: apiKeys.role,
          modelSlug: models.slug,
          createdBy: users.email,
          expiresAt: apiKeys.expiresAt,
          lastUsedAt: apiKeys.lastUsedAt,
          revokedAt: apiKeys.revokedAt,
          createdAt: apiKeys.createdAt,
        })
        .from(apiKeys)
        .leftJoin(models, eq(models.id, apiKeys.modelId))
        .leftJoin(users, eq(users.id, apiKeys.createdBy))
        .orderBy(desc(apiKeys.createdAt));
    },
    async touch(id: number, at: Date): Promise<void> {
      await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
    },
    async revoke(id: number, at: Date): Promise<void> {
      await db.update(apiKeys).set({ revokedAt: at }).where(eq(apiKeys.id, id));
    },
  };
}

export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;
