import { describe, expect, it } from 'vitest';
import { publicApiSecurityHeaders, securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it("holds helmet's headers with this api's CSP, taken once", () => {
    const headers = securityHeaders();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'same-origin',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    });
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(headers).not.toHaveProperty('x-powered-by');
    expect(headers).not.toHaveProperty('cross-origin-embedder-policy');
  });

  it('gives the public JSON API the headers an API answer needs, and none of the document-only ones', () => {
    expect(publicApiSecurityHeaders()).toEqual({
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'cross-origin-resource-policy': 'same-origin',
      'strict-transport-security': securityHeaders()['strict-transport-security'],
    });
  });
});
