import { interimReportDueDates } from "../settlement/terms.ts";
import { localDateFromDb } from "../time/index.ts";
import type { GrantTerms } from "./terms.ts";

/**
 * The accountant's controleverklaring with the interim report (regulation art. 5.4 lid 4; in the
 * 2015 regulation art. 4.4 lid 4, the same words): "Indien de hoofdaanvrager voorschotten ontvangt
 * als bedoeld in artikel 4.3 [2013: 5.3], kan de minister in de beschikking tot subsidieverlening de
 * verplichting opleggen …". Only a grant that pays advances may impose it: the applicant asked for
 * them (the wizard's tick) and the grant's terms pay some. And only a plan that has an interim
 * report at all: art. 5.4 lid 1 asks one of a plan of 12 months or more, so a shorter plan's letter
 * would impose an obligation about a report that does not exist.
 */

export const INTERIM_AUDIT_ARTICLE = "artikel 5.4, vierde lid, van de regeling";

export const AUDIT_WITHOUT_ADVANCES =
  "Een controleverklaring bij het tussentijds voortgangsverslag kan alleen worden vereist als de aanvrager voorschotten ontvangt (artikel 5.4, vierde lid, van de regeling). Deze aanvrager heeft niet om voorschotten gevraagd: zet het vinkje uit.";

export const AUDIT_REGULATION_WITHOUT_ADVANCES =
  "Een controleverklaring bij het tussentijds voortgangsverslag kan alleen worden vereist als de aanvrager voorschotten ontvangt (artikel 5.4, vierde lid, van de regeling). De regeling kent geen voorschotten (0%): zet het vinkje uit.";

export const AUDIT_WITHOUT_INTERIM_REPORT =
  "Dit plan duurt korter dan 12 maanden: er is geen tussentijds voortgangsverslag (artikel 5.4, eerste lid).";

/** Why this grant may not require the controleverklaring, or null when it may. */
export function interimAuditRefusal(
  plan: { advancesRequested: boolean; periodStart: Date | null; periodEnd: Date | null },
  terms: Pick<GrantTerms, "advanceInitialBp" | "advanceMaxBp">,
): string | null {
  // The period as the grant sets it; a verlenging that later reaches month 12 adds the report in its
  // own besluit, without this obligation (it was never imposed).
  if (plan.periodStart && plan.periodEnd) {
    if (
      interimReportDueDates(localDateFromDb(plan.periodStart), localDateFromDb(plan.periodEnd)).length === 0
    )
      return AUDIT_WITHOUT_INTERIM_REPORT;
  }
  if (!plan.advancesRequested) return AUDIT_WITHOUT_ADVANCES;
  if (terms.advanceInitialBp === 0 && terms.advanceMaxBp === 0) return AUDIT_REGULATION_WITHOUT_ADVANCES;
  return null;
}
