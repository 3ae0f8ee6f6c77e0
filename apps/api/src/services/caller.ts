import type { ApiKeyRole, MemberRole } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';

export interface CallerUser {
  id: number;
  email: string;
  displayName: string;
  isAdmin: boolean;
}

export interface CallerApiKey {
  id: number;
  name: string;
  role: ApiKeyRole;
  /** null: valid for every model. */
  modelId: number | null;
}

/** Who is calling: resolved once per request from the session cookie or the bearer API key. */
export type Caller =
  | { kind: 'anonymous'; problem?: 'bad_api_key' | 'session_expired' }
  | { kind: 'user'; user: CallerUser; sessionId: number }
  | { kind: 'apiKey'; key: CallerApiKey };

/** A role on one model: admins (users, or unscoped admin keys) hold `admin` on every model. */
export type ModelRole = MemberRole | 'admin';

const rank: Record<ModelRole, number> = { viewer: 1, editor: 2, admin: 3 };

export function roleAtLeast(role: ModelRole | undefined, minimum: ModelRole): boolean {
  return role !== undefined && rank[role] >= rank[minimum];
}

export function isAdmin(caller: Caller): boolean {
  if (caller.kind === 'user') return caller.user.isAdmin;
  if (caller.kind === 'apiKey') return caller.key.role === 'admin' && caller.key.modelId === null;
  return false;
}

/** Audit and security-event actor columns for a caller. */
export function actorOf(caller: Caller): { actorUserId: number | null; actorApiKeyId: number | null } {
  return {
    actorUserId: caller.kind === 'user' ? caller.user.id : null,
    actorApiKeyId: caller.kind === 'apiKey' ? caller.key.id : null,
  };
}

export type SignedInCaller = Exclude<Caller, { kind: 'anonymous' }>;

/** How a caller is named in reasons and messages: the user's email, or the API key's name. */
export function callerName(caller: SignedInCaller): string {
  return caller.kind === 'user' ? caller.user.email : `API key ${caller.key.name}`;
}

/** UNAUTHORIZED for anonymous callers, saying why when a credential was sent but is not valid. */
export function requireSignedIn(caller: Caller): asserts caller is SignedInCaller {
  if (caller.kind !== 'anonymous') return;
  const message =
    caller.problem === 'bad_api_key'
      ? 'The API key is not valid'
      : caller.problem === 'session_expired'
        ? 'Your session has ended; sign in again'
        : 'Sign in first';
  throw new TRPCError({ code: 'UNAUTHORIZED', message });
}
