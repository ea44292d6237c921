import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { now, setClock } from "../app/domain/clock.ts";
import { decideExtension, requestExtension } from "../app/domain/extension/extension.server.ts";
import { addMonths, amsterdamDate, amsterdamTimeOn, type LocalDate } from "../app/domain/time/index.ts";
import { createScenario, type Scenario } from "../app/test/scenario.server.ts";
import { demoVerlengingDays, seedDemoVerlenging } from "../prisma/seed/finance-payments.ts";
import { CRITERIA, SECTORS } from "../prisma/seed/regulation-data.ts";

/**
 * The seed's demo verlenging (prisma/seed/finance-payments.ts) on any day of the year. Run ahead to
 * 15 January of the plan's second year (b447844), the seed failed when run between 1 and 14
 * January (the request fell after grant + 24 months, art. 1.2a lid 2) and otherwise left an interim
 * report and a request dated in the future. Built with the clock set back, everything lies before
 * the day the seed runs and the request is open that day. The seed's steps on a scenario regulation
 * given the demonstration regulation's sectors and criteria, with the clock at a fixed "today".
 */
const scenarios: Scenario[] = [];
afterEach(() => setClock(null));
afterAll(async () => {
  await prisma.reminder.updateMany({
    where: {
      plan: { organisationId: { in: scenarios.flatMap((s) => [s.orgA.id, s.orgB.id]) } },
      sentAt: null,
      cancelledAt: null,
    },
    data: { cancelledAt: new Date() },
  });
  await disconnectPrisma();
});

const MOTIVATION =
  "Het praktijkcentrum opent later dan gepland; de laatste scholingsronde loopt tot na het einde van de periode.";

async function seedOn(today: LocalDate) {
  const moment = amsterdamTimeOn(today, 14, 0);
  setClock(moment);
  const s = await createScenario();
  scenarios.push(s);
  await prisma.regulation.update({
    where: { id: s.regulation.id },
    data: { sectors: SECTORS, criteria: CRITERIA },
  });
  const planId = await seedDemoVerlenging(
    {
      applicant: s.applicantA,
      handler: s.handler,
      adviser: s.adviser,
      decisionMaker: s.decisionMaker,
      preparer: await s.newUser("FINANCE"),
      approver: await s.newUser("FINANCE"),
    },
    s.regulation.id,
  );
  // The seed sets the clock back to real time when it is done: back to the day it ran.
  setClock(moment);
  return { s, planId, moment };
}

describe("the demo verlenging's days", () => {
  it.each([
    "2027-01-01",
    "2027-01-14",
    "2028-02-29",
    "2026-12-31",
    "2027-03-28",
    "2026-10-25",
    "2026-12-02",
  ] as LocalDate[])("on %s: granted 13–15 months back, report and request in the last weeks", (today) => {
    const d = demoVerlengingDays(today);
    expect(d.granted < d.periodStart).toBe(true);
    expect(d.granted > addMonths(today, -15)).toBe(true);
    expect(d.granted < addMonths(today, -13)).toBe(true);
    // The report after month 12 opens on the first day of month 13.
    expect(addMonths(d.periodStart, 12) <= d.interimSubmitted).toBe(true);
    expect(d.interimSubmitted < d.requested && d.requested < today).toBe(true);
    // Within 24 months of the grant and before the period's end.
    expect(d.requested <= addMonths(d.granted, 24)).toBe(true);
    expect(d.requested < d.periodEnd).toBe(true);
  });
});

describe("the seed's demo verlenging, seeded on a given day", () => {
  it.each([
    "2027-01-01",
    "2027-01-14",
    "2028-02-29",
    "2026-12-31",
    "2027-03-28",
    "2026-10-25",
  ] as LocalDate[])(
    "on %s: seeds, dated in the past, open today and decided after it was asked",
    async (today) => {
      const { s, planId, moment } = await seedOn(today);
      const plan = await prisma.plan.findUniqueOrThrow({
        where: { id: planId },
        select: { version: true, status: true, decision: { select: { decidedAt: true } } },
      });
      expect(plan.status).toBe("IN_EXECUTION");
      const request = await prisma.planExtension.findFirstOrThrow({ where: { planId } });
      const interim = await prisma.interimReport.findFirstOrThrow({ where: { planId, afterMonths: 12 } });
      expect(request.status).toBe("REQUESTED");
      expect(request.requestedAt.getTime()).toBeLessThan(moment.getTime());
      expect((interim.submittedAt as Date).getTime()).toBeLessThan(request.requestedAt.getTime());
      expect(amsterdamDate(plan.decision?.decidedAt as Date) < addMonths(today, -13)).toBe(true);
      // Nothing the history wrote lies after the day it was seeded.
      const events = await prisma.workflowEvent.findMany({ where: { planId }, select: { createdAt: true } });
      expect(events.every((e) => e.createdAt.getTime() < moment.getTime())).toBe(true);
      // Finance: the last advance due waits; the earlier ones were paid when due.
      const due = await prisma.payment.findMany({
        where: { planId, dueOn: { lte: moment } },
        orderBy: { dueOn: "asc" },
        select: { status: true },
      });
      expect(due.map((p) => p.status)).toEqual([...due.slice(0, -1).map(() => "PAID"), "PLANNED"]);
      // A second request while one is open is refused; the decision maker decides today.
      await expect(
        requestExtension(s.applicantA, planId, plan.version, { months: 2, motivation: MOTIVATION }),
      ).rejects.toThrow();
      await decideExtension(s.decisionMaker, planId, plan.version, request.id, {
        outcome: "GRANT",
        months: 4,
      });
      const decided = await prisma.planExtension.findUniqueOrThrow({ where: { id: request.id } });
      expect((decided.decidedAt as Date).getTime()).toBeGreaterThan(decided.requestedAt.getTime());
      expect(now().getTime()).toBe(moment.getTime());
    },
  );
});
