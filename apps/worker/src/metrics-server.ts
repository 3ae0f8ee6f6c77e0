import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@phoenix4ge/shared/node';
import { exposition, isForwarded, mayScrape } from '@phoenix4ge/shared/node';
import type { Registry } from 'prom-client';

export interface MetricsServerOptions {
  registry: Registry;
  host: string;
  /** 0: an ephemeral port (tests). */
  port: number;
  /** METRICS_TOKEN; unset: direct private-network peers only (the api's rule, see mayScrape). */
  token: string | undefined;
  logger: Pick<Logger, 'warn'>;
}

const json = (response: http.ServerResponse, status: number, code: string, message: string) => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify({ error: { code, message } }));
};

/** The worker's `GET /metrics` on its own small HTTP server (WORKER_METRICS_PORT); resolves once listening. */
export async function startMetricsServer(options: MetricsServerOptions) {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') return json(response, 404, 'NOT_FOUND', 'Only /metrics is served here');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return json(response, 405, 'METHOD_NOT_ALLOWED', 'Use GET');
    }
    const allowed = mayScrape(options.token, {
      authorization: request.headers.authorization,
      remoteAddress: request.socket.remoteAddress,
      forwarded: isForwarded(request.headers),
    });
    if (!allowed) return json(response, 401, 'UNAUTHORIZED', 'Send Authorization: Bearer <METRICS_TOKEN>');
    exposition(options.registry).then(
      ({ contentType, body }) => {
        response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        options.logger.warn({ err: error }, 'metrics not collected');
        json(response, 500, 'INTERNAL_SERVER_ERROR', 'Metrics could not be collected');
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
