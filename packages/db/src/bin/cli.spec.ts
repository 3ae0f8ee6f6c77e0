import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import { describe, expect, it } from 'vitest';
import { describeError } from './cli';

const config: DatabaseConfig = {
  host: '127.0.0.1',
  port: 3306,
  user: 'root',
  password: '',
  database: 'phoenix4ge',
  url: 'mysql://root@127.0.0.1:3306/phoenix4ge',
};

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('describeError', () => {
  it('names the server when it does not answer', () => {
    expect(describeError(withCode('connect ECONNREFUSED 127.0.0.1:3306', 'ECONNREFUSED'), config)).toBe(
      'Cannot reach MySQL/MariaDB at 127.0.0.1:3306 (ECONNREFUSED)',
    );
  });

  it('looks inside AggregateErrors and drizzle query errors', () => {
    const refused = new AggregateError([withCode('refused', 'ECONNREFUSED')], 'all failed');
    expect(describeError(refused, config)).toBe(
      'Cannot reach MySQL/MariaDB at 127.0.0.1:3306 (ECONNREFUSED)',
    );
    const wrapped = new Error('Failed query: select 1', {
      cause: withCode("Table 'x.models' doesn't exist", 'ER_NO_SUCH_TABLE'),
    });
    expect(describeError(wrapped, config)).toBe(
      "Table 'x.models' doesn't exist; run `pnpm db:migrate` first",
    );
  });

  it('passes other messages through', () => {
    expect(describeError(new Error('boom'), config)).toBe('boom');
  });
});
