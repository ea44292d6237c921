import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { writeRealisationReport } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { revokeGrant } from "../decision/decide.server.ts";
import { FOUR_EYES_REFUSAL } from "../decision/engine.server.ts";
import { loadDecisionLetterInput } from "../documents/decision-letter-input.server.ts";
import { loadExtensionLetterInput } from "../documents/extension-letter.server.ts";
import { REVOCATION_REASON, revocableScenarioPlan } from "../documents/revocation.test-support.ts";
import { grantedScenarioPlan } from "../documents/test-fixtures.server.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { getPlanView } from "../plan/view.server.ts";
import { getRealisationReport, openRealisationReport } from "../settlement/report.server.ts";
import { interimReportDueDates, reportDueOn } from "../settlement/terms.ts";
import {
  amsterdamDate,
  compareLocalDates,
  formatDateNl,
  type LocalDate,
  localDateFromDb,
  localDateToDb,
  termEnd,
  termEndAfterDay,
} from "../time/index.ts";
import { applyEvent } from "../workflow/apply-event.server.ts";
import { eventHash } from "../workflow/chain.server.ts";
import {
  decideExtension,
  ExtensionInputError,
  listOpenExtensions,
  loadExtensions,
  requestExtension,
  withdrawExtension,
} from "./extension.server.ts";
import {
  ALREADY_EXTENDED,
  EXTENSION_HANDLED,
  EXTENSION_NOT_IN_TERMS,
  EXTENSION_REQUEST_OPEN,
  extensionLetterKey,
  NOT_A_SIGNATORY_TO_EXTEND,
  NOT_EXTENDABLE_STATUS,
  PERIOD_ENDED,
  SETTLEMENT_WHILE_EXTENSION_OPEN,
} from "./rules.ts";
import { grantDecidedAt, markInterimReportSubmitted } from "./test-support.server.ts";

/**
 * Verlenging (regulation art. 1.2a) through the use cases, on plans granted through the portal's
 * own use cases (€ 300.000 in each of two years, 1 January of year + 1 to 31 December of year + 2).
 */

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
// Leave no pending reminder (the requests' decision-term warnings, the reports') for a worker on the
// real clock in a later test file.
afterAll(async () => {
  await prisma.reminder.updateMany({
    where: { plan: { organisationId: { in: [s.orgA.id, s.orgB.id] } }, sentAt: null, cancelledAt: null },
    data: { cancelledAt: new Date() },
  });
  await disconnectPrisma();
});

const MOTIVATION = "De uitvoering liep vertraging op door een tekort aan praktijkbegeleiders.";
const REASON = "Een deel van de vertraging is te voorzien geweest; drie maanden volstaan.";

const version = async (planId: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id: planId }, select: { version: true } })).version;

const planRow = (planId: string) => prisma.plan.findUniqueOrThrow({ where: { id: planId } });

/** A granted plan (GRANTED), or with `started` reported as started today (IN_EXECUTION). */
async function grantedPlan(started = false): Promise<{ planId: string; end: LocalDate; start: LocalDate }> {
  const { planId } = await grantedScenarioPlan(s);
  if (started)
    await reportExecutionStart(s.applicantA, planId, await version(planId), amsterdamDate(new Date()));
  // Art. 1.2a lid 2: a request only after the interim report after the 12th month.
  await markInterimReportSubmitted(planId);
  const plan = await planRow(planId);
  if (!plan.periodEnd || !plan.periodStart) throw new Error("no period");
  return { planId, end: localDateFromDb(plan.periodEnd), start: localDateFromDb(plan.periodStart) };
}

/**
 * A grant decided after the period began (one that waited for budget): a request late in the
 * period is then within 24 months of the grant's date (art. 1.2a lid 2).
 */
const decidedLate = (planId: string) => grantDecidedAt(planId, new Date(`${s.year + 1}-01-05T10:00:00Z`));

async function request(planId: string, months: number | string = 6, actor: Actor = s.applicantA) {
  return requestExtension(actor, planId, await version(planId), { months, motivation: MOTIVATION });
}

async function decide(planId: string, extensionId: string, input: unknown, actor: Actor = s.decisionMaker) {
  return decideExtension(actor, planId, await version(planId), extensionId, input);
}

const letterMessages = async (planId: string) =>
  (await prisma.outboxMessage.findMany({ where: { jobName: "render-letter" } })).filter((m) => {
    const p = m.payload as { planId?: string; kind?: string };
    return p.planId === planId && p.kind === "EXTENSION_DECISION";
  });

async function colleague(signatory: boolean): Promise<Actor> {
  const user = await prisma.user.create({
    data: {
      email: `collega-${randomUUID()}@test.example`,
      name: "Collega",
      passwordHash: "not-a-login",
      memberships: { create: { role: "APPLICANT", organisationId: s.orgA.id, isSignatory: signatory } },
    },
  });
  return { userId: user.id, roles: ["APPLICANT"], organisationIds: [s.orgA.id] };
}

describe("a request granted in full", () => {
  it("moves the end, the report's due date and reminder, adds an interim report, and moves no money", async () => {
    const { planId, end, start } = await grantedPlan(true);
    expect(end).toBe(`${s.year + 2}-12-31`);
    const reminderBefore = await prisma.reminder.findUniqueOrThrow({
      where: { planId_kind: { planId, kind: "SETTLEMENT_REPORT_WARNING" } },
    });
    expect(localDateFromDb(reminderBefore.termEnd)).toBe(reportDueOn(localDateToDb(end), 13));
    expect(interimReportDueDates(start, end)).toHaveLength(1);
    const money = async () => ({
      ledger: await prisma.ledgerEntry.findMany({ where: { planId }, orderBy: { id: "asc" } }),
      payments: await prisma.payment.findMany({ where: { planId }, orderBy: { sequence: "asc" } }),
      years: await prisma.decisionYear.findMany({
        where: { decision: { planId } },
        orderBy: { year: "asc" },
      }),
    });
    const moneyBefore = await money();

    const requested = await request(planId, "6");
    const open = await prisma.planExtension.findUniqueOrThrow({ where: { id: requested.extensionId } });
    expect(open).toMatchObject({
      planId,
      status: "REQUESTED",
      requestedMonths: 6,
      motivation: MOTIVATION,
      requestedById: s.applicantA.userId,
    });
    expect(localDateFromDb(open.previousPeriodEnd)).toBe(end);
    // The handler hears of it in the bell, linked to the tab where it is decided.
    expect(
      await prisma.notification.findMany({
        where: { planId, userId: s.handler.userId, title: { startsWith: "Verzoek om verlenging" } },
        select: { link: true },
      }),
    ).toEqual([{ link: `/behandeling/plannen/${planId}/verlenging` }]);

    await decide(planId, requested.extensionId, { outcome: "GRANT", months: "6", reason: "" });

    const newEnd = `${s.year + 3}-06-30` as LocalDate;
    const plan = await planRow(planId);
    expect(plan.status).toBe("IN_EXECUTION");
    expect(localDateFromDb(plan.periodEnd as Date)).toBe(newEnd);
    const granted = await prisma.planExtension.findUniqueOrThrow({ where: { id: requested.extensionId } });
    expect(granted).toMatchObject({
      status: "GRANTED",
      grantedMonths: 6,
      decidedById: s.decisionMaker.userId,
      decisionReason: null,
    });
    expect(localDateFromDb(granted.newPeriodEnd as Date)).toBe(newEnd);

    // The realisation report is due 13 weeks after the new end, and its reminder moved with it.
    const reminder = await prisma.reminder.findUniqueOrThrow({
      where: { planId_kind: { planId, kind: "SETTLEMENT_REPORT_WARNING" } },
    });
    expect(localDateFromDb(reminder.termEnd)).toBe(reportDueOn(localDateToDb(newEnd), 13));
    expect(reminder.dueAt.getTime()).toBeGreaterThan(reminderBefore.dueAt.getTime());
    expect(reminder.sentAt).toBeNull();
    // Now longer than 24 months: a second interim report, 8 weeks after the 24th month.
    const interim = interimReportDueDates(start, newEnd);
    expect(interim).toHaveLength(2);
    expect(interim[1]).toBe(termEndAfterDay(end, { weeks: 8 }));

    const view = await loadExtensions(s.applicantA, planId);
    expect(view.plan.periodEnd).toBe(newEnd);
    expect(view.plan.reportDueOn).toBe(reportDueOn(localDateToDb(newEnd), 13));
    expect(view.plan.interimReportDueOn).toEqual(interim);
    expect(view.granted?.id).toBe(requested.extensionId);
    expect(view.open).toBeNull();
    expect(view.canRequest).toEqual({ ok: false, reason: ALREADY_EXTENDED });

    // Time, not money: the ledger, the advances and the amounts per year are as they were.
    expect(await money()).toEqual(moneyBefore);

    // The letter, once; the organisation is told when it is stored (the letter's job).
    const letters = await letterMessages(planId);
    expect(letters.map((m) => m.payload)).toEqual([
      { kind: "EXTENSION_DECISION", planId, extensionId: requested.extensionId },
    ]);

    // The realisation report's page says where the extension months' costs go.
    const report = await getRealisationReport(s.applicantA, planId);
    expect(report.years).toEqual([s.year + 1, s.year + 2]);
    expect(report.extensionNote).toBe(
      `De periode is verlengd tot en met 30 juni ${s.year + 3}. Kosten uit de verlengingsmaanden vallen onder het laatste jaar van het plan, ${s.year + 2}, en tellen mee tot de subsidiabele kosten die de verlening voor dat jaar dekt.`,
    );

    // The grant's own letter, made late or made again, keeps the period it granted.
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId }, select: { id: true } });
    expect((await loadDecisionLetterInput(prisma, decision.id)).plan.periodEnd).toBe(end);

    // Once only (art. 1.2a).
    await expect(request(planId)).rejects.toThrow(ALREADY_EXTENDED);
    await expect(request(planId)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("records each act in the plan's hash chain with its payload, the status staying as it is", async () => {
    const { planId, end } = await grantedPlan();
    const { extensionId } = await request(planId, 2);
    await decide(planId, extensionId, { outcome: "GRANT", months: 2 });
    const events = await prisma.workflowEvent.findMany({ where: { planId }, orderBy: { id: "asc" } });
    const [requestEvent, decideEvent] = events.slice(-2);
    expect(requestEvent).toMatchObject({
      event: "request_extension",
      fromStatus: "GRANTED",
      toStatus: "GRANTED",
      actorId: s.applicantA.userId,
      actorRole: "APPLICANT",
      reason: MOTIVATION,
      payload: { extensionId, months: 2, previousEnd: end, outcome: "REQUESTED" },
    });
    expect(decideEvent).toMatchObject({
      event: "decide_extension",
      fromStatus: "GRANTED",
      toStatus: "GRANTED",
      actorId: s.decisionMaker.userId,
      actorRole: "DECISION_MAKER",
      payload: {
        extensionId,
        months: 2,
        previousEnd: end,
        newEnd: `${s.year + 3}-02-28`,
        outcome: "GRANTED",
      },
    });
    for (let i = 1; i < events.length; i++) {
      const e = events[i] as (typeof events)[number];
      const prev = events[i - 1]?.hash ?? null;
      expect(e.prevHash).toBe(prev);
      expect(e.hash).toBe(eventHash(e, prev));
    }
    // A plan that has not started gets its report reminder at report_start, on the new end.
    expect(await prisma.reminder.count({ where: { planId, kind: "SETTLEMENT_REPORT_WARNING" } })).toBe(0);
  });

  it("writes the letter's message in the decision's own transaction", async () => {
    const { planId, end } = await grantedPlan();
    const { extensionId } = await request(planId, 6);
    const v = await version(planId);
    await expect(
      prisma.$transaction(async (tx) => {
        await applyEvent(tx, {
          planId,
          event: "decide_extension",
          actor: s.decisionMaker,
          expectedVersion: v,
          input: {
            extension: {
              id: extensionId,
              months: 6,
              previousEnd: end,
              newEnd: `${s.year + 3}-06-30`,
              outcome: "GRANTED",
            },
          },
        });
        expect(
          await tx.outboxMessage.count({
            where: {
              jobName: "render-letter",
              AND: [
                { payload: { path: ["extensionId"], equals: extensionId } },
                { payload: { path: ["kind"], equals: "EXTENSION_DECISION" } },
              ],
            },
          }),
        ).toBe(1);
        throw new Error("the transaction fails after the event");
      }),
    ).rejects.toThrow("the transaction fails after the event");
    expect(await letterMessages(planId)).toHaveLength(0);
    expect(localDateFromDb((await planRow(planId)).periodEnd as Date)).toBe(end);
    expect((await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } })).status).toBe(
      "REQUESTED",
    );
  });
});

describe("the interim reports' days on the verlenging's view", () => {
  // A late grant (one that waited for budget) tells of no day already past: the view gives the
  // days of the grant letter and of the verlenging's letter, as the plan page does, not art. 5.4's.
  it("are the letters' days: never before 8 weeks after a late grant, nor after a late verlenging", async () => {
    const { planId, start, end } = await grantedPlan(true);
    // Granted a month before art. 5.4's day for the report after the 12th month.
    const [bare] = interimReportDueDates(start, end);
    const grantedAt = new Date(`${s.year + 2}-02-01T10:00:00Z`);
    await prisma.decision.update({ where: { planId }, data: { decidedAt: grantedAt } });
    const first = termEnd(grantedAt, { weeks: 8 });
    expect(compareLocalDates(first, bare as LocalDate)).toBeGreaterThan(0);
    const view = async () => (await loadExtensions(s.applicantA, planId)).plan.interimReportDueOn;
    expect(await view()).toEqual([first]);

    // A verlenging decided after art. 5.4's day for the report it adds (after the 24th month).
    setClock(new Date(`${s.year + 2}-12-20T10:00:00Z`));
    const { extensionId } = await request(planId, 6);
    const decidedAt = new Date(`${s.year + 3}-02-20T10:00:00Z`);
    setClock(decidedAt);
    await decide(planId, extensionId, { outcome: "GRANT", months: "6", reason: "" });
    const { addedInterimReport: added } = await loadExtensionLetterInput(prisma, extensionId);
    expect(added).toEqual({ afterMonths: 24, dueOn: termEnd(decidedAt, { weeks: 8 }) });
    expect(await view()).toEqual([first, added?.dueOn]);
    // The plan page shows the same days.
    const page = (await getPlanView(s.applicantA, planId)).interimReports.map((r) => r.dueOn);
    expect(await view()).toEqual(page);
  });
});

describe("a partial grant and a refusal", () => {
  it("grants fewer months only with reasons (Awb 3:46)", async () => {
    const { planId } = await grantedPlan();
    const { extensionId } = await request(planId, 6);
    const attempt = decide(planId, extensionId, { outcome: "GRANT", months: "3", reason: "" });
    await expect(attempt).rejects.toBeInstanceOf(ExtensionInputError);
    await expect(attempt).rejects.toMatchObject({
      field: "reason",
      message: "Schrijf waarom u minder maanden verleent dan gevraagd (6), in ten minste 20 tekens.",
    });
    await expect(decide(planId, extensionId, { outcome: "GRANT", months: "7" })).rejects.toThrow(
      "Kies het aantal maanden: 1 tot en met 6.",
    );
    await decide(planId, extensionId, { outcome: "GRANT", months: "3", reason: REASON });
    const row = await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } });
    expect(row).toMatchObject({ status: "GRANTED", grantedMonths: 3, decisionReason: REASON });
    expect(localDateFromDb((await planRow(planId)).periodEnd as Date)).toBe(`${s.year + 3}-03-31`);
    const event = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId, event: "decide_extension" },
    });
    expect(event.reason).toBe(REASON);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { targetId: planId, action: "extension.granted" },
    });
    expect(audit.details).toMatchObject({ extensionId, requestedMonths: 6, grantedMonths: 3 });
  });

  it("refuses with reasons: the end stays, a letter follows, and a new request may be made", async () => {
    const { planId, end } = await grantedPlan(true);
    const { extensionId } = await request(planId, 6);
    await expect(decide(planId, extensionId, { outcome: "REFUSE", reason: "Nee." })).rejects.toThrow(
      "Schrijf waarom de verlenging wordt geweigerd, in ten minste 20 tekens.",
    );
    await decide(planId, extensionId, { outcome: "REFUSE", reason: REASON });
    const row = await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } });
    expect(row).toMatchObject({
      status: "REFUSED",
      grantedMonths: null,
      newPeriodEnd: null,
      decisionReason: REASON,
    });
    expect(localDateFromDb((await planRow(planId)).periodEnd as Date)).toBe(end);
    expect(await letterMessages(planId)).toHaveLength(1);
    const event = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId, event: "decide_extension" },
    });
    expect(event.payload).toEqual({ extensionId, months: 6, previousEnd: end, outcome: "REFUSED" });
    // Once the worker stored the letter, the request names it.
    const letter = await prisma.document.create({
      data: {
        planId,
        kind: "EXTENSION_DECISION",
        idempotencyKey: extensionLetterKey(extensionId),
        title: "Besluit op het verzoek om verlenging",
        filename: "besluit-verlenging.pdf",
        mimeType: "application/pdf",
        sha256: "0".repeat(64),
        byteSize: 1,
        storageKey: `test/${extensionId}`,
      },
    });
    const view = await loadExtensions(s.applicantA, planId);
    expect(view.rows.find((r) => r.id === extensionId)).toMatchObject({
      status: "REFUSED",
      decisionReason: REASON,
      decidedByName: expect.stringContaining("DECISION_MAKER"),
      letterDocumentId: letter.id,
    });
    // A refused request does not count as the one extension.
    const again = await request(planId, 2);
    expect(again.extensionId).not.toBe(extensionId);
  });
});

describe("a refusal near or after the realisation report's day", () => {
  // request_settlement waits while a request is open (SETTLEMENT_WHILE_EXTENSION_OPEN), so the days
  // the decision maker took may not make the report late: 8 weeks from the besluit, as ADR 0026.
  it("gives the report eight weeks from the besluit: on its row, its reminder, the letter and the page", async () => {
    const { planId, end } = await grantedPlan(true);
    const opened = await grantedPlan(true);
    await decidedLate(planId);
    await decidedLate(opened.planId);
    setClock(new Date(`${s.year + 2}-12-20T10:00:00Z`));
    const { extensionId } = await request(planId, 6);
    const other = await request(opened.planId, 6);
    const due = reportDueOn(localDateToDb(end), 13);
    // One report is opened while the request is open; the other only after the besluit.
    setClock(new Date(`${s.year + 3}-01-05T10:00:00Z`));
    expect((await openRealisationReport(s.applicantA, opened.planId)).dueOn).toBe(due);

    // A late besluit, after the art. 5.5 day (1 April).
    const decidedAt = new Date(`${s.year + 3}-04-10T10:00:00Z`);
    setClock(decidedAt);
    await decide(planId, extensionId, { outcome: "REFUSE", reason: REASON });
    await decide(opened.planId, other.extensionId, { outcome: "REFUSE", reason: REASON });
    const moved = termEnd(decidedAt, { weeks: 8 });
    for (const id of [planId, opened.planId]) {
      const report = await prisma.realisationReport.findUniqueOrThrow({ where: { planId: id } });
      expect(localDateFromDb(report.dueOn as Date)).toBe(moved);
      const reminder = await prisma.reminder.findUniqueOrThrow({
        where: { planId_kind: { planId: id, kind: "SETTLEMENT_REPORT_WARNING" } },
      });
      expect(reminder).toMatchObject({ sentAt: null, cancelledAt: null });
      expect(localDateFromDb(reminder.termEnd)).toBe(moved);
      expect((await getRealisationReport(s.applicantA, id)).dueOn).toBe(moved);
    }
    expect(localDateFromDb((await planRow(planId)).periodEnd as Date)).toBe(end);
    expect(await loadExtensionLetterInput(prisma, extensionId)).toMatchObject({
      outcome: "REFUSED",
      previousReportDueOn: due,
      reportDueOn: moved,
    });

    // Submitted the next day, the report is on time.
    setClock(new Date(`${s.year + 3}-04-11T10:00:00Z`));
    await writeRealisationReport(s, planId, 1_000_000n);
    const event = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId, event: "request_settlement" },
    });
    expect(event.reason).toBe("Realisatieverslag ingediend.");
  });

  it("keeps the report's day when the besluit leaves eight weeks or more before it", async () => {
    const { planId, end } = await grantedPlan(true);
    await decidedLate(planId);
    setClock(new Date(`${s.year + 2}-12-20T10:00:00Z`));
    const { extensionId } = await request(planId, 6);
    setClock(new Date(`${s.year + 3}-01-05T10:00:00Z`));
    await openRealisationReport(s.applicantA, planId);
    await decide(planId, extensionId, { outcome: "REFUSE", reason: REASON });
    const due = reportDueOn(localDateToDb(end), 13);
    const report = await prisma.realisationReport.findUniqueOrThrow({ where: { planId } });
    expect(localDateFromDb(report.dueOn as Date)).toBe(due);
    expect((await loadExtensionLetterInput(prisma, extensionId)).reportDueOn).toBe(due);
  });

  it("a withdrawal moves nothing: the organisation could end the wait itself", async () => {
    const { planId, end } = await grantedPlan(true);
    await decidedLate(planId);
    setClock(new Date(`${s.year + 2}-12-20T10:00:00Z`));
    const { extensionId } = await request(planId, 6);
    setClock(new Date(`${s.year + 3}-04-10T10:00:00Z`));
    await withdrawExtension(s.applicantA, planId, await version(planId), extensionId);
    await writeRealisationReport(s, planId, 1_000_000n);
    const due = reportDueOn(localDateToDb(end), 13);
    const report = await prisma.realisationReport.findUniqueOrThrow({ where: { planId } });
    expect(localDateFromDb(report.dueOn as Date)).toBe(due);
    const event = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId, event: "request_settlement" },
    });
    expect(event.reason).toBe(`Realisatieverslag te laat ingediend (uiterste datum ${formatDateNl(due)}).`);
  });
});

describe("withdrawing a request", () => {
  it("is open to a tekenbevoegde of the organisation, without a letter; a new request may follow", async () => {
    const { planId } = await grantedPlan();
    const { extensionId } = await request(planId, 4);
    await expect(
      withdrawExtension(s.applicantB, planId, await version(planId), extensionId),
    ).rejects.toBeInstanceOf(NotFoundError);
    // Another tekenbevoegde than the one who asked (extension-withdraw.test.ts: not a colleague who is none).
    const member = await colleague(true);
    await withdrawExtension(member, planId, await version(planId), extensionId);
    const row = await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } });
    expect(row.status).toBe("WITHDRAWN");
    expect(row.closedAt).not.toBeNull();
    expect(await letterMessages(planId)).toHaveLength(0);
    const event = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId, event: "withdraw_extension" },
    });
    expect(event).toMatchObject({ actorId: member.userId, toStatus: "GRANTED" });
    // Withdrawn twice, or decided after the withdrawal: nothing is open any more.
    await expect(decide(planId, extensionId, { outcome: "REFUSE", reason: REASON })).rejects.toThrow(
      "Er staat geen verzoek om verlenging open voor dit plan.",
    );
    const next = await request(planId, 4);
    // A page still showing the old request acts on it no more.
    await expect(withdrawExtension(s.applicantA, planId, await version(planId), extensionId)).rejects.toThrow(
      EXTENSION_HANDLED,
    );
    await withdrawExtension(s.applicantA, planId, await version(planId), next.extensionId);
  });
});

describe("who may ask, and when", () => {
  it("refuses a second request while one is open", async () => {
    const { planId } = await grantedPlan();
    await request(planId, 6);
    await expect(request(planId, 2)).rejects.toThrow(EXTENSION_REQUEST_OPEN);
    expect(await prisma.planExtension.count({ where: { planId } })).toBe(1);
    expect((await loadExtensions(s.applicantA, planId)).canRequest).toEqual({
      ok: false,
      reason: EXTENSION_REQUEST_OPEN,
    });
  });

  it("refuses once the period has ended, but decides a request made in time after it", async () => {
    const { planId, end } = await grantedPlan(true);
    const other = await grantedPlan(true);
    await decidedLate(other.planId);
    expect(other.end).toBe(end);
    const { extensionId } = await request(planId, 6);
    // The day after the last day of the period: the realisation report opens, due 13 weeks on.
    setClock(new Date(`${s.year + 3}-01-01T09:00:00Z`));
    expect((await openRealisationReport(s.applicantA, planId)).dueOn).toBe(
      reportDueOn(localDateToDb(end), 13),
    );
    await decide(planId, extensionId, { outcome: "GRANT", months: 6 });
    const newEnd = `${s.year + 3}-06-30` as LocalDate;
    expect(localDateFromDb((await planRow(planId)).periodEnd as Date)).toBe(newEnd);
    // The opened report is due 13 weeks after the new end, and closed until then.
    const report = await prisma.realisationReport.findUniqueOrThrow({ where: { planId } });
    expect(localDateFromDb(report.dueOn as Date)).toBe(reportDueOn(localDateToDb(newEnd), 13));
    expect((await getRealisationReport(s.applicantA, planId)).open).toBe(false);

    setClock(new Date(`${s.year + 2}-12-31T22:30:00Z`)); // 23:30 on the last day, Dutch time
    expect((await loadExtensions(s.applicantA, other.planId)).canRequest).toEqual({ ok: true });
    setClock(new Date(`${s.year + 2}-12-31T23:30:00Z`)); // 00:30 on 1 January, Dutch time
    await expect(request(other.planId)).rejects.toThrow(PERIOD_ENDED);
    expect((await loadExtensions(s.applicantA, other.planId)).canRequest).toEqual({
      ok: false,
      reason: PERIOD_ENDED,
    });
  });

  it("refuses when the grant's terms allow no extension, and more months than they allow", async () => {
    const { planId, decisionId } = { ...(await grantedScenarioPlan(s)) };
    await markInterimReportSubmitted(planId);
    await expect(request(planId, 7)).rejects.toThrow("Kies het aantal maanden: 1 tot en met 6.");
    await expect(request(planId, 7)).rejects.toMatchObject({ field: "months" });
    const decision = await prisma.decision.findUniqueOrThrow({ where: { id: decisionId } });
    await prisma.decision.update({
      where: { id: decisionId },
      data: { terms: { ...(decision.terms as object), extensionMonths: 0 } },
    });
    await expect(request(planId, 1)).rejects.toThrow(EXTENSION_NOT_IN_TERMS);
    expect((await loadExtensions(s.applicantA, planId)).maxMonths).toBe(0);
    expect(await prisma.planExtension.count({ where: { planId } })).toBe(0);
  });

  it("refuses an applicant who is no signatory, and hides the plan from another organisation", async () => {
    const { planId } = await grantedPlan();
    const member = await colleague(false);
    await expect(request(planId, 6, member)).rejects.toThrow(NOT_A_SIGNATORY_TO_EXTEND);
    expect((await loadExtensions(member, planId)).canRequest).toEqual({
      ok: false,
      reason: NOT_A_SIGNATORY_TO_EXTEND,
    });
    await expect(request(planId, 6, s.applicantB)).rejects.toBeInstanceOf(NotFoundError);
    await expect(loadExtensions(s.applicantB, planId)).rejects.toBeInstanceOf(NotFoundError);
    // Another signatory of the organisation may.
    await request(planId, 6, await colleague(true));
  });

  it("refuses a request, and a decision, on a plan that is not granted", async () => {
    const { planId } = await grantedPlan();
    const { extensionId } = await request(planId, 6);
    await prisma.plan.update({ where: { id: planId }, data: { status: "SETTLEMENT_REQUESTED" } });
    await expect(request(planId)).rejects.toBeInstanceOf(ConflictError);
    // The page names the rule, not the workflow's "past niet bij de huidige status".
    expect((await loadExtensions(s.applicantA, planId)).canRequest).toEqual({
      ok: false,
      reason: NOT_EXTENDABLE_STATUS,
    });
    await expect(decide(planId, extensionId, { outcome: "GRANT", months: 6 })).rejects.toThrow(
      "Deze handeling past niet bij de huidige status van het plan.",
    );
    expect(await prisma.planExtension.count({ where: { planId, status: "GRANTED" } })).toBe(0);
  });
});

describe("the decision maker", () => {
  it("is no one who handled or advised the plan (four eyes), and no applicant", async () => {
    const { planId } = await grantedPlan();
    const { extensionId } = await request(planId, 6);
    const handlerDeciding: Actor = { ...s.handler, roles: ["CASE_HANDLER", "DECISION_MAKER"] };
    await expect(
      decide(planId, extensionId, { outcome: "GRANT", months: 6 }, handlerDeciding),
    ).rejects.toThrow(FOUR_EYES_REFUSAL);
    const adviserDeciding: Actor = { ...s.adviser, roles: ["ADVISER", "DECISION_MAKER"] };
    await expect(
      decide(planId, extensionId, { outcome: "GRANT", months: 6 }, adviserDeciding),
    ).rejects.toThrow(FOUR_EYES_REFUSAL);
    await expect(decide(planId, extensionId, { outcome: "GRANT", months: 6 }, s.applicantA)).rejects.toThrow(
      "Uw rol mag deze handeling niet uitvoeren.",
    );
    expect((await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } })).status).toBe(
      "REQUESTED",
    );
  });

  it("sees the open requests, oldest first, with the decision term and whether it has passed", async () => {
    const { planId } = await grantedPlan();
    const requestedAt = new Date();
    const { extensionId } = await request(planId, 5);
    const mine = (rows: Awaited<ReturnType<typeof listOpenExtensions>>) =>
      rows.find((r) => r.id === extensionId);
    const row = mine(await listOpenExtensions(s.decisionMaker));
    expect(row).toMatchObject({
      planId,
      requestedMonths: 5,
      status: "REQUESTED",
      organisationName: s.orgA.name,
      overdue: false,
      letterDocumentId: null,
    });
    expect(row?.decisionDueOn).toBe(termEndAfterDay(amsterdamDate(requestedAt), { weeks: 8 }));
    setClock(new Date(requestedAt.getTime() + 70 * 86_400_000));
    expect(mine(await listOpenExtensions(s.handler))?.overdue).toBe(true);
    const all = await listOpenExtensions(s.decisionMaker);
    const times = all.map((r) => r.requestedAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    await expect(listOpenExtensions(s.applicantA)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listOpenExtensions(s.adviser)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("when the grant ends first", () => {
  it("a revocation lapses the open request, without a letter", async () => {
    const plan = await revocableScenarioPlan(s);
    await markInterimReportSubmitted(plan.planId);
    const { extensionId } = await request(plan.planId, 6);
    await revokeGrant(s.decisionMaker, plan.planId, await version(plan.planId), REVOCATION_REASON);
    const row = await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } });
    expect(row.status).toBe("LAPSED");
    expect(row.closedAt).not.toBeNull();
    expect(await letterMessages(plan.planId)).toHaveLength(0);
    expect(
      await prisma.auditLog.count({ where: { targetId: plan.planId, action: "extension.lapsed" } }),
    ).toBe(1);
    expect((await loadExtensions(s.applicantA, plan.planId)).open).toBeNull();
  });

  it("the vaststelling is not asked while a request is open", async () => {
    const { planId } = await grantedPlan(true);
    const { extensionId } = await request(planId, 6);
    setClock(new Date(`${s.year + 3}-01-20T10:00:00Z`));
    const attempt = prisma.$transaction(async (tx) =>
      applyEvent(tx, {
        planId,
        event: "request_settlement",
        actor: s.applicantA,
        expectedVersion: await version(planId),
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
    await expect(attempt).rejects.toThrow(SETTLEMENT_WHILE_EXTENSION_OPEN);
    expect((await planRow(planId)).status).toBe("IN_EXECUTION");
    expect((await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } })).status).toBe(
      "REQUESTED",
    );
  });

  it("the vaststelling lapses a request left open from before that rule", async () => {
    const { planId } = await grantedPlan(true);
    await prisma.plan.update({ where: { id: planId }, data: { status: "SETTLEMENT_REQUESTED" } });
    await prisma.settlement.create({
      data: {
        planId,
        plannedCostsCents: 0n,
        actualCostsCents: 0n,
        realisationBp: 0,
        overheadCents: 0n,
        computedCents: 0n,
        proposedCents: 0n,
        proposedById: s.handler.userId,
        proposedAt: new Date(),
        proposalMotivation: "Geen kosten gemaakt.",
        reduction: "NIL",
      },
    });
    const open = await prisma.planExtension.create({
      data: {
        planId,
        requestedMonths: 6,
        motivation: MOTIVATION,
        requestedById: s.applicantA.userId,
        requestedAt: new Date(),
        previousPeriodEnd: (await planRow(planId)).periodEnd as Date,
      },
    });
    const v = await version(planId);
    await prisma.$transaction(async (tx) =>
      applyEvent(tx, { planId, event: "settle", actor: s.decisionMaker, expectedVersion: v }),
    );
    expect((await planRow(planId)).status).toBe("SETTLED");
    expect((await prisma.planExtension.findUniqueOrThrow({ where: { id: open.id } })).status).toBe("LAPSED");
  });
});

describe("two requests at once", () => {
  it("for one plan: exactly one is recorded, the other is told the plan changed", async () => {
    const { planId } = await grantedPlan();
    const v = await version(planId);
    const second = await colleague(true);
    const results = await Promise.allSettled([
      requestExtension(s.applicantA, planId, v, { months: 6, motivation: MOTIVATION }),
      requestExtension(second, planId, v, { months: 3, motivation: MOTIVATION }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(ConflictError);
    expect(await prisma.planExtension.count({ where: { planId } })).toBe(1);
    expect(await prisma.workflowEvent.count({ where: { planId, event: "request_extension" } })).toBe(1);
  });

  it("at different versions: the lock queues them and the second finds the first open", async () => {
    const { planId } = await grantedPlan();
    const v = await version(planId);
    const second = await colleague(true);
    // The second asks at the version the first will leave. Whichever takes the lock first, one
    // request is recorded: the second either finds the first open (the rule, read after the lock)
    // or, coming first, a version the plan does not have yet.
    const results = await Promise.allSettled([
      requestExtension(s.applicantA, planId, v, { months: 6, motivation: MOTIVATION }),
      requestExtension(second, planId, v + 1, { months: 3, motivation: MOTIVATION }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    expect(await prisma.planExtension.count({ where: { planId, status: "REQUESTED" } })).toBe(1);
  });
});
