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
  withdraw: "Aanvraag ingetrokken",
  report_start: "Start van de uitvoering gemeld",
  revoke: "Verlening ingetrokken",
  request_settlement: "Vaststelling aangevraagd",
  settle: "Subsidie vastgesteld",
};
