import { describe, expect, it } from 'vitest';
import { labelOf, readableAudit, readableSecurity, textOf } from './audit-details';

describe('readable audit details', () => {
  it('says what known actions did, with the media they touched', () => {
    expect(
      readableAudit({
        action: 'moderation.decide',
        targetId: null,
        details: { modelSlug: 'ana', ids: [3, 4, 5], decision: 'approve', bulk: true },
      }),
    ).toEqual({ summary: 'Approved 3 photos', mediaIds: [3, 4, 5], fields: [] });
    expect(
      readableAudit({
        action: 'members.setRole',
        targetId: '7',
        details: { modelSlug: 'ana', userId: 7, role: 'viewer', previousRole: 'editor' },
      }),
    ).toMatchObject({ summary: 'Role: editor → viewer', fields: [] });
    expect(
      readableAudit({
        action: 'media.bulk',
        targetId: null,
        details: {
          selection: { ids: [1, 2] },
          action: { type: 'trash' },
          result: { status: 'done', count: 2 },
        },
      }),
    ).toEqual({ summary: 'Trashed 2 photos', mediaIds: [1, 2], fields: [] });
  });

  it('shows unknown actions as labelled fields, never JSON, and leaves out redacted values', () => {
    const readable = readableAudit({
      action: 'something.new',
      targetId: null,
      details: {
        password: '[redacted]',
        otherSessionsEnded: 2,
        notify: false,
        window: { from: '2026-01-02T10:00:00.000Z', until: null },
        tags: ['a', 'b'],
      },
    });
    expect(readable.summary).toBeUndefined();
    expect(readable.fields.map((field) => field.label)).toEqual([
      'Other sessions ended',
      'Notify',
      'Window · from',
      'Window · until',
      'Tags',
    ]);
    expect(readable.fields.map((field) => field.value)).toEqual([
      '2',
      'no',
      expect.stringMatching(/2026/),
      '–',
      'a, b',
    ]);
    expect(JSON.stringify(readable.fields.map((field) => field.value))).not.toMatch(/\{\\?"|redacted/);
  });

  it('labels keys and values plainly', () => {
    expect(labelOf('previousRole')).toBe('Previous role');
    expect(labelOf('login_ip')).toBe('Login ip');
    expect(textOf({ reason: 'revoked', prefix: 'p4g_ab' })).toBe('reason: revoked, prefix: p4g_ab');
    expect(textOf(Array.from({ length: 12 }, (_, i) => i + 1))).toBe(
      '1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more',
    );
    expect(readableSecurity({ reason: 'wrong_password', prefix: 'p4g_ab' }).fields).toEqual([
      { label: 'Reason', value: 'wrong password' },
      { label: 'Prefix', value: 'p4g_ab' },
    ]);
  });
});
