/**
 * Session UI state: why the user is on the sign-in page. Who is signed in is server state and lives in the
 * `auth.me` query (see api/auth.ts); this only carries the explanation (and whether to come back to the page
 * they were on) across the redirect.
 */
import { createSignal } from 'solid-js';

export interface SignOutNotice {
  message: string;
  tone: 'info' | 'warning';
  /** Come back to the current page after signing in again (a session that ended, not a deliberate sign-out). */
  returnHere: boolean;
}

const [notice, setNotice] = createSignal<SignOutNotice>();

/** The message to show above the sign-in form, e.g. "Your session has ended; sign in again". */
export const signOutNotice = notice;

export function setSignOutNotice(value: SignOutNotice | undefined) {
  setNotice(value);
}
