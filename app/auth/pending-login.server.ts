import { createHash } from "node:crypto";
import { createCookie } from "react-router";
import { z } from "zod";
import { secrets, secure } from "./cookie.server.ts";

/**
 * Between the password and the code a staff member has no session yet (ADR 0013): only this signed
 * cookie, which says whose password was right and when. Five minutes is enough to type a code and
 * short enough that a forgotten half-login on a shared computer expires by itself.
 */
export const PENDING_LOGIN_MS = 5 * 60 * 1000;

const pendingCookie = createCookie("__login_pending", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: secure(),
  secrets: secrets(),
  maxAge: PENDING_LOGIN_MS / 1000,
});

const pendingSchema = z.object({
  userId: z.string().min(1),
  email: z.string(),
  /** Date.now() when the password was accepted: the browser's max-age alone is not trusted. */
  at: z.number(),
  /**
   * Which password was proven (credentialFingerprint): a reset or a new password in the five
   * minutes ends the half-login, as it ends every session (password-reset.server.ts).
   */
  credential: z.string(),
  redirectTo: z.string(),
  /** During enrolment: the candidate secret, sealed, until a code from it confirms it. */
  candidate: z.string().optional(),
});
export type PendingLogin = z.infer<typeof pendingSchema>;

/** A short fingerprint of the stored password hash: changes whenever the password does. */
export function credentialFingerprint(passwordHash: string | null): string {
  return createHash("sha256")
    .update(passwordHash ?? "")
    .digest("hex")
    .slice(0, 16);
}

export async function readPendingLogin(request: Request): Promise<PendingLogin | null> {
  const value: unknown = await pendingCookie.parse(request.headers.get("Cookie"));
  const parsed = pendingSchema.safeParse(value);
  if (!parsed.success) return null;
  if (Date.now() - parsed.data.at > PENDING_LOGIN_MS || parsed.data.at > Date.now() + 60_000) return null;
  return parsed.data;
}

export function writePendingLogin(pending: PendingLogin): Promise<string> {
  return pendingCookie.serialize(pending);
}

export function clearPendingLogin(): Promise<string> {
  return pendingCookie.serialize("", { maxAge: 0, expires: new Date(0) });
}
