import { defineConfig } from 'tsup';

// Workspace packages export TypeScript source, so they are bundled in; every third-party package stays
// external and is resolved from this app's own node_modules (each is listed in its dependencies).
export default defineConfig({
  // The admin CLI is bundled too: tests (and operators) start it with plain node, without compiling on start.
  entry: { index: 'src/index.ts', cluster: 'src/cluster.ts', cli: 'src/cli/index.ts' },
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
