import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");

/**
 * secure() is read once, when cookie.server.ts is first imported, so each setting needs a fresh
 * process: a child node that imports the module under that environment and prints the Set-Cookie.
 */
function setCookieUnder(env: Record<string, string | undefined>): string {
  const script = `
    const { sessionCookie } = await import("./app/auth/cookie.server.ts");
    process.stdout.write(await sessionCookie.serialize("some-session-id"));
  `;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, SESSION_SECRET: "cookie-test-secret" };
  delete childEnv.COOKIE_SECURE;
  delete childEnv.NODE_ENV;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  return execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    env: childEnv,
    encoding: "utf8",
  });
}

function attributes(header: string): string[] {
  return header
    .split(";")
    .slice(1)
    .map((a) => a.trim().toLowerCase());
}

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax and Secure in production", () => {
    const attrs = attributes(setCookieUnder({ NODE_ENV: "production" }));
    expect(attrs).toContain("httponly");
    expect(attrs).toContain("samesite=lax");
    expect(attrs).toContain("secure");
    expect(attrs).toContain("path=/");
  });

  it("is not Secure outside production, and not where COOKIE_SECURE=false (plain-http runs)", () => {
    const dev = attributes(setCookieUnder({ NODE_ENV: "development" }));
    expect(dev).toContain("httponly");
    expect(dev).toContain("samesite=lax");
    expect(dev).not.toContain("secure");

    const plainHttp = attributes(setCookieUnder({ NODE_ENV: "production", COOKIE_SECURE: "false" }));
    expect(plainHttp).toContain("httponly");
    expect(plainHttp).not.toContain("secure");
  });

  it("is Secure outside production when COOKIE_SECURE=true", () => {
    expect(attributes(setCookieUnder({ NODE_ENV: "development", COOKIE_SECURE: "true" }))).toContain(
      "secure",
    );
  });
});
