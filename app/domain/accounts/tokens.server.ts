import { createHash, randomBytes } from "node:crypto";

/**
 * Link tokens (invitations, password resets): 32 random bytes, sent only in the e-mail; the
 * database keeps only their SHA-256, so a copy of the database opens no account.
 */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/*
 * No constant-time compare is needed on lookup: rows are found by the SHA-256 of the token through
 * a unique index, and an attacker cannot steer the hash's bytes, so timing reveals nothing usable.
 */

/** A token from a URL: base64url of 32 bytes is 43 characters; anything else is not ours. */
export function looksLikeToken(token: string | undefined): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** A hash that matches no token anyone has: the placeholder until the e-mail mints the real one. */
export function unusableTokenHash(): string {
  return hashToken(`unsent:${newToken()}`);
}
