/**
 * A type-safe internal client: a Node script calling the api with an API key through @trpc/client, typed by the
 * api's AppRouter. Run it against a running api:
 *
 *   P4G_API_URL=http://localhost:3000 P4G_API_KEY=p4g_… pnpm --filter @phoenix4ge/api exec tsx examples/typed-client.ts
 *
 * (create a key with `pnpm cli apikey:create --name example --role viewer` or on the API keys page).
 */
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '../src/router-types';

const url = process.env.P4G_API_URL ?? 'http://localhost:3000';
const apiKey = process.env.P4G_API_KEY;
if (!apiKey) {
  process.stderr.write(
    'Set P4G_API_KEY to an API key (pnpm cli apikey:create --name example --role viewer)\n',
  );
  process.exit(2);
}

const client = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: `${url}/trpc`,
      transformer: superjson,
      headers: { authorization: `Bearer ${apiKey}` },
    }),
  ],
});

const me = await client.auth.me.query();
if (me?.kind !== 'apiKey') {
  // auth.me is public: an invalid key makes it answer null (protected procedures answer UNAUTHORIZED).
  process.stderr.write('The API key is not valid (revoked, expired or mistyped)\n');
  process.exit(1);
}
console.log(`Signed in as API key "${me.key.name}" (${me.key.role})`);

const models = await client.models.list.query();
console.log(`Models visible to this key: ${models.length}`);
for (const model of models) {
  // Typed end to end: `model.settings.variants.formats` is `("webp" | "jpeg" | "avif")[]`.
  const members = await client.members.list.query({ modelSlug: model.slug });
  console.log(
    `- ${model.slug} (${model.displayName}): role ${model.role}, ${members.length} member(s), formats ${model.settings.variants.formats.join('/')}`,
  );
}
