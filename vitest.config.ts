import { defineConfig } from 'vitest/config';

// Three projects: unit specs beside the code; integration tests against the real MariaDB and Redis (a fresh
// database and key prefix per run, made and dropped by the global setup); browser tests in headless Chromium.
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
        },
      },
    ],
  },
});
