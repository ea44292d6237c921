import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import type { Job } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { recordingDone } from "../../../workers/redrive.ts";
import { MAIL_COUNT_SECONDS } from "../../auth/throttle.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { en } from "../../i18n/en.ts";
import { nl } from "../../i18n/nl.ts";
import { SendAccountEmailPayload } from "../../jobs/definitions.ts";
import { minimalPdf } from "../../test/files.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { knownSignUpToken, testClientAddress } from "../../test/sign-up.server.ts";
import { sendAccountEmail } from "../accounts/account-email.server.ts";
import { inviteColleague, withdrawInvitation } from "../accounts/organisation.server.ts";
import { requestPasswordReset } from "../accounts/password-reset.server.ts";
import { confirmSignUp, requestSignUp } from "../accounts/signup.server.ts";
import { SIGN_UP_CONFIRM_HOURS, signUpSchema } from "../accounts/validation.ts";
import { uploadAttachment } from "../attachments/attachments.server.ts";
import { setClock } from "../clock.ts";
import { ageFile, fileExists, withFolderStore } from "../documents/folder-store.test-support.ts";
import { startTestSmtp, type TestSmtp } from "../notifications/test-smtp.server.ts";
import { createDraftPlan } from "../plan/drafts.server.ts";
import { cleanUpExpiredData, RETENTION } from "./cleanup.server.ts";

/**
 * Personal data kept only to make something work for a while must go once that while is over
 * (review rw9; AVG art. 5(1)(c),(e)); what still proves or drives something must stay (ADR 0028).
 */
const DAY = 86_400_000;
let s: Scenario;
let smtp: TestSmtp;
let t0: Date;
const at = (days: number) => new Date(t0.getTime() + days * DAY);

beforeAll(async () => {
  s = await createScenario();
  smtp = await startTestSmtp();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await smtp.close();
  await disconnectPrisma();
});

async function cleanUpAt(days: number, opts: Parameters<typeof cleanUpExpiredData>[0] = {}) {
  setClock(at(days));
  return cleanUpExpiredData(opts);
}

const outboxExists = async (id: string) => (await prisma.outboxMessage.count({ where: { id } })) === 1;

describe("the outbox", () => {
  it("forgets an address typed into 'wachtwoord vergeten' a week after the job found no account", async () => {
    t0 = new Date();
    setClock(t0);
    const stranger = `derde-${randomUUID()}@example.org`;
    await requestPasswordReset(stranger, { address: "192.0.2.78" });
    const msg = await prisma.outboxMessage.findFirstOrThrow({
      where: { jobName: "send-account-email", payload: { path: ["email"], equals: stranger } },
    });
    // Dispatched, then run through the same wrapper the worker uses: nothing to send, done.
    await prisma.outboxMessage.update({ where: { id: msg.id }, data: { status: "SENT", dispatchedAt: t0 } });
    const processor = recordingDone(async (job: Job) =>
      sendAccountEmail(SendAccountEmailPayload.parse(job.data), { smtpUrl: smtp.url }),
    );
    expect(await processor({ id: msg.id, data: msg.payload } as unknown as Job)).toEqual({
      status: "skipped",
      reason: "no account has this address",
    });
    const naming = async () =>
      (
        await prisma.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM "OutboxMessage" WHERE payload::text ILIKE ${`%${stranger}%`}`
      )[0]?.n;

    // Inside the re-drive's six days and BullMQ's seven, it stays.
    await cleanUpAt(6);
    expect(await naming()).toBe(1);
    const counts = await cleanUpAt(8);
    expect(await naming()).toBe(0);
    expect(counts.outboxDone).toBeGreaterThanOrEqual(1);
  });

  it("keeps pending work and recent messages; removes old done and long-abandoned ones", async () => {
    t0 = new Date();
    const row = (data: { status: "PENDING" | "SENT"; createdDaysAgo: number; doneDaysAgo?: number }) =>
      prisma.outboxMessage
        .create({
          data: {
            queue: "emails",
            jobName: "send-account-email",
            payload: {
              template: "password-reset",
              tokenId: randomUUID(),
              email: `x-${randomUUID()}@example.org`,
            },
            status: data.status,
            createdAt: at(-data.createdDaysAgo),
            dispatchedAt: data.status === "SENT" ? at(-data.createdDaysAgo) : null,
            doneAt: data.doneDaysAgo === undefined ? null : at(-data.doneDaysAgo),
          },
          select: { id: true },
        })
        .then((r) => r.id);
    // Never handed to BullMQ (Redis away for months): still work to do, whatever its age.
    const pendingOld = await row({ status: "PENDING", createdDaysAgo: 60 });
    const doneOld = await row({ status: "SENT", createdDaysAgo: 9, doneDaysAgo: 8 });
    // Created long ago but done only recently (it waited in the retries): the week counts from done.
    const doneRecently = await row({ status: "SENT", createdDaysAgo: 9, doneDaysAgo: 6 });
    // Not done: failed or discarded. Within the re-drive's reach and well beyond it.
    const unfinishedRecent = await row({ status: "SENT", createdDaysAgo: 10 });
    const unfinishedOld = await row({ status: "SENT", createdDaysAgo: 31 });

    await cleanUpAt(0);
    expect(await outboxExists(pendingOld)).toBe(true);
    expect(await outboxExists(doneOld)).toBe(false);
    expect(await outboxExists(doneRecently)).toBe(true);
    expect(await outboxExists(unfinishedRecent)).toBe(true);
    expect(await outboxExists(unfinishedOld)).toBe(false);
  });
});

it("deletes sessions past their end and keeps live ones", async () => {
  t0 = new Date();
  const userId = s.applicantA.userId;
  const session = (expiresInMs: number) =>
    prisma.session
      .create({
        data: {
          id: randomUUID(),
          userId,
          createdAt: new Date(t0.getTime() - 8 * 3_600_000),
          lastSeenAt: new Date(t0.getTime() - 60_000),
          expiresAt: new Date(t0.getTime() + expiresInMs),
        },
      })
      .then((r) => r.id);
  const abandoned = await session(-60_000);
  const live = await session(3_600_000);
  await cleanUpAt(0);
  expect(await prisma.session.count({ where: { id: abandoned } })).toBe(0);
  expect(await prisma.session.count({ where: { id: live } })).toBe(1);
});

it("deletes invitations 30 days after they were withdrawn, expired or accepted, and leaves the audit trail and mails", async () => {
  t0 = new Date();
  setClock(t0);
  const withdrawn = (await inviteColleague(s.applicantA, s.orgA.id, `w-${randomUUID()}@example.org`))
    .invitationId;
  await withdrawInvitation(s.applicantA, s.orgA.id, withdrawn);
  // Never answered: it expires after 7 days.
  const unanswered = (await inviteColleague(s.applicantA, s.orgA.id, `u-${randomUUID()}@example.org`))
    .invitationId;
  const accepted = await prisma.invitation.create({
    data: {
      organisationId: s.orgA.id,
      email: `a-${randomUUID()}@example.org`,
      tokenHash: randomUUID(),
      invitedById: s.applicantA.userId,
      createdAt: at(-2),
      expiresAt: at(5),
      acceptedAt: at(-1),
    },
  });
  // The mail that carried the link proves it went out; it is kept (ADR 0028).
  const delivery = await prisma.emailDelivery.create({
    data: {
      idempotencyKey: `account:invitation:${unanswered}`,
      template: "invitation",
      recipient: "u@example.org",
      subject: "Uitnodiging",
      sentAt: t0,
    },
  });
  const exists = async (id: string) => (await prisma.invitation.count({ where: { id } })) === 1;
  const audit = () =>
    prisma.auditLog.count({ where: { targetType: "Invitation", targetId: { in: [withdrawn, unanswered] } } });
  const auditBefore = await audit();
  expect(auditBefore).toBeGreaterThanOrEqual(3);

  await cleanUpAt(29);
  expect([await exists(withdrawn), await exists(accepted.id), await exists(unanswered)]).toEqual([
    true,
    true,
    true,
  ]);
  await cleanUpAt(31);
  expect([await exists(withdrawn), await exists(accepted.id), await exists(unanswered)]).toEqual([
    false,
    false,
    true,
  ]);
  await cleanUpAt(38);
  expect(await exists(unanswered)).toBe(false);
  expect(await audit()).toBe(auditBefore);
  expect(await prisma.emailDelivery.count({ where: { id: delivery.id } })).toBe(1);
});

it("deletes password links 30 days after they were used or expired, and keeps open ones", async () => {
  t0 = new Date();
  const userId = s.applicantA.userId;
  const token = (data: { expiresAt: Date; usedAt?: Date }) =>
    prisma.passwordResetToken
      .create({ data: { userId, tokenHash: randomUUID(), createdAt: at(-40), ...data } })
      .then((r) => r.id);
  const usedLongAgo = await token({ expiresAt: at(5), usedAt: at(-31) });
  const expiredLongAgo = await token({ expiresAt: at(-31) });
  const expiredLately = await token({ expiresAt: at(-29) });
  const open = await token({ expiresAt: at(1) });
  await cleanUpAt(0);
  const left = await prisma.passwordResetToken.findMany({
    where: { id: { in: [usedLongAgo, expiredLongAgo, expiredLately, open] } },
    select: { id: true },
  });
  expect(left.map((r) => r.id).sort()).toEqual([expiredLately, open].sort());
});

it("deletes a sign-up nobody confirmed once its link expired, and a confirmed one after 30 days (ADR 0029)", async () => {
  t0 = new Date();
  const request = (data: { expiresAt: Date; confirmedAt?: Date }) =>
    prisma.signUpRequest
      .create({
        data: {
          email: `aanmelding-${randomUUID()}@example.nl`,
          details: { name: "Nooit Bevestigd" },
          passwordHash: "$argon2id$…",
          tokenHash: randomUUID(),
          createdAt: at(-40),
          ...data,
        },
      })
      .then((r) => r.id);
  const expired = await request({ expiresAt: at(-0.01) });
  const open = await request({ expiresAt: at(0.5) });
  const confirmedLately = await request({ expiresAt: at(-20), confirmedAt: at(-29) });
  const confirmedLongAgo = await request({ expiresAt: at(-30), confirmedAt: at(-31) });
  const counts = await cleanUpAt(0);
  const left = await prisma.signUpRequest.findMany({
    where: { id: { in: [expired, open, confirmedLately, confirmedLongAgo] } },
    select: { id: true },
  });
  expect(left.map((r) => r.id).sort()).toEqual([open, confirmedLately].sort());
  expect(counts.signUpRequests).toBeGreaterThanOrEqual(2);
});

it("takes an unconfirmed sign-up's mail delivery (its address) with it; a confirmed one's stays with the account", async () => {
  t0 = new Date();
  setClock(t0);
  const password = "een-lang-wachtwoord";
  const client = testClientAddress();
  const signUp = (email: string) =>
    requestSignUp(
      signUpSchema.parse({
        organisationName: "Stichting Opruimen",
        kvkNumber: String(10_000_000 + Math.floor(Math.random() * 89_999_999)),
        legalForm: "Stichting",
        street: "Straat 1",
        postalCode: "1234 AB",
        city: "Den Haag",
        iban: "NL91ABNA0417164300",
        name: "Iemand",
        email,
        password,
        passwordRepeat: password,
      }),
      client,
    );
  /** Runs the e-mail job for this test's sign-up messages, as the worker would. */
  const mailAll = async (emails: string[]) => {
    const requests = await prisma.signUpRequest.findMany({
      where: { email: { in: emails } },
      select: { id: true },
    });
    const jobs = await prisma.outboxMessage.findMany({
      where: { jobName: "send-account-email", status: "PENDING" },
      select: { id: true, payload: true },
    });
    for (const job of jobs) {
      const payload = SendAccountEmailPayload.parse(job.payload);
      const ours =
        requests.some((r) => r.id === payload.tokenId) ||
        (payload.email !== undefined && emails.includes(payload.email));
      if (!ours) continue;
      expect((await sendAccountEmail(payload, { smtpUrl: smtp.url })).status).toBe("sent");
      await prisma.outboxMessage.update({ where: { id: job.id }, data: { status: "SENT" } });
    }
  };
  const stranger = `nooit-bevestigd-${randomUUID()}@example.nl`;
  const owner = `bevestigd-${randomUUID()}@example.nl`;
  await signUp(stranger);
  await signUp(owner);
  await mailAll([stranger, owner]);
  const token = await knownSignUpToken(owner);
  expect((await confirmSignUp(token ?? "", { password, clientAddress: client })).ok).toBe(true);
  // A second sign-up with the owner's address, now an account's: the account is told (sign-up-attempt).
  await signUp(owner);
  await mailAll([owner]);
  const deliveries = (email: string) =>
    prisma.emailDelivery.findMany({ where: { recipient: email }, select: { template: true } });
  expect(await deliveries(stranger)).toEqual([{ template: "sign-up-confirm" }]);
  expect((await deliveries(owner)).map((d) => d.template).sort()).toEqual([
    "sign-up-attempt",
    "sign-up-confirm",
  ]);

  // While the link is open both stay.
  await cleanUpAt(SIGN_UP_CONFIRM_HOURS / 24 - 0.1);
  expect(await deliveries(stranger)).toHaveLength(1);
  await cleanUpAt(2);
  expect(await prisma.signUpRequest.count({ where: { email: stranger } })).toBe(0);
  expect(await deliveries(stranger)).toEqual([]);
  // The confirmed request goes after 30 days; its mail and the notice belong to the account.
  await cleanUpAt(31);
  expect(await prisma.signUpRequest.count({ where: { email: owner } })).toBe(0);
  expect(await deliveries(owner)).toHaveLength(2);
});

it("deletes throttle counts that have run out, also when no web process did", async () => {
  t0 = new Date();
  const stale = `login-address:192.0.2.${Math.floor(Math.random() * 200)}-${randomUUID()}`;
  const counting = `login-address:198.51.100.1-${randomUUID()}`;
  await prisma.rateLimiterFlexible.createMany({
    data: [
      { key: stale, points: 3, expire: new Date(t0.getTime() - 2 * 3_600_000) },
      { key: counting, points: 3, expire: new Date(t0.getTime() + 10 * 60_000) },
    ],
  });
  await cleanUpAt(0);
  expect(await prisma.rateLimiterFlexible.count({ where: { key: stale } })).toBe(0);
  expect(await prisma.rateLimiterFlexible.count({ where: { key: counting } })).toBe(1);
});

it("deletes in bounded batches, leaves the rest to the next run, and a second run finds nothing", async () => {
  t0 = new Date();
  await cleanUpAt(0);
  const ids = Array.from({ length: 5 }, () => randomUUID());
  await prisma.session.createMany({
    data: ids.map((id) => ({
      id,
      userId: s.applicantA.userId,
      createdAt: at(-1),
      lastSeenAt: at(-1),
      expiresAt: new Date(t0.getTime() - 1_000),
    })),
  });
  const bounded = await cleanUpAt(0, { batchSize: 2, maxBatches: 1 });
  expect(bounded.sessions).toBe(2);
  expect(await prisma.session.count({ where: { id: { in: ids } } })).toBe(3);
  expect((await cleanUpAt(0, { batchSize: 2 })).sessions).toBe(3);
  expect(await cleanUpAt(0)).toEqual({
    outboxDone: 0,
    outboxUnfinished: 0,
    sessions: 0,
    invitations: 0,
    passwordResetTokens: 0,
    signUpRequests: 0,
    throttleRows: 0,
    orphanBytes: 0,
  });
});

it("removes folder-store files no row points at once they are a day old, and nothing else", async () => {
  await withFolderStore(async (store, fileOf) => {
    const planId = (await createDraftPlan(s.applicantA, { regulationId: s.regulation.id })).id;
    const file = async (key: string, hoursAgo: number) => {
      await store.put(key, new TextEncoder().encode(key));
      await ageFile(fileOf(key), hoursAgo);
      return fileOf(key);
    };
    // A removed attachment whose file a crash kept, and one left by a put whose transaction
    // rolled back (the same, to the folder); a write torn off before its rename.
    const oldOrphan = await file(`attachments/${planId}/${randomUUID()}`, 25);
    const tornWrite = await file(`attachments/${planId}/${randomUUID()}.${randomUUID()}.tmp`, 25);
    // Written a moment ago: its row may be in a transaction not yet committed.
    const newOrphan = await file(`attachments/${planId}/${randomUUID()}`, 23);
    // Old, but an attachment still points at it.
    const { id } = await uploadAttachment(s.applicantA, planId, {
      kind: "OTHER",
      filename: "blijft.pdf",
      bytes: await minimalPdf(),
    });
    const kept = fileOf(`attachments/${planId}/${id}`);
    await ageFile(kept, 48);
    // Not a key the store writes: not the portal's to remove.
    const foreign = fileOf("README.TXT");
    await writeFile(foreign, "beheer");
    await ageFile(foreign, 48);
    // Names a key could have, but the portal never writes: an operator's notes, also beside ours.
    const notes = fileOf("notities.txt");
    await writeFile(notes, "beheer");
    await ageFile(notes, 48);
    const besideOurs = fileOf(`attachments/${planId}/lees-mij.txt`);
    await writeFile(besideOurs, "beheer");
    await ageFile(besideOurs, 48);

    const counts = await cleanUpAt(0, { store });
    expect(counts.orphanBytes).toBe(2);
    expect({
      oldOrphan: await fileExists(oldOrphan),
      tornWrite: await fileExists(tornWrite),
      newOrphan: await fileExists(newOrphan),
      kept: await fileExists(kept),
      foreign: await fileExists(foreign),
      notes: await fileExists(notes),
      besideOurs: await fileExists(besideOurs),
    }).toEqual({
      oldOrphan: false,
      tornWrite: false,
      newOrphan: true,
      kept: true,
      foreign: true,
      notes: true,
      besideOurs: true,
    });
    expect((await cleanUpAt(0, { store })).orphanBytes).toBe(0);
  });
});

it("the privacy statement names the periods the cleanup keeps to (AVG art. 13(2)(a))", () => {
  expect(nl.privacy.retentionMail).toContain(`nog ${RETENTION.outboxDoneDays} dagen`);
  expect(nl.privacy.retentionMail).toContain(`na ${RETENTION.outboxUnfinishedDays} dagen`);
  expect(nl.privacy.retentionLinks).toContain(`${RETENTION.spentLinkDays} dagen nadat`);
  expect(en.privacy.retentionMail).toContain(`${RETENTION.outboxDoneDays} days longer`);
  expect(en.privacy.retentionMail).toContain(`after ${RETENTION.outboxUnfinishedDays} days`);
  expect(en.privacy.retentionLinks).toContain(`${RETENTION.spentLinkDays} days after`);
  // The mail counts of 'wachtwoord vergeten' and sign-up (throttle.server.ts mailLimit).
  expect(MAIL_COUNT_SECONDS).toEqual({ perClient: 3600, perDay: 86_400 });
  expect(nl.privacy.retentionSecurity).toContain("samen met het IP-adres een uur, en de hash alleen een dag");
  expect(en.privacy.retentionSecurity).toContain(
    "together with the IP address counts for one hour, and the hash alone for one day",
  );
  expect(nl.privacy.retentionSignUp).toContain(`${SIGN_UP_CONFIRM_HOURS} uur`);
  expect(en.privacy.retentionSignUp).toContain(`${SIGN_UP_CONFIRM_HOURS} hours`);
  expect(nl.privacy.retentionSignUp).toContain(`${RETENTION.spentLinkDays} dagen`);
  expect(en.privacy.retentionSignUp).toContain(`${RETENTION.spentLinkDays} days`);
  // The forms ask a contact person's name and e-mail address only (lead.ts, partnership.ts).
  expect(nl.privacy.dataContacts).not.toMatch(/functie/);
  expect(en.privacy.dataContacts).not.toMatch(/position/);
});
