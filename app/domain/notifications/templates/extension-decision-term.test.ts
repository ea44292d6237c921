import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import type { SendEmailPayload } from "../../../jobs/definitions.ts";
import { createScenario, type Scenario } from "../../../test/scenario.server.ts";
import { setClock } from "../../clock.ts";
import { grantedScenarioPlan } from "../../documents/test-fixtures.server.ts";
import { decideExtension, requestExtension } from "../../extension/extension.server.ts";
import { markInterimReportSubmitted } from "../../extension/test-support.server.ts";
import { emailIdempotencyKey } from "../../notifications/email.server.ts";
import { cancelReminders } from "../../reminders/reminders.server.ts";
import { sendDueReminders } from "../../reminders/send-due.server.ts";
import { amsterdamTimeOn, parseLocalDate } from "../../time/index.ts";
import { extensionDecisionTerm } from "./extension-decision-term.server.ts";
import { type EmailContext, SkipEmail } from "./types.ts";

let s: Scenario;
let planId = "";
beforeAll(async () => {
  setClock(amsterdamTimeOn(parseLocalDate("2025-02-03"), 9));
  s = await createScenario();
  setClock(null);
});
afterAll(async () => {
  setClock(null);
  if (planId) await prisma.$transaction((tx) => cancelReminders(tx, planId));
  await disconnectPrisma();
});

const MOTIVATION = "De uitvoering liep vertraging op door een tekort aan praktijkbegeleiders.";
const REFUSAL = "De vertraging komt door keuzes van de aanvrager zelf; verlenging is niet nodig.";
const HOUR = 3_600_000;
const version = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
const reminderOf = (id: string) =>
  prisma.reminder.findUniqueOrThrow({
    where: { planId_kind: { planId: id, kind: "EXTENSION_DECISION_WARNING" } },
  });
const mailsTo = async (reminderId: string, userId: string) =>
  (
    await prisma.outboxMessage.findMany({
      where: { jobName: "send-email", payload: { path: ["reminderId"], equals: reminderId } },
      orderBy: { createdAt: "asc" },
    })
  )
    .map((m) => m.payload as SendEmailPayload)
    .filter((p) => p.recipientUserId === userId);

/**
 * The verlenging's decision-term reminder is one row per plan, re-armed for each new request; its
 * mail is read from that row when the job runs (a delayed job may run after a re-arm).
 */
describe("the extension term's e-mail when its job runs late", () => {
  it("a first warning's mail, delayed past a refusal and a new request, does not take the second warning's key", async () => {
    setClock(amsterdamTimeOn(parseLocalDate("2025-06-02"), 10));
    ({ planId } = await grantedScenarioPlan(s));
    await markInterimReportSubmitted(planId);
    const first = await requestExtension(s.applicantA, planId, await version(planId), {
      months: 4,
      motivation: MOTIVATION,
    });
    const r1 = await reminderOf(planId);
    setClock(r1.dueAt);
    await sendDueReminders();
    const [p1] = await mailsTo(r1.id, s.handler.userId);
    if (!p1) throw new Error("no first mail");
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    const ctx = (at: Date): EmailContext => ({
      recipient: { id: s.handler.userId, name: "Behandelaar", email: "b@example.test" },
      plan: {
        id: planId,
        reference: plan.reference,
        title: plan.title,
        status: plan.status,
        organisationName: "Org",
      },
      publicUrl: "https://portaal.test.example",
      at,
    });

    // The decision maker refuses the same day (the warning did its work) and the applicant asks again;
    // the first mail's job (SMTP down, retried with backoff) runs only after that.
    setClock(new Date(r1.dueAt.getTime() + 2 * HOUR));
    await decideExtension(s.decisionMaker, planId, await version(planId), first.extensionId, {
      outcome: "REFUSE",
      reason: REFUSAL,
    });
    setClock(new Date(r1.dueAt.getTime() + 4 * HOUR));
    await requestExtension(s.applicantA, planId, await version(planId), {
      months: 2,
      motivation: MOTIVATION,
    });
    const late = await extensionDecisionTerm.prepare(
      prisma,
      p1,
      ctx(new Date(r1.dueAt.getTime() + 6 * HOUR)),
    );

    // The second warning, seven weeks later.
    const r2 = await reminderOf(planId);
    setClock(r2.dueAt);
    await sendDueReminders();
    const p2 = (await mailsTo(r2.id, s.handler.userId)).at(-1);
    if (!p2) throw new Error("no second mail");
    const second = await extensionDecisionTerm.prepare(prisma, p2, ctx(r2.dueAt));
    if (second instanceof SkipEmail) throw new Error(second.reason);

    // The late first mail is skipped: it would speak of the new request ("met 2 maanden", the new
    // last day) under the key the real warning has, which sendPlanEmail would then answer
    // "already-sent", and the handler would never get the 7-day warning of the second request.
    expect(late).toBeInstanceOf(SkipEmail);
    expect(p1.termEnd).not.toBe(p2.termEnd);
    expect(emailIdempotencyKey(p2, second.keySuffix)).toContain(p2.termEnd);
  });
});
