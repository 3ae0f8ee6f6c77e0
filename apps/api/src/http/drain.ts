import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** Seconds a client (or load balancer) is asked to wait before retrying on another instance. */
const RETRY_AFTER_SECONDS = 5;

export interface DrainResult {
  /** Requests still running when the deadline cut their connections. */
  cut: number;
}

/**
 * The SIGTERM drain of one api process (DESIGN: graceful shutdown). `drain()`:
 * 1. stops accepting connections (in a cluster, the primary stops handing this process new ones) and closes
 *    idle keep-alive connections;
 * 2. answers every new request that still arrives on a kept-alive connection with 503, `Retry-After` and
 *    `Connection: close` (`/health` says `draining`, so a load balancer stops sending);
 * 3. ends live SSE streams (clients reconnect, to another instance), since they never finish by themselves;
 * 4. lets running requests (uploads) finish, each closing its connection after the answer, and cuts what is
 *    still running after `deadlineMs`. An upload cut there never got a status and commits nothing (the upload
 *    path spools, then stores and commits atomically).
 */
export function registerDrain(server: FastifyInstance) {
  const running = new Set<ServerResponse>();
  const streams = new Set<ServerResponse>();
  let draining = false;
  let settled: (() => void) | undefined;

  const track = (request: IncomingMessage, response: ServerResponse) => {
    running.add(response);
    // EventSource (tRPC subscriptions) always asks for text/event-stream.
    if (String(request.headers.accept ?? '').includes('text/event-stream')) streams.add(response);
    response.once('close', () => {
      running.delete(response);
      streams.delete(response);
      if (running.size === 0) settled?.();
    });
  };

  const httpServer: Server = server.server;
  httpServer.on('request', track);

  // First hooks registered, so a draining process does no work (auth, database) for a request it refuses.
  // Callback hooks, not async ones: they run on every request, and a promise each is measurable on a cached page.
  server.addHook('onRequest', (request, reply, done) => {
    if (!draining) return done();
    reply.header('connection', 'close').header('retry-after', String(RETRY_AFTER_SECONDS));
    if (request.url === '/health' || request.url.startsWith('/health?')) {
      reply.status(503).header('cache-control', 'no-store').send({ status: 'draining' });
      return;
    }
    reply.status(503).send({
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message: `This server is shutting down; retry in ${RETRY_AFTER_SECONDS} s (another instance answers).`,
      },
    });
  });
  server.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });

  return {
    get draining() {
      return draining;
    },
    async drain(deadlineMs: number): Promise<DrainResult> {
      draining = true;
      // close() stops listening and (Node 19+) closes idle keep-alive connections; it calls back when all are gone.
      if (httpServer.listening) httpServer.close(() => undefined);
      for (const stream of streams) stream.destroy();
      if (running.size > 0) {
        const done = new Promise<void>((resolve) => {
          settled = resolve;
        });
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, deadlineMs);
        });
        await Promise.race([done, deadline]);
        clearTimeout(timer);
      }
      const cut = running.size;
      httpServer.closeAllConnections();
      return { cut };
    },
  };
}

export type Drain = ReturnType<typeof registerDrain>;
