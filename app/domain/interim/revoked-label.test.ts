import { afterAll, beforeAll, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { revokeGrant } from "../decision/decide.server.ts";
import { REVOCATION_REASON, revocableScenarioPlan } from "../documents/revocation.test-support.ts";
import { getPlanView } from "../plan/view.server.ts";
import { termsOverview } from "../review/deadlines.server.ts";
import { lateMeldingen, meldingenToRead } from "../underspending/lists.server.ts";
import { interimReportsAwaitingReview } from "./overdue.server.ts";

/**
 * A revoked grant and a withdrawn application are both WITHDRAWN; labels.ts requires every list to
 * say who withdrew it. The staff lists of interim reports and meldingen to read, and the dwangsom
 * list of the terms page, said a plain "Ingetrokken".
 */

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(disconnectPrisma);

it("a revoked plan's rows on the staff lists carry the plan page's status label", async () => {
  const plan = await revocableScenarioPlan(s);
  // The organisation handed in its interim report and a melding (a grant may report while GRANTED).
  await prisma.interimReport.create({
    data: {
      planId: plan.planId,
      afterMonths: 12,
      dueOn: new Date("2099-01-01"),
      summary: "Voortgang.",
      submittedAt: new Date(),
    },
  });
  await prisma.underspendingReport.create({
    data: {
      planId: plan.planId,
      halfYear: 1,
      startsOn: new Date("2000-01-01"),
      endsOn: new Date("2000-06-30"),
      dueOn: new Date("2000-07-31"),
      actualCents: 0n,
      // After its day: on the list of late meldingen too.
      submittedAt: new Date("2000-09-01T10:00:00Z"),
    },
  });
  // A request for verlenging decided late after a notice of default, then lapsed with the grant:
  // what the dwangsom came to stays on the terms page.
  const requestedAt = new Date("2000-01-03T10:00:00Z");
  const extension = await prisma.planExtension.create({
    data: {
      planId: plan.planId,
      status: "LAPSED",
      requestedMonths: 6,
      motivation: "De uitvoering liep vertraging op door een tekort aan praktijkbegeleiders.",
      requestedById: s.applicantA.userId,
      requestedAt,
      previousPeriodEnd: new Date("2001-12-31"),
      closedAt: new Date("2000-06-01T10:00:00Z"),
    },
  });
  await prisma.defaultNotice.create({
    data: {
      planId: plan.planId,
      subject: "EXTENSION",
      extensionId: extension.id,
      subjectKey: `EXTENSION:${extension.id}`,
      receivedOn: new Date("2000-03-15"),
      recordedById: s.handler.userId,
      recordedAt: new Date("2000-03-15T10:00:00Z"),
    },
  });
  await revokeGrant(s.decisionMaker, plan.planId, plan.version, REVOCATION_REASON);
  const page = await getPlanView(s.handler, plan.planId);
  expect(page.statusLabel).toBe("Ingetrokken door de minister");

  const interim = (await interimReportsAwaitingReview({ limit: 500 })).rows.find((r) => r.id === plan.planId);
  expect(interim?.statusLabel).toBe(page.statusLabel);
  const toRead = (await meldingenToRead({ limit: 500 })).rows.find((r) => r.id === plan.planId);
  expect(toRead?.statusLabel).toBe(page.statusLabel);
  const late = (await lateMeldingen({ limit: 500 })).rows.find((r) => r.id === plan.planId);
  expect(late?.statusLabel).toBe(page.statusLabel);
  const penalty = (await termsOverview(s.handler)).penalties.find((p) => p.id === plan.planId);
  expect(penalty?.statusLabel).toBe(page.statusLabel);
});
