import { CreateApiKeySchema } from '@phoenix4ge/shared';
import type { CliCommand } from '../context';
import { parseOptions } from '../context';

export const apikeyCreate: CliCommand = {
  usage: '--name N [--model S] --role admin|editor|viewer [--expires-in-days D]',
  async run(args, context) {
    const options = parseOptions(
      args,
      {
        name: { type: 'string' },
        model: { type: 'string' },
        role: { type: 'string' },
        'expires-in-days': { type: 'string' },
      },
      ['name', 'role'],
    );
    const days = options['expires-in-days'];
    const input = CreateApiKeySchema.parse({
      name: options.name,
      modelSlug: options.model,
      role: options.role,
      expiresInDays: days === undefined ? undefined : Number(days),
    });
    const created = await context.services.apiKeys.create(input, null);
    await context.audit({
      action: 'apikey:create',
      targetType: 'api_key',
      targetId: created.id,
      details: {
        name: created.name,
        role: created.role,
        modelSlug: created.modelSlug,
        prefix: created.prefix,
      },
    });
    return [
      `Created API key "${created.name}" (${created.prefix}…, ${created.role} on ${created.modelSlug ?? 'all models'})`,
      'Store it now: it is shown only this once.',
      created.key,
    ];
  },
};
