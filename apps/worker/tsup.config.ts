import { defineConfig } from 'tsup';

// Workspace packages export TypeScript source, so they are bundled in; every third-party package stays
// external and is resolved from this app's own node_modules (each is listed in its dependencies).
export default defineConfig({
  entry: ['src/index.ts', 'src/cluster.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  // `pnpm test` builds into its own folder (BUILD_OUT_DIR=dist-test), never under a running `pnpm start`.
  outDir: process.env.BUILD_OUT_DIR ?? 'dist',
  clean: true,
  sourcemap: true,
  splitting: false,
  noExternal: [/^@phoenix4ge\//],
  external: [/^(?!@phoenix4ge\/)[@a-z]/],
});
