import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  commonEnvShape,
  debugNamespaceMatches,
  envInstances,
  envLogLevelOverride,
  parseEnv,
  processLogLevel,
  resolveCommon,
  resolveDatabase,
  resolveRedis,
} from './config';

const schema = z.object(commonEnvShape);
const parse = (source: Record<string, string | undefined>) => parseEnv(schema, source);

describe('configuration from the environment', () => {
  it('works with no variables at all (local defaults)', () => {
    const config = resolveCommon(parse({}));
    expect(config.database).toMatchObject({
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '',
      database: 'phoenix4ge',
    });
    expect(config.redis).toMatchObject({ host: '127.0.0.1', port: 6379, db: 0, keyPrefix: 'p4g' });
    expect(config.media.maxFileSize).toBe(52_428_800);
    expect(config.media.quality).toBeUndefined();
    expect(config.media.watermarkEnabled).toBe(false);
    expect(config.logLevel).toBe('info');
  });

  it('lets DATABASE_URL win over the DB_* parts', () => {
    const env = parse({
      DATABASE_URL: 'mysql://app:s%40cret@db.example:3307/media',
      DB_HOST: 'ignored',
      DB_NAME: 'ignored',
    });
    expect(resolveDatabase(env)).toMatchObject({
      host: 'db.example',
      port: 3307,
      user: 'app',
      password: 's@cret',
      database: 'media',
    });
  });

  it('turns on TLS to the database with DB_TLS or a CA file, and leaves it off by default', () => {
    expect(resolveDatabase(parse({})).tls).toBeUndefined();
    expect(resolveDatabase(parse({ DB_TLS: 'true' })).tls).toEqual({ caFile: undefined });
    expect(
      resolveDatabase(parse({ DATABASE_URL: 'mysql://a@h/n', DB_TLS_CA: '/etc/ssl/rds.pem' })).tls,
    ).toEqual({ caFile: '/etc/ssl/rds.pem' });
  });

  it('builds a URL from the parts when DATABASE_URL is unset', () => {
    const env = parse({ DB_HOST: 'h', DB_PORT: '3310', DB_USER: 'u', DB_PASSWORD: 'p w', DB_NAME: 'n' });
    expect(resolveDatabase(env).url).toBe('mysql://u:p%20w@h:3310/n');
  });

  it('lets REDIS_URL win, including its database number and password', () => {
    const env = parse({ REDIS_URL: 'redis://:pw@cache:6380/5', REDIS_HOST: 'ignored', REDIS_DB: '2' });
    expect(resolveRedis(env)).toMatchObject({ host: 'cache', port: 6380, password: 'pw', db: 5, tls: false });
    expect(resolveRedis(parse({ REDIS_URL: 'rediss://cache' }))).toMatchObject({
      db: 0,
      tls: true,
      port: 6379,
    });
  });

  it('turns the logging switches into a query-log flag and a log folder', () => {
    expect(resolveCommon(parse({ NODE_ENV: 'production' })).logging).toEqual({
      database: false,
      slowQueryMs: 200,
      files: undefined,
    });
    const logging = resolveCommon(
      parse({ ENABLE_DATABASE_LOGGING: 'true', ENABLE_FILE_LOGGING: 'on', NODE_ENV: 'production' }),
    ).logging;
    expect(logging.database).toBe(true);
    expect(logging.files).toEqual({
      directory: expect.stringMatching(/\.data\/logs$/),
      maxSize: '10m',
      keep: 10,
    });
    // Slow-query logging is on by default in development only.
    expect(resolveCommon(parse({ NODE_ENV: 'development' })).logging.database).toBe(true);
    expect(resolveCommon(parse({ NODE_ENV: 'test' })).logging.database).toBe(false);
    expect(
      resolveCommon(parse({ NODE_ENV: 'development', ENABLE_DATABASE_LOGGING: 'false' })).logging.database,
    ).toBe(false);
    expect(resolveCommon(parse({ NODE_ENV: 'development', DB_SLOW_QUERY_MS: '0' })).logging.slowQueryMs).toBe(
      0,
    );
    expect(
      resolveCommon(
        parse({ ENABLE_FILE_LOGGING: 'true', LOG_DIRECTORY: '/var/log/p4g', LOG_FILE_MAX_SIZE: '2M' }),
      ).logging.files,
    ).toEqual({ directory: '/var/log/p4g', maxSize: '2m', keep: 10 });
  });

  it('gives each process its own level: its variable, else LOG_LEVEL, lowered to debug by a matching DEBUG', () => {
    const withOverride = z.object({ ...commonEnvShape, API_LOG_LEVEL: envLogLevelOverride });
    const env = parseEnv(withOverride, { LOG_LEVEL: 'warn', API_LOG_LEVEL: 'debug' });
    expect(processLogLevel('api', env, env.API_LOG_LEVEL)).toBe('debug');
    expect(processLogLevel('worker', env, undefined)).toBe('warn');
    const blank = parseEnv(withOverride, { LOG_LEVEL: 'error', API_LOG_LEVEL: '' });
    expect(processLogLevel('api', blank, blank.API_LOG_LEVEL)).toBe('error');
    expect(() => parseEnv(withOverride, { API_LOG_LEVEL: 'chatty' })).toThrowError(
      /API_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent \(got "chatty"\)/,
    );

    expect(processLogLevel('worker', { LOG_LEVEL: 'info', DEBUG: 'phoenix4ge:*' }, undefined)).toBe('debug');
    expect(processLogLevel('api', { LOG_LEVEL: 'info', DEBUG: 'phoenix4ge:worker' }, undefined)).toBe('info');
    expect(processLogLevel('api', { LOG_LEVEL: 'trace', DEBUG: '*' }, undefined)).toBe('trace');
    expect(processLogLevel('api', { LOG_LEVEL: 'info', DEBUG: '*' }, 'warn')).toBe('warn');
    expect(debugNamespaceMatches('express:*, phoenix4ge:api', 'phoenix4ge:api')).toBe(true);
    expect(debugNamespaceMatches('phoenix4ge:*,-phoenix4ge:api', 'phoenix4ge:api')).toBe(false);
    expect(debugNamespaceMatches(undefined, 'phoenix4ge:api')).toBe(false);
  });

  it('refuses a log file size it cannot read', () => {
    for (const size of ['big', '100', '0m']) {
      expect(() => parse({ LOG_FILE_MAX_SIZE: size })).toThrowError(
        /LOG_FILE_MAX_SIZE: expected a size with its unit, like 10m/,
      );
    }
  });

  it('reads booleans in the usual spellings', () => {
    expect(parse({ WATERMARK_ENABLED: 'yes' }).WATERMARK_ENABLED).toBe(true);
    expect(parse({ WATERMARK_ENABLED: '0' }).WATERMARK_ENABLED).toBe(false);
  });

  it('names every bad variable with the expected form and the value it got', () => {
    try {
      parse({ DB_PORT: '99999', LOG_LEVEL: 'loud', WATERMARK_ENABLED: 'maybe', REDIS_DB: 'x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { problems } = error as ConfigError;
      expect(problems).toEqual(
        expect.arrayContaining([
          'DB_PORT: expected a whole number from 1 to 65535 (got "99999")',
          expect.stringMatching(
            /^LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)$/,
          ),
          expect.stringMatching(/^WATERMARK_ENABLED: expected one of true, false/),
          'REDIS_DB: expected a whole number from 0 to 15 (got "x")',
        ]),
      );
    }
  });

  it('takes METRICS_TOKEN of at least 16 characters, unset when empty', () => {
    expect(resolveCommon(parse({})).metricsToken).toBeUndefined();
    expect(resolveCommon(parse({ METRICS_TOKEN: '' })).metricsToken).toBeUndefined();
    expect(resolveCommon(parse({ METRICS_TOKEN: 'sixteen-chars-ok' })).metricsToken).toBe('sixteen-chars-ok');
    expect(() => parse({ METRICS_TOKEN: 'short' })).toThrowError(
      /METRICS_TOKEN: expected at least 16 characters/,
    );
  });

  it('rejects a REDIS_URL whose path is not a database number', () => {
    expect(() => resolveRedis(parse({ REDIS_URL: 'redis://cache/abc' }))).toThrowError(
      /REDIS_URL: expected a database number/,
    );
  });

  it('rejects a DATABASE_URL without a database name', () => {
    expect(() => resolveDatabase(parse({ DATABASE_URL: 'mysql://root@h:3306' }))).toThrowError(
      /DATABASE_URL: expected a database name/,
    );
  });
});

describe('process counts (API_INSTANCES, WORKER_INSTANCES)', () => {
  const instances = z.object({ API_INSTANCES: envInstances(1) });
  const read = (value: string | undefined) => parseEnv(instances, { API_INSTANCES: value }).API_INSTANCES;

  it('defaults to one, reads a number, and `max` is one per CPU core', () => {
    expect(read(undefined)).toBe(1);
    expect(read('3')).toBe(3);
    expect(read('max')).toBe(os.availableParallelism());
  });

  it('names the variable for zero, words and fractions', () => {
    for (const bad of ['0', 'many', '1.5', '-2', '257'])
      expect(() => read(bad)).toThrow(/API_INSTANCES: expected max or a whole number from 1 to 256/);
  });
});
