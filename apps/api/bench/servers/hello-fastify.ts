// Baseline: a bare Fastify hello-world on PORT.
import Fastify from 'fastify';

const server = Fastify({ logger: false });
server.get('/hello', async () => ({ hello: 'world' }));
await server.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
