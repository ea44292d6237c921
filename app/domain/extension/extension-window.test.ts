import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { grantedScenarioPlan } from "../documents/test-fixtures.server.ts";
import { ForbiddenError } from "../errors.ts";
import { openInterimReport, saveInterimStep, submitInterimReport } from "../interim/report.server.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { amsterdamDate, amsterdamTimeOn, type LocalDate, localDateToDb } from "../time/index.ts";
import { loadExtensions, requestExtension } from "./extension.server.ts";
import {
  beforeInterimReportOpens,
  EXTENSION_NOT_IN_TERMS,
  extensionRequestTooLate,
  interimReportAfterLastDay,
  interimReportNotSubmitted,
  NO_INTERIM_REPORT,
} from "./rules.ts";
import { grantDecidedAt } from "./test-support.server.ts";

/**
 * Regulation art. 1.2a lid 2 (S1, snapshot 2015-04-09; the 2015 regulation's art. 1.2a the same):
 * "Het verzoek, bedoeld in het eerste lid, wordt niet eerder ingediend dan het moment waarop het
 * tussentijds voortgangsverslag, bedoeld in artikel 5.4, eerste lid, is overlegd en niet later dan
 * het moment waarop 24 maanden zijn verstreken na de datum van de subsidiebeschikking."
 * Through the use cases, on scenario plans (1 January of year + 1 to 31 December of year + 2),
 * granted on a fixed day so that the 24 months do not depend on the day the tests run.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await prisma.reminder.updateMany({
    where: { plan: { organisationId: { in: [s.orgA.id, s.orgB.id] } }, sentAt: null, cancelledAt: null },
    data: { cancelledAt: new Date() },
  });
  await disconnectPrisma();
});

const MOTIVATION = "De uitvoering liep vertraging op door een tekort aan praktijkbegeleiders.";
const version = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
const ask = async (planId: string) =>
  requestExtension(s.applicantA, planId, await version(planId), { months: 6, motivation: MOTIVATION });
const at = (day: string, hour: number, minute = 0) => amsterdamTimeOn(day as LocalDate, hour, minute);

/** A plan in execution whose grant was decided on 15 June of the scenario's year: 24 months end 15 June year + 2. */
async function planInExecution() {
  const { planId } = await grantedScenarioPlan(s);
  await grantDecidedAt(planId, at(`${s.year}-06-15`, 10));
  await reportExecutionStart(s.applicantA, planId, await version(planId), amsterdamDate(new Date()));
  const measures = await prisma.measure.findMany({ where: { planId }, orderBy: { position: "asc" } });
  return { planId, measureIds: measures.map((m) => m.id), lastDay: `${s.year + 2}-06-15` as LocalDate };
}

/** The interim report after the 12th month, written and submitted through its form on `day`. */
async function submitInterim(planId: string, measureIds: string[], day: string) {
  setClock(at(day, 9));
  const view = await openInterimReport(s.applicantA, planId, 12);
  const one = await saveInterimStep(s.applicantA, planId, 12, view.report?.version ?? 0, "results", {
    measures: measureIds.map((measureId) => ({ measureId, participants: "40" })),
    summary: "De scholing liep volgens plan; de jongerenmaatregel begon later dan gepland.",
  });
  const two = await saveInterimStep(s.applicantA, planId, 12, one.version, "costs", {
    costs: measureIds.map((measureId) => ({ measureId, year: String(s.year + 1), amount: "50.000,00" })),
  });
  expect([...one.issues, ...two.issues]).toEqual([]);
  await submitInterimReport(s.applicantA, planId, 12, two.version, true);
}

describe("art. 1.2a lid 2: when a verlenging may be asked", () => {
  it("is refused before the interim report after the 12th month (art. 5.4 lid 1) was submitted", async () => {
    const { planId, lastDay } = await planInExecution();
    // In the period's first year: the report can be written from 1 January of year + 2.
    setClock(at(`${s.year + 1}-06-01`, 10));
    const early = beforeInterimReportOpens(`${s.year + 2}-01-01` as LocalDate);
    await expect(ask(planId)).rejects.toThrow(early);
    await expect(ask(planId)).rejects.toBeInstanceOf(ForbiddenError);
    // The page says why, and that it is a matter of when.
    const view = await loadExtensions(s.applicantA, planId);
    expect(view.canRequest).toEqual({ ok: false, reason: early });
    expect(view.requestTiming).toBe(early);
    // After the 12th month, the report not yet in: the last day a request can follow it.
    setClock(at(`${s.year + 2}-01-10`, 10));
    await expect(ask(planId)).rejects.toThrow(interimReportNotSubmitted(lastDay));
    expect(await prisma.planExtension.count({ where: { planId } })).toBe(0);
  });

  it("is accepted once the interim report is in, up to and including 24 months after the grant's date", async () => {
    const { planId, measureIds, lastDay } = await planInExecution();
    await submitInterim(planId, measureIds, `${s.year + 2}-01-10`);
    expect((await loadExtensions(s.applicantA, planId)).canRequest).toEqual({ ok: true });
    // 23:30 on the last day, Dutch time: still in time.
    setClock(at(lastDay, 23, 30));
    expect((await loadExtensions(s.applicantA, planId)).canRequest).toEqual({ ok: true });
    const { extensionId } = await ask(planId);
    expect(await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } })).toMatchObject({
      status: "REQUESTED",
      requestedMonths: 6,
    });
  });

  it("is refused once 24 months have passed since the grant decision, even with the interim report in", async () => {
    const { planId, measureIds, lastDay } = await planInExecution();
    await submitInterim(planId, measureIds, `${s.year + 2}-01-10`);
    // 00:30 the day after, Dutch time: the period still runs (to 31 December), the 24 months do not.
    setClock(at(`${s.year + 2}-06-16`, 0, 30));
    const late = extensionRequestTooLate(lastDay);
    await expect(ask(planId)).rejects.toThrow(late);
    const view = await loadExtensions(s.applicantA, planId);
    expect(view.canRequest).toEqual({ ok: false, reason: late });
    expect(view.requestTiming).toBe(late);
    expect(await prisma.planExtension.count({ where: { planId } })).toBe(0);
  });

  it("never opens for a plan without an interim report during its period (shorter than 12 months, or 12)", async () => {
    const { planId } = await planInExecution();
    setClock(at(`${s.year + 1}-06-01`, 10));
    // Nine months: art. 5.4 lid 1 asks no interim report.
    await prisma.plan.update({
      where: { id: planId },
      data: { periodEnd: localDateToDb(`${s.year + 1}-09-30` as LocalDate) },
    });
    await expect(ask(planId)).rejects.toThrow(NO_INTERIM_REPORT);
    expect((await loadExtensions(s.applicantA, planId)).requestTiming).toBe(NO_INTERIM_REPORT);
    // Twelve months: the report can be written only after the period ended.
    const end = `${s.year + 1}-12-31` as LocalDate;
    await prisma.plan.update({ where: { id: planId }, data: { periodEnd: localDateToDb(end) } });
    await expect(ask(planId)).rejects.toThrow(interimReportAfterLastDay(end));
  });

  it("names no timing when the refusal is about something else (the grant allows no verlenging)", async () => {
    const { planId } = await planInExecution();
    setClock(at(`${s.year + 1}-06-01`, 10));
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId } });
    await prisma.decision.update({
      where: { planId },
      data: { terms: { ...(decision.terms as object), extensionMonths: 0 } },
    });
    const view = await loadExtensions(s.applicantA, planId);
    expect(view.canRequest).toEqual({ ok: false, reason: EXTENSION_NOT_IN_TERMS });
    expect(view.requestTiming).toBeNull();
  });
});
