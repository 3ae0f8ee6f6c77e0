import { systemRouter } from './routers/system.router';
import { router } from './trpc';

/** Every domain router, merged. Nouns at the top level, short verbs below. */
export const appRouter = router({
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
