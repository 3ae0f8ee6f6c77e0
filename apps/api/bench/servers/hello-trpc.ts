// Baseline: a tRPC v11 hello-world through the same Fastify adapter and transformer as the api, on PORT.
import { initTRPC } from '@trpc/server';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify from 'fastify';
import superjson from 'superjson';

const t = initTRPC.create({ transformer: superjson });
const router = t.router({ hello: t.procedure.query(() => ({ hello: 'world' })) });

const server = Fastify({ logger: false, routerOptions: { maxParamLength: 5000 } });
await server.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions: { router } });
await server.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
