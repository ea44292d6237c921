import { hash, verify } from "@node-rs/argon2";

// argon2id is the library's default (m=19 MiB, t=2, p=1: OWASP's minimum); the Algorithm const enum
// cannot be imported under verbatimModuleSyntax (stack.md §8.3), so we rely on the default.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed login, not a server error.
    return false;
  }
}

/**
 * Hashed once per process and verified against when the e-mail address is unknown, so that an
 * unknown user costs as much time as a wrong password and the response time reveals nothing.
 */
let dummyHash: Promise<string> | undefined;
export async function burnVerifyTime(password: string): Promise<void> {
  dummyHash ??= hash("dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
}
