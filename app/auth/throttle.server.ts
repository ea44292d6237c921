import { createHash } from "node:crypto";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { prisma } from "../db/client.server.ts";

/**
 * Login throttling (ADR 0013): failed attempts are counted per account and per client address in
 * PostgreSQL, so every web process sees the same counts and a restart forgets nothing. A wrong
 * password and a wrong second-factor code both count.
 */
const WINDOW_S = 15 * 60;
const BLOCK_S = 15 * 60;

function envLimit(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function accountLimit(): number {
  return envLimit("LOGIN_ACCOUNT_LIMIT", 5);
}
/** Higher than per account: one office or NAT address carries many honest colleagues. */
export function addressLimit(): number {
  return envLimit("LOGIN_RATE_LIMIT", 20);
}

let limiters: { account: RateLimiterPrisma; address: RateLimiterPrisma } | undefined;
function get() {
  limiters ??= {
    account: new RateLimiterPrisma({
      storeClient: prisma,
      tableName: "rateLimiterFlexible",
      keyPrefix: "login-account",
      points: accountLimit(),
      duration: WINDOW_S,
      blockDuration: BLOCK_S,
    }),
    address: new RateLimiterPrisma({
      storeClient: prisma,
      tableName: "rateLimiterFlexible",
      keyPrefix: "login-address",
      points: addressLimit(),
      duration: WINDOW_S,
      blockDuration: BLOCK_S,
    }),
  };
  return limiters;
}

/**
 * The account key is a hash of the normalised address, known or not: the table then holds no
 * e-mail addresses (typos included), and an unknown address is counted exactly like a real one.
 */
function accountKey(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("base64url");
}

export type Throttle = { blocked: false } | { blocked: true; retryAfterSeconds: number };

/**
 * Counts this attempt for the account and the address before the password or code is checked,
 * and says whether it may go on. Counting first (one atomic increment per key in PostgreSQL) is
 * what makes the limit hold under parallel requests: a check that only read the counts let 300
 * guesses sent at once all pass it before the first failure was written. The attempt past a
 * limit blocks its key for BLOCK_S. A blocked account gives away nothing: the password is not
 * checked at all.
 */
export async function claimLoginAttempt(email: string, address: string): Promise<Throttle> {
  const { account, address: byAddress } = get();
  const results = await Promise.allSettled([account.consume(accountKey(email)), byAddress.consume(address)]);
  let ms = 0;
  for (const r of results) {
    if (r.status === "fulfilled") continue;
    // consume rejects with a RateLimiterRes over the limit (the key is then blocked).
    if (!(r.reason instanceof RateLimiterRes)) throw r.reason;
    ms = Math.max(ms, r.reason.msBeforeNext);
  }
  return ms > 0 ? { blocked: true, retryAfterSeconds: Math.ceil(ms / 1000) } : { blocked: false };
}

/**
 * A proven password on the way to a staff member's code: the attempt was no failure, so its
 * points go back. Only its own: failures before it stay until the code is right too, or someone
 * who knows the password could reset the count between every few guesses of the code.
 */
export async function refundLoginAttempt(email: string, address: string): Promise<void> {
  const { account, address: byAddress } = get();
  await Promise.all([account.reward(accountKey(email), 1), byAddress.reward(address, 1)]);
}

/** A complete applicant login, or a password chosen through a reset link: the account's count goes. */
export async function forgetAccountFailures(email: string): Promise<void> {
  await get().account.delete(accountKey(email));
}

/**
 * A staff member's complete login (password and code) clears the account's count. The address
 * only gets this attempt's point back: a guesser who also owns one account must not reset the
 * counter of the address.
 */
export async function recordLoginSuccess(email: string, address: string): Promise<void> {
  const { account, address: byAddress } = get();
  await Promise.all([account.delete(accountKey(email)), byAddress.reward(address, 1)]);
}
