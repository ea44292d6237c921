import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../db/client.server.ts";
import {
  currentCode,
  enrolSecret,
  matchingStep,
  needsSecondFactor,
  newTotpSecret,
  openSecret,
  sealSecret,
  verifyUserCode,
} from "./totp.server.ts";

afterAll(() => disconnectPrisma());

// RFC 6238 appendix B: the SHA-1 test secret "12345678901234567890" and its 8-digit codes; a
// 6-digit code is the last six of them.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const RFC_VECTORS: [number, string][] = [
  [59, "287082"],
  [1111111109, "081804"],
  [1234567890, "005924"],
  [2000000000, "279037"],
];

describe("TOTP codes", () => {
  it("are the RFC 6238 test vectors", () => {
    for (const [seconds, code] of RFC_VECTORS)
      expect(currentCode(RFC_SECRET, new Date(seconds * 1000)), String(seconds)).toBe(code);
  });

  it("accept the current step and one step either side, nothing further", () => {
    const secret = newTotpSecret();
    const at = new Date(1_800_000_000_000);
    const step = Math.floor(at.getTime() / 30_000);
    const codeAt = (deltaSteps: number) => currentCode(secret, new Date(at.getTime() + deltaSteps * 30_000));
    expect(matchingStep(secret, codeAt(0), at)).toBe(step);
    expect(matchingStep(secret, codeAt(-1), at)).toBe(step - 1);
    expect(matchingStep(secret, codeAt(1), at)).toBe(step + 1);
    expect(matchingStep(secret, codeAt(-2), at)).toBeNull();
    expect(matchingStep(secret, codeAt(2), at)).toBeNull();
    // Spaces as apps display them are fine; anything but six digits is not.
    const code = codeAt(0);
    expect(matchingStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, at)).toBe(step);
    expect(matchingStep(secret, code.slice(0, 5), at)).toBeNull();
    expect(matchingStep(secret, `${code}0`, at)).toBeNull();
    // Another secret's code does not match (with 2 * 10^-6 chance of a false alarm per run… so three tries).
    const other = newTotpSecret();
    const foreign = [0, 1, 2].map((i) =>
      matchingStep(
        secret,
        currentCode(other, new Date(at.getTime() + i * 90_000)),
        new Date(at.getTime() + i * 90_000),
      ),
    );
    expect(foreign.filter((s) => s === null).length).toBeGreaterThanOrEqual(2);
  });

  it("are for staff roles only", () => {
    expect(needsSecondFactor(["APPLICANT"])).toBe(false);
    for (const role of ["CASE_HANDLER", "ADVISER", "DECISION_MAKER", "FINANCE", "ADMIN"] as const) {
      expect(needsSecondFactor([role]), role).toBe(true);
      expect(needsSecondFactor(["APPLICANT", role]), `APPLICANT+${role}`).toBe(true);
    }
  });
});

describe("the sealed secret", () => {
  it("opens to what was sealed, and is not the secret in plain text", () => {
    const secret = newTotpSecret();
    const sealed = sealSecret(secret);
    expect(sealed).not.toContain(secret);
    expect(openSecret(sealed)).toBe(secret);
    // A fresh IV every time: two seals of one secret differ.
    expect(sealSecret(secret)).not.toBe(sealed);
  });

  it("refuses a changed, truncated or unversioned value", () => {
    const sealed = sealSecret(newTotpSecret());
    const [version, payload = ""] = sealed.split(".");
    const raw = Buffer.from(payload, "base64url");
    const flipped = Buffer.from(raw);
    flipped[raw.length - 1] = (flipped[raw.length - 1] ?? 0) ^ 1;
    expect(() => openSecret(`${version}.${flipped.toString("base64url")}`)).toThrow();
    const tagFlipped = Buffer.from(raw);
    tagFlipped[15] = (tagFlipped[15] ?? 0) ^ 1;
    expect(() => openSecret(`${version}.${tagFlipped.toString("base64url")}`)).toThrow();
    expect(() => openSecret(`${version}.${raw.subarray(0, 20).toString("base64url")}`)).toThrow();
    expect(() => openSecret(payload)).toThrow();
  });

  it("needs a 32-byte TOTP_KEY in production and uses it", () => {
    const saved = { key: process.env.TOTP_KEY, env: process.env.NODE_ENV };
    try {
      process.env.NODE_ENV = "production";
      delete process.env.TOTP_KEY;
      expect(() => sealSecret("ABC")).toThrow(/TOTP_KEY/);
      process.env.TOTP_KEY = "abc";
      expect(() => sealSecret("ABC")).toThrow(/64 hexadecimale/);
      process.env.TOTP_KEY = "11".repeat(32);
      const sealed = sealSecret("ABC");
      expect(openSecret(sealed)).toBe("ABC");
      process.env.TOTP_KEY = "22".repeat(32);
      expect(() => openSecret(sealed)).toThrow();
    } finally {
      process.env.NODE_ENV = saved.env;
      if (saved.key === undefined) delete process.env.TOTP_KEY;
      else process.env.TOTP_KEY = saved.key;
    }
  });
});

async function staffUser(totpSecret: string | null) {
  return prisma.user.create({
    data: {
      email: `totp-${randomUUID()}@example.nl`,
      name: "Medewerker",
      passwordHash: "x",
      totpSecret: totpSecret ? sealSecret(totpSecret) : null,
      memberships: { create: { role: "CASE_HANDLER" } },
    },
  });
}

describe("a staff member's code", () => {
  it("is accepted once: the same code again is a replay, an older step is refused too", async () => {
    const secret = newTotpSecret();
    const user = await staffUser(secret);
    const at = new Date();
    const code = currentCode(secret, at);
    const wrong = `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;
    expect(await verifyUserCode(user.id, wrong)).toBe(false);
    expect(await verifyUserCode(user.id, code)).toBe(true);
    expect(await verifyUserCode(user.id, code)).toBe(false);
    // The previous step's code is still within the window, but before the used step.
    expect(await verifyUserCode(user.id, currentCode(secret, new Date(at.getTime() - 30_000)))).toBe(false);
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.totpLastStep).toBeGreaterThanOrEqual(Math.floor(at.getTime() / 30_000));
  });

  it("counts once when two requests bring the same code at the same moment", async () => {
    const secret = newTotpSecret();
    const user = await staffUser(secret);
    const code = currentCode(secret);
    const results = await Promise.all([verifyUserCode(user.id, code), verifyUserCode(user.id, code)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("is refused for a user without a secret", async () => {
    const user = await staffUser(null);
    expect(await verifyUserCode(user.id, currentCode(newTotpSecret()))).toBe(false);
  });
});

describe("enrolment", () => {
  it("stores the secret sealed only with a right code, audits it, and never replaces a secret", async () => {
    const user = await staffUser(null);
    const secret = newTotpSecret();
    const wrong = currentCode(secret, new Date(Date.now() - 10 * 60_000));
    expect(await enrolSecret(user.id, secret, wrong)).toBe(false);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).totpSecret).toBeNull();

    expect(await enrolSecret(user.id, secret, currentCode(secret))).toBe(true);
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.totpSecret).not.toContain(secret);
    expect(openSecret(stored.totpSecret ?? "")).toBe(secret);
    const audit = await prisma.auditLog.findMany({ where: { targetType: "User", targetId: user.id } });
    expect(audit.map((a) => a.action)).toEqual(["user.totp-enrolled"]);
    // The enrolment code is used up as well.
    expect(await verifyUserCode(user.id, currentCode(secret))).toBe(false);

    const another = newTotpSecret();
    expect(await enrolSecret(user.id, another, currentCode(another))).toBe(false);
    expect(
      openSecret((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).totpSecret ?? ""),
    ).toBe(secret);
  });
});
