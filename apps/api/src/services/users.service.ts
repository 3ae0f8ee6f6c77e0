import type { SessionsRepository, User } from '@phoenix4ge/db';
import type { CreateUser, UpdateUser } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';
import { hashPassword } from '../lib/passwords';
import type { UsersRepository } from '../repositories/users.repository';

export function presentUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    isAdmin: user.isAdmin,
    disabledAt: user.disabledAt,
    lockedUntil: user.lockedUntil,
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
  };
}

export function createUsersService(deps: { users: UsersRepository; sessions: SessionsRepository }) {
  return {
    async list() {
      return (await deps.users.list()).map(presentUser);
    },

    async create(input: CreateUser) {
      if (await deps.users.byEmail(input.email)) {
        throw new TRPCError({ code: 'CONFLICT', message: `A user with ${input.email} exists` });
      }
      const id = await deps.users.create({
        email: input.email,
        displayName: input.displayName,
        isAdmin: input.isAdmin,
        passwordHash: await hashPassword(input.password),
      });
      const user = await deps.users.byId(id);
      if (!user) throw new Error('user vanished after insert');
      return presentUser(user);
    },

    /** Disabling a user or setting their password ends all their sessions. */
    async update(input: UpdateUser, actingUserId: number | null) {
      const user = await deps.users.byId(input.id);
      if (!user) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such user' });
      if (input.id === actingUserId && (input.disabled || input.isAdmin === false)) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'You cannot disable or demote yourself' });
      }
      await deps.users.update(user.id, {
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(input.isAdmin !== undefined ? { isAdmin: input.isAdmin } : {}),
        ...(input.disabled !== undefined ? { disabledAt: input.disabled ? new Date() : null } : {}),
        ...(input.password !== undefined ? { passwordHash: await hashPassword(input.password) } : {}),
      });
      if (input.disabled || input.password !== undefined) await deps.sessions.deleteForUser(user.id);
      const updated = await deps.users.byId(user.id);
      if (!updated) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such user' });
      return presentUser(updated);
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
