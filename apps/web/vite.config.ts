import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

const apiOrigin = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

/** Paths the api answers; the dev and preview servers forward them so the SPA can use relative URLs. */
const apiPaths = ['/trpc', '/health', '/api', '/media', '/metrics'];

export default defineConfig({
  plugins: [solid()],
  build: {
    // `pnpm test` builds into its own folder (BUILD_OUT_DIR=dist-test), never under a running `pnpm start`.
    outDir: process.env.BUILD_OUT_DIR ?? 'dist',
    target: 'es2022',
    // Rolldown's PLUGIN_TIMINGS note (the Solid and Sass transforms take most of the build) is not actionable
    // and would greet every `pnpm start`.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    port: 5173,
    strictPort: true,
    // http-proxy streams responses as they arrive, so SSE subscriptions pass through unbuffered.
    proxy: Object.fromEntries(apiPaths.map((path) => [path, { target: apiOrigin, changeOrigin: false }])),
  },
});
