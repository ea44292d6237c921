import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { SendEmailPayload } from "../../jobs/definitions.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { grantedScenarioPlan } from "../documents/test-fixtures.server.ts";
import { decideExtension, requestExtension } from "../extension/extension.server.ts";
import { grantDecidedAt, markInterimReportSubmitted } from "../extension/test-support.server.ts";
import { sendPlanEmail } from "../notifications/email.server.ts";
import { startTestSmtp, type TestSmtp } from "../notifications/test-smtp.server.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { reportDueOn } from "../settlement/terms.ts";
import { amsterdamDate, formatDateNl, localDateFromDb } from "../time/index.ts";
import { sendDueReminders } from "./send-due.server.ts";

/**
 * The realisation report's reminder and its e-mail give the ground of the day they name: art. 5.5
 * (the plan's weeks after its last day), or, when a verlenging refused late moved the day to 8
 * weeks after its besluit (ADR 0026), that besluit. They cited art. 5.5 next to the moved day.
 */

let s: Scenario;
let smtp: TestSmtp;
beforeAll(async () => {
  s = await createScenario();
  smtp = await startTestSmtp();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await smtp.close();
  await disconnectPrisma();
});

const version = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

/** Sends the plan's report warning when due; its notice to the organisation and its e-mail's text. */
async function warned(planId: string) {
  const reminder = await prisma.reminder.findUniqueOrThrow({
    where: { planId_kind: { planId, kind: "SETTLEMENT_REPORT_WARNING" } },
  });
  setClock(reminder.dueAt);
  await sendDueReminders({ at: reminder.dueAt });
  const notice = await prisma.notification.findFirstOrThrow({
    where: { planId, title: { startsWith: "Realisatieverslag" } },
  });
  const payload = (await prisma.outboxMessage.findMany({ select: { payload: true } }))
    .map((m) => m.payload as SendEmailPayload)
    .find((p) => p.planId === planId && p.template === "settlement-report-due");
  expect(payload).toBeDefined();
  const before = smtp.inbox.length;
  const result = await sendPlanEmail(payload as SendEmailPayload, {
    smtpUrl: smtp.url,
    publicUrl: "https://portaal.test.example",
  });
  expect(result.status).toBe("sent");
  const mails = await smtp.waitFor(before + 1);
  return {
    day: formatDateNl(localDateFromDb(reminder.termEnd)),
    notice: notice.body,
    mail: (mails.at(-1)?.text ?? "").replace(/\s+/g, " "),
  };
}

it("cites art. 5.5 for the day after the plan's end", async () => {
  const { planId } = await grantedScenarioPlan(s);
  await reportExecutionStart(s.applicantA, planId, await version(planId), amsterdamDate(new Date()));
  const { day, notice, mail } = await warned(planId);
  expect(notice).toContain(`uiterlijk ${day} in (regeling art. 5.5).`);
  expect(mail).toContain("(artikel 5.5 van de regeling)");
});

it("names the refusal of the verlenging for the day it moved, not art. 5.5", async () => {
  const { planId } = await grantedScenarioPlan(s);
  await reportExecutionStart(s.applicantA, planId, await version(planId), amsterdamDate(new Date()));
  await markInterimReportSubmitted(planId);
  await grantDecidedAt(planId, new Date(`${s.year + 1}-01-05T10:00:00Z`));
  setClock(new Date(`${s.year + 2}-12-20T10:00:00Z`));
  const { extensionId } = await requestExtension(s.applicantA, planId, await version(planId), {
    months: 6,
    motivation: "De uitvoering liep vertraging op door een tekort aan praktijkbegeleiders.",
  });
  // A late refusal, after the art. 5.5 day: the report gets 8 weeks from the besluit.
  setClock(new Date(`${s.year + 3}-04-10T10:00:00Z`));
  await decideExtension(s.decisionMaker, planId, await version(planId), extensionId, {
    outcome: "REFUSE",
    reason: "Een deel van de vertraging is te voorzien geweest.",
  });
  const plan = await prisma.plan.findUniqueOrThrow({ where: { id: planId }, select: { periodEnd: true } });
  const { day, notice, mail } = await warned(planId);
  expect(day).not.toBe(formatDateNl(reportDueOn(plan.periodEnd as Date, 13)));
  expect(notice).toContain(`uiterlijk ${day} in (8 weken na het besluit op uw verzoek om verlenging).`);
  expect(notice).not.toContain("art. 5.5");
  expect(mail).toContain("(8 weken na het besluit op uw verzoek om verlenging)");
  expect(mail).not.toContain("artikel 5.5");
});
