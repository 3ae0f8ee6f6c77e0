import type { Database, NewUser, User } from '@phoenix4ge/db';
import { asc, count, eq, users } from '@phoenix4ge/db';

export function createUsersRepository(db: Database) {
  return {
    async byEmail(email: string): Promise<User | undefined> {
      return db.query.users.findFirst({ where: eq(users.email, email) });
    },
    async byId(id: number): Promise<User | undefined> {
      return db.query.users.findFirst({ where: eq(users.id, id) });
    },
    async count(): Promise<number> {
      const [row] = await db.select({ value: count() }).from(users);
      return row?.value ?? 0;
    },
    async list(): Promise<User[]> {
      return db.select().from(users).orderBy(asc(users.email));
    },
    async create(user: NewUser): Promise<number> {
      const [row] = await db.insert(users).values(user).$returningId();
      if (!row) throw new Error('user insert returned no id');
      return row.id;
    },
    async update(id: number, changes: Partial<NewUser>): Promise<void> {
      await db.update(users).set(changes).where(eq(users.id, id));
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
