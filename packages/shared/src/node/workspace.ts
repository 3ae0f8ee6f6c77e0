import { existsSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/**
 * The monorepo root (the folder holding pnpm-workspace.yaml), found from the current directory upwards;
 * the current directory when there is none (a deployed bundle). Relative paths in configuration are
 * resolved from here, so they mean the same under `turbo dev` (cwd = the package) and `pnpm start`.
 */
export function workspaceRoot(): string {
  if (cached) return cached;
  let dir = process.cwd();
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return (cached = dir);
    const parent = path.dirname(dir);
    if (parent === dir) return (cached = process.cwd());
    dir = parent;
  }
}
