import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { PlanStatus, ReminderKind, Role } from "../../generated/prisma/enums.ts";
import type { EmailTemplate, SendEmailPayload } from "../../jobs/definitions.ts";
import { submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { sendPlanEmail } from "./email.server.ts";
import { retireUnopenableNotices } from "./retire.server.ts";
import { startTestSmtp, type TestSmtp } from "./test-smtp.server.ts";

/**
 * A staff mail or notice goes only to someone who still holds a role it is for when it is sent
 * (or, for the bell, once an admin changes the roles): Financiën opens every submitted plan, so
 * "can open the plan" alone let a handler made finance-only be asked to take the besluit.
 */

let smtp: TestSmtp;
const reminderIds: string[] = [];
beforeAll(async () => {
  smtp = await startTestSmtp();
});
beforeEach(() => {
  smtp.inbox.length = 0;
});
afterEach(() => setClock(null));
afterAll(async () => {
  // No reminder of this file left for a tick elsewhere.
  await prisma.reminder.deleteMany({ where: { id: { in: reminderIds } } });
  await smtp.close();
  await disconnectPrisma();
});

const send = (payload: SendEmailPayload) =>
  sendPlanEmail(payload, { smtpUrl: smtp.url, publicUrl: "https://portaal.test" });

const setRoles = async (userId: string, role: Role) =>
  prisma.roleMembership.updateMany({ where: { userId, organisationId: null }, data: { role } });

/** A submitted plan put in `status`, with a sent reminder of `kind` ending on 12 May 2027. */
async function planWithReminder(s: Scenario, status: PlanStatus, kind: ReminderKind) {
  const plan = await submittedPlan(s);
  await prisma.plan.update({ where: { id: plan.id }, data: { status } });
  const reminder = await prisma.reminder.create({
    data: {
      planId: plan.id,
      kind,
      termEnd: new Date("2027-05-12T00:00:00Z"),
      dueAt: new Date("2027-05-05T07:00:00Z"),
      sentAt: new Date("2027-05-05T07:00:00Z"),
    },
  });
  reminderIds.push(reminder.id);
  return { planId: plan.id, reminderId: reminder.id };
}

/** Each staff template of a term, the plan state it speaks in, and a role that is not its audience. */
const STAFF_MAILS: {
  template: EmailTemplate;
  status: PlanStatus;
  kind: ReminderKind;
  /** The recipient's new role: still able to open the plan, but not one the mail is for. */
  movedTo: Role;
}[] = [
  {
    template: "decision-term-reminder",
    status: "SUBMITTED",
    kind: "DECISION_TERM_WARNING",
    movedTo: "FINANCE",
  },
  {
    template: "supplement-term-reminder",
    status: "INFO_REQUESTED",
    kind: "SUPPLEMENT_TERM_LAPSED",
    movedTo: "DECISION_MAKER",
  },
  { template: "execution-not-started", status: "GRANTED", kind: "EXECUTION_NOT_STARTED", movedTo: "FINANCE" },
  {
    template: "settlement-decision-term",
    status: "SETTLEMENT_REQUESTED",
    kind: "SETTLEMENT_DECISION_WARNING",
    movedTo: "FINANCE",
  },
  {
    template: "extension-decision-term",
    status: "IN_EXECUTION",
    kind: "EXTENSION_DECISION_WARNING",
    movedTo: "FINANCE",
  },
];

describe("a staff mail goes only to staff holding a role it is for at send time", () => {
  it.each(STAFF_MAILS)(
    "$template queued for the case handler is skipped once the admin made them $movedTo only",
    async ({ template, status, kind, movedTo }) => {
      const s = await createScenario();
      const { planId, reminderId } = await planWithReminder(s, status, kind);
      if (kind === "EXTENSION_DECISION_WARNING")
        await prisma.planExtension.create({
          data: {
            planId,
            requestedMonths: 6,
            motivation: "Meer tijd nodig.",
            requestedById: s.applicantA.userId,
            requestedAt: new Date("2027-03-17T09:00:00Z"),
            previousPeriodEnd: new Date("2028-12-31T00:00:00Z"),
          },
        });
      setClock(new Date("2027-05-05T08:00:00Z"));
      const payload: SendEmailPayload = {
        template,
        planId,
        recipientUserId: s.handler.userId,
        reminderId,
        termEnd: "2027-05-12",
      };
      // Queued for the handler (the tick's audience), then the admin moves them to another role.
      await setRoles(s.handler.userId, movedTo);
      expect(await send(payload)).toEqual({
        status: "skipped",
        reason: "the recipient no longer holds a role this mail is for",
      });
      expect(smtp.inbox).toHaveLength(0);
      // A handler again before the retry: the mail goes after all.
      await setRoles(s.handler.userId, "CASE_HANDLER");
      expect(await send(payload)).toMatchObject({ status: "sent" });
    },
  );

  it("the hersteltermijn's warning to the organisation is not held to a staff role", async () => {
    const s = await createScenario();
    const { planId, reminderId } = await planWithReminder(s, "INFO_REQUESTED", "SUPPLEMENT_TERM_WARNING");
    setClock(new Date("2027-05-05T08:00:00Z"));
    expect(
      await send({
        template: "supplement-term-reminder",
        planId,
        recipientUserId: s.applicantA.userId,
        reminderId,
        termEnd: "2027-05-12",
      }),
    ).toMatchObject({ status: "sent" });
  });

  it("the decision makers' decision-term mail still reaches a decision maker", async () => {
    const s = await createScenario();
    const { planId, reminderId } = await planWithReminder(s, "ADVISED", "DECISION_TERM_WARNING");
    setClock(new Date("2027-05-05T08:00:00Z"));
    expect(
      await send({
        template: "decision-term-reminder",
        planId,
        recipientUserId: s.decisionMaker.userId,
        reminderId,
        termEnd: "2027-05-12",
      }),
    ).toMatchObject({ status: "sent" });
  });
});

describe("the bell follows the same roles once they change", () => {
  /** The staff notices of a plan's terms, as the tick writes them, in `userId`'s bell. */
  async function notices(userId: string, planId: string) {
    const links = {
      plan: `/behandeling/plannen/${planId}`,
      settlement: `/behandeling/plannen/${planId}/vaststelling`,
      terms: "/behandeling/termijnen",
    };
    for (const link of Object.values(links))
      await prisma.notification.create({ data: { userId, planId, title: "Beslistermijn", body: "…", link } });
    return links;
  }
  const unread = async (userId: string) =>
    (await prisma.notification.findMany({ where: { userId, readAt: null }, select: { link: true } }))
      .map((n) => n.link)
      .sort();
  const retire = (userId: string) => prisma.$transaction((tx) => retireUnopenableNotices(tx, userId));

  it("a handler made finance-only keeps no staff notice, though finance opens the plan", async () => {
    const s = await createScenario();
    const plan = await submittedPlan(s);
    await notices(s.handler.userId, plan.id);
    const applicantBefore = await unread(s.applicantA.userId);
    await setRoles(s.handler.userId, "FINANCE");
    await retire(s.handler.userId);
    expect(await unread(s.handler.userId)).toEqual([]);
    // Nobody else's bell is touched.
    expect(await unread(s.applicantA.userId)).toEqual(applicantBefore);
  });

  it("a handler made decision maker keeps what decision makers are told, not the handler's terms", async () => {
    const s = await createScenario();
    const plan = await submittedPlan(s);
    const links = await notices(s.handler.userId, plan.id);
    await setRoles(s.handler.userId, "DECISION_MAKER");
    await retire(s.handler.userId);
    expect(await unread(s.handler.userId)).toEqual([links.plan, links.settlement].sort());
  });

  it("a handler who stays one keeps every notice", async () => {
    const s = await createScenario();
    const plan = await submittedPlan(s);
    const links = await notices(s.handler.userId, plan.id);
    await retire(s.handler.userId);
    expect(await unread(s.handler.userId)).toEqual(Object.values(links).sort());
  });

  it("a coordinator's notice on the assignment page goes once they are no longer one", async () => {
    const s = await createScenario();
    const plan = await submittedPlan(s);
    const link = `/behandeling/toewijzing?plan=${plan.id}#plan-${plan.id}`;
    await prisma.notification.create({
      data: { userId: s.coordinator.userId, planId: plan.id, title: "Beslistermijn", body: "…", link },
    });
    await retire(s.coordinator.userId);
    expect(await unread(s.coordinator.userId)).toEqual([link]);
    await setRoles(s.coordinator.userId, "FINANCE");
    await retire(s.coordinator.userId);
    expect(await unread(s.coordinator.userId)).toEqual([]);
  });
});
