import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import {
  advisePlan,
  declareComplete,
  draftPlan,
  grantPlan,
  submittedPlan,
} from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { waitingList } from "../budget/waiting-list.server.ts";
import { setClock } from "../clock.ts";
import { produceAcknowledgement } from "../documents/produce.server.ts";
import { produceNotConsideredDecision } from "../documents/supplement-letters.server.ts";
import { ConflictError, ForbiddenError, RuleViolation } from "../errors.ts";
import { EMAIL_TEMPLATES } from "../notifications/templates/index.server.ts";
import { saveStep, submitPlan } from "../plan/drafts.server.ts";
import { markComplete } from "../plan/review.server.ts";
import { readDraft } from "../plan/steps/wizard.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { withdrawPlan } from "../plan/withdrawal.server.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { sendDueReminders } from "../reminders/send-due.server.ts";
import { formatDateTimeNl, localDateFromDb, parseLocalDate, startOfAmsterdamDay } from "../time/index.ts";
import { applyEvent } from "../workflow/apply-event.server.ts";
import { ChecklistFailed, completenessChecklist } from "./completeness.server.ts";
import {
  NOTICE_NOT_AWAITING_DECISION,
  planTerms,
  recordDefaultNotice,
  termsOverview,
} from "./deadlines.server.ts";

/** hh:00 Dutch time on a day. */
const at = (day: string, hour = 10) =>
  new Date(startOfAmsterdamDay(parseLocalDate(day)).getTime() + hour * 3_600_000);
const ask = (termDays = "14") =>
  supplementRequestSchema.parse({
    text: "Voeg de begroting per maatregel toe.",
    steps: ["measures"],
    termDays,
  });

const planIds: string[] = [];
afterEach(() => setClock(null));
afterAll(async () => {
  // Leave no pending reminder behind for a worker on the real clock in a later test file.
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
});

async function scenarioAt(day: string): Promise<Scenario> {
  setClock(at(day, 9));
  return createScenario();
}

/** The applicant answers an open request: declares again and sends the plan back. */
async function answer(s: Scenario, id: string, version: number) {
  const draft = readDraft((await prisma.plan.findUniqueOrThrow({ where: { id } })).draftData);
  const saved = await saveStep(s.applicantA, id, version, "measures", draft.measures);
  const declared = await saveStep(s.applicantA, id, saved.version, "submit", {
    truthful: true,
    stateAid: true,
  });
  return submitPlan(s.applicantA, id, declared.version);
}

async function kinds(planId: string, state: "open" | "cancelled") {
  const rows = await prisma.reminder.findMany({
    where: { planId, sentAt: null, cancelledAt: state === "open" ? null : { not: null } },
    select: { kind: true },
  });
  return rows.map((r) => r.kind).sort();
}

async function letters(planId: string) {
  const rows = await prisma.outboxMessage.findMany({ where: { jobName: "render-letter" } });
  return rows
    .map((r) => r.payload as { kind: string; planId: string })
    .filter((p) => p.planId === planId)
    .map((p) => p.kind);
}

const versionOf = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

describe("the completeness checklist", () => {
  it("refuses 'compleet' per failing item and accepts once the handler confirms the signed agreement", async () => {
    const s = await scenarioAt("2026-03-02");
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    const unticked = await completenessChecklist(prisma, id, { agreementSigned: false });
    expect(unticked.filter((i) => !i.ok).map((i) => i.code)).toEqual(["agreement"]);

    const err = await markComplete(s.handler, id, version, { agreementSigned: false }).catch((e) => e);
    expect(err).toBeInstanceOf(ChecklistFailed);
    expect((err as ChecklistFailed).failures).toEqual([
      {
        code: "agreement",
        message: "Bijgevoegd. Bevestig dat de overeenkomst door alle partners is ondertekend.",
      },
    ]);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");

    const done = await markComplete(s.handler, id, version, { agreementSigned: true });
    expect(done.status).toBe("IN_ASSESSMENT");
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    // 13 weeks from Monday 2 March 2026.
    expect(localDateFromDb(plan.decisionDueOn as Date)).toBe("2026-06-01");
    expect(await kinds(id, "open")).toEqual(["DECISION_TERM_LAST_DAY", "DECISION_TERM_WARNING"]);
  });

  it("fails an earlier plan of the same lead applicant for the same sector, too few themes and a missing agreement", async () => {
    const s = await scenarioAt("2026-03-02");
    const first = await submittedPlan(s);
    setClock(at("2026-03-03"));
    const second = await submittedPlan(s);
    planIds.push(first.id, second.id);
    const items = await completenessChecklist(prisma, first.id, { agreementSigned: true });
    expect(items.every((i) => i.ok)).toBe(true);
    // As if the agreement had gone missing and both measures had the same theme.
    await prisma.planAttachment.deleteMany({ where: { planId: second.id } });
    await prisma.measure.updateMany({ where: { planId: second.id }, data: { theme: "scholing" } });
    const failing = (await completenessChecklist(prisma, second.id, { agreementSigned: true })).filter(
      (i) => !i.ok,
    );
    expect(failing.map((i) => i.code).sort()).toEqual(["agreement", "earlier", "themes"]);
    expect(failing.find((i) => i.code === "agreement")?.reason).toBe(
      "Er is geen samenwerkingsovereenkomst bijgevoegd.",
    );
    const earlier = failing.find((i) => i.code === "earlier");
    const firstRef = (await prisma.plan.findUniqueOrThrow({ where: { id: first.id } })).reference;
    expect(earlier?.reason).toContain(firstRef);
  });

  it("fails a second regional plan for the same region in the window, not one for another region (art. 2.3)", async () => {
    const s = await scenarioAt("2026-03-02");
    await prisma.regulation.update({
      where: { id: s.regulation.id },
      data: {
        regions: [
          { code: "R1", label: "Groot Amsterdam" },
          { code: "R2", label: "Twente" },
          { code: "R3", label: "Achterhoek" },
        ],
      },
    });
    const regional = async (regionCodes: string[]) => {
      const { id, version } = await draftPlan(s, {
        change: (i) => {
          i.lead.coverage = "REGIONS";
          i.lead.sectorCodes = [];
          i.lead.regionCodes = regionCodes;
        },
      });
      await submitPlan(s.applicantA, id, version);
      planIds.push(id);
      return id;
    };
    const first = await regional(["R1"]);
    setClock(at("2026-03-03"));
    const same = await regional(["R3", "R1"]);
    const other = await regional(["R2"]);

    const earlier = async (id: string) =>
      (await completenessChecklist(prisma, id, { agreementSigned: true })).find((i) => i.code === "earlier");
    const firstRef = (await prisma.plan.findUniqueOrThrow({ where: { id: first } })).reference;
    expect(await earlier(same)).toMatchObject({
      ok: false,
      reason: `Deze aanvrager diende in dit tijdvak al ${firstRef} in voor dezelfde regio.`,
    });
    expect(await earlier(other)).toMatchObject({
      ok: true,
      reason: "Geen eerdere aanvraag van deze aanvrager voor dezelfde regio in dit tijdvak.",
    });
    expect(await earlier(first)).toMatchObject({
      ok: true,
      reason: "Geen eerdere aanvraag van deze aanvrager voor dezelfde regio in dit tijdvak.",
    });
  });
});

describe("the moment of complete receipt (regulation art. 1.5, Awb 4:5)", () => {
  it("is when the complete version arrived, not when the handler declared it complete", async () => {
    // The window holds nothing, so both plans wait: in the order in which they ARRIVED.
    const s = await createScenarioWithTinyWindow("2026-03-02");
    const a = await submittedPlan(s);
    setClock(at("2026-03-03"));
    const b = await submittedPlan(s);
    planIds.push(a.id, b.id);
    setClock(at("2026-03-05"));
    expect((await declareComplete(s.handler, b.id, b.version)).status).toBe("WAITING_FOR_BUDGET");
    setClock(at("2026-03-06"));
    expect((await declareComplete(s.handler, a.id, a.version)).status).toBe("WAITING_FOR_BUDGET");

    const planA = await prisma.plan.findUniqueOrThrow({ where: { id: a.id } });
    expect(planA.completeReceivedAt?.toISOString()).toBe(at("2026-03-02", 9).toISOString());
    // The decision term runs from that arrival too: 13 weeks from Monday 2 March 2026.
    expect(localDateFromDb(planA.decisionDueOn as Date)).toBe("2026-06-01");
    const line = await waitingList(prisma, { windowId: s.window.id });
    expect(line.map((r) => r.planId)).toEqual([a.id, b.id]);
  });

  it("is the supplement's arrival for a plan that had to be completed", async () => {
    const s = await scenarioAt("2026-03-02");
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    setClock(at("2026-03-04"));
    const asked = await requestSupplement(s.handler, id, version, ask());
    setClock(at("2026-03-09", 11));
    const back = await answer(s, id, asked.version);
    setClock(at("2026-03-12"));
    await declareComplete(s.handler, id, back.version);
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    expect(plan.completeReceivedAt?.toISOString()).toBe(at("2026-03-09", 11).toISOString());
    // 13 weeks from Monday 9 March 2026.
    expect(localDateFromDb(plan.decisionDueOn as Date)).toBe("2026-06-08");
  });
});

describe("a supplement request and the decision term (Awb 4:5, 4:15)", () => {
  it("suspends the term of a plan in assessment and resumes it with the days it stood still", async () => {
    const s = await scenarioAt("2026-03-02");
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    const complete = await markComplete(s.handler, id, version, { agreementSigned: true });

    setClock(at("2026-03-10", 16));
    const asked = await requestSupplement(s.handler, id, complete.version, ask());
    const request = await prisma.supplementRequest.findFirstOrThrow({ where: { planId: id } });
    expect(request.fromStatus).toBe("IN_ASSESSMENT");
    expect(await kinds(id, "open")).toEqual(["SUPPLEMENT_TERM_LAPSED", "SUPPLEMENT_TERM_WARNING"]);
    expect(await kinds(id, "cancelled")).toEqual(["DECISION_TERM_LAST_DAY", "DECISION_TERM_WARNING"]);
    expect(await letters(id)).toContain("SUPPLEMENT_REQUEST");

    setClock(at("2026-03-20", 10));
    const back = await answer(s, id, asked.version);
    expect(back).toMatchObject({ status: "IN_ASSESSMENT" });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    // From Wednesday 11 March "tot" Friday 20 March (Awb 4:15): 9 days.
    expect(plan.suspendedDays).toBe(9);
    expect(localDateFromDb(plan.decisionDueOn as Date)).toBe("2026-06-10");
    expect(await kinds(id, "open")).toEqual(["DECISION_TERM_LAST_DAY", "DECISION_TERM_WARNING"]);
    const warning = await prisma.reminder.findUniqueOrThrow({
      where: { planId_kind: { planId: id, kind: "DECISION_TERM_WARNING" } },
    });
    expect(localDateFromDb(warning.termEnd)).toBe("2026-06-10");
    // The completeness order is not touched: the plan was complete already.
    expect(plan.receivedAt?.toISOString()).toBe(at("2026-03-02", 9).toISOString());
  });

  it("suspends the term no longer than the hersteltermijn when the supplement comes late", async () => {
    const s = await scenarioAt("2026-03-02");
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    const complete = await markComplete(s.handler, id, version, { agreementSigned: true });
    setClock(at("2026-03-10", 16));
    // 14 days: the hersteltermijn ends on Tuesday 24 March.
    const asked = await requestSupplement(s.handler, id, complete.version, ask("14"));
    setClock(at("2026-04-20", 10));
    expect(await answer(s, id, asked.version)).toMatchObject({ status: "IN_ASSESSMENT" });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    // From the day after the request up to the term's last day, not up to the late arrival (41).
    expect(plan.suspendedDays).toBe(14);
    expect(localDateFromDb(plan.decisionDueOn as Date)).toBe("2026-06-15");
  });

  it("makes the supplement's arrival the moment of receipt of a plan not yet complete", async () => {
    const s = await scenarioAt("2026-03-02");
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    setClock(at("2026-03-04"));
    const asked = await requestSupplement(s.handler, id, version, ask());
    setClock(at("2026-03-09", 11));
    expect(await answer(s, id, asked.version)).toMatchObject({ status: "SUBMITTED" });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    expect(plan.receivedAt?.toISOString()).toBe(at("2026-03-09", 11).toISOString());
    expect(plan.suspendedDays).toBe(0);
    expect(await kinds(id, "open")).toEqual([]);

    // The acknowledgement of version 2 confirms the supplement, not a new application: the
    // letter, the bell and the e-mail, dated by the supplement's arrival.
    const v2 = await prisma.planVersion.findUniqueOrThrow({
      where: { planId_number: { planId: id, number: 2 } },
    });
    const ack = await produceAcknowledgement(v2.id);
    const blob = await prisma.storedBlob.findUniqueOrThrow({ where: { key: ack.storageKey } });
    const text = (
      await extractText(await getDocumentProxy(new Uint8Array(blob.bytes)), { mergePages: true })
    ).text.replace(/\s+/g, " ");
    expect(text).toContain(`Op ${formatDateTimeNl(at("2026-03-09", 11))} heb ik de aanvulling ontvangen`);
    expect(text).toContain("Uw aangevulde aanvraag is versie 2.");
    expect(
      await prisma.notification.count({
        where: { planId: id, title: `Aanvulling op ${plan.reference} ontvangen` },
      }),
    ).toBeGreaterThan(0);
    const applicant = await prisma.user.findUniqueOrThrow({ where: { id: s.applicantA.userId } });
    const ctx = {
      recipient: { id: applicant.id, name: applicant.name, email: applicant.email },
      plan: {
        id,
        reference: plan.reference,
        title: plan.title,
        status: plan.status,
        organisationName: "Org",
      },
      publicUrl: "http://portaal.test",
      at: at("2026-03-09", 12),
    };
    const mail = await EMAIL_TEMPLATES["plan-received"].prepare(
      prisma,
      { template: "plan-received", planId: id, recipientUserId: applicant.id, documentId: ack.id },
      ctx,
    );
    expect(mail).toMatchObject({
      message: { subject: expect.stringMatching(/^De aanvulling op uw aanvraag SP-/) },
    });
    expect(JSON.stringify(mail)).toContain(`ontvangen op ${formatDateTimeNl(at("2026-03-09", 11))}`);
  });

  it("warns the applicant, tells the handler when the term lapsed, and only then allows 'buiten behandeling'", async () => {
    const s = await scenarioAt("2026-03-02");
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    setClock(at("2026-03-04"));
    const asked = await requestSupplement(s.handler, id, version, ask("7"));
    // 7 days from Wednesday 4 March: Wednesday 11 March; warning 3 days before, at 08:00.
    const due = (await prisma.supplementRequest.findFirstOrThrow({ where: { planId: id } })).dueAt;
    expect(due.toISOString()).toBe(new Date(at("2026-03-12", 0).getTime() - 1).toISOString());

    setClock(at("2026-03-08", 9));
    await sendDueReminders();
    const applicantNote = await prisma.notification.findFirst({
      where: { planId: id, userId: s.applicantA.userId, title: { startsWith: "Hersteltermijn" } },
    });
    expect(applicantNote?.body).toContain("11 maart 2026");

    const refuse = await prisma
      .$transaction((tx) =>
        applyEvent(tx, {
          planId: id,
          event: "not_consider",
          actor: s.handler,
          expectedVersion: asked.version,
        }),
      )
      .catch((e) => e);
    expect(refuse).toBeInstanceOf(ForbiddenError);
    expect((refuse as Error).message).toContain("De hersteltermijn loopt nog tot en met 11 maart 2026");

    setClock(at("2026-03-12", 9));
    await sendDueReminders();
    const handlerNote = await prisma.notification.findFirst({
      where: { planId: id, userId: s.handler.userId, title: { startsWith: "Hersteltermijn" } },
    });
    expect(handlerNote?.title).toContain("verstreken");
    const overview = await termsOverview(s.handler);
    expect(overview.lapsed.map((l) => l.id)).toContain(id);

    const closed = await prisma.$transaction((tx) =>
      applyEvent(tx, { planId: id, event: "not_consider", actor: s.handler, expectedVersion: asked.version }),
    );
    expect(closed.status).toBe("NOT_CONSIDERED");
    expect(await letters(id)).toContain("NOT_CONSIDERED_DECISION");
    const doc = await produceNotConsideredDecision(id);
    expect(doc.kind).toBe("NOT_CONSIDERED_DECISION");
    expect((await produceNotConsideredDecision(id)).id).toBe(doc.id);
    // A besluit, signed by the handler who took it, with the Awb's objection clause.
    const blob = await prisma.storedBlob.findUniqueOrThrow({ where: { key: doc.storageKey } });
    const text = (
      await extractText(await getDocumentProxy(new Uint8Array(blob.bytes)), { mergePages: true })
    ).text.replace(/\s+/g, " ");
    const handler = await prisma.user.findUniqueOrThrow({ where: { id: s.handler.userId } });
    expect(text).toContain(`De Minister van Sociale Zaken en Werkgelegenheid, namens deze, ${handler.name}`);
    expect(text).toContain("binnen zes weken na de dag waarop dit besluit is verzonden");
    const mails = await prisma.outboxMessage.findMany({
      where: { jobName: "send-email", payload: { path: ["template"], equals: "plan-not-considered" } },
    });
    expect(mails.filter((m) => (m.payload as { planId: string }).planId === id).length).toBeGreaterThan(0);
  });
});

describe("decision-term reminders go to the assignee", () => {
  it("sends the warning to the plan's handler only while it waits for budget, and records a penalty exposure", async () => {
    const s = await createScenarioWithTinyWindow("2026-03-02");
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    const done = await markComplete(s.handler, id, version, { agreementSigned: true });
    expect(done.status).toBe("WAITING_FOR_BUDGET");
    setClock(at("2026-05-25", 9));
    await sendDueReminders();
    const told = await prisma.notification.findMany({
      where: { planId: id, title: { startsWith: "Beslistermijn" } },
      select: { userId: true },
    });
    expect(told.map((t) => t.userId)).toEqual([s.handler.userId]);

    // Late: the applicant's notice of default arrives 3 June; from 17 June € 23 a day (Awb 4:17 lid 2).
    setClock(at("2026-06-19", 12));
    await recordDefaultNotice(s.handler, id, "2026-06-03");
    const terms = await planTerms(prisma, id);
    expect(terms.daysLeft).toBe(-18);
    expect(terms.exposure).toMatchObject({ firstDay: "2026-06-17", days: 3, cents: 6_900n });
    const overview = await termsOverview(s.handler);
    const row = overview.decisionTerms.find((t) => t.id === id);
    expect(row?.exposure?.cents).toBe(6_900n);
    expect(overview.totalPenaltyCents).toBeGreaterThanOrEqual(6_900n);
    await expect(recordDefaultNotice(s.handler, id, "2026-07-01")).rejects.toThrow("toekomst");
    await expect(termsOverview(s.applicantA)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("the notice of default (ingebrekestelling, Awb 4:17)", () => {
  it("is refused once the plan no longer awaits a decision, or on a stale page, and a withdrawal stops the penalty", async () => {
    const s = await createScenarioWithTinyWindow("2026-03-02");
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    const done = await markComplete(s.handler, id, version, { agreementSigned: true });
    setClock(at("2026-06-19", 12));
    // The page showed an older version of the plan: told it changed, nothing recorded.
    await expect(recordDefaultNotice(s.handler, id, "2026-06-03", done.version - 1)).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await prisma.defaultNotice.count({ where: { planId: id } })).toBe(0);
    await recordDefaultNotice(s.handler, id, "2026-06-03", done.version);
    expect((await planTerms(prisma, id)).noticeOpen).toBe(true);
    // A correction to a later day (a smaller penalty) keeps the day it replaced in the audit trail;
    // it is made from the page as it stands after the first (a recording bumps the plan's version).
    await recordDefaultNotice(s.handler, id, "2026-06-05", await versionOf(id));
    expect((await planTerms(prisma, id)).noticeReceivedOn).toBe("2026-06-05");
    const trail = await prisma.auditLog.findMany({
      where: { targetType: "Plan", targetId: id, action: "plan.default-notice-recorded" },
      orderBy: { id: "asc" },
      select: { actorId: true, details: true },
    });
    expect(trail).toEqual([
      {
        actorId: s.handler.userId,
        details: { receivedOn: "2026-06-03", previousReceivedOn: null, previousRecordedById: null },
      },
      {
        actorId: s.handler.userId,
        details: {
          receivedOn: "2026-06-05",
          previousReceivedOn: "2026-06-03",
          previousRecordedById: s.handler.userId,
        },
      },
    ]);
    await recordDefaultNotice(s.handler, id, "2026-06-03", await versionOf(id));

    await withdrawPlan(s.applicantA, id, await versionOf(id), "Wij zien af van de aanvraag.");
    setClock(at("2026-07-10", 12));
    const refused = recordDefaultNotice(s.handler, id, "2026-06-04");
    await expect(refused).rejects.toBeInstanceOf(RuleViolation);
    await expect(refused).rejects.toThrow(NOTICE_NOT_AWAITING_DECISION);
    const terms = await planTerms(prisma, id);
    expect(terms.noticeOpen).toBe(false);
    expect(terms.noticeReceivedOn).toBe("2026-06-03");
    // Owed from 17 June up to the day before the withdrawal (19 June): two days, not 24.
    expect(terms.exposure).toMatchObject({ firstDay: "2026-06-17", days: 2, cents: 4_600n });
    const row = (await termsOverview(s.handler)).penalties.find((p) => p.id === id);
    expect(row?.exposure?.cents).toBe(4_600n);
  });
});

async function createScenarioWithTinyWindow(day: string): Promise<Scenario> {
  setClock(at(day, 9));
  return createScenario({ windowCeiling: 1_000n });
}

describe("the execution-start check (regulation art. 5.2)", () => {
  it("schedules EXECUTION_NOT_STARTED at the grant (surviving stopReminders) and cancels it on report_start", async () => {
    const s = await scenarioAt("2026-03-02");
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    const complete = await markComplete(s.handler, id, version, { agreementSigned: true });
    setClock(at("2026-04-15", 11));
    const advised = await advisePlan(s, id, complete.version);
    await grantPlan(s, id, advised);
    const reminder = await prisma.reminder.findUniqueOrThrow({
      where: { planId_kind: { planId: id, kind: "EXECUTION_NOT_STARTED" } },
    });
    // Six months after Wednesday 15 April 2026: Thursday 15 October; the reminder the morning after.
    expect(localDateFromDb(reminder.termEnd)).toBe("2026-10-15");
    expect(reminder.cancelledAt).toBeNull();
    expect(reminder.dueAt.toISOString()).toBe(at("2026-10-16", 8).toISOString());
    expect(await kinds(id, "cancelled")).toEqual(["DECISION_TERM_LAST_DAY", "DECISION_TERM_WARNING"]);

    // Not started in time: the handler is told and the terms page flags the grant.
    setClock(at("2026-10-16", 9));
    await sendDueReminders();
    expect((await termsOverview(s.handler)).executionLate.map((e) => e.id)).toContain(id);
    expect(
      await prisma.notification.count({
        where: { planId: id, userId: s.handler.userId, title: { startsWith: "Uitvoering" } },
      }),
    ).toBe(1);

    // A start reported (late, but reported) takes it off the list.
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    await prisma.$transaction((tx) =>
      applyEvent(tx, {
        planId: id,
        event: "report_start",
        actor: s.applicantA,
        expectedVersion: plan.version,
        input: { startedOn: "2026-10-01" },
      }),
    );
    expect((await termsOverview(s.handler)).executionLate.map((e) => e.id)).not.toContain(id);
  });
});
