import { randomUUID } from "node:crypto";
import type { AddressObject } from "mailparser";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "../../auth/password.server.ts";
import {
  accountLimit,
  claimLoginAttempt,
  SIGN_UP_MAILS_PER_DAY,
  SIGN_UP_MAILS_PER_HOUR,
} from "../../auth/throttle.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { knownSignUpToken, signUpConfirmed, testClientAddress } from "../../test/sign-up.server.ts";
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
/** What the confirmation page sends: the password chosen on the form, from a client address. */
const proof = (password = PASSWORD, clientAddress = testClientAddress()) => ({ password, clientAddress });
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
  const to = (mail?.to as AddressObject | undefined)?.value ?? [];
  return { text, html: mail?.html || "", subject: mail?.subject ?? "", token, to };
}

describe("asking to sign up", () => {
  it("a new address: a request without the password, and the mail that mints its link; nothing made yet", async () => {
    const input = signUpInput({ email: `  Nieuw-${randomUUID()}@Example.NL ` });
    await requestSignUp(input, testClientAddress());
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
    expect(mail.token).not.toBeNull();
    // Looking (the GET of the page, a mail scanner) makes nothing.
    expect(await lookUpSignUp(mail.token ?? "")).toEqual({
      state: "open",
      email: row.email,
      organisationName: input.organisationName,
      name: input.name,
    });
    expect(await prisma.organisation.count({ where: { kvkNumber: input.kvkNumber } })).toBe(0);
    const confirmed = await confirmSignUp(mail.token ?? "", proof());
    expect(confirmed.ok).toBe(true);
  });

  it("the confirmation mail names nothing the requester typed: anyone may type any address (rb F3)", async () => {
    const lure = "Uw subsidie van EUR 250.000 staat klaar, bel 0900-1234567 of ga naar www.evil.example";
    const input = signUpInput({ organisationName: lure, name: "Klantenservice www.evil.example" });
    await requestSignUp(input, testClientAddress());
    const [row] = await requestsOf(input.email);
    if (!row) throw new Error("no request");
    const mail = await sendMail({ template: "sign-up-confirm", tokenId: row.id });
    expect(mail.to).toEqual([{ address: input.email, name: "" }]);
    for (const body of [mail.text, mail.html, mail.subject]) {
      expect(body).not.toContain("evil");
      expect(body).not.toContain("0900");
      expect(body).not.toContain("Klantenservice");
    }
    expect(mail.text).toContain("Geachte heer, mevrouw,");
    expect(mail.text).toContain(
      "Dit e-mailadres is opgegeven bij een aanmelding van een organisatie op het Sectorplanportaal. Was u dat niet, dan hoeft u niets te doen",
    );
    // The page behind the link shows what was typed, to the one who opens it.
    expect(await lookUpSignUp(mail.token ?? "")).toMatchObject({
      state: "open",
      organisationName: lure,
      name: "Klantenservice www.evil.example",
    });
  });

  it("an address with an account: no request, and that account is told someone tried", async () => {
    const existing = signUpInput();
    await signUpConfirmed(existing);
    const again = signUpInput({ email: existing.email });
    await requestSignUp(again, testClientAddress());
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
    await expect(requestSignUp(second, testClientAddress())).rejects.toMatchObject({
      message: KVK_TAKEN,
      field: "kvkNumber",
    });
    expect(await requestsOf(second.email)).toEqual([]);
  });

  it("mails one address at most SIGN_UP_MAILS_PER_HOUR times an hour from one client address, with or without an account", async () => {
    const fresh = signUpInput();
    const stranger = testClientAddress();
    for (let i = 0; i < SIGN_UP_MAILS_PER_HOUR + 2; i++) await requestSignUp(fresh, stranger);
    expect(await requestsOf(fresh.email)).toHaveLength(SIGN_UP_MAILS_PER_HOUR);
    // The stranger spent his own allowance, not the owner's (rb F4).
    await requestSignUp(fresh, testClientAddress());
    expect(await requestsOf(fresh.email)).toHaveLength(SIGN_UP_MAILS_PER_HOUR + 1);

    const existing = signUpInput();
    const owner = testClientAddress();
    await requestSignUp(existing, owner); // one mail of the allowance
    const token = await knownSignUpToken(existing.email);
    expect((await confirmSignUp(token ?? "", proof(PASSWORD, owner))).ok).toBe(true);
    for (let i = 0; i < SIGN_UP_MAILS_PER_HOUR + 2; i++)
      await requestSignUp(signUpInput({ email: existing.email }), owner);
    expect(await outboxOf({ email: existing.email })).toHaveLength(SIGN_UP_MAILS_PER_HOUR - 1);
  });

  it("mails one address at most SIGN_UP_MAILS_PER_DAY times a day from all client addresses together", async () => {
    const input = signUpInput();
    for (let i = 0; i < SIGN_UP_MAILS_PER_DAY + 3; i++) await requestSignUp(input, testClientAddress());
    expect(await requestsOf(input.email)).toHaveLength(SIGN_UP_MAILS_PER_DAY);
  });

  it("one client past its hourly limit does not spend the address's day", async () => {
    const input = signUpInput();
    const flooder = testClientAddress();
    for (let i = 0; i < SIGN_UP_MAILS_PER_DAY + 5; i++) await requestSignUp(input, flooder);
    expect(await requestsOf(input.email)).toHaveLength(SIGN_UP_MAILS_PER_HOUR);
    await requestSignUp(input, testClientAddress());
    expect(await requestsOf(input.email)).toHaveLength(SIGN_UP_MAILS_PER_HOUR + 1);
  });

  it("a newer request leaves the older link working: a stranger cannot kill the owner's link (rb F4)", async () => {
    const owner = signUpInput({ organisationName: "Stichting Eigenaar" });
    await requestSignUp(owner, testClientAddress());
    const ownersToken = (await knownSignUpToken(owner.email)) ?? "";
    const stranger = testClientAddress();
    for (let i = 0; i < SIGN_UP_MAILS_PER_HOUR + 1; i++)
      await requestSignUp(signUpInput({ email: owner.email, organisationName: `Aanvaller ${i}` }), stranger);
    expect(await lookUpSignUp(ownersToken)).toMatchObject({
      state: "open",
      organisationName: "Stichting Eigenaar",
    });
    // The owner may still ask again, from their own connection, and that request is written too.
    const ownersAgain = signUpInput({ email: owner.email, organisationName: "Stichting Eigenaar" });
    await requestSignUp(ownersAgain, testClientAddress());
    const open = (await requestsOf(owner.email)).filter((r) => r.confirmedAt === null);
    expect(open.map((r) => (r.details as { organisationName: string }).organisationName).sort()).toEqual([
      ...Array.from({ length: SIGN_UP_MAILS_PER_HOUR }, (_, i) => `Aanvaller ${i}`),
      "Stichting Eigenaar",
      "Stichting Eigenaar",
    ]);
    expect((await confirmSignUp(ownersToken, proof())).ok).toBe(true);
  });

  it("once one request of an address is confirmed, another open one answers 'inmiddels een account' (409)", async () => {
    const first = signUpInput();
    await requestSignUp(first, testClientAddress());
    const firstToken = (await knownSignUpToken(first.email)) ?? "";
    const second = signUpInput({ email: first.email });
    await requestSignUp(second, testClientAddress());
    const secondToken = (await knownSignUpToken(first.email)) ?? "";
    expect((await confirmSignUp(secondToken, proof())).ok).toBe(true);
    await expect(confirmSignUp(firstToken, proof())).rejects.toMatchObject({
      message: EMAIL_TAKEN_MEANWHILE,
      field: "email",
    });
    expect(await confirmSignUp(secondToken, proof())).toEqual({ ok: false, state: "used" });
    expect(await prisma.organisation.count({ where: { kvkNumber: first.kvkNumber } })).toBe(0);
    // The same form sent twice: the address is what the holder needs to hear about, not the KvK number.
    const twice = signUpInput();
    await requestSignUp(twice, testClientAddress());
    const a = (await knownSignUpToken(twice.email)) ?? "";
    await requestSignUp(twice, testClientAddress());
    const b = (await knownSignUpToken(twice.email)) ?? "";
    expect((await confirmSignUp(b, proof())).ok).toBe(true);
    await expect(confirmSignUp(a, proof())).rejects.toMatchObject({ message: EMAIL_TAKEN_MEANWHILE });
  });
});

describe("the password at confirmation (rb F2)", () => {
  it("someone who signs up with another's address and his own password cannot get the account by the owner's click", async () => {
    const victim = signUpInput({
      password: "aanvaller-wachtwoord-123",
      passwordRepeat: "aanvaller-wachtwoord-123",
    });
    await requestSignUp(victim, testClientAddress());
    const [row] = await requestsOf(victim.email);
    if (!row) throw new Error("no request");
    const mail = await sendMail({ template: "sign-up-confirm", tokenId: row.id });
    // The owner of the mailbox opens the link, but does not know the password the form was given.
    const owner = testClientAddress();
    expect(await confirmSignUp(mail.token ?? "", proof("", owner))).toEqual({
      ok: false,
      state: "wrong-password",
    });
    expect(await confirmSignUp(mail.token ?? "", proof(PASSWORD, owner))).toEqual({
      ok: false,
      state: "wrong-password",
    });
    expect(await prisma.user.count({ where: { email: victim.email } })).toBe(0);
    expect(await prisma.organisation.count({ where: { kvkNumber: victim.kvkNumber } })).toBe(0);
    expect((await lookUpSignUp(mail.token ?? "")).state).toBe("open");
  });

  it("counts a wrong password as a failed login, per address, and refuses past the limit even the right one", async () => {
    const input = signUpInput();
    await requestSignUp(input, testClientAddress());
    const token = (await knownSignUpToken(input.email)) ?? "";
    // From a new client address each time: the count per e-mail address holds on its own.
    for (let i = 0; i < accountLimit(); i++)
      expect(await confirmSignUp(token, proof("fout-wachtwoord", testClientAddress()))).toEqual({
        ok: false,
        state: "wrong-password",
      });
    const blocked = await confirmSignUp(token, proof(PASSWORD, testClientAddress()));
    expect(blocked).toMatchObject({ ok: false, state: "throttled" });
    expect(
      blocked.ok === false && blocked.state === "throttled" && blocked.retryAfterSeconds,
    ).toBeGreaterThan(0);
    expect(await prisma.user.count({ where: { email: input.email } })).toBe(0);
    // The same count as the login's: the address is blocked there too.
    expect(await claimLoginAttempt(input.email, testClientAddress())).toMatchObject({ blocked: true });
  });

  it("a right password gives its point back and clears the address's failures", async () => {
    const input = signUpInput();
    await requestSignUp(input, testClientAddress());
    const token = (await knownSignUpToken(input.email)) ?? "";
    for (let i = 0; i < accountLimit() - 1; i++)
      await confirmSignUp(token, proof("fout-wachtwoord", testClientAddress()));
    expect((await confirmSignUp(token, proof())).ok).toBe(true);
    for (let i = 0; i < accountLimit(); i++)
      expect(await claimLoginAttempt(input.email, testClientAddress())).toEqual({ blocked: false });
  });

  it("a link that no longer works answers so without counting or checking a password", async () => {
    expect(await confirmSignUp("x".repeat(43), proof("fout"))).toEqual({ ok: false, state: "unknown" });
  });
});

describe("confirming a sign-up", () => {
  it("makes the organisation, a first user who is applicant and signatory, and the first IBAN request, audited", async () => {
    const input = signUpInput();
    await requestSignUp(input, testClientAddress());
    const token = await knownSignUpToken(input.email);
    const result = await confirmSignUp(token ?? "", proof());
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
    await requestSignUp(input, testClientAddress());
    const token = (await knownSignUpToken(input.email)) ?? "";
    const results = await Promise.all([
      confirmSignUp(token, proof()),
      confirmSignUp(token, proof()),
      confirmSignUp(token, proof()),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, state: "used" },
      { ok: false, state: "used" },
    ]);
    expect(await confirmSignUp(token, proof())).toEqual({ ok: false, state: "used" });
    expect(await lookUpSignUp(token)).toEqual({ state: "used" });
    expect(await prisma.organisation.count({ where: { kvkNumber: input.kvkNumber } })).toBe(1);
    expect(await prisma.user.count({ where: { email: input.email } })).toBe(1);
  });

  it(`expires after ${SIGN_UP_CONFIRM_HOURS} hours; an unknown or malformed token is unknown`, async () => {
    const start = new Date("2026-03-02T09:00:00Z");
    setClock(start);
    const input = signUpInput();
    await requestSignUp(input, testClientAddress());
    const token = (await knownSignUpToken(input.email)) ?? "";
    setClock(new Date(start.getTime() + SIGN_UP_CONFIRM_HOURS * 3_600_000 - 1000));
    expect((await lookUpSignUp(token)).state).toBe("open");
    setClock(new Date(start.getTime() + SIGN_UP_CONFIRM_HOURS * 3_600_000));
    expect(await lookUpSignUp(token)).toEqual({ state: "expired" });
    expect(await confirmSignUp(token, proof())).toEqual({ ok: false, state: "expired" });
    expect(await prisma.organisation.count({ where: { kvkNumber: input.kvkNumber } })).toBe(0);
    expect(await confirmSignUp("x".repeat(43), proof())).toEqual({ ok: false, state: "unknown" });
    expect(await confirmSignUp("../../etc", proof())).toEqual({ ok: false, state: "unknown" });
    expect(await lookUpSignUp("x".repeat(43))).toEqual({ state: "unknown" });
  });

  it("a KvK number taken between request and confirmation: a clear refusal, nothing made, the link still open", async () => {
    const input = signUpInput();
    await requestSignUp(input, testClientAddress());
    const token = (await knownSignUpToken(input.email)) ?? "";
    await signUpConfirmed(signUpInput({ kvkNumber: input.kvkNumber }));
    await expect(confirmSignUp(token, proof())).rejects.toMatchObject({
      message: KVK_TAKEN_MEANWHILE,
      field: "kvkNumber",
    });
    expect(await prisma.user.count({ where: { email: input.email } })).toBe(0);
    expect((await lookUpSignUp(token)).state).toBe("open");
  });

  it("an address given an account meanwhile (an invitation accepted): a clear refusal", async () => {
    const input = signUpInput();
    await requestSignUp(input, testClientAddress());
    const token = (await knownSignUpToken(input.email)) ?? "";
    await prisma.user.create({ data: { email: input.email, name: "Via uitnodiging", passwordHash: "x" } });
    await expect(confirmSignUp(token, proof())).rejects.toMatchObject({
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
      await requestSignUp(input, testClientAddress());
      tokens.push((await knownSignUpToken(input.email)) ?? "");
    }
    const results = await Promise.allSettled(tokens.map((t) => confirmSignUp(t, proof())));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((x) => x.status === "rejected")) {
      expect(r.reason).toBeInstanceOf(RuleViolation);
      expect(r.reason).toMatchObject({ message: KVK_TAKEN_MEANWHILE, field: "kvkNumber" });
    }
    expect(await prisma.organisation.count({ where: { kvkNumber: k } })).toBe(1);
  });
});
