import { analyticsRouter } from './routers/analytics.router';
import { apiKeysRouter } from './routers/api-keys.router';
import { auditRouter } from './routers/audit.router';
import { authRouter } from './routers/auth.router';
import { categoriesRouter } from './routers/categories.router';
import { editsRouter } from './routers/edits.router';
import { incidentsRouter } from './routers/incidents.router';
import { jobsRouter } from './routers/jobs.router';
import { mediaRouter } from './routers/media.router';
import { membersRouter } from './routers/members.router';
import { modelsRouter } from './routers/models.router';
import { moderationRouter } from './routers/moderation.router';
import { securityRouter } from './routers/security.router';
import { systemRouter } from './routers/system.router';
import { tagsRouter } from './routers/tags.router';
import { usersRouter } from './routers/users.router';
import { router } from './trpc';

/** Every domain router, merged. Nouns at the top level, short verbs below. */
export const appRouter = router({
  auth: authRouter,
  models: modelsRouter,
  media: mediaRouter,
  categories: categoriesRouter,
  edits: editsRouter,
  tags: tagsRouter,
  moderation: moderationRouter,
  jobs: jobsRouter,
  members: membersRouter,
  users: usersRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  security: securityRouter,
  incidents: incidentsRouter,
  system: systemRouter,
  analytics: analyticsRouter,
});

export type AppRouter = typeof appRouter;
