// @vitest-environment node
// Pure helpers: no DOM needed (vite-plugin-solid would otherwise ask vitest for jsdom, which is not installed).
import { CreateModelSchema, SetupSchema } from '@phoenix4ge/shared';
import { describe, expect, it } from 'vitest';
import { formatMinutes, formatScore, truncate } from './format';
import { validate } from './forms';
import { afterSignIn, isSafeNext, loginHref } from './redirects';
import { suggestSlug } from './slug';

describe('sign-in redirects', () => {
  it('keeps the page to come back to, and only pages of this app', () => {
    expect(loginHref('/m/anna/members?tab=1')).toBe('/login?next=%2Fm%2Fanna%2Fmembers%3Ftab%3D1');
    expect(loginHref('/')).toBe('/login');
    expect(loginHref(undefined)).toBe('/login');
    expect(afterSignIn('/audit')).toBe('/audit');
    expect(afterSignIn(['/users', '/x'])).toBe('/users');
    for (const unsafe of [
      '//evil.example',
      'https://evil.example',
      '/\\evil.example',
      '/login?next=/x',
      '/setup',
    ]) {
      expect(isSafeNext(unsafe)).toBe(false);
      expect(afterSignIn(unsafe)).toBe('/');
    }
  });
});

describe('form validation with the shared schemas', () => {
  it('returns the parsed input, or messages by field', () => {
    expect(validate(CreateModelSchema, { slug: 'anna-nowak', displayName: ' Anna ' })).toEqual({
      ok: true,
      data: { slug: 'anna-nowak', displayName: 'Anna' },
    });
    const result = validate(SetupSchema, { email: 'nope', displayName: 'A', password: 'short' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.email?.[0]).toBe('Enter a valid email address');
      expect(result.errors.password?.[0]).toBe('Use at least 12 characters');
    }
  });
});

describe('display helpers', () => {
  it('suggests slugs the schema accepts', () => {
    expect(suggestSlug('Anna-Maria Nowák')).toBe('anna-maria-nowak');
    expect(suggestSlug('  --Studio 54!  ')).toBe('studio-54');
    expect(validate(CreateModelSchema, { slug: suggestSlug('Zoë  & Co.'), displayName: 'Zoë' }).ok).toBe(
      true,
    );
  });

  it('formats waits and scores', () => {
    expect(formatMinutes(30)).toBe('1 minute');
    expect(formatMinutes(900)).toBe('15 minutes');
    expect(formatScore(0.855)).toBe('86 %');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});
