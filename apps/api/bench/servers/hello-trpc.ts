// Baseline: a tRPC v11 hello-world through the same Fastify adapter and transformer as the api, on PORT.
// With PAGE_FILE (a media.list answer as the api sent it), `page` answers that page as a constant: the ceiling
// of any media.list on this stack, with no database, session or tenant check.
import { readFileSync } from 'node:fs';
import { initTRPC } from '@trpc/server';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify from 'fastify';
import superjson from 'superjson';

const pageFile = process.env.PAGE_FILE;
const page: unknown = pageFile
  ? superjson.deserialize(JSON.parse(readFileSync(pageFile, 'utf8')).result.data)
  : null;

const t = initTRPC.create({ transformer: superjson });
const router = t.router({
  hello: t.procedure.query(() => ({ hello: 'world' })),
  page: t.procedure.query(() => page),
});

const server = Fastify({ logger: false, routerOptions: { maxParamLength: 5000 } });
await server.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions: { router } });
await server.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
