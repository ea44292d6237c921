import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { PLAN_TERMS_SELECT, termsOf } from "../decision/terms.ts";
import { ConflictError } from "../errors.ts";
import { handlerAndDecisionMakers, notifyUsers } from "../notifications/notify.server.ts";
import { writeOutbox } from "../outbox.server.ts";
import { cancelReminders, scheduleExtensionDecisionReminder } from "../reminders/reminders.server.ts";
import { scheduleReportReminder } from "../settlement/reminders.server.ts";
import { reportDueOn, reportDueOnAfterRefusal } from "../settlement/terms.ts";
import { localDateFromDb, localDateToDb } from "../time/index.ts";
import type { EffectContext, ExtensionEventInput } from "../workflow/definition.server.ts";
import { EXTENSION_HANDLED, extendedPeriodEnd } from "./rules.ts";

/**
 * Effects of the verlenging's events (regulation art. 1.2a) in the workflow table. The use cases
 * (extension.server.ts) check the input and pass what the event records; these write it, under
 * the plan's lock. Kept apart from the use cases so that the table does not import its caller.
 */

function extensionOf(ctx: EffectContext, outcomes: ExtensionEventInput["outcome"][]): ExtensionEventInput {
  const x = ctx.input.extension;
  if (!x || !outcomes.includes(x.outcome)) throw new Error("a verlenging event without its request");
  return x;
}

/** The request is answered, withdrawn or lapsed: nobody has to decide it any more. */
const stopDecisionTerm = (ctx: EffectContext) =>
  cancelReminders(ctx.tx, ctx.plan.id, ["EXTENSION_DECISION_WARNING"]);

/** The event is about the request still open under the lock, not one a stale page still shows. */
function assertOpen(ctx: EffectContext, id: string): void {
  if (ctx.plan.openExtensionId !== id) throw new ConflictError(EXTENSION_HANDLED, "EXTENSION_HANDLED");
}

/**
 * request_extension: the request itself, on the period the plan has now, and the warning of its
 * eight-week decision term (Awb 4:13 lid 2) to the staff.
 */
export async function recordExtensionRequest(ctx: EffectContext): Promise<void> {
  const { tx, plan, actor } = ctx;
  const x = extensionOf(ctx, ["REQUESTED"]);
  if (!x.motivation || !plan.periodEnd || localDateFromDb(plan.periodEnd) !== x.previousEnd)
    throw new Error("request_extension on another period than the plan's");
  const requestedAt = now();
  await tx.planExtension.create({
    data: {
      id: x.id,
      planId: plan.id,
      requestedMonths: x.months,
      motivation: x.motivation,
      requestedById: actor.userId,
      requestedAt,
      previousPeriodEnd: localDateToDb(x.previousEnd),
    },
  });
  await scheduleExtensionDecisionReminder(tx, plan.id, requestedAt);
}

/**
 * The handler of the plan (every case handler while nobody holds it) and the decision makers learn
 * of the request in the bell, as they learn of a term running out (reminders/send-due.server.ts).
 */
export async function tellStaffOfExtensionRequest(ctx: EffectContext): Promise<void> {
  const { tx, plan } = ctx;
  const x = extensionOf(ctx, ["REQUESTED"]);
  const { reference } = await tx.plan.findUniqueOrThrow({
    where: { id: plan.id },
    select: { reference: true },
  });
  const recipients = await handlerAndDecisionMakers(tx, plan.handlerId);
  await notifyUsers(tx, recipients, {
    planId: plan.id,
    title: `Verzoek om verlenging: ${reference}`,
    body: `De aanvrager vraagt ${x.months} ${x.months === 1 ? "maand" : "maanden"} verlenging van de periode (artikel 1.2a). Beslis binnen acht weken.`,
    link: `/behandeling/plannen/${plan.id}/verlenging`,
  });
}

/** withdraw_extension: the applicant takes its open request back. */
export async function closeWithdrawnExtension(ctx: EffectContext): Promise<void> {
  const x = extensionOf(ctx, ["WITHDRAWN"]);
  assertOpen(ctx, x.id);
  await ctx.tx.planExtension.update({
    where: { id: x.id },
    data: { status: "WITHDRAWN", closedAt: now() },
  });
  await stopDecisionTerm(ctx);
}

/**
 * decide_extension: the besluit on the open request. A grant moves the plan's last day and the
 * terms that hang on it — the realisation report's due date and its reminder; the interim reports
 * (settlement/terms.ts interimReportDueDates) follow the period by themselves. No money moves: the
 * amounts per year, the ledger and the advance schedule stay as the grant made them.
 */
export async function recordExtensionDecision(ctx: EffectContext): Promise<void> {
  const { tx, plan, actor, input } = ctx;
  const x = extensionOf(ctx, ["GRANTED", "REFUSED"]);
  assertOpen(ctx, x.id);
  await stopDecisionTerm(ctx);
  const at = now();
  const request = await tx.planExtension.findUniqueOrThrow({ where: { id: x.id } });
  const previousEnd = localDateFromDb(request.previousPeriodEnd);
  const granted = x.outcome === "GRANTED";
  const newEnd = granted ? extendedPeriodEnd(previousEnd, x.months) : null;
  if (granted && (x.months > request.requestedMonths || x.newEnd !== newEnd))
    throw new Error("decide_extension with another end than the request's");
  await tx.planExtension.update({
    where: { id: x.id },
    data: {
      status: granted ? "GRANTED" : "REFUSED",
      grantedMonths: granted ? x.months : null,
      newPeriodEnd: newEnd ? localDateToDb(newEnd) : null,
      decisionReason: input.reason ?? null,
      decidedById: actor.userId,
      decidedAt: at,
    },
  });
  if (newEnd) {
    await tx.plan.update({ where: { id: plan.id }, data: { periodEnd: localDateToDb(newEnd) } });
    // The reminder exists from report_start on; a plan not started yet gets it then, on the new end.
    if (plan.status === "IN_EXECUTION") await scheduleReportReminder(tx, plan.id);
    // A report opened after the old end (the decision may come after it) takes the new due date.
    const terms = termsOf(
      await tx.plan.findUniqueOrThrow({ where: { id: plan.id }, select: PLAN_TERMS_SELECT }),
    );
    await tx.realisationReport.updateMany({
      where: { planId: plan.id, submittedAt: null },
      data: {
        dueOn: localDateToDb(reportDueOn(localDateToDb(newEnd), terms.settlementRequestWeeks)),
      },
    });
  } else {
    await moveReportAfterRefusal(ctx, request.previousPeriodEnd, at);
  }
  await tx.auditLog.create({
    data: {
      actorId: actor.userId,
      action: (granted ? "extension.granted" : "extension.refused") satisfies AuditAction,
      targetType: "Plan",
      targetId: plan.id,
      details: {
        extensionId: x.id,
        requestedMonths: request.requestedMonths,
        grantedMonths: granted ? x.months : null,
        previousEnd,
        newEnd,
      },
      createdAt: at,
    },
  });
}

/**
 * A refusal leaves the period, but not always the report's day: request_settlement was refused
 * while the request was open, so a besluit near or after that day (a late one, or one on time for a
 * request made late in the period) would name a day already past and make the report late by the
 * time the decision maker took. The report then is due 8 weeks after the besluit
 * (reportDueOnAfterRefusal, the day the letter states). Its row is made here if the organisation
 * has not opened it yet: openRealisationReport keeps a row it finds, so the later visit keeps the day.
 * A withdrawal moves nothing: the organisation could end the wait whenever it chose.
 */
async function moveReportAfterRefusal(ctx: EffectContext, previousEnd: Date, decidedAt: Date) {
  const { tx, plan } = ctx;
  const terms = termsOf(
    await tx.plan.findUniqueOrThrow({ where: { id: plan.id }, select: PLAN_TERMS_SELECT }),
  );
  const due = reportDueOn(previousEnd, terms.settlementRequestWeeks);
  const moved = reportDueOnAfterRefusal(due, decidedAt);
  if (moved === due) return;
  const dueOn = localDateToDb(moved);
  await tx.realisationReport.createMany({
    data: [{ planId: plan.id, dueOn, createdAt: now() }],
    skipDuplicates: true,
  });
  await tx.realisationReport.updateMany({ where: { planId: plan.id, submittedAt: null }, data: { dueOn } });
  // As a grant does: the reminder exists from report_start on.
  if (plan.status === "IN_EXECUTION") await scheduleReportReminder(tx, plan.id, moved);
}

/** Both outcomes are a besluit: its letter (and so the organisation's notice) via the outbox. */
export async function extensionLetter(ctx: EffectContext): Promise<void> {
  const x = extensionOf(ctx, ["GRANTED", "REFUSED"]);
  await writeOutbox(ctx.tx, "renderLetter", {
    kind: "EXTENSION_DECISION",
    planId: ctx.plan.id,
    extensionId: x.id,
  });
}

/**
 * The grant ends before the request was decided (revoke; settle, for a request older than the rule
 * that refuses request_settlement while one is open): nothing is left to extend, so the request
 * lapses, without a letter. One audit row names it, as no event of its own does.
 */
export async function lapseOpenExtension(ctx: EffectContext): Promise<void> {
  const { tx, plan, actor } = ctx;
  // Also with nothing open: the warning is about a request, and no request outlives the grant.
  await stopDecisionTerm(ctx);
  const open = await tx.planExtension.findMany({
    where: { planId: plan.id, status: "REQUESTED" },
    select: { id: true },
  });
  if (open.length === 0) return;
  const at = now();
  await tx.planExtension.updateMany({
    where: { id: { in: open.map((o) => o.id) } },
    data: { status: "LAPSED", closedAt: at },
  });
  for (const { id } of open)
    await tx.auditLog.create({
      data: {
        actorId: actor.userId,
        action: "extension.lapsed" satisfies AuditAction,
        targetType: "Plan",
        targetId: plan.id,
        details: { extensionId: id },
        createdAt: at,
      },
    });
}
