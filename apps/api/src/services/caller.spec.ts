import { describe, expect, it } from 'vitest';
import type { Caller } from './caller';
import { actorOf, isAdmin, requireSignedIn, roleAtLeast } from './caller';

const user = (isAdmin: boolean): Caller => ({
  kind: 'user',
  user: { id: 7, email: 'u@x.test', displayName: 'U', isAdmin },
  sessionId: 3,
});
const key = (role: 'admin' | 'editor' | 'viewer', modelId: number | null): Caller => ({
  kind: 'apiKey',
  key: { id: 9, name: 'k', role, modelId },
});

describe('caller rules', () => {
  it('orders roles viewer < editor < admin', () => {
    expect(roleAtLeast('editor', 'viewer')).toBe(true);
    expect(roleAtLeast('viewer', 'editor')).toBe(false);
    expect(roleAtLeast('admin', 'editor')).toBe(true);
    expect(roleAtLeast(undefined, 'viewer')).toBe(false);
  });

  it('treats admin users and unscoped admin keys as admins, nothing else', () => {
    expect(isAdmin(user(true))).toBe(true);
    expect(isAdmin(user(false))).toBe(false);
    expect(isAdmin(key('admin', null))).toBe(true);
    expect(isAdmin(key('admin', 4))).toBe(false);
    expect(isAdmin(key('editor', null))).toBe(false);
    expect(isAdmin({ kind: 'anonymous' })).toBe(false);
  });

  it('names the actor for the audit log', () => {
    expect(actorOf(user(false))).toEqual({ actorUserId: 7, actorApiKeyId: null });
    expect(actorOf(key('viewer', 1))).toEqual({ actorUserId: null, actorApiKeyId: 9 });
  });

  it('explains why an anonymous caller is refused', () => {
    expect(() => requireSignedIn({ kind: 'anonymous' })).toThrowError('Sign in first');
    expect(() => requireSignedIn({ kind: 'anonymous', problem: 'bad_api_key' })).toThrowError(
      'The API key is not valid',
    );
    expect(() => requireSignedIn({ kind: 'anonymous', problem: 'session_expired' })).toThrowError(
      /session has ended/,
    );
    expect(() => requireSignedIn(user(false))).not.toThrow();
  });
});
