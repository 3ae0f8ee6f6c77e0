import { EmailSchema, MemberRoleSchema, ModelSlugSchema } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';
import type { CliCommand } from '../context';
import { parseOptions } from '../context';

export const memberAdd: CliCommand = {
  usage: '--model S --email E --role editor|viewer',
  async run(args, context) {
    const options = parseOptions(
      args,
      { model: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' } },
      ['model', 'email', 'role'],
    );
    const slug = ModelSlugSchema.parse(options.model);
    const email = EmailSchema.parse(options.email);
    const role = MemberRoleSchema.parse(options.role);
    const model = await context.services.models.bySlug(slug);
    if (!model) throw new TRPCError({ code: 'NOT_FOUND', message: `No model called "${slug}"` });
    const member = await context.services.members.add(model, { email, role });
    await context.audit({
      action: 'member:add',
      modelId: model.id,
      targetType: 'user',
      targetId: member.userId,
      details: { email, role },
    });
    return [`${email} is now ${role} of ${slug}`, String(member.userId)];
  },
};
