import type { Model } from '@phoenix4ge/db';
import type { AddMember, MemberRole } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';
import { hashPassword } from '../lib/passwords';
import type { MembersRepository } from '../repositories/members.repository';
import type { UsersRepository } from '../repositories/users.repository';

export function createMembersService(deps: { members: MembersRepository; users: UsersRepository }) {
  return {
    list: (model: Model) => deps.members.list(model.id),

    /** Adds (or re-roles) a member by email; with a password a new user is created for an unknown email. */
    async add(model: Model, input: AddMember) {
      let user = await deps.users.byEmail(input.email);
      let created = false;
      if (!user) {
        if (!input.password) {
          throw new TRPCError({
            code: 'NOT_FOUND',
            message: `No user with ${input.email}; give a password to create one`,
          });
        }
        const id = await deps.users.create({
          email: input.email,
          displayName: input.displayName ?? input.email.split('@')[0] ?? input.email,
          passwordHash: await hashPassword(input.password),
        });
        user = await deps.users.byId(id);
        created = true;
      }
      if (!user) throw new Error('user vanished after insert');
      await deps.members.upsert(model.id, user.id, input.role);
      return { userId: user.id, email: user.email, role: input.role, userCreated: created };
    },

    async setRole(model: Model, userId: number, role: MemberRole) {
      const member = await deps.members.find(model.id, userId);
      if (!member) {
        throw new TRPCError({ code: 'NOT_FOUND', message: 'That user is not a member of this model' });
      }
      await deps.members.upsert(model.id, userId, role);
      return { userId, role, previousRole: member.role };
    },

    async remove(model: Model, userId: number) {
      if ((await deps.members.remove(model.id, userId)) === 0) {
        throw new TRPCError({ code: 'NOT_FOUND', message: 'That user is not a member of this model' });
      }
      return { userId };
    },
  };
}

export type MembersService = ReturnType<typeof createMembersService>;
