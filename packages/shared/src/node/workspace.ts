import { existsSync } from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/**
 * The monorepo root (the folder holding pnpm-workspace.yaml), found from the current directory upwards;
 * the current directory when there is none (a deployed bundle). Relative paths in configuration are
 * resolved from here, so they mean the same under `turbo dev` (cwd = the package) and `pnpm start`.
 */
export function workspaceRoot(): string {
  cached ??= findRoot(process.cwd());
  return cached;
}

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
