import { randomBytes } from "node:crypto";
import pg from "pg";
import { createCookie } from "react-router";
import type { BrowserContext } from "./fixtures.ts";

/**
 * Test set-up, not a test of login: a server-side session row for a seeded user and the signed
 * cookie that carries its id, exactly what app/auth/session.server.ts writes after a successful
 * login (password and, for staff, the second factor). The login itself is proven in its own specs;
 * every other test starts logged in this way, which saves a page load, an argon2 verification and a
 * TOTP code per login.
 */
export const E2E_SESSION_SECRET = process.env.SESSION_SECRET ?? "e2e-session-secret-not-for-production";
const cookie = createCookie("__session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: false,
  secrets: [E2E_SESSION_SECRET],
});

const EIGHT_HOURS = 8 * 60 * 60 * 1000;

/** Inserts a session for the user with this e-mail address and returns the cookie's value. */
export async function sessionCookieFor(email: string): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const user = await client.query<{ id: string }>('SELECT id FROM "User" WHERE email = $1', [email]);
    const userId = user.rows[0]?.id;
    if (!userId) throw new Error(`no user ${email}`);
    const id = randomBytes(32).toString("base64url");
    await client.query(
      `INSERT INTO "Session" (id, "userId", "createdAt", "lastSeenAt", "expiresAt") VALUES ($1, $2, now(), now(), $3)`,
      [id, userId, new Date(Date.now() + EIGHT_HOURS)],
    );
    const header = await cookie.serialize(id);
    // Kept encoded: the browser sends the value as set, and the server decodes it.
    return header.slice("__session=".length).split(";")[0] ?? "";
  } finally {
    await client.end();
  }
}

/** Puts a fresh session of this user into the context's cookie jar for `baseURL`. */
export async function addSession(context: BrowserContext, baseURL: string, email: string): Promise<void> {
  const value = await sessionCookieFor(email);
  await context.addCookies([{ name: "__session", value, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}
