import { z } from 'zod';
import { memberRoles } from '../enums';
import { DisplayNameSchema, EmailSchema, PasswordSchema } from './auth';

export const IdSchema = z.number().int().positive();

export const CreateUserSchema = z
  .object({
    email: EmailSchema,
    displayName: DisplayNameSchema,
    password: PasswordSchema,
    isAdmin: z.boolean().default(false),
  })
  .refine((input) => input.password.toLowerCase() !== input.email, {
    error: 'The password must not be the email',
    path: ['password'],
  });
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z.object({
  id: IdSchema,
  displayName: DisplayNameSchema.optional(),
  isAdmin: z.boolean().optional(),
  disabled: z.boolean().optional(),
  password: PasswordSchema.optional(),
});
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

export const MemberRoleSchema = z.enum(memberRoles);

/** Adds a member by email; with a password (and a display name) a new user is created first. */
export const AddMemberSchema = z.object({
  email: EmailSchema,
  role: MemberRoleSchema,
  displayName: DisplayNameSchema.optional(),
  password: PasswordSchema.optional(),
});
export type AddMember = z.infer<typeof AddMemberSchema>;

export const UpdateMemberSchema = z.object({ userId: IdSchema, role: MemberRoleSchema });
export const RemoveMemberSchema = z.object({ userId: IdSchema });
