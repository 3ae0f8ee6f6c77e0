/**
 * createServer(): the api as an object tests can start in-process.
 * 1. Wire a new dependency into `createServices` (services/index.ts), not here.
 * 2. Register plain HTTP routes below; tRPC procedures go in trpc/routers.
 */

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Logger } from '@phoenix4ge/shared/node';
import { createLogger, StartupError, waitForRedis } from '@phoenix4ge/shared/node';
import type { FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyBaseLogger } from 'fastify';
import Fastify, { LogController } from 'fastify';
import type { ApiConfig } from './env';
import { registerAuthHooks } from './http/auth.hooks';
import { registerDrain } from './http/drain';
import { registerErrorHandler } from './http/errors';
import { registerHealthRoute } from './http/health.route';
import { registerMediaDownloadRoute } from './http/media-download.route';
import { registerMediaEditsRoutes } from './http/media-edits.route';
import { registerMediaFilesRoute } from './http/media-files.route';
import { registerMediaReadRoute } from './http/media-read.route';
import { registerMetricsRoute } from './http/metrics.route';
import { registerModelExportRoute } from './http/model-export.route';
import { registerModelRoutes } from './http/models.route';
import { registerModerationWebhookRoute } from './http/moderation-webhook.route';
import { registerPortfolioRoute } from './http/portfolio.route';
import { registerPublicApi } from './http/public-api';
import { registerPublicImagesRoute } from './http/public-images.route';
import type { PublicReplay } from './http/public-replay';
import { createPublicReplay } from './http/public-replay';
import { registerRequestContext } from './http/request-context';
import { registerRequestLog } from './http/request-log';
import { registerSecurityHeaders } from './http/security-headers';
import { registerSpa } from './http/spa';
import { registerUploadRoute } from './http/upload.route';
import { createInfrastructure } from './infrastructure';
import { errorMessage } from './lib/error-message';
import { startSpoolSweeper } from './media/spool-sweep';
import { spoolDirectory } from './media/upload-spool';
import type { LoginLimits } from './repositories/login-limits.repository';
import { createServices } from './services';
import { RateLimitedError } from './services/auth.service';
import { contextFactory } from './trpc/context';
import type { AppRouter } from './trpc/root';
import { appRouter } from './trpc/root';
import { API_VERSION } from './version';

export { API_VERSION };

export interface CreateServerOptions {
  config: ApiConfig;
  logger?: Logger;
  /** Overrides the login rate limits (tests use small windows). */
  loginLimits?: LoginLimits;
}

export async function createServer(options: CreateServerOptions) {
  const { config } = options;
  const logger =
    options.logger ?? createLogger({ name: 'api', level: config.logLevel, files: config.logging.files });
  const infrastructure = createInfrastructure(config, logger, { name: 'api' });
  const { db, redis } = infrastructure;
  // Live updates must not miss events published right after a client subscribes.
  infrastructure.subscriber.listen();

  const services = createServices({
    config,
    infrastructure,
    logger,
    version: API_VERSION,
    loginLimits: options.loginLimits,
  });

  const { trustProxy } = config;
  /** Cached public answers answered before Fastify (http/public-replay.ts); set once the drain exists. */
  let replay: PublicReplay | undefined;
  const server = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // http/request-log.ts writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: true,
    serverFactory: (handler) => {
      // Node checks request timeouts every `connectionsCheckingInterval` (30 s by default): check often enough
      // that a slow body (slowloris) is cut off close to HTTP_REQUEST_TIMEOUT_MS.
      const httpServer = http.createServer(
        {
          requestTimeout: config.requestTimeoutMs,
          connectionsCheckingInterval: Math.min(
            30_000,
            Math.max(250, Math.floor(config.requestTimeoutMs / 4)),
          ),
        },
        (request, response) => {
          if (!replay?.serve(request, response)) handler(request, response);
        },
      );
      httpServer.setTimeout(config.idleTimeoutMs);
      return httpServer;
    },
    trustProxy:
      typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    routerOptions: { maxParamLength: 5000 },
    // Unique across processes and restarts: the id also travels into the jobs a request causes.
    genReqId: () => randomUUID(),
  });
  /** Every route as registered, for the access test to enumerate (plain HTTP routes declare `config.access`). */
  const routes: { method: string | string[]; url: string; access?: string; minRole?: string }[] = [];
  server.addHook('onRoute', (route) => {
    // Read when asked: a scope's own onRoute hook (public-api.ts) may complete the config after this one ran.
    routes.push({
      method: route.method,
      url: route.url,
      get access() {
        return route.config?.access;
      },
      get minRole() {
        return route.config?.minRole;
      },
    });
  });
  const drain = registerDrain(server);
  replay = createPublicReplay({
    cache: services.publicCache,
    logger,
    metrics: services.metrics,
    draining: () => drain.draining,
  });
  registerErrorHandler(server);
  registerRequestLog(server, services.metrics);
  registerRequestContext(server);
  registerSecurityHeaders(server);
  await registerAuthHooks(server, services);

  await server.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      maxBatchSize: 20,
      createContext: contextFactory(services),
      responseMeta({ errors }) {
        const limited = errors.map((error) => error.cause).find((cause) => cause instanceof RateLimitedError);
        return limited ? { headers: { 'retry-after': String(limited.retryAfterSeconds) } } : {};
      },
      onError({ path, error }) {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          logger.error({ err: error, path }, 'tRPC procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
  registerHealthRoute(server, services);
  registerMetricsRoute(server, services, config.metricsToken);
  registerModelRoutes(server, services);
  await registerUploadRoute(server, services);
  registerMediaReadRoute(server, services);
  registerMediaEditsRoutes(server, services);
  registerMediaDownloadRoute(server, services);
  registerModelExportRoute(server, services);
  registerMediaFilesRoute(server, services);
  await registerPublicApi(server, services, config.publicCorsOrigins, replay);
  registerPublicImagesRoute(server, services);
  registerPortfolioRoute(server, services, config.webDistPath);
  await registerModerationWebhookRoute(server, services);
  await registerSpa(server, config.webDistPath);

  /** Refuses to start when the database or Redis does not answer, naming which one and where. */
  async function checkDependencies() {
    try {
      await db.ping(5000);
    } catch (error) {
      throw new StartupError(
        `Cannot reach MySQL/MariaDB at ${config.database.host}:${config.database.port} (database "${config.database.database}"): ${errorMessage(error)}`,
      );
    }
    try {
      await waitForRedis(redis, 5000);
    } catch (error) {
      throw new StartupError(
        `Cannot reach Redis at ${config.redis.host}:${config.redis.port}: ${errorMessage(error)}`,
      );
    }
  }

  let spoolSweeper: ReturnType<typeof startSpoolSweeper> | undefined;
  let closed = false;
  /** Drains (see http/drain.ts: running requests finish within SHUTDOWN_TIMEOUT_MS), then closes everything. */
  async function stop() {
    if (closed) return;
    closed = true;
    spoolSweeper?.stop();
    const { cut } = await drain.drain(config.shutdownTimeoutMs);
    if (cut > 0) logger.warn({ cut }, 'requests still running at the shutdown deadline were cut');
    await server.close();
    await infrastructure.close();
  }

  return {
    server,
    services,
    routes,
    /** Checks the database and Redis, then listens; resolves with the address. */
    async start(): Promise<string> {
      try {
        await checkDependencies();
      } catch (error) {
        await stop();
        throw error;
      }
      const address = await server.listen({ port: config.port, host: config.host });
      spoolSweeper = startSpoolSweeper(
        spoolDirectory(config.storage.localPath),
        config.requestTimeoutMs,
        logger,
      );
      return address;
    },
    stop,
  };
}

export type ApiServer = Awaited<ReturnType<typeof createServer>>;
