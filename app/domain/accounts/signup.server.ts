import { randomUUID } from "node:crypto";
import { z } from "zod";
import { hashPassword, verifyPassword } from "../../auth/password.server.ts";
import {
  claimLoginAttempt,
  claimSignUpMail,
  forgetAccountFailures,
  refundLoginAttempt,
} from "../../auth/throttle.server.ts";
import { Prisma, prisma, type Tx } from "../../db/client.server.ts";
import { now } from "../clock.ts";
import { RuleViolation } from "../errors.ts";
import { writeOutbox } from "../outbox.server.ts";
import { requestFirstIban } from "../payments/iban.server.ts";
import { writeAudit } from "./audit.server.ts";
import { hashToken, looksLikeToken, unusableTokenHash } from "./tokens.server.ts";
import { LEGAL_FORMS, SIGN_UP_CONFIRM_HOURS, type SignUp } from "./validation.ts";

export const KVK_TAKEN =
  "Deze organisatie (dit KvK-nummer) heeft al een account. Vraag een collega om u uit te nodigen.";
/** Said by the staff and invitation forms; sign-up itself never says it (ADR 0029). */
export const EMAIL_TAKEN =
  "Er bestaat al een account met dit e-mailadres. Log in of vraag een nieuw wachtwoord aan.";
/** At confirmation: the holder of the link owns the address, so saying it is taken tells them nothing new. */
export const KVK_TAKEN_MEANWHILE =
  "Deze organisatie (dit KvK-nummer) heeft inmiddels een account. Vraag een collega om u uit te nodigen.";
export const EMAIL_TAKEN_MEANWHILE =
  "Er bestaat inmiddels een account met dit e-mailadres. Log in of vraag een nieuw wachtwoord aan.";

export type SignUpGone = "unknown" | "expired" | "used";

export const SIGN_UP_GONE: Record<SignUpGone, string> = {
  unknown:
    "Deze bevestigingslink is onbekend. Controleer of u de hele link uit de e-mail heeft gebruikt, of meld uw organisatie opnieuw aan.",
  expired: `Deze bevestigingslink is verlopen (hij is ${SIGN_UP_CONFIRM_HOURS} uur geldig). Meld uw organisatie opnieuw aan.`,
  used: "Deze aanmelding is al bevestigd. Log in met het e-mailadres en wachtwoord dat u toen heeft gekozen.",
};

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** What a SignUpRequest keeps of the form: all but the address (its own column) and the password. */
const SignUpDetails = z.object({
  organisationName: z.string(),
  kvkNumber: z.string(),
  legalForm: z.enum(LEGAL_FORMS),
  street: z.string(),
  postalCode: z.string(),
  city: z.string(),
  iban: z.string(),
  name: z.string(),
});
type SignUpDetails = z.infer<typeof SignUpDetails>;

type Db = Pick<Tx, "organisation" | "user">;

async function kvkTaken(db: Db, kvkNumber: string): Promise<boolean> {
  return (await db.organisation.findUnique({ where: { kvkNumber }, select: { id: true } })) !== null;
}

/**
 * A sector body signs up (ADR 0029). A taken KvK number is a field error, as before: an
 * organisation's presence is no secret, and the message sends them to a colleague. Whether the
 * address has an account is not said: the page answers "check your e-mail" either way, after the
 * same password hash. A new address gets a SignUpRequest (the form without the password, its
 * argon2 hash, a placeholder token hash) and the confirmation mail, whose job mints the link; an
 * address with an account gets no request, and that account a notice that someone tried, with the
 * login and "wachtwoord vergeten". Past the mail limits (claimSignUpMail: per address and client
 * address, and per address a day) nothing is written, and the page still answers alike.
 *
 * A request never ends an older one: each link lives its own 24 hours. Otherwise anyone who types
 * the owner's address could kill the owner's fresh link, and then, with the mail limit spent,
 * keep the owner from asking again. The first request confirmed makes the account; the others
 * then answer "inmiddels een account" (confirmSignUp) until the cleanup takes them.
 */
export async function requestSignUp(input: SignUp, clientAddress: string): Promise<void> {
  if (await kvkTaken(prisma, input.kvkNumber)) throw new RuleViolation(KVK_TAKEN, "kvkNumber", "KVK_TAKEN");
  const passwordHash = await hashPassword(input.password);
  const email = input.email.trim().toLowerCase();
  if (!(await claimSignUpMail(email, clientAddress))) return;
  const { password: _p, passwordRepeat: _r, email: _e, ...rest } = input;
  const details: SignUpDetails = SignUpDetails.parse(rest);
  await prisma.$transaction(async (tx) => {
    const account = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (account) {
      // A fresh id per attempt: it keys this mail's delivery, so the next attempt mails again.
      await writeOutbox(tx, "sendAccountEmail", {
        template: "sign-up-attempt",
        tokenId: randomUUID(),
        email,
      });
      return;
    }
    const at = now();
    const request = await tx.signUpRequest.create({
      data: {
        email,
        details,
        passwordHash,
        tokenHash: unusableTokenHash(),
        expiresAt: new Date(at.getTime() + SIGN_UP_CONFIRM_HOURS * 3_600_000),
        createdAt: at,
      },
      select: { id: true },
    });
    await writeOutbox(tx, "sendAccountEmail", { template: "sign-up-confirm", tokenId: request.id });
  });
}

export type SignUpLookup =
  | { state: "open"; email: string; organisationName: string; name: string }
  | { state: SignUpGone };

/** Why a request's link no longer works, or null while it is open. */
function goneState(
  row: { expiresAt: Date; confirmedAt: Date | null } | null | undefined,
  at: Date,
): SignUpGone | null {
  if (!row) return "unknown";
  if (row.confirmedAt) return "used";
  if (row.expiresAt.getTime() <= at.getTime()) return "expired";
  return null;
}

/** What the confirmation page shows before anything is made (a GET never acts: mail scanners open links). */
export async function lookUpSignUp(token: string | undefined): Promise<SignUpLookup> {
  if (!looksLikeToken(token)) return { state: "unknown" };
  const row = await prisma.signUpRequest.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { email: true, details: true, expiresAt: true, confirmedAt: true },
  });
  const gone = goneState(row, now());
  if (gone || !row) return { state: gone ?? "unknown" };
  const details = SignUpDetails.parse(row.details);
  return { state: "open", email: row.email, organisationName: details.organisationName, name: details.name };
}

/**
 * Which of KvK number and e-mail was taken since the request (looked up again after a unique-index
 * race). The address first: the link's holder owns it, and when one of its requests was confirmed
 * already (the same form sent twice, say), "log in" is what helps them, not "ask a colleague".
 */
async function takenMeanwhile(db: Db, kvkNumber: string, email: string): Promise<RuleViolation | null> {
  const [org, user] = await Promise.all([
    kvkTaken(db, kvkNumber),
    db.user.findUnique({ where: { email }, select: { id: true } }),
  ]);
  if (user) return new RuleViolation(EMAIL_TAKEN_MEANWHILE, "email", "EMAIL_TAKEN");
  if (org) return new RuleViolation(KVK_TAKEN_MEANWHILE, "kvkNumber", "KVK_TAKEN");
  return null;
}

type Locked = {
  id: string;
  email: string;
  details: unknown;
  passwordHash: string;
  expiresAt: Date;
  confirmedAt: Date | null;
};

export type ConfirmSignUpResult =
  | { ok: true; userId: string; organisationId: string }
  | { ok: false; state: SignUpGone }
  /** Not the password chosen at sign-up. */
  | { ok: false; state: "wrong-password" }
  | { ok: false; state: "throttled"; retryAfterSeconds: number };

/**
 * The confirmation (a POST from the page behind the mail's link), with the password chosen at
 * sign-up. The link proves the address; the password proves that whoever confirms also filled in
 * the form. Without it, someone could sign up with another person's address and a password of
 * their own, and the owner's click on "bevestigen" would hand them a confirmed account. A wrong
 * password counts as a failed login (claimLoginAttempt: per address and per client address, before
 * the check), so the page is no way around the login's throttle; a right one gives its point back
 * and clears the address's count, as an applicant's login does.
 *
 * Then the organisation and its first
 * user, who applies for it (APPLICANT) and is its first signatory (tekenbevoegde), and its account
 * for finance to check (the "eerste rekeningnummer", a pending IbanChangeRequest), in one
 * transaction with the request marked confirmed. The request row is locked first, so a double
 * POST makes one organisation and the second reads "used". A KvK number or address taken since the
 * request (the address also by another of its requests, confirmed first) throws a RuleViolation;
 * two confirmations racing for one KvK number both pass the look-up, and the unique index refuses
 * the second, which becomes the same message (never a 500).
 * The request keeps neither the password hash nor the form once confirmed: both live in the
 * account now.
 */
export async function confirmSignUp(
  token: string | undefined,
  proof: { password: string; clientAddress: string },
): Promise<ConfirmSignUpResult> {
  if (!looksLikeToken(token)) return { ok: false, state: "unknown" };
  const tokenHash = hashToken(token);
  // Read without a lock, to know whose password to check: the hash takes a while, and the row's
  // only change (the confirmation) is seen again under the lock below.
  const found = await prisma.signUpRequest.findUnique({
    where: { tokenHash },
    select: { email: true, passwordHash: true, expiresAt: true, confirmedAt: true },
  });
  const gone = goneState(found, now());
  if (gone || !found) return { ok: false, state: gone ?? "unknown" };
  const throttle = await claimLoginAttempt(found.email, proof.clientAddress);
  if (throttle.blocked)
    return { ok: false, state: "throttled", retryAfterSeconds: throttle.retryAfterSeconds };
  // A failure stays counted: claimLoginAttempt counted it already.
  if (!(await verifyPassword(found.passwordHash, proof.password)))
    return { ok: false, state: "wrong-password" };
  await refundLoginAttempt(found.email, proof.clientAddress);
  const result = await makeSignedUp(tokenHash);
  if (result.ok) await forgetAccountFailures(found.email);
  return result;
}

/** confirmSignUp's transaction, once the password is proven. */
async function makeSignedUp(tokenHash: string): Promise<ConfirmSignUpResult> {
  let wanted: { kvkNumber: string; email: string } | null = null;
  try {
    return await prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Locked[]>`
        SELECT id, email, details, "passwordHash", "expiresAt", "confirmedAt"
        FROM "SignUpRequest" WHERE "tokenHash" = ${tokenHash} FOR UPDATE`;
      const row = rows[0];
      const at = now();
      const gone = goneState(row, at);
      if (gone || !row) return { ok: false, state: gone ?? "unknown" } as const;
      const input = SignUpDetails.parse(row.details);
      wanted = { kvkNumber: input.kvkNumber, email: row.email };
      const taken = await takenMeanwhile(tx, input.kvkNumber, row.email);
      if (taken) throw taken;

      const organisation = await tx.organisation.create({
        data: {
          name: input.organisationName,
          kvkNumber: input.kvkNumber,
          legalForm: input.legalForm,
          street: input.street,
          postalCode: input.postalCode,
          city: input.city,
          iban: input.iban,
          createdAt: at,
        },
        select: { id: true },
      });
      const user = await tx.user.create({
        data: {
          email: row.email,
          name: input.name,
          passwordHash: row.passwordHash,
          createdAt: at,
          memberships: {
            create: { role: "APPLICANT", organisationId: organisation.id, isSignatory: true, createdAt: at },
          },
        },
        select: { id: true },
      });
      await writeAudit(tx, {
        actorId: user.id,
        action: "organisation.signed-up",
        targetType: "Organisation",
        targetId: organisation.id,
        after: { name: input.organisationName, kvkNumber: input.kvkNumber, firstUser: row.email },
      });
      // The account is the organisation's own word until finance has checked it: nothing is paid
      // on it before then (batches.server.ts), as it would otherwise be to anyone who signs up
      // under another organisation's name.
      await requestFirstIban(tx, {
        organisationId: organisation.id,
        organisationName: input.organisationName,
        iban: input.iban,
        requestedById: user.id,
      });
      await tx.signUpRequest.update({
        where: { id: row.id },
        data: { confirmedAt: at, passwordHash: "", details: {} },
      });
      return { ok: true, userId: user.id, organisationId: organisation.id } as const;
    });
  } catch (err) {
    const w = wanted as { kvkNumber: string; email: string } | null;
    if (isUniqueViolation(err) && w) {
      throw (
        (await takenMeanwhile(prisma, w.kvkNumber, w.email)) ??
        new RuleViolation(KVK_TAKEN_MEANWHILE, "kvkNumber", "KVK_TAKEN")
      );
    }
    throw err;
  }
}
