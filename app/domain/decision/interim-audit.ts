import type { GrantTerms } from "./terms.ts";

/**
 * The accountant's controleverklaring with the interim report (regulation art. 5.4 lid 4; in the
 * 2015 regulation art. 4.4 lid 4, the same words): "Indien de hoofdaanvrager voorschotten ontvangt
 * als bedoeld in artikel 4.3 [2013: 5.3], kan de minister in de beschikking tot subsidieverlening de
 * verplichting opleggen …". Only a grant that pays advances may impose it: the applicant asked for
 * them (the wizard's tick) and the grant's terms pay some.
 */

export const INTERIM_AUDIT_ARTICLE = "artikel 5.4, vierde lid, van de regeling";

export const AUDIT_WITHOUT_ADVANCES =
  "Een controleverklaring bij het tussentijds voortgangsverslag kan alleen worden vereist als de aanvrager voorschotten ontvangt (artikel 5.4, vierde lid, van de regeling). Deze aanvrager heeft niet om voorschotten gevraagd: zet het vinkje uit.";

export const AUDIT_REGULATION_WITHOUT_ADVANCES =
  "Een controleverklaring bij het tussentijds voortgangsverslag kan alleen worden vereist als de aanvrager voorschotten ontvangt (artikel 5.4, vierde lid, van de regeling). De regeling kent geen voorschotten (0%): zet het vinkje uit.";

/** Why this grant may not require the controleverklaring, or null when it may. */
export function interimAuditRefusal(
  plan: { advancesRequested: boolean },
  terms: Pick<GrantTerms, "advanceInitialBp" | "advanceMaxBp">,
): string | null {
  if (!plan.advancesRequested) return AUDIT_WITHOUT_ADVANCES;
  if (terms.advanceInitialBp === 0 && terms.advanceMaxBp === 0) return AUDIT_REGULATION_WITHOUT_ADVANCES;
  return null;
}
