import { randomUUID } from "node:crypto";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { translateDomainText } from "../../i18n/domain-messages.ts";
import { completePlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { now } from "../clock.ts";
import { revokeGrant } from "../decision/decide.server.ts";
import { regulationTermsForPlan } from "../decision/terms.server.ts";
import { grantTermsJson } from "../decision/terms.ts";
import { produceWithdrawalConfirmation } from "../documents/produce.server.ts";
import { ForbiddenError, RuleViolation } from "../errors.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { getPlanView } from "../plan/plans.server.ts";
import { withdrawPlan } from "../plan/withdrawal.server.ts";
import { addCalendarDays, amsterdamDate, localDateFromDb } from "../time/index.ts";
import { applyEvent } from "./apply-event.server.ts";
import { NOT_A_SIGNATORY_TO_REPORT_START, NOT_A_SIGNATORY_TO_WITHDRAW } from "./definition.server.ts";
import { executionStartRefusal } from "./execution-effects.server.ts";

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await disconnectPrisma();
});

async function letterText(documentId: string): Promise<string> {
  const doc = await prisma.document.findUniqueOrThrow({ where: { id: documentId } });
  const blob = await prisma.storedBlob.findUniqueOrThrow({ where: { key: doc.storageKey } });
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(blob.bytes)), {
    mergePages: true,
  });
  return text.replace(/\s+/g, " ");
}

const outboxFor = async (planId: string, jobName: string) =>
  (await prisma.outboxMessage.findMany({ where: { jobName } })).filter(
    (m) => (m.payload as { planId?: string }).planId === planId,
  );

describe("withdrawal (intrekking) by the applicant", () => {
  it("releases the reservation, cancels the reminders, tells the handler and confirms by letter and e-mail", async () => {
    const { id, version } = await completePlan(s);
    const reserved = await prisma.ledgerEntry.count({ where: { planId: id, kind: "RESERVATION" } });
    expect(reserved).toBeGreaterThan(0);

    const colleague = await prisma.user.create({
      data: {
        email: `collega-${randomUUID()}@test.example`,
        name: "Collega",
        passwordHash: "x",
        memberships: { create: { role: "APPLICANT", organisationId: s.orgA.id, isSignatory: false } },
      },
    });
    const colleagueActor = {
      userId: colleague.id,
      roles: ["APPLICANT" as const],
      organisationIds: [s.orgA.id],
    };
    await expect(withdrawPlan(colleagueActor, id, version, null)).rejects.toThrow(
      NOT_A_SIGNATORY_TO_WITHDRAW,
    );
    await expect(withdrawPlan(s.applicantA, id, version, null)).resolves.toBeDefined();

    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    expect(plan.status).toBe("WITHDRAWN");
    expect(await prisma.ledgerEntry.count({ where: { planId: id, kind: "RELEASE" } })).toBe(reserved);
    expect(await prisma.reminder.count({ where: { planId: id, cancelledAt: null, sentAt: null } })).toBe(0);
    expect(await prisma.notification.count({ where: { planId: id, userId: s.handler.userId } })).toBe(1);
    const letters = await outboxFor(id, "render-letter");
    expect(letters.map((l) => (l.payload as { kind: string }).kind)).toContain("WITHDRAWAL_CONFIRMATION");

    // What the worker does with that message: the letter once, and one e-mail per applicant user.
    const doc = await produceWithdrawalConfirmation(id);
    expect(await produceWithdrawalConfirmation(id)).toMatchObject({ id: doc.id });
    expect(doc.kind).toBe("WITHDRAWAL_CONFIRMATION");
    const window = await prisma.ledgerEntry.aggregate({
      where: { planId: id, kind: "RESERVATION", year: null },
      _sum: { amountCents: true },
    });
    const euros = (window._sum.amountCents ?? 0n) / 100n;
    expect(euros).toBeGreaterThan(0n);
    expect(await letterText(doc.id)).toContain(
      `Het bedrag dat voor uw aanvraag was gereserveerd (€ ${euros.toLocaleString("nl-NL")},00), is weer beschikbaar`,
    );
    const mails = (await outboxFor(id, "send-email")).filter(
      (m) => (m.payload as { template: string }).template === "withdrawal-confirmed",
    );
    expect(mails.length).toBeGreaterThan(0);
    // After withdrawal nothing more may happen to the plan.
    await expect(withdrawPlan(s.applicantA, id, plan.version, null)).rejects.toThrow(/status/);
  });

  it("before the plan was complete, the letter does not say that reserved money came free", async () => {
    const { id, version } = await submittedPlan(s);
    await withdrawPlan(s.applicantA, id, version, "Het sectorfonds betaalt het plan zelf.");
    const text = await letterText((await produceWithdrawalConfirmation(id)).id);
    expect(text).toContain("De reden die u opgaf Het sectorfonds betaalt het plan zelf.");
    expect(text).not.toContain("gereserveerd");
    expect(text).toContain("Wilt u toch subsidie?");
  });

  it("another organisation's applicant cannot even see the plan", async () => {
    const { id, version } = await completePlan(s);
    await expect(withdrawPlan(s.applicantB, id, version, null)).rejects.toThrow(/bestaat niet/);
  });
});

/** A complete plan granted at `decidedAt` (the Decision written as decide would, then the grant event). */
async function grantedAt(decidedAt: Date): Promise<{ id: string; version: number }> {
  const { id, version } = await completePlan(s);
  const granted = await prisma.$transaction(async (tx) => {
    const decision = await tx.decision.create({
      data: {
        planId: id,
        outcome: "GRANTED",
        reason: "Voldoet.",
        decidedById: s.decisionMaker.userId,
        decidedAt,
        terms: grantTermsJson(await regulationTermsForPlan(tx, id)),
        years: {
          create: [
            { year: s.year + 1, grantedCents: 30_000_000n },
            { year: s.year + 2, grantedCents: 30_000_000n },
          ],
        },
      },
    });
    await tx.plan.update({ where: { id }, data: { status: "ADVISED" } });
    return applyEvent(tx, {
      planId: id,
      event: "grant",
      actor: s.decisionMaker,
      expectedVersion: version,
      input: {
        decisionId: decision.id,
        grantedPerYear: [
          { year: s.year + 1, cents: 30_000_000n },
          { year: s.year + 2, cents: 30_000_000n },
        ],
      },
    });
  });
  return { id, version: granted.version };
}

describe("the start of execution", () => {
  it("is refused before the decision or in the future, and recorded otherwise", async () => {
    const decidedAt = new Date(now().getTime() - 10 * 86_400_000);
    const { id, ...granted } = await grantedAt(decidedAt);
    const today = amsterdamDate(now());
    const decisionDay = amsterdamDate(decidedAt);
    await expect(
      reportExecutionStart(s.applicantA, id, granted.version, addCalendarDays(today, 1)),
    ).rejects.toThrow("De startdatum kan niet in de toekomst liggen.");
    await expect(
      reportExecutionStart(s.applicantA, id, granted.version, addCalendarDays(decisionDay, -1)),
    ).rejects.toThrow(RuleViolation);
    await expect(reportExecutionStart(s.applicantB, id, granted.version, today)).rejects.toThrow(
      /bestaat niet/,
    );
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("GRANTED");

    // A staff user has no role to report it.
    await expect(
      prisma.$transaction((tx) =>
        applyEvent(tx, {
          planId: id,
          event: "report_start",
          actor: s.handler,
          expectedVersion: granted.version,
        }),
      ),
    ).rejects.toThrow(ForbiddenError);
    await reportExecutionStart(s.applicantA, id, granted.version, decisionDay);
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    expect(plan.status).toBe("IN_EXECUTION");
    expect(plan.executionStartedOn && localDateFromDb(plan.executionStartedOn)).toBe(decisionDay);
    const event = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId: id, event: "report_start" },
    });
    expect(event.payload).toEqual({ startedOn: decisionDay });
  });

  it("is reported by a signatory: a colleague who is none is refused, and the plan page tells them why", async () => {
    const { id, ...granted } = await grantedAt(new Date(now().getTime() - 86_400_000));
    const colleague = await s.newUser("APPLICANT", s.orgA.id);
    await prisma.roleMembership.updateMany({
      where: { userId: colleague.userId, role: "APPLICANT" },
      data: { isSignatory: false },
    });
    const today = amsterdamDate(now());
    await expect(reportExecutionStart(colleague, id, granted.version, today)).rejects.toThrow(
      NOT_A_SIGNATORY_TO_REPORT_START,
    );
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    expect({ status: plan.status, startedOn: plan.executionStartedOn }).toEqual({
      status: "GRANTED",
      startedOn: null,
    });
    expect(await prisma.workflowEvent.count({ where: { planId: id, event: "report_start" } })).toBe(0);
    expect(translateDomainText(NOT_A_SIGNATORY_TO_REPORT_START, "en")).toBe(
      "Only an authorised signatory of your organisation may report the start of execution.",
    );
    // The page offers the colleague no form but the reason; the signatory the form.
    const seen = await getPlanView(colleague, id);
    expect({ form: seen.allowedActions.includes("report_start"), why: seen.startBlockedReason }).toEqual({
      form: false,
      why: NOT_A_SIGNATORY_TO_REPORT_START,
    });
    const signatorySees = await getPlanView(s.applicantA, id);
    expect({
      form: signatorySees.allowedActions.includes("report_start"),
      why: signatorySees.startBlockedReason,
    }).toEqual({ form: true, why: null });
    await reportExecutionStart(s.applicantA, id, granted.version, today);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("IN_EXECUTION");
    expect((await getPlanView(colleague, id)).startBlockedReason).toBeNull();
  });

  it("is refused after the last day of the term, which the Atw leaves on a Saturday, so the grant can be revoked", async () => {
    // Granted Friday 17 April 2026: six months end on Saturday 17 October, and a term of more than
    // three months is not moved past the weekend (Atw art. 4 sub a): the last day is that Saturday.
    const decidedAt = new Date("2026-04-17T10:00:00Z");
    const at = new Date("2026-12-01T10:00:00Z");
    expect(executionStartRefusal("2026-10-17", decidedAt, 6, at)).toBeNull();
    const late = executionStartRefusal("2026-10-19", decidedAt, 6, at);
    expect(late).toContain("uiterlijk 17 oktober 2026 beginnen, binnen 6 maanden na de verlening");
    expect(translateDomainText(late ?? "", "en")).toContain("The execution had to start by 17 October 2026");

    const first = await grantedAt(decidedAt);
    // The reviewer's case: reported in December, a start on 20 November, a month after the last day.
    const refused = await reportExecutionStart(s.applicantA, first.id, first.version, "2026-11-20").catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(RuleViolation);
    expect((refused as RuleViolation).field).toBe("startedOn");
    expect((refused as RuleViolation).message).toContain("uiterlijk 17 oktober 2026");
    await expect(reportExecutionStart(s.applicantA, first.id, first.version, "2026-10-19")).rejects.toThrow(
      /uiterlijk 17 oktober 2026/,
    );
    // Still granted, so the decision maker can revoke it.
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("GRANTED");
    const revoked = await revokeGrant(
      s.decisionMaker,
      first.id,
      first.version,
      "De uitvoering begon te laat.",
    );
    expect(revoked.status).toBe("WITHDRAWN");

    // A start on the last day itself, reported late, is accepted.
    const second = await grantedAt(decidedAt);
    await reportExecutionStart(s.applicantA, second.id, second.version, "2026-10-17");
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("IN_EXECUTION");
  });
});
