import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { registerPublicAnalyticsRoutes } from './public-analytics.route';
import { registerPublicGalleryRoutes } from './public-gallery.route';
import type { PublicReplay } from './public-replay';
import { PUBLIC_API_PREFIX } from './public-route';

/**
 * The public API (gallery, categories, events, downloads) in a scope of its own, so CORS (`@fastify/cors`) answers
 * for it and nothing else: /trpc, /api/model-media-library and /media never get CORS headers. No credentials: the
 * public API reads no cookie and no key. `origins` is `*` or a list (the allowed origin is echoed, with
 * `Vary: Origin`). Preflights (a JSON POST of events) are answered 204 and may be cached for 10 minutes. Cached
 * answers sent here are recorded for `replay` (public-replay.ts).
 */
export async function registerPublicApi(
  server: FastifyInstance,
  services: Services,
  origins: '*' | string[],
  replay?: PublicReplay,
) {
  await server.register(
    async (scope) => {
      // The preflight route the plugin adds is as public as the API it answers for (the access test reads this).
      scope.addHook('onRoute', (route) => {
        route.config = { ...route.config, access: route.config?.access ?? 'public' };
      });
      await scope.register(fastifyCors, {
        origin: origins,
        credentials: false,
        methods: ['GET', 'HEAD', 'POST'],
        allowedHeaders: ['Content-Type'],
        maxAge: 600,
      });
      // Last of the onSend hooks (the root's ran first): what is recorded is what was sent.
      if (replay) scope.addHook('onSend', replay.record);
      await registerPublicAnalyticsRoutes(scope, services);
      registerPublicGalleryRoutes(scope, services);
    },
    { prefix: PUBLIC_API_PREFIX },
  );
}
