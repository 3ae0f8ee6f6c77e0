import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@phoenix4ge/shared/node';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicAnswer } from '../repositories/public-answer';
import { sendPublicJson } from './public-json';
import type { PublicReplay } from './public-replay';
import { createPublicReplay } from './public-replay';

describe('createPublicReplay', () => {
  const answer = new PublicAnswer(
    Buffer.from(JSON.stringify({ items: [], nextCursor: null })),
    '"tag"',
    Date.now() + 60_000,
  );
  const state = { current: true, draining: false, computed: 0, replayed: 0 };
  let replay: PublicReplay;
  let base: string;
  const server = Fastify({
    serverFactory: (handler) =>
      http.createServer((request, response) => {
        if (!replay.serve(request, response)) handler(request, response);
      }),
  });

  beforeAll(async () => {
    replay = createPublicReplay({
      cache: {
        current: () => {
          if (state.current) state.replayed += 1;
          return state.current;
        },
      },
      logger: createLogger({ name: 'test', level: 'silent' }),
      draining: () => state.draining,
    });
    server.addHook('onSend', replay.record);
    server.get('/api/public/:slug/gallery', (request, reply) => {
      state.computed += 1;
      return sendPublicJson(request, reply.header('x-answered-by', 'fastify'), answer);
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const before = { ...state };
    const response = await fetch(`${base}${path}`, { headers });
    return {
      status: response.status,
      answeredBy: response.headers.get('x-answered-by'),
      computed: state.computed - before.computed,
      replayed: state.replayed - before.replayed,
    };
  };

  it('replays what Fastify sent for the same URL and headers, while the answer is current and not draining', async () => {
    const path = '/api/public/a/gallery?limit=1';
    expect(await get(path)).toEqual({ status: 200, answeredBy: 'fastify', computed: 1, replayed: 0 });
    expect(await get(path)).toEqual({ status: 200, answeredBy: 'fastify', computed: 0, replayed: 1 });
    // Another URL, another origin: recorded separately.
    expect(await get('/api/public/a/gallery?limit=2')).toMatchObject({ computed: 1, replayed: 0 });
    expect(await get(path, { origin: 'https://site.example' })).toMatchObject({ computed: 1, replayed: 0 });
    expect(await get(path, { 'if-none-match': '"tag"' })).toMatchObject({ status: 304, computed: 1 });
    expect(await get(path, { 'if-none-match': '"tag"' })).toMatchObject({ status: 304, replayed: 1 });

    state.draining = true;
    expect(await get(path)).toMatchObject({ computed: 1, replayed: 0 });
    state.draining = false;
    state.current = false;
    expect(await get(path)).toMatchObject({ computed: 1, replayed: 0 });
    state.current = true;
    // Fastify's answer to that request was recorded in place of the stale one.
    expect(await get(path)).toMatchObject({ computed: 0, replayed: 1 });
  });
});
