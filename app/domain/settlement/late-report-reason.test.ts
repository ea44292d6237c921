import { afterAll, afterEach, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { advisePlan, completePlan, grantPlan, writeRealisationReport } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { amsterdamDate, formatDateNl, localDateFromDb } from "../time/index.ts";

let planId = "";
afterEach(() => setClock(null));
afterAll(async () => {
  if (planId) await prisma.$transaction((tx) => cancelReminders(tx, planId));
  await disconnectPrisma();
});

// The plan's history (staff pages, case file) records a late realisation report with its last
// day written as the letters write dates ("1 april 2029"), as the interim report and the melding
// onderbesteding do, not as "2029-04-01".
it("records a late realisation report with its last day in Dutch", async () => {
  const s = await createScenario();
  const { id, version } = await completePlan(s);
  planId = id;
  await grantPlan(s, id, await advisePlan(s, id, version));
  const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
  await reportExecutionStart(s.applicantA, id, plan.version, amsterdamDate(new Date()));
  // Half a year after the execution period: its 13 weeks have long passed.
  setClock(new Date(`${s.year + 3}-07-01T10:00:00Z`));
  await writeRealisationReport(s, id, 10_000_000n);
  const { dueOn } = await prisma.realisationReport.findUniqueOrThrow({ where: { planId: id } });
  if (!dueOn) throw new Error("no last day");
  const event = await prisma.workflowEvent.findFirstOrThrow({
    where: { planId: id, event: "request_settlement" },
  });
  expect(event.reason).toBe(
    `Realisatieverslag te laat ingediend (uiterste datum ${formatDateNl(localDateFromDb(dueOn))}).`,
  );
  expect(event.reason).toMatch(/uiterste datum \d{1,2} [a-z]+ \d{4}\)/);
});
