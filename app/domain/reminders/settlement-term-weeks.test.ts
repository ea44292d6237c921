import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { SendEmailPayload } from "../../jobs/definitions.ts";
import { advisePlan, completePlan, grantPlan, writeRealisationReport } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { sendPlanEmail } from "../notifications/email.server.ts";
import { startTestSmtp, type TestSmtp } from "../notifications/test-smtp.server.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { applicantSettlementSummary } from "../settlement/view.server.ts";
import { amsterdamDate, daysBetween, localDateFromDb } from "../time/index.ts";
import { sendDueReminders } from "./send-due.server.ts";

/**
 * The vaststelling's decision term is a regulation parameter (settlementDecisionWeeks, 22 in the
 * regulation as published) that the grant's terms fix: the staff's notice and e-mail said "22
 * weken" whatever the term was counted in.
 */

let s: Scenario;
let smtp: TestSmtp;
beforeAll(async () => {
  s = await createScenario();
  smtp = await startTestSmtp();
  // A regulation whose vaststelling is decided within 26 weeks (a parameter, design.md §2).
  await prisma.regulation.update({ where: { id: s.regulation.id }, data: { settlementDecisionWeeks: 26 } });
});
afterEach(() => setClock(null));
afterAll(async () => {
  await smtp.close();
  await disconnectPrisma();
});

const version = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

it("the vaststelling's decision term is said in the weeks it is counted in, in the notice and its e-mail", async () => {
  const { id, version: v } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, v));
  // The grant fixed its terms: a later change of the regulation does not reach this plan.
  await prisma.regulation.update({ where: { id: s.regulation.id }, data: { settlementDecisionWeeks: 20 } });
  await reportExecutionStart(s.applicantA, id, await version(id), amsterdamDate(new Date()));
  const asked = new Date(`${s.year + 3}-01-20T10:00:00Z`);
  setClock(asked);
  await writeRealisationReport(s, id, 25_000_000n);
  const reminder = await prisma.reminder.findUniqueOrThrow({
    where: { planId_kind: { planId: id, kind: "SETTLEMENT_DECISION_WARNING" } },
  });
  // The term is counted in the grant's 26 weeks …
  expect(daysBetween(amsterdamDate(asked), localDateFromDb(reminder.termEnd))).toBe(26 * 7);
  expect((await applicantSettlementSummary(id))?.decisionWeeks).toBe(26);
  // … and the staff's notice 14 days before says so.
  setClock(reminder.dueAt);
  await sendDueReminders({ at: reminder.dueAt });
  const notices = await prisma.notification.findMany({
    where: { planId: id, title: { startsWith: "Vaststelling" } },
  });
  expect(notices.length).toBeGreaterThan(0);
  for (const n of notices) {
    expect(n.body).toContain("(26 weken na de aanvraag");
    expect(n.body).not.toContain("22 weken");
  }
  // So does its e-mail.
  const outbox = await prisma.outboxMessage.findMany({ select: { payload: true } });
  const payload = outbox
    .map((m) => m.payload as SendEmailPayload)
    .find((p) => p.planId === id && p.template === "settlement-decision-term");
  expect(payload).toBeDefined();
  const result = await sendPlanEmail(payload as SendEmailPayload, {
    smtpUrl: smtp.url,
    publicUrl: "https://portaal.test.example",
  });
  expect(result.status).toBe("sent");
  const [mail] = await smtp.waitFor(1);
  expect(mail?.text).toContain("(26 weken, artikel 5.5 van de regeling)");
  expect(mail?.text).not.toContain("22 weken");
});
