import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { ProviderSubmissionSchema } from '@phoenix4ge/shared';
import { z } from 'zod';
import { BehaviourUpdateSchema } from './behaviour';
import type { SimulatorCore } from './simulator';

/** Largest submission accepted (the provider's documented limit). */
export const MAX_SUBMISSION_BYTES = 20 * 1024 * 1024;
const MAX_CONTROL_BYTES = 64 * 1024;
/** Past this the connection is cut instead of drained. */
const DRAIN_LIMIT_BYTES = 4 * MAX_SUBMISSION_BYTES;

export const SUBMISSION_PATH = '/v1/moderations';

const ResetSchema = z.object({ overrides: z.boolean().optional() }).strict();

interface Body {
  buffer: Buffer;
  tooLarge: boolean;
}

/** Reads the whole body; past `limit` it keeps draining (so the client reads our answer) but keeps nothing. */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > DRAIN_LIMIT_BYTES) {
        req.destroy();
        return;
      }
      if (total <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolve({ buffer: Buffer.concat(chunks), tooLarge: total > limit }));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('The request was aborted'));
    });
  });
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    })
    .end(text);
}

function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: { issues?: unknown; headers?: Record<string, string> } = {},
) {
  send(
    res,
    status,
    { error: { code, message, ...(extra.issues ? { issues: extra.issues } : {}) } },
    extra.headers,
  );
}

function parseJson(buffer: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (buffer.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(buffer.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

function authorised(req: IncomingMessage, apiKey: string | undefined): boolean {
  if (apiKey === undefined) return true;
  return timingSafeEqual(digest(req.headers.authorization ?? ''), digest(`Bearer ${apiKey}`));
}

export interface SimulatorServerOptions {
  core: SimulatorCore;
  /** Without one, submissions need no Authorization header. */
  apiKey?: string;
}

/**
 * The provider's HTTP face: `POST /v1/moderations` (Bearer key, 202 `{ id }`), and the control endpoints
 * `GET /control/state`, `PUT /control/behaviour`, `POST /control/reset` (no key), plus `GET /health`.
 */
export function createSimulatorServer({ core, apiKey }: SimulatorServerOptions) {
  async function submit(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req, MAX_SUBMISSION_BYTES);
    if (!authorised(req, apiKey)) {
      return sendError(
        res,
        401,
        'UNAUTHORIZED',
        'A valid Authorization: Bearer <api key> header is required',
        {
          headers: { 'www-authenticate': 'Bearer' },
        },
      );
    }
    if (body.tooLarge) {
      return sendError(res, 413, 'PAYLOAD_TOO_LARGE', `The submission exceeds ${MAX_SUBMISSION_BYTES} bytes`);
    }
    const json = parseJson(body.buffer);
    if (!json.ok) return sendError(res, 400, 'INVALID_JSON', 'The body is not JSON');
    const parsed = ProviderSubmissionSchema.safeParse(json.value);
    if (!parsed.success) {
      return sendError(res, 400, 'INVALID_SUBMISSION', 'The body is not a valid submission', {
        issues: z.treeifyError(parsed.error),
      });
    }
    const answer = core.submit(parsed.data, Buffer.byteLength(parsed.data.image.base64, 'base64'));
    if (answer.status === 503) {
      return sendError(res, 503, 'UNAVAILABLE', 'The simulated provider is unavailable (mode "fail")', {
        headers: { 'retry-after': '1' },
      });
    }
    send(res, 202, { id: answer.id });
  }

  async function control<T>(
    req: IncomingMessage,
    res: ServerResponse,
    schema: z.ZodType<T>,
    apply: (value: T) => void,
  ) {
    const body = await readBody(req, MAX_CONTROL_BYTES);
    if (body.tooLarge) return sendError(res, 413, 'PAYLOAD_TOO_LARGE', 'The body is too large');
    const json = parseJson(body.buffer);
    if (!json.ok) return sendError(res, 400, 'INVALID_JSON', 'The body is not JSON');
    const parsed = schema.safeParse(json.value ?? {});
    if (!parsed.success) {
      return sendError(res, 400, 'INVALID_BODY', 'The body is not valid', {
        issues: z.treeifyError(parsed.error),
      });
    }
    apply(parsed.data);
    send(res, 200, core.state());
  }

  const routes: Record<string, Record<string, (req: IncomingMessage, res: ServerResponse) => unknown>> = {
    [SUBMISSION_PATH]: { POST: submit },
    '/control/state': { GET: (_req, res) => send(res, 200, core.state()) },
    '/control/behaviour': {
      PUT: (req, res) =>
        control(req, res, BehaviourUpdateSchema, ({ mediaId, ...patch }) =>
          core.setBehaviour(patch, mediaId === undefined ? undefined : { mediaId }),
        ),
    },
    '/control/reset': { POST: (req, res) => control(req, res, ResetSchema, (opts) => core.reset(opts)) },
    '/health': { GET: (_req, res) => send(res, 200, { ok: true }) },
  };

  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    const route = routes[path];
    const handler = route?.[req.method ?? 'GET'];
    if (!route) {
      req.resume();
      return sendError(res, 404, 'NOT_FOUND', `No route for ${path}`);
    }
    if (!handler) {
      req.resume();
      return sendError(res, 405, 'METHOD_NOT_ALLOWED', `Use ${Object.keys(route).join(', ')} for ${path}`, {
        headers: { allow: Object.keys(route).join(', ') },
      });
    }
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (res.headersSent || req.destroyed) return;
      sendError(res, 500, 'INTERNAL', error instanceof Error ? error.message : String(error));
    });
  });
}
