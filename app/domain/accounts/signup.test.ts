import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "../../auth/password.server.ts";
import { SIGN_UP_MAILS_PER_HOUR } from "../../auth/throttle.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { knownSignUpToken, signUpConfirmed } from "../../test/sign-up.server.ts";
import { setClock } from "../clock.ts";
import { RuleViolation } from "../errors.ts";
import { startTestSmtp, type TestSmtp } from "../notifications/test-smtp.server.ts";
import { sendAccountEmail } from "./account-email.server.ts";
import {
  confirmSignUp,
  EMAIL_TAKEN_MEANWHILE,
  KVK_TAKEN,
  KVK_TAKEN_MEANWHILE,
  lookUpSignUp,
  requestSignUp,
} from "./signup.server.ts";
import { SIGN_UP_CONFIRM_HOURS, signUpSchema } from "./validation.ts";

const PUBLIC_URL = "https://portaal.test.example";
const PASSWORD = "een-lang-wachtwoord";
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
});
beforeEach(() => {
  smtp.inbox.length = 0;
});
afterEach(() => setClock(null));
afterAll(async () => {
  await smtp.close();
  await disconnectPrisma();
});

const kvk = () => String(Math.floor(10_000_000 + Math.random() * 89_999_999));
const email = () => `su-${randomUUID()}@example.nl`;

function signUpInput(over: Partial<Record<string, string>> = {}) {
  return signUpSchema.parse({
    organisationName: "Stichting Bevestiging",
    kvkNumber: kvk(),
    legalForm: "Stichting",
    street: "Straat 1",
    postalCode: "1234 AB",
    city: "Den Haag",
    iban: "NL91ABNA0417164300",
    name: "Eerste Gebruiker",
    email: email(),
    password: PASSWORD,
    passwordRepeat: PASSWORD,
    ...over,
  });
}

const requestsOf = (address: string) => prisma.signUpRequest.findMany({ where: { email: address } });
const outboxOf = async (filter: { tokenIds?: string[]; email?: string }) =>
  (
    await prisma.outboxMessage.findMany({
      where: { jobName: "send-account-email" },
      select: { payload: true },
      orderBy: { createdAt: "asc" },
    })
  )
    .map((m) => m.payload as { template: string; tokenId: string; email?: string })
    .filter((p) => filter.tokenIds?.includes(p.tokenId) || (filter.email && p.email === filter.email));

/** Runs the e-mail job and returns the mail (and the token of its link, if it has one). */
async function sendMail(payload: {
  template: "sign-up-confirm" | "sign-up-attempt";
  tokenId: string;
  email?: string;
}) {
  const before = smtp.inbox.length;
  const r = await sendAccountEmail(payload, { smtpUrl: smtp.url, publicUrl: PUBLIC_URL });
  expect(r.status).toBe("sent");
  const [mail] = (await smtp.waitFor(before + 1)).slice(before);
  const text = mail?.text ?? "";
  const token = /\/registreren\/bevestigen\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? null;
  return { text, subject: mail?.subject ?? "", token };
}

describe("asking to sign up", () => {
  it("a new address: a request without the password, and the mail that mints its link; nothing made yet", async () => {
    const input = signUpInput({ email: `  Nieuw-${randomUUID()}@Example.NL ` });
    await requestSignUp(input);
    const [row, ...more] = await requestsOf(input.email);
    expect(more).toEqual([]);
    if (!row) throw new Error("no request");
    expect(row.email).toBe(input.email.trim().toLowerCase());
    expect(row.details).toEqual({
      organisationName: input.organisationName,
      kvkNumber: input.kvkNumber,
      legalForm: input.legalForm,
      street: input.street,
      postalCode: input.postalCode,
      city: input.city,
      iban: input.iban,
      name: input.name,
    });
    expect(JSON.stringify(row.details)).not.toContain(PASSWORD);
    expect(row.passwordHash).toMatch(/^\$argon2/);
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);
    expect(row.confirmedAt).toBeNull();
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(SIGN_UP_CONFIRM_HOURS * 3_600_000);
    // Only the id goes into the outbox: no working link exists before the mail is sent.
    expect(await outboxOf({ tokenIds: [row.id] })).toEqual([
      { template: "sign-up-confirm", tokenId: row.id },
    ]);
    expect(await prisma.organisation.count({ where: { kvkNumber: input.kvkNumber } })).toBe(0);
    expect(await prisma.user.count({ where: { email: row.email } })).toBe(0);

    const mail = await sendMail({ template: "sign-up-confirm", tokenId: row.id });
    expect(mail.subject).toBe("Bevestig de aanmelding van uw organisatie bij het Sectorplanportaal");
    expect(mail.text).toContain(input.organisationName);
    expect(mail.token).not.toBeNull();
    // Looking (the GET of the page, a mail scanner) makes nothing.
    expect(await lookUpSignUp(mail.token ?? "")).toEqual({
      state: "open",
      email: row.email,
      organisationName: input.organisationName,
      name: input.name,
    });
    expect(await prisma.organisation.count({ where: { kvkNumber: input.kvkNumber } })).toBe(0);
    const confirmed = await confirmSignUp(mail.token ?? "");
    expect(confirmed.ok).toBe(true);
  });

  it("an address with an account: no request, and that account is told someone tried", async () => {
    const existing = signUpInput();
    await signUpConfirmed(existing);
    const again = signUpInput({ email: existing.email });
    await requestSignUp(again);
    expect((await requestsOf(existing.email)).filter((r) => r.confirmedAt === null)).toEqual([]);
    expect(await prisma.organisation.count({ where: { kvkNumber: again.kvkNumber } })).toBe(0);
    const [attempt, ...more] = await outboxOf({ email: existing.email });
    expect(more).toEqual([]);
    expect(attempt).toMatchObject({ template: "sign-up-attempt", email: existing.email });

    const mail = await sendMail(attempt as { template: "sign-up-attempt"; tokenId: string; email: string });
    expect(mail.subject).toBe("Aanmelding met uw e-mailadres bij het Sectorplanportaal");
    expect(mail.token).toBeNull();
    expect(mail.text).toContain(`${PUBLIC_URL}/login`);
    expect(mail.text).toContain(`${PUBLIC_URL}/wachtwoord-vergeten`);
    expect(mail.text).toContain("Er bestaat al een account met dit adres");
  });

  it("a taken KvK number stays a field error, and nothing is written", async () => {
    const first = signUpInput();
    await signUpConfirmed(first);
    const second = signUpInput({ kvkNumber: first.kvkNumber });
    await expect(requestSignUp(second)).rejects.toMatchObject({ message: KVK_TAKEN, field: "kvkNumber" });
    expect(await requestsOf(second.email)).toEqual([]);
  });

  it("mails one address at most SIGN_UP_MAILS_PER_HOUR times an hour, with or without an account", async () => {
    const fresh = signUpInput();
    for (let i = 0; i < SIGN_UP_MAILS_PER_HOUR + 2; i++) await requestSignUp(fresh);
    expect(await requestsOf(fresh.email)).toHaveLength(SIGN_UP_MAILS_PER_HOUR);

    const existing = signUpInput();
    await signUpConfirmed(existing); // one mail of the allowance
    for (let i = 0; i < SIGN_UP_MAILS_PER_HOUR + 2; i++)
      await requestSignUp(signUpInput({ email: existing.email }));
    expect(await outboxOf({ email: existing.email })).toHaveLength(SIGN_UP_MAILS_PER_HOUR - 1);
  });

  it("a newer request replaces the older link", async () => {
    const input = signUpInput();
    await requestSignUp(input);
    const older = await knownSignUpToken(input.email);
    await requestSignUp(input);
    expect(await lookUpSignUp(older ?? "")).toEqual({ state: "expired" });
    expect(await confirmSignUp(older ?? "")).toEqual({ ok: false, state: "expired" });
  });
});

describe("confirming a sign-up", () => {
  it("makes the organisation, a first user who is applicant and signatory, and the first IBAN request, audited", async () => {
    const input = signUpInput();
    await requestSignUp(input);
    const token = await knownSignUpToken(input.email);
    const result = await confirmSignUp(token ?? "");
    if (!result.ok) throw new Error(result.state);
    const { userId, organisationId } = result;
    const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user).toMatchObject({ email: input.email, name: input.name });
    expect(await verifyPassword(user.passwordHash, PASSWORD)).toBe(true);
    expect(await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId } })).toMatchObject({
      name: input.organisationName,
      kvkNumber: input.kvkNumber,
      legalForm: input.legalForm,
      iban: input.iban,
      ibanCheckedAt: null,
    });
    const m = await prisma.roleMembership.findFirstOrThrow({ where: { userId } });
    expect(m).toMatchObject({ role: "APPLICANT", organisationId, isSignatory: true });
    const audit = await prisma.auditLog.findMany({ where: { targetId: organisationId } });
    // The account given is filed for finance's check (payments/iban.server.ts): not yet paid on.
    expect(audit.map((a) => a.action).sort()).toEqual(["iban_change_requested", "organisation.signed-up"]);
    expect(
      await prisma.ibanChangeRequest.findMany({
        where: { organisationId },
        select: { status: true, iban: true, previousIban: true, requestedById: true },
      }),
    ).toEqual([{ status: "PENDING", iban: input.iban, previousIban: "", requestedById: userId }]);
    // The request keeps neither hash nor form now: both live in the account.
    const [row] = await requestsOf(input.email);
    expect(row).toMatchObject({ passwordHash: "", details: {} });
    expect(row?.confirmedAt).not.toBeNull();
  });

  it("works once: a second confirmation reads 'used', and confirmations at the same moment make one organisation", async () => {
    const input = signUpInput();
    await requestSignUp(input);
    const token = (await knownSignUpToken(input.email)) ?? "";
    const results = await Promise.all([confirmSignUp(token), confirmSignUp(token), confirmSignUp(token)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, state: "used" },
      { ok: false, state: "used" },
    ]);
    expect(await confirmSignUp(token)).toEqual({ ok: false, state: "used" });
    expect(await lookUpSignUp(token)).toEqual({ state: "used" });
    expect(await prisma.organisation.count({ where: { kvkNumber: input.kvkNumber } })).toBe(1);
    expect(await prisma.user.count({ where: { email: input.email } })).toBe(1);
  });

  it(`expires after ${SIGN_UP_CONFIRM_HOURS} hours; an unknown or malformed token is unknown`, async () => {
    const start = new Date("2026-03-02T09:00:00Z");
    setClock(start);
    const input = signUpInput();
    await requestSignUp(input);
    const token = (await knownSignUpToken(input.email)) ?? "";
    setClock(new Date(start.getTime() + SIGN_UP_CONFIRM_HOURS * 3_600_000 - 1000));
    expect((await lookUpSignUp(token)).state).toBe("open");
    setClock(new Date(start.getTime() + SIGN_UP_CONFIRM_HOURS * 3_600_000));
    expect(await lookUpSignUp(token)).toEqual({ state: "expired" });
    expect(await confirmSignUp(token)).toEqual({ ok: false, state: "expired" });
    expect(await prisma.organisation.count({ where: { kvkNumber: input.kvkNumber } })).toBe(0);
    expect(await confirmSignUp("x".repeat(43))).toEqual({ ok: false, state: "unknown" });
    expect(await confirmSignUp("../../etc")).toEqual({ ok: false, state: "unknown" });
    expect(await lookUpSignUp("x".repeat(43))).toEqual({ state: "unknown" });
  });

  it("a KvK number taken between request and confirmation: a clear refusal, nothing made, the link still open", async () => {
    const input = signUpInput();
    await requestSignUp(input);
    const token = (await knownSignUpToken(input.email)) ?? "";
    await signUpConfirmed(signUpInput({ kvkNumber: input.kvkNumber }));
    await expect(confirmSignUp(token)).rejects.toMatchObject({
      message: KVK_TAKEN_MEANWHILE,
      field: "kvkNumber",
    });
    expect(await prisma.user.count({ where: { email: input.email } })).toBe(0);
    expect((await lookUpSignUp(token)).state).toBe("open");
  });

  it("an address given an account meanwhile (an invitation accepted): a clear refusal", async () => {
    const input = signUpInput();
    await requestSignUp(input);
    const token = (await knownSignUpToken(input.email)) ?? "";
    await prisma.user.create({ data: { email: input.email, name: "Via uitnodiging", passwordHash: "x" } });
    await expect(confirmSignUp(token)).rejects.toMatchObject({
      message: EMAIL_TAKEN_MEANWHILE,
      field: "email",
    });
    expect(await prisma.organisation.count({ where: { kvkNumber: input.kvkNumber } })).toBe(0);
  });

  it("two confirmations racing for one KvK number: one wins, the other gets the refusal (never a 500)", async () => {
    const k = kvk();
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      const input = signUpInput({ kvkNumber: k });
      await requestSignUp(input);
      tokens.push((await knownSignUpToken(input.email)) ?? "");
    }
    const results = await Promise.allSettled(tokens.map((t) => confirmSignUp(t)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((x) => x.status === "rejected")) {
      expect(r.reason).toBeInstanceOf(RuleViolation);
      expect(r.reason).toMatchObject({ message: KVK_TAKEN_MEANWHILE, field: "kvkNumber" });
    }
    expect(await prisma.organisation.count({ where: { kvkNumber: k } })).toBe(1);
  });
});
