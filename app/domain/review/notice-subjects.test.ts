import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { declareComplete, submittedPlan, writeRealisationReport } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { grantedScenarioPlan } from "../documents/test-fixtures.server.ts";
import { ForbiddenError, RuleViolation } from "../errors.ts";
import { decideExtension, requestExtension, withdrawExtension } from "../extension/extension.server.ts";
import { extensionDecisionDueOn } from "../extension/rules.ts";
import { markInterimReportSubmitted } from "../extension/test-support.server.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { proposeSettlement } from "../settlement/propose.server.ts";
import { settlePlan } from "../settlement/settle.server.ts";
import { settlementPage } from "../settlement/view.server.ts";
import {
  addCalendarDays,
  amsterdamDate,
  amsterdamTimeOn,
  formatDateNl,
  type LocalDate,
  localDateFromDb,
  localDateToDb,
} from "../time/index.ts";
import {
  extensionTermsOfPlan,
  NOTICE_EXTENSION_NOT_OPEN,
  NOTICE_NOT_AWAITING_DECISION,
  planTerms,
  recordDefaultNotice,
  settlementDecisionTerm,
  termsOverview,
} from "./deadlines.server.ts";

// Awb 4:17 applies to every beschikking op aanvraag: a late besluit on a request for verlenging
// (eight weeks, Awb 4:13 lid 2) or on the aanvraag tot vaststelling (22 weeks, art. 5.5) costs a
// penalty once the applicant's ingebrekestelling is in, as a late grant does. Each has its own
// notice, recorded while its besluit is awaited, and its penalty stops at that besluit.

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await prisma.reminder.updateMany({
    where: { sentAt: null, cancelledAt: null },
    data: { cancelledAt: new Date() },
  });
  await disconnectPrisma();
});

const version = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
/** Noon, Dutch time, on `day`. */
const noonOn = (day: LocalDate) => amsterdamTimeOn(day, 12);

async function grantedWithExtensionRequest() {
  const { planId } = await grantedScenarioPlan(s);
  // Art. 1.2a lid 2: a request only after the interim report after the 12th month.
  await markInterimReportSubmitted(planId);
  const { extensionId } = await requestExtension(s.applicantA, planId, await version(planId), {
    months: 6,
    motivation: "De uitvoering liep vertraging op door een tekort aan praktijkbegeleiders.",
  });
  const ext = await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } });
  return { planId, extensionId, due: extensionDecisionDueOn(ext.requestedAt), requestedAt: ext.requestedAt };
}

describe("a notice of default on a late besluit on a request for verlenging", () => {
  it("is recorded on the open request, counts on the terms page, and stops at the besluit", async () => {
    const { planId, extensionId, due } = await grantedWithExtensionRequest();
    // Twenty days after the eight-week term; the notice came in the day after it ended.
    setClock(noonOn(addCalendarDays(due, 20)));
    await recordDefaultNotice(s.handler, planId, addCalendarDays(due, 1));
    const notice = await prisma.defaultNotice.findFirstOrThrow({ where: { planId } });
    expect(notice).toMatchObject({
      subject: "EXTENSION",
      extensionId,
      subjectKey: `EXTENSION:${extensionId}`,
    });
    // Owed from the 15th day after the term (two weeks after receipt): days 15 … 20 at € 23.
    const [term] = await extensionTermsOfPlan(prisma, planId);
    expect(term).toMatchObject({
      extensionId,
      due,
      daysLeft: -20,
      noticeReceivedOn: addCalendarDays(due, 1),
    });
    expect(term?.exposure).toMatchObject({ firstDay: addCalendarDays(due, 15), days: 6, cents: 13_800n });
    const overview = await termsOverview(s.handler);
    expect(overview.extensionTerms.find((t) => t.extensionId === extensionId)?.exposure?.cents).toBe(13_800n);
    const row = overview.penalties.find((p) => p.id === planId);
    expect(row).toMatchObject({
      subject: "EXTENSION",
      subjectLabel: "Verzoek om verlenging",
      noticeId: notice.id,
    });
    expect(row?.exposure?.cents).toBe(13_800n);
    expect(overview.totalPenaltyCents).toBeGreaterThanOrEqual(13_800n);
    // The grant's own notice is another one: none was given on it.
    expect((await planTerms(prisma, planId)).noticeReceivedOn).toBeNull();

    // The besluit on day 20: the penalty stops the day before it, and stays there.
    await decideExtension(s.decisionMaker, planId, await version(planId), extensionId, {
      outcome: "REFUSE",
      reason: "De vertraging komt door de eigen planning van de aanvrager, niet door overmacht.",
    });
    setClock(noonOn(addCalendarDays(due, 40)));
    const [after] = await extensionTermsOfPlan(prisma, planId);
    expect(after?.daysLeft).toBeNull();
    expect(after?.noticeOpen).toBe(false);
    expect(after?.exposure).toMatchObject({ days: 5, cents: 11_500n });
    expect((await termsOverview(s.handler)).penalties.find((p) => p.id === planId)?.exposure?.cents).toBe(
      11_500n,
    );
    // Nothing awaits a besluit any more: the form for that request, and a notice without one, are refused.
    await expect(
      recordDefaultNotice(s.handler, planId, addCalendarDays(due, 2), undefined, {
        kind: "EXTENSION",
        extensionId,
      }),
    ).rejects.toThrow(NOTICE_EXTENSION_NOT_OPEN);
    const refused = recordDefaultNotice(s.handler, planId, addCalendarDays(due, 2));
    await expect(refused).rejects.toBeInstanceOf(RuleViolation);
    await expect(refused).rejects.toThrow(NOTICE_NOT_AWAITING_DECISION);
    await expect(refused).rejects.toThrow("Er staat geen verzoek om verlenging open.");
  });

  it("stops the penalty when the applicant withdraws the request, and refuses a day before the request", async () => {
    const { planId, extensionId, due, requestedAt } = await grantedWithExtensionRequest();
    setClock(noonOn(addCalendarDays(due, 18)));
    await expect(
      recordDefaultNotice(s.handler, planId, addCalendarDays(amsterdamDate(requestedAt), -1)),
    ).rejects.toThrow("niet eerder zijn ontvangen dan het verzoek om verlenging");
    await expect(
      recordDefaultNotice(s.decisionMaker, planId, addCalendarDays(due, 1)),
    ).rejects.toBeInstanceOf(ForbiddenError);
    // A form made for the grant, left open: not recorded on the request.
    await expect(
      recordDefaultNotice(s.handler, planId, addCalendarDays(due, 1), undefined, { kind: "GRANT" }),
    ).rejects.toThrow(NOTICE_NOT_AWAITING_DECISION);
    await recordDefaultNotice(s.handler, planId, addCalendarDays(due, 1), await version(planId), {
      kind: "EXTENSION",
      extensionId,
    });
    await withdrawExtension(s.applicantA, planId, await version(planId), extensionId);
    setClock(noonOn(addCalendarDays(due, 30)));
    // Days 15 … 17: the withdrawal on day 18 ended the duty to decide.
    const [term] = await extensionTermsOfPlan(prisma, planId);
    expect(term?.exposure).toMatchObject({ days: 3, cents: 6_900n });
  });
});

async function settlementRequested() {
  const { planId } = await grantedScenarioPlan(s);
  await reportExecutionStart(s.applicantA, planId, await version(planId), amsterdamDate(new Date()));
  setClock(new Date(`${s.year + 3}-01-20T10:00:00Z`));
  await writeRealisationReport(s, planId, 10_000_000n);
  const reminder = await prisma.reminder.findUniqueOrThrow({
    where: { planId_kind: { planId, kind: "SETTLEMENT_DECISION_WARNING" } },
  });
  return { planId, due: localDateFromDb(reminder.termEnd) };
}

describe("a notice of default on a late vaststelling", () => {
  it("is recorded while the vaststelling is awaited, shown on its tab and the terms page, and stops at the besluit", async () => {
    const { planId, due } = await settlementRequested();
    // Before the term ends the tab shows its last day and the days left.
    setClock(noonOn(addCalendarDays(due, -10)));
    expect((await settlementPage(s.handler, planId)).decisionTerm).toEqual({
      due,
      daysLeft: 10,
      noticeReceivedOn: null,
      penalty: null,
      canRecordNotice: true,
    });
    expect((await settlementPage(s.decisionMaker, planId)).decisionTerm?.canRecordNotice).toBe(false);

    setClock(noonOn(addCalendarDays(due, 20)));
    await recordDefaultNotice(s.handler, planId, addCalendarDays(due, 1), await version(planId), {
      kind: "SETTLEMENT",
    });
    expect(await prisma.defaultNotice.findFirstOrThrow({ where: { planId } })).toMatchObject({
      subject: "SETTLEMENT",
      subjectKey: "SETTLEMENT",
      extensionId: null,
    });
    expect(await settlementDecisionTerm(prisma, planId)).toMatchObject({
      due,
      daysLeft: -20,
      exposure: { firstDay: addCalendarDays(due, 15), days: 6, cents: 13_800n },
    });
    expect((await settlementPage(s.handler, planId)).decisionTerm).toMatchObject({
      daysLeft: -20,
      noticeReceivedOn: addCalendarDays(due, 1),
      penalty: { days: 6, amount: expect.stringMatching(/^€\s138,00$/), capped: false },
    });
    const overview = await termsOverview(s.handler);
    expect(overview.settlementTerms.find((t) => t.id === planId)?.exposure?.cents).toBe(13_800n);
    expect(overview.penalties.find((p) => p.id === planId)).toMatchObject({
      subject: "SETTLEMENT",
      subjectLabel: "Aanvraag tot vaststelling",
    });

    // Settled on day 20: owed through day 19, and no more afterwards.
    await proposeSettlement(s.handler, planId, await version(planId), {
      amountCents: 100_000n,
      motivation: "Kosten gecontroleerd; een klein bedrag is voorgesteld.",
    });
    const page = await settlementPage(s.decisionMaker, planId);
    await settlePlan(s.decisionMaker, planId, await version(planId), {
      reduction: page.figures.belowThreshold ? "PROPORTIONAL" : null,
      reason: "Vastgesteld zoals voorgesteld.",
    });
    setClock(noonOn(addCalendarDays(due, 45)));
    expect(await settlementDecisionTerm(prisma, planId)).toMatchObject({
      daysLeft: null,
      noticeOpen: false,
      exposure: { days: 5, cents: 11_500n },
    });
    expect((await termsOverview(s.handler)).penalties.find((p) => p.id === planId)?.exposure?.cents).toBe(
      11_500n,
    );
    await expect(
      recordDefaultNotice(s.handler, planId, addCalendarDays(due, 2), undefined, { kind: "SETTLEMENT" }),
    ).rejects.toThrow("De aanvraag tot vaststelling wacht niet (meer) op een besluit");
  });
});

/** A notice written before recordDefaultNotice refused premature days, as the row was written then. */
async function recordedEarlier(planId: string, receivedOn: LocalDate, extensionId: string | null = null) {
  const subject = extensionId ? "EXTENSION" : "SETTLEMENT";
  await prisma.defaultNotice.create({
    data: {
      planId,
      subject,
      subjectKey: extensionId ? `EXTENSION:${extensionId}` : subject,
      extensionId,
      receivedOn: localDateToDb(receivedOn),
      recordedById: s.handler.userId,
      recordedAt: noonOn(receivedOn),
    },
  });
}

// Awb 4:17: the notice counts only once the term has passed ("nadat de termijn is verstreken"); one
// received on or before its last day has no effect and must not start the penalty's clock.
describe("a notice of default received before the term ended", () => {
  it("is refused on the grant, naming the term's last day and the day a notice counts from", async () => {
    const { id, version } = await submittedPlan(s);
    // Not yet complete: the term has not begun (regulation art. 2.3: from the complete application).
    const notStarted = recordDefaultNotice(s.handler, id, amsterdamDate(new Date()));
    await expect(notStarted).rejects.toBeInstanceOf(RuleViolation);
    await expect(notStarted).rejects.toMatchObject({ field: "receivedOn" });
    await expect(notStarted).rejects.toThrow("nog niet begonnen");
    await declareComplete(s.handler, id, version);
    const stored = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { decisionDueOn: true } });
    const due = localDateFromDb(stored.decisionDueOn as Date);
    setClock(noonOn(addCalendarDays(due, 3)));
    const onLastDay = recordDefaultNotice(s.handler, id, due, undefined, { kind: "GRANT" });
    await expect(onLastDay).rejects.toBeInstanceOf(RuleViolation);
    await expect(onLastDay).rejects.toMatchObject({ field: "receivedOn" });
    await expect(onLastDay).rejects.toThrow(
      `Een ingebrekestelling telt pas na het einde van de beslistermijn op de aanvraag (die eindigde op ${formatDateNl(due)}), dus vanaf ${formatDateNl(addCalendarDays(due, 1))}. Deze is op ${formatDateNl(due)} ontvangen: te vroeg. Het plan krijgt geen dwangsom op grond hiervan`,
    );
    expect(await prisma.defaultNotice.count({ where: { planId: id } })).toBe(0);
    await recordDefaultNotice(s.handler, id, addCalendarDays(due, 1), undefined, { kind: "GRANT" });
    expect((await planTerms(prisma, id)).noticeReceivedOn).toBe(addCalendarDays(due, 1));
    // Nor may a correction move it back into the term.
    await expect(recordDefaultNotice(s.handler, id, addCalendarDays(due, -5))).rejects.toThrow("te vroeg");
    expect((await planTerms(prisma, id)).noticeReceivedOn).toBe(addCalendarDays(due, 1));
  });

  it("is refused on a request for verlenging, and one recorded earlier owes nothing", async () => {
    const { planId, extensionId, due } = await grantedWithExtensionRequest();
    setClock(noonOn(addCalendarDays(due, 30)));
    const subject = { kind: "EXTENSION", extensionId } as const;
    await expect(recordDefaultNotice(s.handler, planId, due, undefined, subject)).rejects.toThrow(
      `de beslistermijn op het verzoek om verlenging (die eindigde op ${formatDateNl(due)}), dus vanaf ${formatDateNl(addCalendarDays(due, 1))}.`,
    );
    await recordedEarlier(planId, addCalendarDays(due, -3), extensionId);
    const [term] = await extensionTermsOfPlan(prisma, planId);
    expect(term).toMatchObject({ noticeReceivedOn: addCalendarDays(due, -3), exposure: null });
    const overview = await termsOverview(s.handler);
    expect(overview.extensionTerms.find((t) => t.extensionId === extensionId)?.exposure).toBeNull();
    expect(overview.penalties.map((p) => p.id)).not.toContain(planId);
  });

  it("is refused on the vaststelling, and one recorded earlier owes nothing", async () => {
    const { planId, due } = await settlementRequested();
    setClock(noonOn(addCalendarDays(due, 30)));
    await expect(
      recordDefaultNotice(s.handler, planId, addCalendarDays(due, -1), undefined, { kind: "SETTLEMENT" }),
    ).rejects.toThrow(
      `de beslistermijn op de aanvraag tot vaststelling (die eindigde op ${formatDateNl(due)}), dus vanaf ${formatDateNl(addCalendarDays(due, 1))}. Deze is op ${formatDateNl(addCalendarDays(due, -1))} ontvangen: te vroeg.`,
    );
    await recordedEarlier(planId, due);
    expect(await settlementDecisionTerm(prisma, planId)).toMatchObject({
      noticeReceivedOn: due,
      exposure: null,
    });
    expect((await settlementPage(s.handler, planId)).decisionTerm).toMatchObject({ penalty: null });
    const overview = await termsOverview(s.handler);
    expect(overview.settlementTerms.find((t) => t.id === planId)?.exposure).toBeNull();
    expect(overview.penalties.map((p) => p.id)).not.toContain(planId);
  });
});
