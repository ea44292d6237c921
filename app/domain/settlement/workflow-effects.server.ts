import { notifyUsers, planCaseHandlers } from "../notifications/notify.server.ts";
import type { EffectContext } from "../workflow/definition.server.ts";
import {
  cancelReportReminder,
  scheduleReportReminder,
  scheduleSettlementDecisionReminder,
} from "./reminders.server.ts";
import { acceptRealisationReport } from "./report.server.ts";

export { bookSettlement } from "./settle.server.ts";

/** report_start: the organisation will be reminded 14 days before its realisation report is due. */
export async function scheduleSettlementReportReminder({ tx, plan }: EffectContext): Promise<void> {
  await scheduleReportReminder(tx, plan.id);
}

/**
 * request_settlement: the report is checked and its figures written (acceptRealisationReport
 * throws a RuleViolation when the period has not ended or a step is incomplete); the report
 * reminder stops, the 22-week decision term starts, and the handler is told (planCaseHandlers: with
 * present colleagues while the handler is absent, since the term runs on; every case handler while
 * nobody holds the plan).
 */
export async function settlementRequested({ tx, plan }: EffectContext): Promise<void> {
  await acceptRealisationReport(tx, plan.id);
  await cancelReportReminder(tx, plan.id);
  await scheduleSettlementDecisionReminder(tx, plan.id);
  const { reference } = await tx.plan.findUniqueOrThrow({
    where: { id: plan.id },
    select: { reference: true },
  });
  const notice = {
    planId: plan.id,
    title: `Aanvraag tot vaststelling: ${reference}`,
    body: "Het realisatieverslag is ingediend. Stel de vaststelling voor op het tabblad Vaststelling.",
    link: `/behandeling/plannen/${plan.id}/vaststelling`,
  };
  await notifyUsers(tx, await planCaseHandlers(tx, plan.handlerId), notice);
}
