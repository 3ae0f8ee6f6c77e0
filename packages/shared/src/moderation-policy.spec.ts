import { describe, expect, it } from 'vitest';
import { policyVerdict } from './moderation-policy';
import { defaultModelSettings } from './schemas/models';

const policy = defaultModelSettings.moderation;

describe('policyVerdict (default policy)', () => {
  it('rejects at Porn + Hentai ≥ 0.85', () => {
    expect(policyVerdict({ Porn: 0.6, Hentai: 0.25, Neutral: 0.15 }, policy).status).toBe('rejected');
    expect(policyVerdict({ Porn: 0.6, Hentai: 0.24, Neutral: 0.16 }, policy).status).toBe('flagged');
  });

  it('flags at Porn + Hentai ≥ 0.5 or Sexy ≥ 0.7', () => {
    expect(policyVerdict({ Porn: 0.3, Hentai: 0.2, Neutral: 0.5 }, policy)).toEqual({
      status: 'flagged',
      reason: 'Explicit 50 % ≥ 50 %',
    });
    expect(policyVerdict({ Sexy: 0.7, Neutral: 0.3 }, policy).status).toBe('flagged');
    expect(policyVerdict({ Sexy: 0.69, Porn: 0.3, Neutral: 0.01 }, policy).status).toBe('approved');
  });

  it('approves the rest, or leaves it pending when auto-approve is off', () => {
    expect(policyVerdict({ Neutral: 0.97, Drawing: 0.03 }, policy).status).toBe('approved');
    expect(policyVerdict({ Neutral: 0.97 }, { ...policy, autoApprove: false }).status).toBe('pending');
  });

  it('follows a model’s own thresholds', () => {
    const strict = { ...policy, rejectAt: 0.4, flagAt: 0.1, flagSexyAt: 0.3 };
    expect(policyVerdict({ Porn: 0.45 }, strict).status).toBe('rejected');
    expect(policyVerdict({ Porn: 0.15 }, strict).status).toBe('flagged');
    expect(policyVerdict({ Sexy: 0.35 }, strict).status).toBe('flagged');
  });
});
