import { CreateUserSchema } from '@phoenix4ge/shared';
import type { CliCommand } from '../context';
import { parseOptions } from '../context';

export const userCreate: CliCommand = {
  usage: '--email E --password P [--name N] [--admin]',
  async run(args, context) {
    const options = parseOptions(
      args,
      {
        email: { type: 'string' },
        password: { type: 'string' },
        name: { type: 'string' },
        admin: { type: 'boolean' },
      },
      ['email', 'password'],
    );
    const input = CreateUserSchema.parse({
      email: options.email,
      password: options.password,
      displayName: options.name ?? options.email?.split('@')[0],
      isAdmin: options.admin ?? false,
    });
    const user = await context.services.users.create(input);
    await context.audit({
      action: 'user:create',
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, isAdmin: user.isAdmin },
    });
    return [
      `Created ${user.isAdmin ? 'admin' : 'user'} ${user.email} (${user.displayName})`,
      String(user.id),
    ];
  },
};
