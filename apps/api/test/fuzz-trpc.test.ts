/**
 * Fuzz of every tRPC procedure (enumerated from the router, so a new one is covered without editing this file):
 * inputs generated from its zod schemas and inputs outside them (wrong types, missing or prototype keys, huge,
 * deep, NaN, raw bodies that are not JSON or not superjson), sent over HTTP as single calls, batches and with the
 * wrong method, by an admin, an editor of another model and an anonymous caller. Never a 5xx: every error is a
 * typed 4xx. Procedures that destroy a model get a throwaway one; callers whose session a procedure may end are
 * made again after it.
 */
import type { AnyTRPCProcedure } from '@trpc/server';
import fc from 'fast-check';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { appRouter } from '../src/trpc/root';
import type { Meta } from '../src/trpc/trpc';
import { checkProperty, fuzzSeed } from './support/fuzz';
import {
  createModel,
  isolatedPrefix,
  isolatedStorage,
  signedInAdmin,
  signedInMember,
  startApi,
  startWorker,
} from './support/harness';
import { fixture, upload } from './support/uploads';
import { mutatedInput, objectKeys, zodArbitrary } from './support/zod-arbitrary';

type Api = Awaited<ReturnType<typeof startApi>>;
type CallerName = 'admin' | 'editorOfOther' | 'anonymous';

interface Procedure {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  meta: Meta | undefined;
  inputs: z.core.$ZodType[];
}

const procedures: Procedure[] = Object.entries(
  appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>,
).map(([path, procedure]) => {
  const def = procedure._def as unknown as {
    type: Procedure['type'];
    meta?: Meta;
    inputs: z.core.$ZodType[];
  };
  return { path, type: def.type, meta: def.meta, inputs: def.inputs };
});

/** They change the model they name for everyone: fuzzed on a model of their own. */
const destroysModel = new Set([
  'models.erase',
  'models.archive',
  'models.setConsent',
  'incidents.pauseModel',
]);
/** They may end or weaken the callers' sessions or roles: the callers are made again afterwards. */
const endsSessions = new Set([
  'auth.logout',
  'auth.logoutEverywhere',
  'auth.changePassword',
  'users.update',
  'incidents.lockUser',
  'incidents.endSessions',
  'members.remove',
  'members.setRole',
]);
/** tRPC codes that mean the server failed rather than the request. */
const serverCodes = new Set([
  'INTERNAL_SERVER_ERROR',
  'NOT_IMPLEMENTED',
  'BAD_GATEWAY',
  'SERVICE_UNAVAILABLE',
  'GATEWAY_TIMEOUT',
]);
/** Keeps query URLs under Node's header limit; bodies get strings past the body limit. */
const HUGE_QUERY_STRING = 3000;
const HUGE_BODY_STRING = 1_200_000;

interface Call {
  caller: CallerName;
  transport: 'single' | 'batch' | 'wrongMethod';
  withCsrf: boolean;
  /** A value to serialise with superjson, or a raw body / ?input= text. */
  input: { value: unknown } | { raw: string };
}

interface TypedError {
  code?: string;
  httpStatus?: number;
}

/** The tRPC error of one answer item (superjson-wrapped or not), or the plain `{ error: { code } }` of Fastify. */
function errorOf(item: unknown): TypedError | undefined {
  if (!item || typeof item !== 'object' || !('error' in item)) return undefined;
  const error = (item as { error: Record<string, unknown> }).error;
  const shape = (error.json ?? error) as { data?: TypedError; code?: unknown };
  if (shape.data) return shape.data;
  return typeof shape.code === 'string' ? { code: shape.code } : {};
}

function serialized(input: Call['input']): string {
  if ('raw' in input) return input.raw;
  try {
    return JSON.stringify(superjson.serialize(input.value));
  } catch {
    return JSON.stringify({ json: null });
  }
}

/** With FUZZ_VERBOSE=1, what each procedure answered (a check that valid inputs also get through). */
const answers = new Map<string, Map<string, number>>();
function tally(path: string, outcome: string) {
  const counts = answers.get(path) ?? new Map<string, number>();
  counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  answers.set(path, counts);
}

describe('fuzz: every tRPC procedure answers a typed 4xx, never a 5xx', () => {
  let api: Api;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let modelA: string;
  let modelB: string;
  const headersOf: Record<CallerName, Record<string, string>> = {
    admin: {},
    editorOfOther: {},
    anonymous: {},
  };

  async function makeCallers() {
    headersOf.admin = { cookie: (await signedInAdmin(api)).cookie };
    headersOf.editorOfOther = (await signedInMember(api, modelB, 'editor')).headers;
  }

  beforeAll(async () => {
    const env = { ...isolatedPrefix(), ...isolatedStorage() };
    api = await startApi(env, {
      loginLimits: { perIp: { points: 1_000_000, seconds: 60 }, perAccount: { points: 5, seconds: 60 } },
    });
    worker = await startWorker({ ...env, DATABASE_URL: api.config.database.url });
    modelA = (await createModel(api)).slug;
    modelB = (await createModel(api)).slug;
    await makeCallers();
    // A few rows for the small ids the generator favours: media, categories, a member.
    for (const name of ['DSCN0010.jpg', 'Sony_alpha_a58.JPG']) {
      await upload(api.url, modelA, [{ name, data: fixture(name) }], { headers: headersOf.admin });
    }
    for (const name of ['one', 'two']) {
      await fetch(`${api.url}/trpc/categories.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1', ...headersOf.admin },
        body: JSON.stringify({ json: { modelSlug: modelA, name, color: '#112233' } }),
      });
    }
  });
  afterAll(async () => {
    if (process.env.FUZZ_VERBOSE)
      for (const [path, counts] of answers) console.log(path, Object.fromEntries(counts));
    await worker?.stop();
    await api?.stop();
  });

  async function send(procedure: Procedure, call: Call) {
    const text = serialized(call.input);
    const headers: Record<string, string> = {
      ...headersOf[call.caller],
      ...(call.withCsrf ? { 'x-p4g-csrf': '1' } : {}),
    };
    const asPost = (procedure.type === 'mutation') !== (call.transport === 'wrongMethod');
    const batch = call.transport === 'batch';
    const url = new URL(`${api.url}/trpc/${batch ? `${procedure.path},${procedure.path}` : procedure.path}`);
    if (batch) url.searchParams.set('batch', '1');
    const payload = batch ? `{"0":${text},"1":${text}}` : text;
    const init: RequestInit = { headers, signal: AbortSignal.timeout(60_000) };
    if (asPost) {
      init.method = 'POST';
      init.body = payload;
      headers['content-type'] = 'application/json';
    } else {
      url.searchParams.set('input', payload);
    }
    const response = await fetch(url, init);
    return { status: response.status, text: await response.text(), batch, urlLength: url.href.length };
  }

  function expectTypedAnswer(procedure: Procedure, call: Call, answer: Awaited<ReturnType<typeof send>>) {
    const label = `${procedure.path} ${call.caller} ${call.transport}: ${answer.status} ${answer.text.slice(0, 300)}`;
    expect(answer.status, label).toBeLessThan(500);
    if (answer.status === 200 && !answer.batch) return tally(procedure.path, 'OK');
    // Node refuses a request line past its header limit (16 KiB) before the app sees it: 431, not tRPC-shaped.
    if (answer.status === 431 && answer.urlLength > 16_000) return;
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      throw new Error(`not JSON: ${label}`);
    }
    const items = Array.isArray(body) ? body : [body];
    for (const item of items) {
      const error = errorOf(item);
      if (!error) continue;
      expect(typeof error.code === 'string' && /^[A-Z_]+$/.test(error.code), label).toBe(true);
      expect(serverCodes.has(error.code ?? ''), label).toBe(false);
      if (error.httpStatus !== undefined) {
        expect(error.httpStatus, label).toBeGreaterThanOrEqual(400);
        expect(error.httpStatus, label).toBeLessThan(500);
      }
    }
    const anyOk = items.some((item) => !errorOf(item));
    tally(procedure.path, items.map((item) => errorOf(item)?.code ?? 'OK').join('+'));
    // Authorisation holds under any input: no answer for an anonymous caller outside the public procedures.
    if (call.caller === 'anonymous' && procedure.meta?.access !== 'public') expect(anyOk, label).toBe(false);
    const slug =
      'value' in call.input && call.input.value && typeof call.input.value === 'object'
        ? (call.input.value as { modelSlug?: unknown }).modelSlug
        : undefined;
    if (call.caller === 'editorOfOther' && procedure.meta?.access === 'tenant' && slug === modelA)
      expect(anyOk, label).toBe(false);
    if (call.caller !== 'admin' && procedure.meta?.access === 'admin') expect(anyOk, label).toBe(false);
  }

  /** Reads a subscription's first event: a typed error code or a started stream, never a server failure. */
  async function subscribe(procedure: Procedure, call: Call) {
    const url = new URL(`${api.url}/trpc/${procedure.path}`);
    if ('raw' in call.input || call.input.value !== undefined)
      url.searchParams.set('input', serialized(call.input));
    const response = await fetch(url, {
      headers: { ...headersOf[call.caller], accept: 'text/event-stream' },
      signal: AbortSignal.timeout(3000),
    });
    const label = `${procedure.path} ${call.caller}: ${response.status}`;
    expect(response.status, label).toBeLessThan(500);
    if (!response.headers.get('content-type')?.includes('text/event-stream')) {
      expectTypedAnswer(procedure, call, {
        status: response.status,
        text: await response.text(),
        batch: false,
        urlLength: url.href.length,
      });
      return;
    }
    // Up to two events (tRPC's `connected`, then data or an error), or what came within a second.
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    const deadline = setTimeout(() => void reader?.cancel().catch(() => undefined), 1000);
    let seen = '';
    try {
      while (reader && (seen.match(/\n\n/g) ?? []).length < 2) {
        const chunk = await reader.read();
        if (chunk.done) break;
        seen += decoder.decode(chunk.value);
      }
    } finally {
      clearTimeout(deadline);
      await reader?.cancel().catch(() => undefined);
    }
    const code = seen.match(/"code":"([A-Z_]+)"/)?.[1];
    expect(serverCodes.has(code ?? ''), `${label} ${seen.slice(0, 300)}`).toBe(false);
  }

  function callArbitrary(procedure: Procedure, slugs: string[]): fc.Arbitrary<Call> {
    const merged = procedure.inputs.length
      ? fc
          .tuple(...procedure.inputs.map(zodArbitrary))
          .map((parts) =>
            parts.every((part) => part && typeof part === 'object' && !Array.isArray(part))
              ? Object.assign({}, ...parts)
              : parts[parts.length - 1],
          )
      : fc.constant(undefined);
    const keys = objectKeys(procedure.inputs);
    const valid = keys.includes('modelSlug')
      ? fc
          .tuple(merged, fc.constantFrom(...slugs), fc.nat(9))
          .map(([value, slug, dice]) =>
            dice < 8 && value && typeof value === 'object' ? { ...value, modelSlug: slug } : value,
          )
      : merged;
    const hugeStringLength = procedure.type === 'mutation' ? HUGE_BODY_STRING : HUGE_QUERY_STRING;
    const raw = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '{',
        '[]',
        'null',
        '{"json":',
        '{"json":{"modelSlug":"x"},"meta":{"values":{"modelSlug":["custom","nope"]}}}',
        '{"json":{"a":1},"meta":{"values":{"__proto__.polluted":["Date"]}}}',
        '{"json":{"a":{}},"meta":{"referentialEqualities":{"a":["__proto__.polluted"]}}}',
        '{"json":"2020","meta":{"values":["class"]}}',
        '{"json":1,"meta":"x"}',
        `{"json":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      ),
    );
    return fc.record({
      caller: fc.constantFrom<CallerName>('admin', 'admin', 'editorOfOther', 'anonymous'),
      transport: fc.constantFrom<Call['transport']>('single', 'single', 'single', 'batch', 'wrongMethod'),
      withCsrf: fc.nat(7).map((dice) => dice > 0 || procedure.type !== 'mutation'),
      input: fc.oneof(
        { weight: 5, arbitrary: valid.map((value) => ({ value })) },
        { weight: 4, arbitrary: mutatedInput(valid, keys, { hugeStringLength }).map((value) => ({ value })) },
        { weight: 1, arbitrary: raw.map((text) => ({ raw: text })) },
      ),
    });
  }

  for (const procedure of procedures) {
    it(`${procedure.path} (${procedure.type}, ${procedure.meta?.access})`, async () => {
      const slugs = destroysModel.has(procedure.path) ? [(await createModel(api)).slug] : [modelA, modelB];
      const subscription = procedure.type === 'subscription';
      await checkProperty(
        procedure.path,
        callArbitrary(procedure, slugs),
        async (call) => {
          if (subscription) return subscribe(procedure, call);
          expectTypedAnswer(procedure, call, await send(procedure, call));
        },
        subscription ? 8 : 30,
      );
      expect(({} as Record<string, unknown>).polluted, 'prototype pollution').toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin, 'prototype pollution').toBeUndefined();
      if (endsSessions.has(procedure.path)) await makeCallers();
    }, 240_000);
  }

  it('stays healthy after the fuzz', async () => {
    const health = await fetch(`${api.url}/health`);
    expect([200, 503]).toContain(health.status);
    const me = await fetch(`${api.url}/trpc/auth.me`, { headers: headersOf.admin });
    expect(me.status).toBe(200);
    expect(fuzzSeed).toBeTypeOf('number');
  });
});
