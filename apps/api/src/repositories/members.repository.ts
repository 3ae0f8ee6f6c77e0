import type { Database, ModelMember } from '@phoenix4ge/db';
import { and, asc, eq, modelMembers, users } from '@phoenix4ge/db';
import type { MemberRole } from '@phoenix4ge/shared';

export function createMembersRepository(db: Database) {
  return {
    async role(modelId: number, userId: number): Promise<MemberRole | undefined> {
      const row = await db.query.modelMembers.findFirst({
        where: and(eq(modelMembers.modelId, modelId), eq(modelMembers.userId, userId)),
      });
      return row?.role;
    },
    async list(modelId: number) {
      return db
        .select({
          userId: users.id,
          email: users.email,
          displayName: users.displayName,
          isAdmin: users.isAdmin,
          disabledAt: users.disabledAt,
          role: modelMembers.role,
          since: modelMembers.createdAt,
        })
        .from(modelMembers)
        .innerJoin(users, eq(users.id, modelMembers.userId))
        .where(eq(modelMembers.modelId, modelId))
        .orderBy(asc(users.email));
    },
    async upsert(modelId: number, userId: number, role: MemberRole): Promise<void> {
      await db.insert(modelMembers).values({ modelId, userId, role }).onDuplicateKeyUpdate({ set: { role } });
    },
    async find(modelId: number, userId: number): Promise<ModelMember | undefined> {
      return db.query.modelMembers.findFirst({
        where: and(eq(modelMembers.modelId, modelId), eq(modelMembers.userId, userId)),
      });
    },
    async remove(modelId: number, userId: number): Promise<number> {
      const [result] = await db
        .delete(modelMembers)
        .where(and(eq(modelMembers.modelId, modelId), eq(modelMembers.userId, userId)));
      return result.affectedRows;
    },
  };
}

export type MembersRepository = ReturnType<typeof createMembersRepository>;
