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

/** Asked before the password is even checked, so a blocked account gives away nothing. */
export async function loginThrottle(email: string, address: string): Promise<Throttle> {
  const { account, address: byAddress } = get();
  const [a, b] = await Promise.all([account.get(accountKey(email)), byAddress.get(address)]);
  const waits = [
    a && a.consumedPoints >= accountLimit() ? a.msBeforeNext : 0,
    b && b.consumedPoints >= addressLimit() ? b.msBeforeNext : 0,
  ];
  const ms = Math.max(...waits);
  return ms > 0 ? { blocked: true, retryAfterSeconds: Math.ceil(ms / 1000) } : { blocked: false };
}

/** One failure for the account and the address; reaching a limit blocks for BLOCK_S from now. */
export async function recordLoginFailure(email: string, address: string): Promise<void> {
  const { account, address: byAddress } = get();
  await Promise.all([
    countFailure(account, accountKey(email), accountLimit()),
    countFailure(byAddress, address, addressLimit()),
  ]);
}

async function countFailure(limiter: RateLimiterPrisma, key: string, limit: number): Promise<void> {
  try {
    const res = await limiter.consume(key);
    if (res.consumedPoints >= limit) await limiter.block(key, BLOCK_S);
  } catch (e) {
    // consume rejects with a RateLimiterRes once over the limit: the key is blocked already.
    if (!(e instanceof RateLimiterRes)) throw e;
  }
}

/**
 * A complete login (password and, for staff, the code) clears the account's count. Not the
 * address's: a guesser who also owns one account must not reset the counter of the address.
 */
export async function recordLoginSuccess(email: string): Promise<void> {
  await get().account.delete(accountKey(email));
}
