import { prisma } from "../db/client.server.ts";
import type { Actor } from "../domain/actor.ts";
import { centsToInputString } from "../domain/money.ts";
import { updateRegulationParameters } from "../domain/regulation/setup.server.ts";
import { bpToPercentInput, regulationParamsSchema } from "../domain/regulation/setup-schemas.ts";
import { localDateFromDb } from "../domain/time/index.ts";

/** A finance user as the parameters page acts for (the audit row names it; no User row needed). */
export const PARAMS_FINANCE: Actor = {
  userId: "test-finance-params",
  roles: ["FINANCE"],
  organisationIds: [],
};

/** The parameters form as the page pre-fills it from the regulation, with `change` typed over it. */
export async function paramsForm(regulationId: string, change: Record<string, string> = {}) {
  const r = await prisma.regulation.findUniqueOrThrow({ where: { id: regulationId } });
  return {
    publishedOn: r.publishedOn ? localDateFromDb(r.publishedOn) : "",
    cofinancingRate: bpToPercentInput(r.cofinancingRateBp),
    minimumRequest: centsToInputString(r.minimumRequestCents),
    maxDurationMonths: String(r.maxDurationMonths),
    extensionMonths: String(r.extensionMonths),
    minThemes: String(r.minThemes),
    decisionTermWeeks: String(r.decisionTermWeeks),
    hersteltermijnDays: String(r.hersteltermijnDays),
    executionStartMonths: String(r.executionStartMonths),
    settlementRequestWeeks: String(r.settlementRequestWeeks),
    settlementDecisionWeeks: String(r.settlementDecisionWeeks),
    advanceInitial: bpToPercentInput(r.advanceInitialBp),
    advanceMax: bpToPercentInput(r.advanceMaxBp),
    advanceIntervalMonths: String(r.advanceIntervalMonths),
    settlementThreshold: bpToPercentInput(r.settlementThresholdBp),
    advisersRequired: String(r.advisersRequired),
    ...change,
  };
}

/** Finance saves the parameters page with `change`: the schema and the domain, as the action runs them. */
export async function changeParams(regulationId: string, change: Record<string, string>) {
  const input = regulationParamsSchema.parse(await paramsForm(regulationId, change));
  return updateRegulationParameters(PARAMS_FINANCE, regulationId, input);
}
