import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addressLimit, RESET_MAILS_PER_DAY, RESET_MAILS_PER_HOUR } from "../../auth/throttle.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { SendAccountEmailPayload } from "../../jobs/definitions.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { startTestSmtp, type TestSmtp } from "../notifications/test-smtp.server.ts";
import { sendAccountEmail } from "./account-email.server.ts";
import { inviteColleague } from "./organisation.server.ts";
import { lookUpResetToken, requestPasswordReset } from "./password-reset.server.ts";

/**
 * Which e-mail addresses have an account must not be told by the invitation form, nor by the time
 * "wachtwoord vergeten" takes; and that page must not flood a mailbox (review rv7).
 */
let s: Scenario;
let smtp: TestSmtp;
beforeAll(async () => {
  s = await createScenario();
  smtp = await startTestSmtp();
});
beforeEach(() => {
  smtp.inbox.length = 0;
});
afterAll(async () => {
  await smtp.close();
  await disconnectPrisma();
});

const emailOf = async (userId: string) =>
  (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).email;
/** A random client address of the documentation range, so no other test shares its count. */
const clientAddress = () => {
  const group = () => Math.floor(Math.random() * 0x10000).toString(16);
  return `2001:db8:${group()}:${group()}::1`;
};

async function accountOutbox(email: string) {
  const rows = await prisma.outboxMessage.findMany({
    where: { jobName: "send-account-email", payload: { path: ["email"], equals: email } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => SendAccountEmailPayload.parse(r.payload));
}

describe("the invitation form", () => {
  it("answers for an address with an account elsewhere as for a new one; both are mailed, each in its own words", async () => {
    const elsewhere = await emailOf(s.applicantB.userId);
    const fresh = `nieuw-${randomUUID()}@example.nl`;
    const a = await inviteColleague(s.applicantA, s.orgA.id, elsewhere);
    const b = await inviteColleague(s.applicantA, s.orgA.id, fresh);
    expect(Object.keys(a)).toEqual(Object.keys(b));

    // The account elsewhere is invited too (it logs in to accept: invitation-accept.server.ts).
    const toElsewhere = await sendAccountEmail(
      { template: "invitation", tokenId: a.invitationId },
      { smtpUrl: smtp.url },
    );
    expect(toElsewhere.status).toBe("sent");
    await smtp.waitFor(1);
    const toFresh = await sendAccountEmail(
      { template: "invitation", tokenId: b.invitationId },
      { smtpUrl: smtp.url },
    );
    expect(toFresh.status).toBe("sent");
    // The result is logged and kept in Redis for the queue pages: it names no address.
    expect(JSON.stringify(toFresh)).not.toContain(fresh);
    expect(JSON.stringify(toElsewhere)).not.toContain(elsewhere);
    const mails = await smtp.waitFor(2);
    expect(mails.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.text)).toEqual([
      expect.stringContaining(elsewhere),
      fresh,
    ]);
    expect(mails[0]?.text).toContain("Log via de knop hieronder in met het wachtwoord van dat account");
    expect(mails[1]?.text).toContain("Kies via de knop hieronder uw naam en een wachtwoord");
  });

  it("still names a colleague who is already in the own organisation (the page lists them anyway)", async () => {
    await expect(
      inviteColleague(s.applicantA, s.orgA.id, await emailOf(s.applicantA.userId)),
    ).rejects.toMatchObject({ code: "ALREADY_MEMBER", field: "email" });
  });
});

describe("wachtwoord vergeten", () => {
  it("does the same database work for a known and an unknown address; the job looks the user up", async () => {
    const known = await emailOf(s.applicantA.userId);
    const unknown = `onbekend-${randomUUID()}@example.nl`;
    const tokensBefore = await prisma.passwordResetToken.count();
    await requestPasswordReset(known.toUpperCase(), { address: clientAddress() });
    await requestPasswordReset(unknown, { address: clientAddress() });
    // One outbox message each, with the normalised address; no token row yet for either.
    const [forKnown] = await accountOutbox(known);
    const [forUnknown] = await accountOutbox(unknown);
    expect(forKnown && Object.keys(forKnown).sort()).toEqual(["email", "template", "tokenId"]);
    expect(forUnknown && Object.keys(forUnknown).sort()).toEqual(["email", "template", "tokenId"]);
    expect(await prisma.passwordResetToken.count()).toBe(tokensBefore);
    if (!forKnown || !forUnknown) throw new Error("no outbox message");

    expect(await sendAccountEmail(forUnknown, { smtpUrl: smtp.url })).toEqual({
      status: "skipped",
      reason: "no account has this address",
    });
    expect((await sendAccountEmail(forKnown, { smtpUrl: smtp.url })).status).toBe("sent");
    // A retry of the job sends nothing more and makes no second link (ADR 0006).
    expect((await sendAccountEmail(forKnown, { smtpUrl: smtp.url })).status).toBe("already-sent");
    expect(await prisma.passwordResetToken.count({ where: { id: forKnown.tokenId } })).toBe(1);
    expect(await prisma.passwordResetToken.count()).toBe(tokensBefore + 1);
    const [mail] = await smtp.waitFor(1);
    const token = /\/wachtwoord-herstellen\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? "")?.[1];
    expect((await lookUpResetToken(token)).state).toBe("open");
  });

  it("a newer request's link replaces the older one; a retry of the older job does not undo that", async () => {
    const user = await s.newUser("APPLICANT", s.orgA.id);
    const email = await emailOf(user.userId);
    await requestPasswordReset(email);
    await requestPasswordReset(email);
    const [older, newer] = await accountOutbox(email);
    if (!older || !newer) throw new Error("two outbox messages expected");
    expect((await sendAccountEmail(older, { smtpUrl: smtp.url })).status).toBe("sent");
    expect((await sendAccountEmail(newer, { smtpUrl: smtp.url })).status).toBe("sent");
    const [first, second] = await smtp.waitFor(2);
    const tokenOf = (text: string | undefined) =>
      /\/wachtwoord-herstellen\/([A-Za-z0-9_-]{43})/.exec(text ?? "")?.[1];
    expect((await lookUpResetToken(tokenOf(first?.text))).state).toBe("expired");
    expect((await lookUpResetToken(tokenOf(second?.text))).state).toBe("open");
    await sendAccountEmail(older, { smtpUrl: smtp.url });
    expect((await lookUpResetToken(tokenOf(second?.text))).state).toBe("open");
  });

  it(`mails one address at most ${RESET_MAILS_PER_HOUR} times an hour from one client address; another client's requests do not stop the owner's`, async () => {
    const email = await emailOf((await s.newUser("APPLICANT", s.orgA.id)).userId);
    const stranger = clientAddress();
    for (let i = 0; i < 10; i++) await requestPasswordReset(email, { address: stranger });
    expect(await accountOutbox(email)).toHaveLength(RESET_MAILS_PER_HOUR);
    // The stranger spent his own allowance, not the owner's: the owner still gets a link.
    await requestPasswordReset(email, { address: clientAddress() });
    expect(await accountOutbox(email)).toHaveLength(RESET_MAILS_PER_HOUR + 1);
    // An unknown address is counted alike (the count must not tell which is which); from another
    // client, so that the look-up limit per client (the last test) plays no part.
    const unknown = `onbekend-${randomUUID()}@example.nl`;
    const other = clientAddress();
    for (let i = 0; i < 10; i++) await requestPasswordReset(unknown, { address: other });
    expect(await accountOutbox(unknown)).toHaveLength(RESET_MAILS_PER_HOUR);
  });

  it(`mails one address at most ${RESET_MAILS_PER_DAY} times a day from all client addresses together, known or not`, async () => {
    const email = await emailOf((await s.newUser("APPLICANT", s.orgA.id)).userId);
    const unknown = `onbekend-${randomUUID()}@example.nl`;
    for (const address of [email, unknown]) {
      for (let i = 0; i < RESET_MAILS_PER_DAY + 5; i++)
        await requestPasswordReset(address, { address: clientAddress() });
      expect(await accountOutbox(address)).toHaveLength(RESET_MAILS_PER_DAY);
    }
  });

  it("one client past its hourly limit does not spend the address's day", async () => {
    const email = await emailOf((await s.newUser("APPLICANT", s.orgA.id)).userId);
    const flooder = clientAddress();
    for (let i = 0; i < RESET_MAILS_PER_DAY + 5; i++) await requestPasswordReset(email, { address: flooder });
    expect(await accountOutbox(email)).toHaveLength(RESET_MAILS_PER_HOUR);
    for (let i = 0; i < RESET_MAILS_PER_DAY - RESET_MAILS_PER_HOUR; i++)
      await requestPasswordReset(email, { address: clientAddress() });
    expect(await accountOutbox(email)).toHaveLength(RESET_MAILS_PER_DAY);
  });

  it("stops writing for one client address past its limit, whichever addresses it asks for", async () => {
    const from = clientAddress();
    let written = 0;
    for (let i = 0; i < 30; i++) {
      const email = `lijst-${randomUUID()}@example.nl`;
      await requestPasswordReset(email, { address: from });
      written += (await accountOutbox(email)).length;
    }
    expect(written).toBe(addressLimit());
  });
});
