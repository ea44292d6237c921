import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { prisma } from "../db/client.server.ts";
import { now } from "../domain/clock.ts";
import type { Role } from "../generated/prisma/enums.ts";

/**
 * Second factor for staff (ADR 0013): TOTP per RFC 6238 with the parameters every authenticator
 * app assumes (SHA-1, 6 digits, 30 s), one step of clock drift either way. Codes are checked
 * against the wall clock, not clock.ts's now(): they come from a phone's clock, and a demo or e2e
 * server started at another PORTAL_CLOCK moment must still accept them.
 */
const PERIOD = 30;
const DIGITS = 6;
const WINDOW = 1;
export const TOTP_ISSUER = "Sectorplanportaal";

/** Everyone who handles plans or money logs in with a code; applicants do not (ADR 0013). */
export function needsSecondFactor(roles: readonly Role[]): boolean {
  return roles.some((r) => r !== "APPLICANT");
}

// Not derived from SESSION_SECRET: the seed seals the demo secrets in another process than the
// server (with another SESSION_SECRET in the e2e run), and rotating the cookie secret must not
// lock every staff member out.
const DEV_KEY = "5365637430727c616e2d6465762d746f74702d6b65792d6e6f742d70726f6421";

function sealingKey(): Buffer {
  const configured = process.env.TOTP_KEY?.trim();
  if (!configured) {
    if (process.env.NODE_ENV === "production")
      throw new Error("TOTP_KEY is niet gezet: zonder die sleutel kan geen tweestapsverificatie werken.");
    return Buffer.from(DEV_KEY, "hex");
  }
  if (!/^[0-9a-fA-F]{64}$/.test(configured))
    throw new Error("TOTP_KEY moet 32 bytes zijn, als 64 hexadecimale tekens (openssl rand -hex 32).");
  return Buffer.from(configured, "hex");
}

const VERSION = "v1";

/** AES-256-GCM: a database dump alone does not yield anyone's second factor. */
export function sealSecret(base32: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(), iv);
  const body = Buffer.concat([cipher.update(base32, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** Throws on a changed, truncated or foreign value: GCM's tag makes tampering detectable. */
export function openSecret(sealed: string): string {
  const [version, payload] = sealed.split(".");
  if (version !== VERSION || !payload) throw new Error("Onbekend formaat van het TOTP-geheim.");
  const raw = Buffer.from(payload, "base64url");
  if (raw.length < 12 + 16 + 1) throw new Error("Afgekapt TOTP-geheim.");
  const decipher = createDecipheriv("aes-256-gcm", sealingKey(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

/** 20 random bytes (160 bits), the size RFC 4226 recommends for SHA-1. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(base32: string, label = ""): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    secret: Secret.fromBase32(base32),
    algorithm: "SHA1",
    digits: DIGITS,
    period: PERIOD,
  });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(base32: string, email: string): string {
  return totpFor(base32, email).toString();
}

/** The code of this moment (scripts/totp.ts, tests). */
export function currentCode(base32: string, at: Date = new Date()): string {
  return totpFor(base32).generate({ timestamp: at.getTime() });
}

/** Six digits, spaces allowed (apps show "123 456"). */
export function normaliseCode(input: string): string {
  return input.replace(/\s+/g, "");
}

/**
 * The time step whose code `code` is, within ±1 step of `at`; null when it matches none.
 * The step, not a boolean, so that the caller can refuse a code that was used before.
 */
export function matchingStep(base32: string, code: string, at: Date = new Date()): number | null {
  const token = normaliseCode(code);
  if (!new RegExp(`^\\d{${DIGITS}}$`).test(token)) return null;
  const delta = totpFor(base32).validate({ token, timestamp: at.getTime(), window: WINDOW });
  if (delta === null) return null;
  return Math.floor(at.getTime() / 1000 / PERIOD) + delta;
}

/**
 * Checks a staff member's code against the stored secret and uses it up: the step is written only
 * if it is later than the last accepted one, in one statement, so two requests with the same code
 * (a replay, or a double submit) cannot both pass (RFC 6238 §5.2).
 */
export async function verifyUserCode(userId: string, code: string): Promise<boolean> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { totpSecret: true } });
  if (!user?.totpSecret) return false;
  const step = matchingStep(openSecret(user.totpSecret), code);
  if (step === null) return false;
  const used = await prisma.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return used.count === 1;
}

/**
 * Stores a secret the user has just proven to hold (a code from it), with its step as used, and an
 * audit row in the same transaction. False when the user already has a secret: enrolment never
 * replaces one (losing the device is an administrator's reset, not a login-page action).
 */
export async function enrolSecret(userId: string, base32: string, code: string): Promise<boolean> {
  const step = matchingStep(base32, code);
  if (step === null) return false;
  return prisma.$transaction(async (tx) => {
    const stored = await tx.user.updateMany({
      where: { id: userId, totpSecret: null },
      data: { totpSecret: sealSecret(base32), totpLastStep: step },
    });
    if (stored.count !== 1) return false;
    await tx.auditLog.create({
      data: {
        actorId: userId,
        action: "user.totp-enrolled",
        targetType: "User",
        targetId: userId,
        details: { before: null, after: { secondFactor: "totp" } },
        createdAt: now(),
      },
    });
    return true;
  });
}
