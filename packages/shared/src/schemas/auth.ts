import { z } from 'zod';

export const EmailSchema = z
  .email({ error: 'Enter a valid email address' })
  .max(254)
  .transform((email) => email.trim().toLowerCase());

export const PASSWORD_MIN_LENGTH = 12;
export const passwordPolicy = `At least ${PASSWORD_MIN_LENGTH} characters, not all the same character, and not your email`;

/** The password policy: long rather than complex (NIST SP 800-63B), bounded to keep hashing cheap. */
export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { error: `Use at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(256, { error: 'Use at most 256 characters' })
  .refine((password) => new Set(password).size > 3, { error: 'Use more than a few different characters' });

export const DisplayNameSchema = z.string().trim().min(1, { error: 'A name is required' }).max(191);

export const LoginSchema = z.object({
  email: EmailSchema,
  // Any length is accepted at login so old or mistyped passwords get the same generic answer.
  password: z.string().min(1).max(256),
});
export type Login = z.infer<typeof LoginSchema>;

export const SetupSchema = z
  .object({ email: EmailSchema, displayName: DisplayNameSchema, password: PasswordSchema })
  .refine((input) => input.password.toLowerCase() !== input.email, {
    error: 'The password must not be your email',
    path: ['password'],
  });
export type Setup = z.infer<typeof SetupSchema>;

export const ChangePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: PasswordSchema,
});
export type ChangePassword = z.infer<typeof ChangePasswordSchema>;
