// Baseline: @fastify/static serving the files of STATIC_ROOT under /static/ on PORT, the way the image URL
// serves them (a year immutable, nosniff).
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';

const server = Fastify({ logger: false });
await server.register(fastifyStatic, {
  root: String(process.env.STATIC_ROOT),
  prefix: '/static/',
  setHeaders(reply) {
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    reply.header('x-content-type-options', 'nosniff');
  },
});
await server.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
