import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** `CI=true` (or any value but empty, `0`, `false`): nothing a block needs may be missing. */
const inCi = !['', '0', 'false'].includes((process.env.CI ?? '').trim().toLowerCase());

/** `what` when `present` is falsy (it is missing), otherwise nothing. */
export function need(present: unknown, what: string): string | undefined {
  return present ? undefined : what;
}

/** A built bundle (`apps/…/dist/index.js`): missing until `pnpm build` has run. */
export function needBuilt(entry: string): string | undefined {
  return need(existsSync(entry), `${path.relative(root, entry)} (run pnpm build)`);
}

/**
 * `describe` for a block that needs something a machine may lack (a built bundle, a private mariadbd); `needs`
 * holds what is missing (from `need`/`needBuilt`, undefined when present). Outside CI the block is skipped under
 * a name saying what is missing; under CI it becomes one failing test naming it, so CI never passes without it.
 */
export function describeNeeding(needs: Array<string | undefined>, name: string, body: () => void): void {
  const missing = needs.filter((what): what is string => what !== undefined).join(', ');
  if (!missing) {
    describe(name, body);
  } else if (inCi) {
    describe(name, () => {
      it(`needs ${missing}`, () => {
        throw new Error(`CI must run "${name}", but it needs what is missing here: ${missing}`);
      });
    });
  } else {
    describe.skip(`${name} [skipped: missing ${missing}]`, body);
  }
}
