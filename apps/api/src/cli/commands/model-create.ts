import { CreateModelSchema, ModelSettingsSchema } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';
import type { CliCommand } from '../context';
import { parseOptions } from '../context';

export const modelCreate: CliCommand = {
  usage: '--slug S --name N',
  async run(args, context) {
    const options = parseOptions(args, { slug: { type: 'string' }, name: { type: 'string' } }, [
      'slug',
      'name',
    ]);
    const input = CreateModelSchema.parse({ slug: options.slug, displayName: options.name });
    if (await context.repositories.models.bySlug(input.slug)) {
      throw new TRPCError({ code: 'CONFLICT', message: `The slug "${input.slug}" is taken` });
    }
    const id = await context.repositories.models.create({
      ...input,
      settings: ModelSettingsSchema.parse({}),
    });
    await context.audit({
      action: 'model:create',
      modelId: id,
      targetType: 'model',
      targetId: id,
      details: input,
    });
    return [`Created model ${input.slug} (${input.displayName})`, String(id)];
  },
};
