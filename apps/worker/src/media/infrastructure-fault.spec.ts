import { describe, expect, it } from 'vitest';
import { isInfrastructureFault } from './infrastructure-fault';

const withCode = (code: string, cause?: unknown) => Object.assign(new Error(code), { code, cause });

describe('isInfrastructureFault', () => {
  it('knows a full disk and an unreachable service, also wrapped in a cause', () => {
    expect(isInfrastructureFault(withCode('ENOSPC'))).toBe(true);
    expect(isInfrastructureFault(withCode('EDQUOT'))).toBe(true);
    expect(isInfrastructureFault(new Error('query failed', { cause: withCode('ECONNREFUSED') }))).toBe(true);
    expect(isInfrastructureFault(withCode('X', withCode('PROTOCOL_CONNECTION_LOST')))).toBe(true);
  });

  it('leaves everything else to fail as before', () => {
    expect(isInfrastructureFault(new Error('Input buffer contains unsupported image format'))).toBe(false);
    expect(isInfrastructureFault(withCode('ENOENT'))).toBe(false);
    expect(isInfrastructureFault(undefined)).toBe(false);
    expect(isInfrastructureFault('ENOSPC')).toBe(false);
  });
});
