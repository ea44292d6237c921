import { toString as qrSvg } from "qrcode";
import { prisma } from "../db/client.server.ts";
import type { Role } from "../generated/prisma/enums.ts";
import { clientAddress } from "./client-address.ts";
import {
  clearPendingLogin,
  credentialFingerprint,
  type PendingLogin,
  readPendingLogin,
  writePendingLogin,
} from "./pending-login.server.ts";
import { authenticate, createCheckedSession, homeFor, safeRedirect } from "./session.server.ts";
import {
  claimLoginAttempt,
  forgetAccountFailures,
  recordLoginSuccess,
  refundLoginAttempt,
} from "./throttle.server.ts";
import {
  enrolSecret,
  matchingStep,
  needsSecondFactor,
  newTotpSecret,
  openSecret,
  sealSecret,
  totpUri,
  verifyUserCode,
} from "./totp.server.ts";

/** The pages of the second step (app/routes.ts). */
export const SECOND_FACTOR_PATH = "/tweestapsverificatie";
export const ENROL_PATH = "/tweestapsverificatie-instellen";

export type StepResult =
  /** Wrong password, unknown address, inactive account, wrong code: one answer for all. */
  | { kind: "refused" }
  | { kind: "throttled"; retryAfterSeconds: number }
  /** No (valid) half-login to continue: back to the password. */
  | { kind: "expired" }
  | { kind: "redirect"; to: string; cookies: string[] };

/**
 * The password step. An applicant gets a session straight away; a staff member only a pending
 * login and the way to the code (or to enrolment, when there is no secret yet).
 */
export async function passwordStep(
  request: Request,
  input: { email: string; password: string; redirectTo?: string },
): Promise<StepResult> {
  const email = input.email.trim().toLowerCase();
  const address = clientAddress(request);
  const throttle = await claimLoginAttempt(email, address);
  if (throttle.blocked) return { kind: "throttled", retryAfterSeconds: throttle.retryAfterSeconds };
  const user = await authenticate(email, input.password);
  // A failure stays counted: claimLoginAttempt counted it already.
  if (!user) return { kind: "refused" };
  // A proven password is no failure; for staff the failures before it stay until the code is right.
  await refundLoginAttempt(email, address);
  return startLogin(request, { ...user, email }, input.redirectTo);
}

/**
 * What follows a proven password (the login form, or a password chosen through an e-mailed reset
 * link): an applicant's session, or for staff the pending login and the way to the code (or to
 * enrolment, without a secret). A reset link must not skip the second factor.
 */
export async function startLogin(
  request: Request,
  /** `credential`: the password proven (authenticate); absent after a reset, whose password is new. */
  user: { id: string; email: string; roles: Role[]; credential?: string },
  redirectTo?: string,
): Promise<Extract<StepResult, { kind: "redirect" | "refused" }>> {
  const to = safeRedirect(redirectTo, homeFor(user));
  if (!needsSecondFactor(user.roles)) {
    const made = await createCheckedSession(request, user.id, {
      credential: user.credential,
      needsSecondFactor,
    });
    if ("cookie" in made) {
      await forgetAccountFailures(user.email);
      return { kind: "redirect", to, cookies: [made.cookie] };
    }
    if (made.refused === "refused") return { kind: "refused" };
    // A staff role came meanwhile: the code, as for any staff login.
  }
  // The account's failure count stays until the code is right too: otherwise someone who knows
  // the password could reset it between every few guesses of the code.
  const enrolled = await prisma.user.findUnique({
    where: { id: user.id },
    select: { totpSecret: true, passwordHash: true },
  });
  const pending: PendingLogin = {
    userId: user.id,
    email: user.email,
    at: Date.now(),
    // The password proven, not the one stored now: a reset during the check ends this login too.
    credential: user.credential ?? credentialFingerprint(enrolled?.passwordHash ?? null),
    redirectTo: to,
  };
  return {
    kind: "redirect",
    to: enrolled?.totpSecret ? SECOND_FACTOR_PATH : ENROL_PATH,
    cookies: [await writePendingLogin(pending)],
  };
}

/** startLogin for a user known by id only (after a password reset). */
export async function startLoginFor(request: Request, userId: string) {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, memberships: { select: { role: true } } },
  });
  const started = await startLogin(request, {
    id: user.id,
    email: user.email,
    roles: user.memberships.map((m) => m.role),
  });
  // Switched off in the moment since the reset or the invitation: no session, the login page.
  return started.kind === "redirect" ? started : { kind: "redirect" as const, to: "/login", cookies: [] };
}

/** Throttle, then the check, then the session: shared by the code page and the enrolment page. */
async function finishWithCode(
  request: Request,
  check: (pending: PendingLogin) => Promise<boolean>,
): Promise<StepResult> {
  const pending = await readPendingLogin(request);
  if (!pending) return { kind: "expired" };
  const address = clientAddress(request);
  const throttle = await claimLoginAttempt(pending.email, address);
  if (throttle.blocked) return { kind: "throttled", retryAfterSeconds: throttle.retryAfterSeconds };
  // The account may have been deactivated, or its password reset, in the five minutes since the
  // password: whoever knew the old one gets no session from it (password-reset.server.ts).
  const active = await prisma.user.findFirst({
    where: { id: pending.userId, active: true },
    select: { passwordHash: true },
  });
  if (!active || credentialFingerprint(active.passwordHash) !== pending.credential)
    return { kind: "refused" };
  if (!(await check(pending))) return { kind: "refused" };
  // Checked again with the session's insert, under the user row's lock: a reset committed while the
  // code was checked ends this login as well.
  const made = await createCheckedSession(request, pending.userId, { credential: pending.credential });
  if (!("cookie" in made)) return { kind: "refused" };
  await recordLoginSuccess(pending.email, address);
  return {
    kind: "redirect",
    to: pending.redirectTo,
    cookies: [made.cookie, await clearPendingLogin()],
  };
}

export function codeStep(request: Request, code: string): Promise<StepResult> {
  return finishWithCode(request, (pending) => verifyUserCode(pending.userId, code));
}

/** Is there a half-login waiting for a code, and does its user have a secret? */
export async function pendingState(request: Request): Promise<"code" | "enrol" | null> {
  const pending = await readPendingLogin(request);
  if (!pending) return null;
  const user = await prisma.user.findUnique({ where: { id: pending.userId }, select: { totpSecret: true } });
  if (!user) return null;
  return user.totpSecret ? "code" : "enrol";
}

export type Enrolment = {
  secret: string;
  /** The otpauth:// URI as an SVG QR code (inline: no request, nothing for the CSP to allow). */
  qrSvg: string;
  /** Set when a new candidate secret was made and must be remembered in the pending cookie. */
  cookie?: string;
};

/**
 * The enrolment page's secret: the one already proposed in this half-login, else a new one. It
 * waits, sealed, in the pending cookie until a code from it confirms it; only then is it stored.
 */
export async function enrolmentOffer(request: Request): Promise<Enrolment | null> {
  const pending = await readPendingLogin(request);
  if (!pending) return null;
  let secret = pending.candidate ? openSecret(pending.candidate) : undefined;
  let cookie: string | undefined;
  if (!secret) {
    secret = newTotpSecret();
    cookie = await writePendingLogin({ ...pending, candidate: sealSecret(secret) });
  }
  const svg = await qrSvg(totpUri(secret, pending.email), {
    type: "svg",
    margin: 1,
    errorCorrectionLevel: "M",
  });
  return { secret, qrSvg: svg, cookie };
}

export function enrolmentStep(request: Request, code: string): Promise<StepResult> {
  return finishWithCode(request, async (pending) => {
    if (!pending.candidate) return false;
    const secret = openSecret(pending.candidate);
    if (matchingStep(secret, code) === null) return false;
    return enrolSecret(pending.userId, secret, code);
  });
}
