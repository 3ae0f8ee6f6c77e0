import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

const apiOrigin = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

/** Paths the api answers; the dev and preview servers forward them so the SPA can use relative URLs. */
const apiPaths = ['/trpc', '/health', '/api', '/media', '/metrics', '^/i/'];

/** In dev, `/portfolio/<slug>` is the portfolio page (the api serves the built one at the same path). */
const portfolioPage: Plugin = {
  name: 'portfolio-page',
  configureServer(server) {
    server.middlewares.use((request, _response, next) => {
      const [path = '', query] = (request.url ?? '').split('?');
      if (/^\/portfolio\/[^/]+\/?$/.test(path)) request.url = `/portfolio.html${query ? `?${query}` : ''}`;
      next();
    });
  },
};

export default defineConfig({
  plugins: [solid(), portfolioPage],
  build: {
    // `pnpm test` builds into its own folder (BUILD_OUT_DIR=dist-test), never under a running `pnpm start`.
    outDir: process.env.BUILD_OUT_DIR ?? 'dist',
    target: 'es2022',
    // Rolldown's PLUGIN_TIMINGS note (the Solid and Sass transforms take most of the build) is not actionable
    // and would greet every `pnpm start`.
    rolldownOptions: {
      checks: { bundlerTimings: false },
      // Two pages: the admin SPA and the public portfolio page (the reference for site developers).
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        portfolio: fileURLToPath(new URL('portfolio.html', import.meta.url)),
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    // http-proxy streams responses as they arrive, so SSE subscriptions pass through unbuffered.
    proxy: Object.fromEntries(apiPaths.map((path) => [path, { target: apiOrigin, changeOrigin: false }])),
  },
});
