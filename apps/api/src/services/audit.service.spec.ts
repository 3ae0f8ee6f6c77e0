import { describe, expect, it } from 'vitest';
import { auditDetails } from './audit.service';

describe('auditDetails', () => {
  it('redacts secrets at any depth and keeps the rest', () => {
    expect(
      auditDetails({
        email: 'a@b.test',
        password: 'hunter2hunter2',
        newPassword: 'x',
        nested: { apiKey: 'p4g_x', sessionToken: 't', keep: 1 },
        when: new Date('2026-01-02T03:04:05Z'),
        list: [1, 2],
      }),
    ).toEqual({
      email: 'a@b.test',
      password: '[redacted]',
      newPassword: '[redacted]',
      nested: { apiKey: '[redacted]', sessionToken: '[redacted]', keep: 1 },
      when: '2026-01-02T03:04:05.000Z',
      list: [1, 2],
    });
  });

  it('cuts long strings and ignores non-object input', () => {
    expect(auditDetails({ caption: 'x'.repeat(600) })?.caption).toHaveLength(501);
    expect(auditDetails(undefined)).toBeNull();
    expect(auditDetails('text')).toBeNull();
  });
});
