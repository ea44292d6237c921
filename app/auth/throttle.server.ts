import { createHash } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
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

/**
 * "Wachtwoord vergeten" mails one address at most this often an hour from one client address, and
 * at most RESET_MAILS_PER_DAY times a day from all together (ADR 0013).
 */
export const RESET_MAILS_PER_HOUR = 3;
export const RESET_MAILS_PER_DAY = 10;
/**
 * Sign-up mails one address (a confirmation link, or "someone tried") at most this often an hour
 * from one client address, and at most SIGN_UP_MAILS_PER_DAY times a day from all together.
 */
export const SIGN_UP_MAILS_PER_HOUR = 3;
export const SIGN_UP_MAILS_PER_DAY = 10;

/**
 * How long a mail count lasts: per (address, client address) an hour, per address a day. The
 * privacy statement names both periods (a test holds it to these).
 */
export const MAIL_COUNT_SECONDS = { perClient: 60 * 60, perDay: 24 * 60 * 60 } as const;

/** A mail to an e-mail address: a count per (address, client address) an hour, and per address a day. */
type MailLimit = { perClient: RateLimiterPrisma; perDay: RateLimiterPrisma };
function mailLimit(keyPrefix: string, perHour: number, perDay: number): MailLimit {
  return {
    perClient: new RateLimiterPrisma({
      storeClient: prisma,
      tableName: "rateLimiterFlexible",
      keyPrefix: `${keyPrefix}-client`,
      points: perHour,
      duration: MAIL_COUNT_SECONDS.perClient,
    }),
    perDay: new RateLimiterPrisma({
      storeClient: prisma,
      tableName: "rateLimiterFlexible",
      keyPrefix: `${keyPrefix}-day`,
      points: perDay,
      duration: MAIL_COUNT_SECONDS.perDay,
    }),
  };
}

let limiters:
  | {
      account: RateLimiterPrisma;
      address: RateLimiterPrisma;
      lookup: RateLimiterPrisma;
      resetMail: MailLimit;
      signUpMail: MailLimit;
    }
  | undefined;
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
    // The forms that look an e-mail address up (sign-up, the invitation form, "wachtwoord
    // vergeten"), per client address, apart from the login's count: a failed login must not stop
    // an office from signing up, nor a sign-up from logging in.
    lookup: new RateLimiterPrisma({
      storeClient: prisma,
      tableName: "rateLimiterFlexible",
      keyPrefix: "account-lookup-address",
      points: addressLimit(),
      duration: WINDOW_S,
      blockDuration: BLOCK_S,
    }),
    resetMail: mailLimit("reset-mail", RESET_MAILS_PER_HOUR, RESET_MAILS_PER_DAY),
    signUpMail: mailLimit("sign-up-mail", SIGN_UP_MAILS_PER_HOUR, SIGN_UP_MAILS_PER_DAY),
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

/**
 * The key of a client address. One IPv6 host is given a whole /64 (SLAAC, privacy addresses) and
 * may take a new address for every request: keyed one by one, each would get its own allowance.
 * An IPv4 address seen through a dual-stack socket (::ffff:a.b.c.d) is that IPv4 address, so it
 * shares its count with the same client seen over IPv4. Anything else ("unknown") stays as it is.
 */
export function addressKey(address: string): string {
  let a = address.trim().toLowerCase();
  if (a.startsWith("[") && a.endsWith("]")) a = a.slice(1, -1);
  const zone = a.indexOf("%");
  if (zone >= 0) a = a.slice(0, zone);
  if (isIPv4(a) || !isIPv6(a)) return a;
  const g = ipv6Groups(a);
  const [g6 = 0, g7 = 0] = [g[6], g[7]];
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff)
    return [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff].join(".");
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (isIPv6 checked it): "::" filled, a dotted tail as two. */
function ipv6Groups(a: string): number[] {
  let s = a;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (dotted) {
    const [p, q, r, t] = dotted.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, dotted.index)}${((p << 8) | q).toString(16)}:${((r << 8) | t).toString(16)}`;
  }
  const [head = "", tail] = s.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
  return groups.map((x) => Number.parseInt(x, 16));
}

export type Throttle = { blocked: false } | { blocked: true; retryAfterSeconds: number };

/** Consumes a point of each key; blocked when any of them is over its limit. */
async function consumeAll(claims: [RateLimiterPrisma, string][]): Promise<Throttle> {
  const results = await Promise.allSettled(claims.map(([limiter, key]) => limiter.consume(key)));
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
 * Counts this attempt for the account and the address before the password or code is checked,
 * and says whether it may go on. Counting first (one atomic increment per key in PostgreSQL) is
 * what makes the limit hold under parallel requests: a check that only read the counts let 300
 * guesses sent at once all pass it before the first failure was written. The attempt past a
 * limit blocks its key for BLOCK_S. A blocked account gives away nothing: the password is not
 * checked at all.
 */
export async function claimLoginAttempt(email: string, address: string): Promise<Throttle> {
  const { account, address: byAddress } = get();
  return consumeAll([
    [account, accountKey(email)],
    [byAddress, addressKey(address)],
  ]);
}

/**
 * Sign-up and the invitation form look the address up. Neither says whether it has an account
 * (sign-up mails a confirmation link or, to an account, a notice; ADR 0029), but each attempt
 * still counts per client address, like a login: the KvK number is looked up too, and every
 * attempt costs a password hash.
 */
export async function claimAccountLookup(address: string): Promise<Throttle> {
  return consumeAll([[get().lookup, addressKey(address)]]);
}

/**
 * Whether a mail to `email` may go: counted per address (its hash, account or not, so the count
 * tells nothing) together with the client address, so a stranger who types the owner's address
 * uses up his own allowance, not the owner's; and per address a day, a ceiling against a flood from
 * many client addresses. The day's count is only touched once everything else counted for this
 * client (`alsoPerClient`) allows the attempt: one client hammering the form cannot spend it.
 * Keyed per address alone, a stranger's few requests an hour kept the owner from getting any mail
 * (review rb, F4), and the page, answering alike, did not even tell the owner why.
 */
async function claimMail(
  limit: MailLimit,
  email: string,
  address: string,
  alsoPerClient: [RateLimiterPrisma, string][] = [],
): Promise<boolean> {
  const key = accountKey(email);
  const perClient = await consumeAll([[limit.perClient, `${key}:${addressKey(address)}`], ...alsoPerClient]);
  if (perClient.blocked) return false;
  return !(await consumeAll([[limit.perDay, key]])).blocked;
}

/**
 * "Wachtwoord vergeten": whether this request may mail (claimMail), and a look-up of this client
 * address besides. Past any limit the page answers as always, but nothing is sent: a mailbox cannot
 * be flooded, nor a victim's fresh link be replaced by the next request every minute. Without a
 * client address (a caller that has none) the hourly count is that of "unknown", as the route's
 * fallback, and no look-up is counted.
 */
export async function claimResetMail(email: string, address: string | undefined): Promise<boolean> {
  const { resetMail, lookup } = get();
  if (address === undefined) return claimMail(resetMail, email, "unknown");
  return claimMail(resetMail, email, address, [[lookup, addressKey(address)]]);
}

/**
 * Sign-up: whether this attempt may mail the address (a confirmation link, or the notice to the
 * account that has it), by claimMail; the route counts the look-up (claimAccountLookup). Past
 * either limit the page answers as always and nothing is written. (An older request keeps its
 * link either way, ADR 0029.)
 */
export async function claimSignUpMail(email: string, address: string): Promise<boolean> {
  return claimMail(get().signUpMail, email, address);
}

/**
 * A proven password on the way to a staff member's code: the attempt was no failure, so its
 * points go back. Only its own: failures before it stay until the code is right too, or someone
 * who knows the password could reset the count between every few guesses of the code.
 */
export async function refundLoginAttempt(email: string, address: string): Promise<void> {
  const { account, address: byAddress } = get();
  await Promise.all([account.reward(accountKey(email), 1), byAddress.reward(addressKey(address), 1)]);
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
  await Promise.all([account.delete(accountKey(email)), byAddress.reward(addressKey(address), 1)]);
}
