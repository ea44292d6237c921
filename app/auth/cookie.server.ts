import { createCookie } from "react-router";

const DEV_SECRET = "sectorplan-dev-secret-not-for-production";

export function secrets(): string[] {
  const configured = process.env.SESSION_SECRET;
  if (configured)
    return configured
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  // server.mjs refuses to start in production without one: the half-login cookie is trusted as
  // signed. A worker signs no cookies and may load this module without it.
  return [DEV_SECRET];
}

/** Secure unless explicitly disabled: COOKIE_SECURE=false for plain-http test runs. */
export function secure(): boolean {
  if (process.env.COOKIE_SECURE === "false") return false;
  if (process.env.COOKIE_SECURE === "true") return true;
  return process.env.NODE_ENV === "production";
}

/** Holds only the session id; everything else lives in the Session row (design.md §8: no in-memory sessions). */
export const sessionCookie = createCookie("__session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: secure(),
  secrets: secrets(),
});
