import type { PlanStatus } from "../../generated/prisma/enums.ts";

/** Status names as the applicant and staff read them (design.md §4). */
export const STATUS_LABEL: Record<PlanStatus, string> = {
  DRAFT: "Concept",
  SUBMITTED: "Ingediend",
  INFO_REQUESTED: "Aanvulling gevraagd",
  NOT_CONSIDERED: "Buiten behandeling gesteld",
  IN_ASSESSMENT: "In beoordeling",
  WAITING_FOR_BUDGET: "Wacht op budget",
  ADVISED: "Advies uitgebracht",
  GRANTED: "Verleend",
  PARTIALLY_GRANTED: "Gedeeltelijk verleend",
  REJECTED: "Afgewezen",
  WITHDRAWN: "Ingetrokken",
  IN_EXECUTION: "In uitvoering",
  SETTLEMENT_REQUESTED: "Vaststelling aangevraagd",
  SETTLED: "Vastgesteld",
};

/**
 * WITHDRAWN is where two different acts end: the applicant's withdrawal of its application before
 * a decision (withdraw), and the minister's revocation of a grant whose execution did not start in
 * time (revoke, regulation art. 5.2). One state suffices for the workflow — nothing more happens to
 * the plan either way — but not for the reader: a revoked grant is a besluit, with a recovery claim
 * and an objection term. So wherever a plan's status is shown, it says who withdrew it.
 */
/**
 * A grant decision in force: granted in full or in part, also once in execution or in or after
 * its vaststelling. A revoked grant is WITHDRAWN (its revoke event tells it from a withdrawal).
 * The open data register publishes these; the outreach overview counts them as toegekend.
 */
export const WITH_GRANT_STATUSES = [
  "GRANTED",
  "PARTIALLY_GRANTED",
  "IN_EXECUTION",
  "SETTLEMENT_REQUESTED",
  "SETTLED",
] as const satisfies readonly PlanStatus[];

export const WITHDRAWN_BY_APPLICANT_LABEL = "Ingetrokken door de aanvrager";
export const REVOKED_LABEL = "Ingetrokken door de minister";

/** The status as a plan page or list shows it; `revoked`: the plan reached WITHDRAWN by revoke. */
export function planStatusLabel(status: PlanStatus, revoked: boolean): string {
  if (status !== "WITHDRAWN") return STATUS_LABEL[status];
  return revoked ? REVOKED_LABEL : WITHDRAWN_BY_APPLICANT_LABEL;
}

/** The status an event led to, as a plan's history shows it: the event tells who withdrew it. */
export function eventStatusLabel(event: string, toStatus: PlanStatus): string {
  if (toStatus !== "WITHDRAWN") return STATUS_LABEL[toStatus];
  return event === "revoke" ? REVOKED_LABEL : WITHDRAWN_BY_APPLICANT_LABEL;
}

export const EVENT_LABEL: Record<string, string> = {
  create: "Concept aangemaakt",
  submit: "Aanvraag ingediend",
  request_info: "Aanvulling gevraagd",
  supply_info: "Aanvulling ontvangen",
  complete: "Compleet verklaard; budget gereserveerd",
  advise: "Advies uitgebracht",
  grant: "Subsidie verleend",
  grant_partially: "Subsidie gedeeltelijk verleend",
  reject: "Aanvraag afgewezen",
  not_consider: "Buiten behandeling gesteld",
  budget_available: "Budget vrijgekomen; gereserveerd",
  yield_budget: "Reservering vervallen voor een eerder ontvangen plan; wacht op budget",
  withdraw: "Aanvraag ingetrokken",
  report_start: "Start van de uitvoering gemeld",
  revoke: "Verlening ingetrokken",
  request_settlement: "Vaststelling aangevraagd",
  settle: "Subsidie vastgesteld",
  request_extension: "Verlenging van de periode gevraagd",
  withdraw_extension: "Verzoek om verlenging ingetrokken",
  decide_extension: "Besluit op het verzoek om verlenging",
  submit_interim_report: "Tussentijds voortgangsverslag ingediend",
  review_interim_report: "Tussentijds voortgangsverslag gelezen",
  submit_underspending_report: "Melding onderbesteding ingediend",
  review_underspending_report: "Melding onderbesteding gelezen",
};
