import { afterAll, afterEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { submittedPlan } from "../../test/plan-steps.server.ts";
import { changeParams } from "../../test/regulation-params.server.ts";
import { createScenario, type Scenario, validPlanDraft } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { loadSupplementRequestLetterInput } from "../documents/supplement-letters.server.ts";
import { RuleViolation } from "../errors.ts";
import { saveStep, submitPlan } from "../plan/drafts.server.ts";
import { markComplete } from "../plan/review.server.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import {
  decisionDueDate,
  localDateFromDb,
  localDateToDb,
  parseLocalDate,
  startOfAmsterdamDay,
} from "../time/index.ts";
import {
  planTerms,
  recordDefaultNotice,
  resumeDecisionTermAfterLapse,
  termsOverview,
} from "./deadlines.server.ts";
import { penaltyExposure } from "./penalty.ts";

// Awb 4:15 and 4:17: the decision term of a plan asked for a supplement during assessment, as
// the plan page and the terms overview give it, before the lapse tick has run.

const at = (day: string, hour = 10) =>
  new Date(startOfAmsterdamDay(parseLocalDate(day)).getTime() + hour * 3_600_000);
const ask = (termDays: string) =>
  supplementRequestSchema.parse({
    text: "Voeg de begroting per maatregel toe.",
    steps: ["measures"],
    termDays,
  });

/**
 * A notice recorded before recordDefaultNotice refused premature days (the row as it was written
 * then), to show what the readers make of it.
 */
async function recordedEarlier(s: Scenario, planId: string, receivedOn: string) {
  await prisma.defaultNotice.create({
    data: {
      planId,
      subject: "GRANT",
      subjectKey: "GRANT",
      receivedOn: localDateToDb(parseLocalDate(receivedOn)),
      recordedById: s.handler.userId,
      recordedAt: at(receivedOn, 12),
    },
  });
}

const planIds: string[] = [];
afterEach(() => setClock(null));
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
});

/** Complete on Monday 2 March 2026 (term to Monday 1 June), asked on Thursday 28 May. */
async function askedInAssessment(termDays: string): Promise<{ s: Scenario; id: string }> {
  setClock(at("2026-03-02", 9));
  const s = await createScenario();
  const { id, version } = await submittedPlan(s);
  planIds.push(id);
  const done = await markComplete(s.handler, id, version, { agreementSigned: true });
  expect(
    localDateFromDb((await prisma.plan.findUniqueOrThrow({ where: { id } })).decisionDueOn as Date),
  ).toBe("2026-06-01");
  setClock(at("2026-05-28", 10));
  await requestSupplement(s.handler, id, done.version, ask(termDays));
  return { s, id };
}

describe("while the hersteltermijn runs the decision term stands still (Awb 4:15)", () => {
  it("has no end and owes no penalty for a notice received meanwhile (Awb 4:17 lid 3)", async () => {
    // 30 days: the hersteltermijn ends Saturday 27 June → Monday 29 June 2026 (Atw).
    const { s, id } = await askedInAssessment("30");
    setClock(at("2026-06-03", 10));
    // The term has not passed (it stands still): the notice is premature and is refused.
    const refused = recordDefaultNotice(s.handler, id, "2026-06-03");
    await expect(refused).rejects.toBeInstanceOf(RuleViolation);
    await expect(refused).rejects.toThrow(
      "die staat sinds 29 mei 2026 stil (aanvulling gevraagd, Awb 4:15): het einde ligt nog niet vast. Deze is op 3 juni 2026 ontvangen: te vroeg.",
    );
    expect(await prisma.defaultNotice.count({ where: { planId: id } })).toBe(0);
    // One recorded before that rule owes nothing either.
    await recordedEarlier(s, id, "2026-06-03");
    setClock(at("2026-06-25", 10));
    const terms = await planTerms(prisma, id);
    expect(terms.suspended).toBe(true);
    expect(terms.suspendedSince).toBe("2026-05-29");
    expect(terms.decisionDue).toBeNull();
    expect(terms.daysLeft).toBeNull();
    expect(terms.exposure).toBeNull();
    expect(terms.supplement).toMatchObject({ due: "2026-06-29", lapsed: false });
    const overview = await termsOverview(s.handler);
    expect(overview.penalties.map((p) => p.id)).not.toContain(id);
    expect(overview.decisionTerms.map((t) => t.id)).not.toContain(id);
  });
});

describe("once the hersteltermijn lapsed unused the decision term runs again (Awb 4:15)", () => {
  it("ends the suspended days later on every page, and says by when to close the plan (Awb 4:5 lid 4)", async () => {
    // 7 days: the hersteltermijn ends Thursday 4 June 2026; suspended 29 May – 4 June = 7 days, so
    // the term ends Monday 8 June (1 June + 7). No lapse tick has run.
    const { s, id } = await askedInAssessment("7");
    setClock(at("2026-06-20", 10));
    const terms = await planTerms(prisma, id);
    expect(terms.suspended).toBe(false);
    expect(terms.decisionDue).toBe("2026-06-08");
    expect(terms.daysLeft).toBe(-12);
    expect(terms.suspendedDays).toBe(7);
    // Four weeks after Thursday 4 June: Thursday 2 July 2026.
    expect(terms.supplement).toMatchObject({ due: "2026-06-04", lapsed: true, closeBy: "2026-07-02" });

    const overview = await termsOverview(s.handler);
    expect(overview.decisionTerms.find((t) => t.id === id)).toMatchObject({
      due: "2026-06-08",
      daysLeft: -12,
    });
    expect(overview.lapsed.find((l) => l.id === id)).toMatchObject({
      due: "2026-06-04",
      closeBy: "2026-07-02",
    });
  });

  it("counts no notice given while the term stood still, nor one up to the term's real end (Awb 4:17)", async () => {
    const { s, id } = await askedInAssessment("7");
    // A notice received while the term stood still, recorded before the rule refused it: it was
    // premature, so it counts for nothing, not even from the term's real end.
    await recordedEarlier(s, id, "2026-06-03");
    setClock(at("2026-06-30", 10));
    let terms = await planTerms(prisma, id);
    expect([terms.decisionDue, terms.noticeReceivedOn, terms.exposure]).toEqual([
      "2026-06-08",
      "2026-06-03",
      null,
    ]);
    let overview = await termsOverview(s.handler);
    expect(overview.penalties.map((p) => p.id)).not.toContain(id);
    expect(overview.decisionTerms.find((t) => t.id === id)?.exposure).toBeNull();
    // Recording it now names the real end (8 June, after the 7 days of suspension), not 1 June.
    await expect(
      recordDefaultNotice(s.handler, id, "2026-06-08", undefined, undefined, "2026-06-03"),
    ).rejects.toThrow(
      "(die eindigde op 8 juni 2026), dus vanaf 9 juni 2026. Deze is op 8 juni 2026 ontvangen: te vroeg.",
    );
    // The applicant's new notice of 9 June counts: owed from 23 June (9 June + 2 weeks), 8 days to 30 June.
    await recordDefaultNotice(s.handler, id, "2026-06-09", undefined, undefined, "2026-06-03");
    const owed = penaltyExposure({
      decisionDue: "2026-06-08",
      noticeReceivedOn: "2026-06-09",
      today: "2026-06-30",
    });
    expect(owed).toMatchObject({ firstDay: "2026-06-23", days: 8 });
    terms = await planTerms(prisma, id);
    expect(terms.exposure).toEqual(owed);
    overview = await termsOverview(s.handler);
    expect(overview.penalties.find((p) => p.id === id)?.exposure).toEqual(owed);
    expect(overview.decisionTerms.find((t) => t.id === id)?.exposure).toEqual(owed);
  });
});

describe("a supplement asked after the decision term ended suspends nothing (Awb 4:15)", () => {
  /** Complete on 2 March 2026 (term to Monday 1 June), notice on 3 June, asked on 10 June. */
  async function askedAfterTheEnd(termDays: string) {
    setClock(at("2026-03-02", 9));
    const s = await createScenario();
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    const done = await markComplete(s.handler, id, version, { agreementSigned: true });
    setClock(at("2026-06-03", 10));
    await recordDefaultNotice(s.handler, id, "2026-06-03");
    setClock(at("2026-06-10", 10));
    const asked = await requestSupplement(s.handler, id, done.version, ask(termDays));
    return { s, id, version: asked.version };
  }
  const stored = async (id: string) => {
    const p = await prisma.plan.findUniqueOrThrow({ where: { id } });
    return [localDateFromDb(p.decisionDueOn as Date), p.suspendedDays];
  };
  // The penalty runs from 16 June (2 June + 2 weeks): 5 days up to 20 June.
  const owed = penaltyExposure({
    decisionDue: "2026-06-01",
    noticeReceivedOn: "2026-06-03",
    today: "2026-06-20",
  });

  it("keeps the end and the penalty while its hersteltermijn runs and after it lapsed (lapse tick)", async () => {
    const { s, id } = await askedAfterTheEnd("7");
    setClock(at("2026-06-15", 10));
    expect(await planTerms(prisma, id)).toMatchObject({ suspended: false, decisionDue: "2026-06-01" });
    expect((await termsOverview(s.handler)).decisionTerms.find((t) => t.id === id)).toMatchObject({
      due: "2026-06-01",
      daysLeft: -14,
    });
    // The hersteltermijn ended on Wednesday 17 June; the tick has nothing to resume.
    setClock(at("2026-06-20", 10));
    expect(
      await prisma.$transaction((tx) => resumeDecisionTermAfterLapse(tx, id, at("2026-06-20"))),
    ).toBeNull();
    expect(await stored(id)).toEqual(["2026-06-01", 0]);
    const terms = await planTerms(prisma, id);
    expect([terms.decisionDue, terms.suspendedDays]).toEqual(["2026-06-01", 0]);
    expect(terms.exposure).toEqual(owed);
    const overview = await termsOverview(s.handler);
    expect(overview.penalties.find((p) => p.id === id)?.exposure).toEqual(owed);
    expect(overview.decisionTerms.find((t) => t.id === id)).toMatchObject({
      due: "2026-06-01",
      exposure: owed,
    });
  });

  it("keeps the end once the supplement arrived", async () => {
    const { s, id, version } = await askedAfterTheEnd("14");
    setClock(at("2026-06-20", 9));
    const inputs = validPlanDraft(s.year);
    let v = version;
    for (const step of ["measures", "submit"] as const)
      ({ version: v } = await saveStep(s.applicantA, id, v, step, inputs[step]));
    await submitPlan(s.applicantA, id, v);
    expect(await stored(id)).toEqual(["2026-06-01", 0]);
    const terms = await planTerms(prisma, id);
    expect([terms.decisionDue, terms.suspendedDays]).toEqual(["2026-06-01", 0]);
    expect(terms.exposure).toEqual(owed);
  });
});

describe("a beslistermijn changed after the plan was found complete does not move its term", () => {
  // The plan was found complete under 13 weeks and told so; finance then sets 26 weeks for the
  // regulation. The readers (lapse tick, supplement, plan page, overview, letter) keep 13.
  const longer = (regulationId: string) => changeParams(regulationId, { decisionTermWeeks: "26" });

  it("keeps the end and the penalty after a lapsed hersteltermijn (lapse tick, plan page, overview)", async () => {
    // Asked on 28 May for 7 days: the hersteltermijn ended Thursday 4 June, 7 days of suspension.
    const { s, id } = await askedInAssessment("7");
    setClock(at("2026-06-05", 10));
    await longer(s.regulation.id);
    expect(await prisma.$transaction((tx) => resumeDecisionTermAfterLapse(tx, id, at("2026-06-05")))).toBe(
      "2026-06-08",
    );
    // The notice, received after the term passed (Awb 4:17), on 9 June.
    setClock(at("2026-06-09", 10));
    await recordDefaultNotice(s.handler, id, "2026-06-09");
    setClock(at("2026-06-30", 10));
    const terms = await planTerms(prisma, id);
    expect([terms.decisionDue, terms.suspendedDays]).toEqual(["2026-06-08", 7]);
    // The penalty owed since 23 June (9 June + two weeks) does not vanish with 26 weeks.
    expect(terms.exposure).toEqual(
      penaltyExposure({ decisionDue: "2026-06-08", noticeReceivedOn: "2026-06-09", today: "2026-06-30" }),
    );
    expect(terms.exposure).not.toBeNull();
    expect((await termsOverview(s.handler)).decisionTerms.find((t) => t.id === id)).toMatchObject({
      due: "2026-06-08",
    });
  });

  it("keeps the plan's term when the supplement arrives, in its reminders and its letter", async () => {
    const { s, id } = await askedInAssessment("14");
    setClock(at("2026-05-29", 10));
    await longer(s.regulation.id);
    // Sent again by the letters worker after the change: it names the term the plan runs under.
    const request = await prisma.supplementRequest.findFirstOrThrow({ where: { planId: id } });
    expect((await loadSupplementRequestLetterInput(prisma, request.id)).regulation.decisionTermWeeks).toBe(
      13,
    );
    // The supplement arrives on Wednesday 3 June: the days it stood still are added to 13 weeks.
    setClock(at("2026-06-03", 9));
    const inputs = validPlanDraft(s.year);
    let v = (await prisma.plan.findUniqueOrThrow({ where: { id } })).version;
    for (const step of ["measures", "submit"] as const)
      ({ version: v } = await saveStep(s.applicantA, id, v, step, inputs[step]));
    await submitPlan(s.applicantA, id, v);
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    const due = decisionDueDate(plan.completeReceivedAt as Date, 13, plan.suspendedDays);
    expect(plan.suspendedDays).toBeGreaterThan(0);
    expect(due < "2026-07-01").toBe(true); // not 26 weeks (31 August and later)
    expect([plan.status, localDateFromDb(plan.decisionDueOn as Date)]).toEqual(["IN_ASSESSMENT", due]);
    const lastDay = await prisma.reminder.findUniqueOrThrow({
      where: { planId_kind: { planId: id, kind: "DECISION_TERM_LAST_DAY" } },
    });
    expect(localDateFromDb(lastDay.termEnd)).toBe(due);
    expect((await planTerms(prisma, id)).decisionDue).toBe(due);
  });

  it("does not reach a plan submitted before it and found complete after it", async () => {
    setClock(at("2026-03-02", 9));
    const s = await createScenario();
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    // The acknowledgement told the applicant 13 weeks; the regulation changes before completeness.
    await changeParams(s.regulation.id, { decisionTermWeeks: "26" });
    await markComplete(s.handler, id, version, { agreementSigned: true });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    // 2 March + 13 weeks = Monday 1 June 2026.
    expect([plan.decisionTermWeeks, localDateFromDb(plan.decisionDueOn as Date)]).toEqual([13, "2026-06-01"]);
  });

  it("governs the plans submitted after the change", async () => {
    setClock(at("2026-03-02", 9));
    const s = await createScenario();
    await changeParams(s.regulation.id, { decisionTermWeeks: "26" });
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    await markComplete(s.handler, id, version, { agreementSigned: true });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    // 2 March + 26 weeks = Monday 31 August 2026.
    expect([plan.decisionTermWeeks, localDateFromDb(plan.decisionDueOn as Date)]).toEqual([26, "2026-08-31"]);
  });
});
