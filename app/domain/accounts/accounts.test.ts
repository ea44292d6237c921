import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sessionCookie } from "../../auth/cookie.server.ts";
import { getSessionUser, SESSION_TTL_MS } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { SendEmailPayload } from "../../jobs/definitions.ts";
import { draftPlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { signUpConfirmed } from "../../test/sign-up.server.ts";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { ForbiddenError, RuleViolation } from "../errors.ts";
import { sendPlanEmail } from "../notifications/email.server.ts";
import { startTestSmtp, type TestSmtp } from "../notifications/test-smtp.server.ts";
import { saveStep, submitPlan } from "../plan/plans.server.ts";
import { readDraft } from "../plan/steps/wizard.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { NOT_A_SIGNATORY } from "../workflow/definition.server.ts";
import { sendAccountEmail } from "./account-email.server.ts";
import { acceptInvitation, inviteColleague, lookUpInvitation, setSignatory } from "./organisation.server.ts";
import { lookUpResetToken, requestPasswordReset, resetPassword } from "./password-reset.server.ts";
import { requestSignOff, SIGN_OFF_REPEAT_MS } from "./sign-off.server.ts";
import { changeStaffRoles, createStaffUser, setUserActive } from "./staff.server.ts";
import { signUpSchema } from "./validation.ts";

const PUBLIC_URL = "https://portaal.test.example";
const PASSWORD = "een-lang-wachtwoord";
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
});
beforeEach(() => {
  smtp.inbox.length = 0;
  smtp.stepDelayMs = 0;
});
afterEach(() => setClock(null));
afterAll(async () => {
  await smtp.close();
  await disconnectPrisma();
});

const kvk = () => String(Math.floor(10_000_000 + Math.random() * 89_999_999));
const email = () => `acc-${randomUUID()}@example.nl`;

function signUpInput(over: Partial<Record<string, string>> = {}) {
  return signUpSchema.parse({
    organisationName: "Stichting Test",
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

async function actorOf(userId: string): Promise<Actor> {
  const ms = await prisma.roleMembership.findMany({ where: { userId } });
  return {
    userId,
    roles: [...new Set(ms.map((m) => m.role))],
    organisationIds: ms.filter((m) => m.organisationId).map((m) => m.organisationId as string),
  };
}

/** Sends the outbox's account e-mail through the test SMTP server and returns the link's token. */
async function mailToken(
  template: "invitation" | "password-reset" | "password-set",
  tokenId: string,
  email?: string,
) {
  const before = smtp.inbox.length;
  const r = await sendAccountEmail(
    { template, tokenId, email },
    { smtpUrl: smtp.url, publicUrl: PUBLIC_URL },
  );
  expect(r.status).toBe("sent");
  const [mail] = (await smtp.waitFor(before + 1)).slice(before);
  const m = /\/(?:uitnodiging|wachtwoord-herstellen)\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? "");
  if (!m?.[1]) throw new Error("no link in the mail");
  return m[1];
}

/** "Wachtwoord vergeten" for the address: its outbox message's payload (the job makes the link's row). */
async function resetRequest(address: string): Promise<{ tokenId: string; email: string }> {
  await requestPasswordReset(address);
  const msg = await prisma.outboxMessage.findFirstOrThrow({
    where: { jobName: "send-account-email", payload: { path: ["email"], equals: address } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const { tokenId, email } = msg.payload as { tokenId: string; email: string };
  return { tokenId, email };
}

// Sign-up and its confirmation: signup.test.ts.
describe("invitations", () => {
  it("stores only a hash; the e-mail mints the link; accepting makes a non-signatory applicant, once", async () => {
    const { userId, organisationId } = await signUpConfirmed(signUpInput());
    const colleague = email();
    const { invitationId } = await inviteColleague(await actorOf(userId), organisationId, colleague);
    const outbox = await prisma.outboxMessage.findFirstOrThrow({
      where: { jobName: "send-account-email", payload: { path: ["tokenId"], equals: invitationId } },
    });
    expect(Object.keys(outbox.payload as object).sort()).toEqual(["template", "tokenId"]);

    const token = await mailToken("invitation", invitationId);
    expect(smtp.inbox.at(-1)?.to).toBeDefined();
    expect(await lookUpInvitation(token)).toMatchObject({ state: "open", email: colleague });
    // A second run of the same job sends nothing and keeps the link working.
    expect(
      (await sendAccountEmail({ template: "invitation", tokenId: invitationId }, { smtpUrl: smtp.url }))
        .status,
    ).toBe("already-sent");

    const accepted = await acceptInvitation(token, {
      name: "Collega",
      password: PASSWORD,
      passwordRepeat: PASSWORD,
    });
    expect(accepted.ok).toBe(true);
    const m = await prisma.roleMembership.findFirstOrThrow({ where: { user: { email: colleague } } });
    expect(m).toMatchObject({ role: "APPLICANT", organisationId, isSignatory: false });
    expect(
      await acceptInvitation(token, { name: "Nog eens", password: PASSWORD, passwordRepeat: PASSWORD }),
    ).toEqual({
      ok: false,
      state: "used",
    });
    expect(await lookUpInvitation(token)).toEqual({ state: "used" });
    expect(await lookUpInvitation("x".repeat(43))).toEqual({ state: "unknown" });
    expect(await lookUpInvitation("../../etc")).toEqual({ state: "unknown" });
  });

  it("expires after 7 days", async () => {
    const start = new Date("2026-03-02T09:00:00Z");
    setClock(start);
    const { userId, organisationId } = await signUpConfirmed(signUpInput());
    const { invitationId } = await inviteColleague(await actorOf(userId), organisationId, email());
    const token = await mailToken("invitation", invitationId);
    setClock(new Date(start.getTime() + 7 * 86_400_000 - 1000));
    expect((await lookUpInvitation(token)).state).toBe("open");
    setClock(new Date(start.getTime() + 7 * 86_400_000));
    expect((await lookUpInvitation(token)).state).toBe("expired");
    expect(
      await acceptInvitation(token, { name: "Te laat", password: PASSWORD, passwordRepeat: PASSWORD }),
    ).toEqual({
      ok: false,
      state: "expired",
    });
  });

  it("only a member invites; only a signatory grants signing rights, audited", async () => {
    const a = await signUpConfirmed(signUpInput());
    const b = await signUpConfirmed(signUpInput());
    await expect(inviteColleague(await actorOf(b.userId), a.organisationId, email())).rejects.toThrow();
    const { invitationId } = await inviteColleague(await actorOf(a.userId), a.organisationId, email());
    const token = await mailToken("invitation", invitationId);
    const accepted = await acceptInvitation(token, {
      name: "Collega",
      password: PASSWORD,
      passwordRepeat: PASSWORD,
    });
    if (!accepted.ok) throw new Error("not accepted");
    const colleague = await actorOf(accepted.userId);
    await expect(setSignatory(colleague, a.organisationId, colleague.userId, true)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await setSignatory(await actorOf(a.userId), a.organisationId, colleague.userId, true);
    const rows = await prisma.auditLog.findMany({
      where: { targetId: colleague.userId, action: "user.signatory-changed" },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.details).toEqual({
      before: { organisationId: a.organisationId, isSignatory: false },
      after: { organisationId: a.organisationId, isSignatory: true },
    });
  });
});

/** A member of organisation A who may prepare a plan but not sign it. */
async function nonSignatoryColleague(s: Awaited<ReturnType<typeof createScenario>>): Promise<Actor> {
  const colleague = await s.newUser("APPLICANT", s.orgA.id);
  await prisma.roleMembership.updateMany({
    where: { userId: colleague.userId },
    data: { isSignatory: false },
  });
  return colleague;
}

describe("only a signatory submits", () => {
  it("the engine refuses a non-signatory; sign-off notifies the signatories", async () => {
    const s = await createScenario();
    const colleague = await nonSignatoryColleague(s);
    const { id, version } = await draftPlan(s, { actor: colleague });

    const refused = submitPlan(colleague, id, version);
    await expect(refused).rejects.toBeInstanceOf(ForbiddenError);
    await expect(refused).rejects.toThrow(NOT_A_SIGNATORY);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("DRAFT");

    const { notified } = await requestSignOff(colleague, id);
    expect(notified).toBe(1);
    const bell = await prisma.notification.findMany({ where: { planId: id } });
    expect(bell.map((n) => n.userId)).toEqual([s.applicantA.userId]);
    const mail = await prisma.outboxMessage.findFirst({
      where: { payload: { path: ["planId"], equals: id } },
      orderBy: { createdAt: "desc" },
    });
    expect(mail?.payload).toMatchObject({
      template: "sign-off-requested",
      recipientUserId: s.applicantA.userId,
    });

    // The signatory (applicantA) submits what the colleague prepared.
    const submitted = await submitPlan(s.applicantA, id, version);
    expect(submitted.version).toBe(version + 1);
  });
});

describe("sign-off requests", () => {
  it("refuses a repeat of the same request, mails again for a changed plan, a new signatory or later", async () => {
    const start = new Date("2026-03-02T09:00:00Z");
    const s = await createScenario();
    const colleague = await nonSignatoryColleague(s);
    const { id, version } = await draftPlan(s, { actor: colleague });
    // The scenario's memberships carry the database's time, later than `start`: a signatory counts
    // as asked only with a membership no newer than the request (sign-off-after-return.test.ts).
    await prisma.roleMembership.updateMany({
      where: { organisationId: s.orgA.id },
      data: { createdAt: start },
    });
    const payloads = async () =>
      (
        await prisma.outboxMessage.findMany({
          where: { payload: { path: ["template"], equals: "sign-off-requested" } },
          orderBy: { createdAt: "asc" },
        })
      )
        .map((m) => m.payload as SendEmailPayload)
        .filter((p) => p.planId === id);
    const bells = () => prisma.notification.count({ where: { planId: id } });
    const mail = (p: SendEmailPayload) => sendPlanEmail(p, { smtpUrl: smtp.url, publicUrl: PUBLIC_URL });

    setClock(start);
    expect(await requestSignOff(colleague, id)).toEqual({ notified: 1 });
    // The same request again (a double click, a replayed POST): refused, nobody is told twice.
    setClock(new Date(start.getTime() + 60_000));
    const repeat = requestSignOff(colleague, id);
    await expect(repeat).rejects.toBeInstanceOf(RuleViolation);
    await expect(repeat).rejects.toMatchObject({ code: "SIGN_OFF_ALREADY_REQUESTED" });
    await expect(repeat).rejects.toThrow("U heeft dit plan op 2 maart 2026 om 10:00 al ter ondertekening");
    expect(await bells()).toBe(1);

    // The draft changed: a new request, and its e-mail goes out too (it had the first one's key).
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    const lead = readDraft(plan.draftData).lead;
    await saveStep(colleague, id, version, "lead", { ...lead, title: "Vakmanschap, herzien" });
    expect(await requestSignOff(colleague, id)).toEqual({ notified: 1 });
    const [first, second] = await payloads();
    expect(first?.signOffRequestId).toBeDefined();
    expect(second?.signOffRequestId).not.toBe(first?.signOffRequestId);
    expect((await mail(first as SendEmailPayload)).status).toBe("sent");
    expect((await mail(second as SendEmailPayload)).status).toBe("sent");
    expect(await smtp.waitFor(2)).toHaveLength(2);

    // A signatory added since: only they are asked for the unchanged plan.
    const newcomer = await s.newUser("APPLICANT", s.orgA.id);
    await prisma.roleMembership.updateMany({
      where: { userId: newcomer.userId },
      data: { isSignatory: true },
    });
    expect(await requestSignOff(colleague, id)).toEqual({ notified: 1 });
    // Two requests share the frozen clock's moment, so the newcomer's mail is found by recipient.
    expect((await payloads()).filter((p) => p.recipientUserId === newcomer.userId)).toHaveLength(1);

    // After the repeat window the same plan may be offered again, as a reminder.
    setClock(new Date(start.getTime() + 60_000 + SIGN_OFF_REPEAT_MS + 1));
    expect(await requestSignOff(colleague, id)).toEqual({ notified: 2 });
  });
});

describe("sign-off of a supplement", () => {
  it("a colleague asks the signatories to send the supplement back; a submitted plan is refused", async () => {
    const s = await createScenario();
    const colleague = await nonSignatoryColleague(s);
    const { id, version } = await submittedPlan(s);
    await expect(requestSignOff(colleague, id)).rejects.toMatchObject({ code: "WRONG_STATE" });
    await requestSupplement(
      s.handler,
      id,
      version,
      supplementRequestSchema.parse({
        text: "Onderbouw de kosten per deelnemer.",
        steps: ["measures"],
        termDays: "14",
      }),
    );
    expect(await requestSignOff(colleague, id)).toEqual({ notified: 1 });
    const bell = await prisma.notification.findFirstOrThrow({
      where: { planId: id, userId: s.applicantA.userId, title: { startsWith: "Ter ondertekening" } },
    });
    expect(bell.body).toMatch(/de aanvulling op het plan/);
  });
});

describe("password reset", () => {
  it("single use, expires after one hour, ends every session", async () => {
    const start = new Date("2026-03-02T09:00:00Z");
    setClock(start);
    const { userId } = await signUpConfirmed(signUpInput());
    const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
    await prisma.session.create({
      data: {
        id: `s-${randomUUID()}`,
        userId,
        createdAt: start,
        lastSeenAt: start,
        expiresAt: new Date(start.getTime() + 3_600_000),
      },
    });
    await requestPasswordReset(`onbekend-${randomUUID()}@example.nl`); // no error, no mail (account-lookups.test.ts)
    const first = await resetRequest(user.email);
    const token = await mailToken("password-reset", first.tokenId, first.email);

    setClock(new Date(start.getTime() + 59 * 60_000));
    expect((await lookUpResetToken(token)).state).toBe("open");
    const done = await resetPassword(token, "nieuw-en-lang-genoeg");
    expect(done.ok).toBe(true);
    expect(await prisma.session.count({ where: { userId } })).toBe(0);
    expect(await resetPassword(token, "nog-een-keer-lang")).toEqual({ ok: false, state: "used" });

    // A second link, used too late.
    const second = await resetRequest(user.email);
    const token2 = await mailToken("password-reset", second.tokenId, second.email);
    setClock(new Date(start.getTime() + 59 * 60_000 + 60 * 60_000));
    expect(await resetPassword(token2, "nog-een-keer-lang")).toEqual({ ok: false, state: "expired" });
  });
});

describe("account e-mail to a slow server", () => {
  it("is abandoned at its deadline with nothing recorded, and the retry sends one working link", async () => {
    const { userId } = await signUpConfirmed(signUpInput());
    const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
    const row = await resetRequest(user.email);
    smtp.stepDelayMs = 600;
    const started = Date.now();
    await expect(
      sendAccountEmail(
        { template: "password-reset", tokenId: row.tokenId, email: row.email },
        { smtpUrl: smtp.url, publicUrl: PUBLIC_URL, sendDeadlineMs: 1_000 },
      ),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(3_000);
    const delivery = await prisma.emailDelivery.findUniqueOrThrow({
      where: { idempotencyKey: `password-reset:${row.tokenId}` },
    });
    expect(delivery.sentAt).toBeNull();

    smtp.stepDelayMs = 0;
    const token = await mailToken("password-reset", row.tokenId, row.email);
    expect((await lookUpResetToken(token)).state).toBe("open");
    await new Promise((r) => setTimeout(r, 1_500));
    expect(smtp.inbox).toHaveLength(1);
  });
});

describe("staff accounts", () => {
  it("an admin creates, changes and deactivates staff; every change is audited; no self lock-out", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const { userId } = await createStaffUser(admin, {
      name: "Nieuwe Adviseur",
      email: email(),
      roles: ["ADVISER"],
    });
    const reset = await prisma.passwordResetToken.findFirstOrThrow({ where: { userId } });
    expect(
      await prisma.outboxMessage.count({ where: { payload: { path: ["tokenId"], equals: reset.id } } }),
    ).toBe(1);

    await changeStaffRoles(admin, userId, ["ADVISER", "DECISION_MAKER"]);
    await setUserActive(admin, userId, false);
    const rows = await prisma.auditLog.findMany({ where: { targetId: userId }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.action, r.actorId])).toEqual([
      ["user.created", admin.userId],
      ["user.roles-changed", admin.userId],
      ["user.deactivated", admin.userId],
    ]);
    expect(rows[1]?.details).toEqual({
      before: { roles: ["ADVISER"] },
      after: { roles: ["ADVISER", "DECISION_MAKER"] },
    });
    const roles = await prisma.roleMembership.findMany({ where: { userId } });
    expect(roles.map((r) => r.role).sort()).toEqual(["ADVISER", "DECISION_MAKER"]);

    await expect(changeStaffRoles(admin, admin.userId, ["ADVISER"])).rejects.toMatchObject({
      code: "SELF_LOCKOUT",
    });
    await expect(setUserActive(admin, admin.userId, false)).rejects.toMatchObject({ code: "SELF_LOCKOUT" });
    await expect(
      createStaffUser(s.handler, { name: "X", email: email(), roles: ["ADMIN"] }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a first staff role ends the sessions begun without the second factor; a further one does not", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const sessionOf = (userId: string) =>
      prisma.session.create({
        data: {
          id: randomUUID(),
          userId,
          createdAt: new Date(),
          lastSeenAt: new Date(),
          expiresAt: new Date(Date.now() + 3_600_000),
        },
      });
    // A staff account whose roles were all taken away signs in on a password alone.
    const former = await s.newUser("ADVISER");
    await changeStaffRoles(admin, former.userId, []);
    await sessionOf(former.userId);
    await changeStaffRoles(admin, former.userId, ["CASE_HANDLER"]);
    expect(await prisma.session.count({ where: { userId: former.userId } })).toBe(0);

    const adviser = await s.newUser("ADVISER");
    await sessionOf(adviser.userId);
    await changeStaffRoles(admin, adviser.userId, ["ADVISER", "DECISION_MAKER"]);
    expect(await prisma.session.count({ where: { userId: adviser.userId } })).toBe(1);
  });

  it("gives an applicant's account no staff role, even from a posted form the page does not show", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    // As a handler, organisation A's applicant would read B's plans; as a decision maker, decide A's own.
    for (const roles of [["CASE_HANDLER"], ["DECISION_MAKER", "ADVISER"]] as const)
      await expect(changeStaffRoles(admin, s.applicantA.userId, [...roles])).rejects.toMatchObject({
        code: "APPLICANT_ACCOUNT",
        field: `roles-${s.applicantA.userId}`,
      });
    const memberships = await prisma.roleMembership.findMany({ where: { userId: s.applicantA.userId } });
    expect(memberships.map((m) => [m.role, m.organisationId])).toEqual([["APPLICANT", s.orgA.id]]);
    expect(await prisma.auditLog.count({ where: { targetId: s.applicantA.userId } })).toBe(0);
  });
});

describe("inactivity", () => {
  it("a session idle for SESSION_IDLE_MINUTES is refused server-side", async () => {
    const start = new Date("2026-03-02T09:00:00Z");
    setClock(start);
    const { userId } = await signUpConfirmed(signUpInput());
    const id = `idle-${randomUUID()}`;
    await prisma.session.create({
      data: {
        id,
        userId,
        createdAt: start,
        lastSeenAt: start,
        expiresAt: new Date(start.getTime() + 8 * 3_600_000),
      },
    });
    const request = async () =>
      new Request("http://localhost/", { headers: { Cookie: await sessionCookie.serialize(id) } });

    setClock(new Date(start.getTime() + 29 * 60_000));
    const active = await getSessionUser(await request());
    expect(active?.idleDeadline.toISOString()).toBe(new Date(start.getTime() + 59 * 60_000).toISOString());
    // 30 minutes after that request: gone, and the row is deleted.
    setClock(new Date(start.getTime() + 59 * 60_000));
    expect(await getSessionUser(await request())).toBeNull();
    expect(await prisma.session.count({ where: { id } })).toBe(0);
  });

  it("a session kept busy still ends 8 hours after login (SESSION_TTL_MS)", async () => {
    const start = new Date("2026-03-03T08:00:00Z");
    setClock(start);
    const { userId } = await signUpConfirmed(signUpInput());
    const id = `busy-${randomUUID()}`;
    await prisma.session.create({
      data: {
        id,
        userId,
        createdAt: start,
        lastSeenAt: start,
        expiresAt: new Date(start.getTime() + SESSION_TTL_MS),
      },
    });
    const request = async () =>
      new Request("http://localhost/", { headers: { Cookie: await sessionCookie.serialize(id) } });
    // A request every 20 minutes: never idle, but the day ends all the same.
    for (let minutes = 20; minutes < 8 * 60; minutes += 20) {
      setClock(new Date(start.getTime() + minutes * 60_000));
      expect(await getSessionUser(await request())).not.toBeNull();
    }
    // The page's warning counts down to the end of the day, not to a full idle period after it.
    setClock(new Date(start.getTime() + (8 * 60 - 10) * 60_000));
    expect((await getSessionUser(await request()))?.idleDeadline.toISOString()).toBe(
      new Date(start.getTime() + SESSION_TTL_MS).toISOString(),
    );
    setClock(new Date(start.getTime() + 8 * 60 * 60_000));
    expect(await getSessionUser(await request())).toBeNull();
    expect(await prisma.session.count({ where: { id } })).toBe(0);
  });
});
