import { randomBytes } from "node:crypto";
import { data, redirect } from "react-router";
import { prisma } from "../db/client.server.ts";
import { type Actor, actorFromMemberships } from "../domain/actor.ts";
import { now } from "../domain/clock.ts";
import type { Role } from "../generated/prisma/enums.ts";
import { sessionCookie } from "./cookie.server.ts";
import { burnVerifyTime, verifyPassword } from "./password.server.ts";
import { credentialFingerprint } from "./pending-login.server.ts";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  organisationIds: string[];
  actor: Actor;
  /**
   * When this session ends if no further request comes: the idle limit from its last activity, or
   * its end 8 hours after login (SESSION_TTL_MS) when that comes first.
   */
  idleDeadline: Date;
};

/** A session's whole life from login, however busy: the idle limit below ends it sooner. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/**
 * A session without a request for this long is refused (issue 4), whatever its 8-hour expiry says.
 * env SESSION_IDLE_MINUTES, default 30. The page warns a few minutes before (ui/idle-warning.tsx).
 */
export function sessionIdleMs(): number {
  const minutes = Number(process.env.SESSION_IDLE_MINUTES);
  return Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : 30 * 60_000;
}
/** Sliding expiry is written at most this often, so that every page view is not a write. */
const TOUCH_AFTER_MS = 60 * 1000;

function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Checked signatures by Cookie header. Checking one (WebCrypto import and HMAC, async) costs about
 * a millisecond on every request; the answer is a pure function of the header and the process's
 * fixed secrets, so it cannot go stale. Bounded: the oldest entry goes first.
 */
const verifiedCookies = new Map<string, string | null>();
const VERIFIED_COOKIES_MAX = 1000;

async function sessionIdFrom(request: Request): Promise<string | null> {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  const known = verifiedCookies.get(header);
  if (known !== undefined) return known;
  const value: unknown = await sessionCookie.parse(header);
  const id = typeof value === "string" && value.length > 0 ? value : null;
  // A huge header (a flood of made-up cookies) is checked every time rather than kept.
  if (header.length > 4096) return id;
  if (verifiedCookies.size >= VERIFIED_COOKIES_MAX) {
    const oldest = verifiedCookies.keys().next().value;
    if (oldest !== undefined) verifiedCookies.delete(oldest);
  }
  verifiedCookies.set(header, id);
  return id;
}

/**
 * Checks e-mail and password; null for an unknown user, an inactive one and a wrong password alike.
 * `credential`: which stored password was proven (credentialFingerprint), for the session's check.
 */
export async function authenticate(
  email: string,
  password: string,
): Promise<{ id: string; roles: Role[]; credential: string } | null> {
  const user = await prisma.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, passwordHash: true, active: true, memberships: { select: { role: true } } },
  });
  if (!user) {
    await burnVerifyTime(password);
    return null;
  }
  const ok = await verifyPassword(user.passwordHash, password);
  return ok && user.active
    ? {
        id: user.id,
        roles: user.memberships.map((m) => m.role),
        credential: credentialFingerprint(user.passwordHash),
      }
    : null;
}

/**
 * A session made only while the account is as the login found it: under a share lock on the user
 * row, which a password reset (its UPDATE) and a change of staff roles (lockAccount) take too, the
 * account is still active, the password proven (`credential`) is still its password, and — for a
 * login without the second factor (`needsSecondFactor` given) — its roles still need none. Checked
 * before, a reset or a first staff role committed during the slow password check left a session
 * the reset or the role change had meant to end (found by review). "refused" for the first two,
 * "second-factor" for the last; otherwise the Set-Cookie value.
 */
export async function createCheckedSession(
  request: Request,
  userId: string,
  check: { credential?: string; needsSecondFactor?: (roles: Role[]) => boolean },
): Promise<{ cookie: string } | { refused: "refused" | "second-factor" }> {
  const { credential, needsSecondFactor } = check;
  const oldId = await sessionIdFrom(request);
  return prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ passwordHash: string | null; active: boolean }[]>`
      SELECT "passwordHash", active FROM "User" WHERE id = ${userId} FOR SHARE`;
    if (!row?.active) return { refused: "refused" as const };
    if (credential !== undefined && credentialFingerprint(row.passwordHash) !== credential)
      return { refused: "refused" as const };
    if (needsSecondFactor) {
      const roles = (await tx.roleMembership.findMany({ where: { userId }, select: { role: true } })).map(
        (m) => m.role,
      );
      if (needsSecondFactor(roles)) return { refused: "second-factor" as const };
    }
    const id = newSessionId();
    const at = now();
    if (oldId) await tx.session.deleteMany({ where: { id: oldId } });
    await tx.session.create({
      data: { id, userId, createdAt: at, lastSeenAt: at, expiresAt: new Date(at.getTime() + SESSION_TTL_MS) },
    });
    return { cookie: await sessionCookie.serialize(id) };
  });
}

/**
 * Starts a session for `userId` and returns the Set-Cookie value. A fresh id at every login (and
 * the old session deleted) so that an id planted before login is worthless afterwards.
 */
export async function createUserSession(request: Request, userId: string): Promise<string> {
  const oldId = await sessionIdFrom(request);
  const id = newSessionId();
  const at = now();
  await prisma.$transaction([
    ...(oldId ? [prisma.session.deleteMany({ where: { id: oldId } })] : []),
    prisma.session.create({
      data: { id, userId, createdAt: at, lastSeenAt: at, expiresAt: new Date(at.getTime() + SESSION_TTL_MS) },
    }),
  ]);
  return sessionCookie.serialize(id);
}

/** Deletes the session row and returns a Set-Cookie value that clears the cookie. */
export async function destroyUserSession(request: Request): Promise<string> {
  const id = await sessionIdFrom(request);
  if (id) await prisma.session.deleteMany({ where: { id } });
  return sessionCookie.serialize("", { maxAge: 0, expires: new Date(0) });
}

type SessionRow = {
  expiresAt: Date;
  lastSeenAt: Date;
  userId: string;
  email: string;
  name: string;
  active: boolean;
  /** In the order they were made (createdAt as JSON text): actorFromMemberships keeps the first organisation first. */
  memberships: { role: Role; organisationId: string | null; createdAt: string }[];
};

/**
 * Every page asks this twice or more (the root loader and the route's own loaders run side by side
 * on one Request), so a GET shares one answer per Request. Only a GET or HEAD: a POST's action may
 * log in, log out or end sessions before its loaders run, and they must see that. It works because
 * react-router.config.ts passes the request itself to every loader (session-per-request.test.ts).
 */
const perRequest = new WeakMap<Request, Promise<SessionUser | null>>();

export function getSessionUser(request: Request): Promise<SessionUser | null> {
  const method = request.method.toUpperCase();
  if (method !== "GET" && method !== "HEAD") return lookUpSessionUser(request);
  let pending = perRequest.get(request);
  if (!pending) {
    pending = lookUpSessionUser(request);
    perRequest.set(request, pending);
    // A failed look-up (the database away) is not remembered as the request's answer.
    pending.catch(() => perRequest.delete(request));
  }
  return pending;
}

async function lookUpSessionUser(request: Request): Promise<SessionUser | null> {
  const id = await sessionIdFrom(request);
  if (!id) return null;
  // One round trip, on every request: Prisma's nested select would be three (session, user, memberships).
  const rows = await prisma.$queryRaw<SessionRow[]>`
    SELECT s."expiresAt", s."lastSeenAt", u.id AS "userId", u.email, u.name, u.active,
      COALESCE(
        (SELECT json_agg(
                  json_build_object('role', m.role::text, 'organisationId', m."organisationId", 'createdAt', m."createdAt")
                  ORDER BY m."createdAt", m.id)
           FROM "RoleMembership" m WHERE m."userId" = u.id),
        '[]'::json
      ) AS memberships
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s.id = ${id}`;
  const row = rows[0];
  if (!row) return null;
  const session = {
    expiresAt: row.expiresAt,
    lastSeenAt: row.lastSeenAt,
    user: {
      id: row.userId,
      email: row.email,
      name: row.name,
      active: row.active,
      memberships: row.memberships,
    },
  };
  const at = now();
  const idleMs = sessionIdleMs();
  const idle = at.getTime() - session.lastSeenAt.getTime() >= idleMs;
  if (session.expiresAt.getTime() <= at.getTime() || idle || !session.user.active) {
    await prisma.session.deleteMany({ where: { id } });
    return null;
  }
  let lastSeen = session.lastSeenAt;
  if (at.getTime() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await prisma.session.updateMany({
      where: { id },
      // Only the idle clock moves: expiresAt stays SESSION_TTL_MS after the login, so a cookie kept
      // alive by use (or stolen and used) still ends the same working day.
      data: { lastSeenAt: at },
    });
    lastSeen = at;
  }
  const u = session.user;
  const actor = actorFromMemberships(u.id, u.memberships);
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    roles: actor.roles,
    organisationIds: actor.organisationIds,
    actor,
    // From the stored lastSeenAt (written at most once a minute), so the page never promises more time than the server gives.
    // The sooner of the idle limit and the session's end: the page's warning then comes for both.
    idleDeadline: new Date(Math.min(lastSeen.getTime() + idleMs, session.expiresAt.getTime())),
  };
}

/**
 * Only a local path: an absolute or protocol-relative URL would make the login page an open
 * redirect. A path on this site to go to after login, or the fallback. Read as a browser reads it: the URL
 * parser drops tabs and newlines and takes a backslash for a slash, so "/\t/evil.example" is
 * "//evil.example" to it. The value is parsed against a placeholder origin, and only a path that
 * stays on it, with no control characters or backslashes at all, comes back.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (typeof to !== "string" || !to.startsWith("/") || /[\u0000-\u001F\u007F\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, "http://portal.invalid");
  } catch {
    return fallback;
  }
  // The result is checked, not only the input: the parser drops "." and ".." segments, so
  // "/.//evil.example" and "/%2e//evil.example" come back as the path "//evil.example".
  if (url.origin !== "http://portal.invalid" || url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (user) return user;
  const url = new URL(request.url);
  // Single-fetch requests end in .data; send the user back to the page, not to the data URL.
  const path = url.pathname.replace(/\.data$/, "") || "/";
  const search = new URLSearchParams(url.search);
  search.delete("_routes");
  const back = `${path}${search.size > 0 ? `?${search}` : ""}`;
  throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
}

export async function requireRole(request: Request, roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!user.roles.some((r) => roles.includes(r))) {
    throw data("U heeft geen toegang tot deze pagina.", { status: 403 });
  }
  return user;
}

/** Where a user's work starts, by role (the landing page and the login redirect use it). */
export function homeFor(user: Pick<SessionUser, "roles">): string {
  if (user.roles.includes("APPLICANT")) return "/aanvrager";
  if (user.roles.some((r) => r === "CASE_HANDLER" || r === "ADVISER" || r === "DECISION_MAKER"))
    return "/behandeling";
  return "/";
}
