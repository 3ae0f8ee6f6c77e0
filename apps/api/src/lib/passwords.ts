import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id`, a const enum that cannot be imported under verbatimModuleSyntax. */
const ARGON2ID = 2;

/** argon2id with the library's defaults (OWASP: 19 MiB, 2 passes, 1 lane; ~60 ms here). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified against when the email is unknown, so unknown and known accounts take the same time. */
let dummyHash: Promise<string> | undefined;
export function timingDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('phoenix4ge-timing-equaliser-not-a-password');
  return dummyHash;
}
