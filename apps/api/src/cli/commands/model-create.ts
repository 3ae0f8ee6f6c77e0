import { CreateModelSchema } from '@phoenix4ge/shared';
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
    const { id } = await context.services.models.create(input);
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
