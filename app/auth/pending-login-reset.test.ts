import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../db/client.server.ts";
import { resetPassword } from "../domain/accounts/password-reset.server.ts";
import { hashToken, newToken } from "../domain/accounts/tokens.server.ts";
import { CLIENT_ADDRESS_HEADER } from "./client-address.ts";
import { codeStep, enrolmentOffer, enrolmentStep, passwordStep } from "./login.server.ts";
import { hashPassword } from "./password.server.ts";
import { currentCode, newTotpSecret, sealSecret } from "./totp.server.ts";

afterAll(() => disconnectPrisma());
const OLD = "oud-wachtwoord-van-2025";
const NEW = "nieuw-wachtwoord-2026!";

function post(path: string, cookies: string[] = []): Request {
  const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: `10.9.${Math.floor(Math.random() * 250)}.7` });
  if (cookies.length > 0) headers.set("Cookie", cookies.map((c) => c.split(";")[0]).join("; "));
  return new Request(`http://localhost${path}`, { method: "POST", headers });
}

async function staff(totp: string | null) {
  return prisma.user.create({
    data: {
      email: `rw-${randomUUID()}@example.nl`,
      name: "Staff",
      passwordHash: await hashPassword(OLD),
      totpSecret: totp ? sealSecret(totp) : null,
      memberships: { create: { role: "CASE_HANDLER" } },
    },
  });
}

async function reset(userId: string) {
  const token = newToken();
  await prisma.passwordResetToken.create({
    data: { userId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 3_600_000) },
  });
  const r = await resetPassword(token, NEW);
  expect(r.ok).toBe(true);
}

/**
 * A password reset ends every session of the user (password-reset.server.ts: "whoever knew the old
 * password is logged out"); a staff member's half-login, the signed cookie between the password and
 * the code, is no session but must end with it (found by a review).
 */
describe("a half-login (password proven, code pending) begun with the old password", () => {
  it("completes with the right code while the password is unchanged", async () => {
    const secret = newTotpSecret();
    const u = await staff(secret);
    const step = await passwordStep(post("/login"), { email: u.email, password: OLD });
    if (step.kind !== "redirect") throw new Error(step.kind);
    const done = await codeStep(post("/tweestapsverificatie", step.cookies), currentCode(secret));
    expect(done.kind).toBe("redirect");
  });

  it("no longer completes once the password was reset", async () => {
    const secret = newTotpSecret();
    const u = await staff(secret);
    const step = await passwordStep(post("/login"), { email: u.email, password: OLD });
    if (step.kind !== "redirect") throw new Error(step.kind);
    await reset(u.id); // the owner resets: "whoever knew the old password is logged out"
    const done = await codeStep(post("/tweestapsverificatie", step.cookies), currentCode(secret));
    expect(done.kind).toBe("refused");
  });

  it("cannot enrol a second factor after the password was reset", async () => {
    const u = await staff(null);
    const step = await passwordStep(post("/login"), { email: u.email, password: OLD });
    if (step.kind !== "redirect") throw new Error(step.kind);
    const offer = await enrolmentOffer(post("/tweestapsverificatie-instellen", step.cookies));
    if (!offer?.cookie) throw new Error("no offer");
    await reset(u.id);
    const done = await enrolmentStep(
      post("/tweestapsverificatie-instellen", [offer.cookie]),
      currentCode(offer.secret),
    );
    expect(done.kind).toBe("refused");
  });
});
