import { defineConfig } from 'vitest/config';

// Four projects: unit specs beside the code; integration tests against the real MariaDB and Redis (a fresh
// database and key prefix per run, made and dropped by the global setup); browser tests in headless Chromium;
// reliability trials (faults, soak, scale-out), run by `pnpm test:reliability` only.
const globalSetup = ['apps/api/test/support/global-setup.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{apps,packages}/*/src/**/*.spec.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{apps,packages}/*/test/**/*.test.ts'],
          environment: 'node',
          globalSetup,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Polls wait for a condition (a job done, an event heard): vitest's 1 s default is shorter than a
          // slow machine's job or page load; a condition that never holds still fails, later.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        // Faults, soak and scale-out on purpose (`pnpm test:reliability`): real processes, long, not in `pnpm test`.
        test: {
          name: 'reliability',
          include: ['apps/api/reliability/**/*.test.ts'],
          environment: 'node',
          globalSetup,
          testTimeout: 20 * 60_000,
          hookTimeout: 5 * 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['apps/web/test/**/*.e2e.ts'],
          environment: 'node',
          globalSetup,
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // As Playwright's own waits, which default to 30 s: a first page load on a busy machine took over 1 s.
          expect: { poll: { timeout: 30_000 } },
        },
      },
    ],
  },
});
