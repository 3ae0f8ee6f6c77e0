import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, StartupError } from '@phoenix4ge/shared/node';
import { describe, expect, it } from 'vitest';
import { loadApiConfig } from '../src/env';
import { createServer } from '../src/server';
import { startApi, testEnv, until } from './support/harness';
import { builtApi, spawnBuilt } from './support/processes';
import { describeNeeding, needBuilt } from './support/requirements';

const runBuiltApi = (env: Record<string, string>) => spawnBuilt(builtApi, env);

describe('start-up with bad configuration or unreachable services', () => {
  it('names the bad variable and the expected form', () => {
    expect(() => loadApiConfig(testEnv({ DB_PORT: 'abc' }))).toThrowError(ConfigError);
    expect(() => loadApiConfig(testEnv({ DB_PORT: 'abc' }))).toThrowError(
      /DB_PORT: expected a whole number from 1 to 65535 \(got "abc"\)/,
    );
    expect(() => loadApiConfig(testEnv({ REDIS_URL: 'http://x' }))).toThrowError(
      /REDIS_URL: expected a URL starting with redis:\/\//,
    );
    expect(() =>
      loadApiConfig(testEnv({ NODE_ENV: 'production', SESSION_SECRET: '', ENCRYPTION_KEY: 'short' })),
    ).toThrowError(
      /SESSION_SECRET: expected at least 32 characters[\s\S]*ENCRYPTION_KEY: expected at least 32 characters.*\(got "short"\)/,
    );
  });

  it('refuses to start when MySQL/MariaDB does not answer, saying where it looked', async () => {
    const config = loadApiConfig(testEnv({ PORT: '0', DATABASE_URL: 'mysql://root@127.0.0.1:1/nothing' }));
    const api = await createServer({ config });
    await expect(api.start()).rejects.toThrowError(StartupError);
    await expect(createServer({ config }).then((again) => again.start())).rejects.toThrowError(
      /Cannot reach MySQL\/MariaDB at 127\.0\.0\.1:1/,
    );
  });

  it('refuses to start when Redis does not answer, saying where it looked', async () => {
    const config = loadApiConfig(testEnv({ PORT: '0', REDIS_PORT: '1' }));
    const api = await createServer({ config });
    await expect(api.start()).rejects.toThrowError(/Cannot reach Redis at 127\.0\.0\.1:1/);
  });

  describeNeeding([needBuilt(builtApi)], 'the built api process', () => {
    it('exits 1 with a message naming the variable when configuration is invalid', async () => {
      const run = runBuiltApi({ ...testEnv(), PORT: 'not-a-port' });
      expect(await run.exited).toBe(1);
      expect(run.output().stderr).toMatch(
        /PORT: expected a whole number from 0 to 65535 \(got "not-a-port"\)/,
      );
    });

    it('exits 1 with a clear message when the database is down', async () => {
      const run = runBuiltApi({ ...testEnv(), PORT: '0', DATABASE_URL: 'mysql://root@127.0.0.1:1/nothing' });
      expect(await run.exited).toBe(1);
      expect(run.output().stderr).toMatch(/Cannot reach MySQL\/MariaDB at 127\.0\.0\.1:1/);
    });

    it('shuts down gracefully on SIGTERM', async () => {
      const run = runBuiltApi({ ...testEnv(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
      await until(
        async () => run.output().stdout,
        (out) => out.includes('api listening'),
        15_000,
      );
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.output().stdout).toMatch(/shutting down/);
    });
  });

  it('serves the SPA fallback only for page paths', async () => {
    const api = await startApi();
    try {
      const trpc404 = await fetch(`${api.url}/trpc/nope.nothing`);
      expect(trpc404.status).toBe(404);
      const page = await fetch(`${api.url}/some/client/route`, { headers: { accept: 'text/html' } });
      if (existsSync(path.join(api.config.webDistPath, 'index.html'))) {
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toMatch(/text\/html/);
        expect(page.headers.get('cache-control')).toBe('no-cache');
      } else {
        expect(page.status).toBe(503);
      }
    } finally {
      await api.stop();
    }
  });
});
