/**
 * The refusals of ending a membership (organisation.server.ts endMembership). Pure, so that the
 * English table (app/i18n/domain-messages.ts), which every page loads, can take its keys from here.
 */

export const END_ACCESS_NOT_ALLOWED =
  "Alleen een tekenbevoegde kan de toegang van een collega beëindigen; uw eigen toegang kunt u zelf beëindigen.";

/** Already ended (by a colleague meanwhile, or a second click), or never a member. */
export const NOT_A_MEMBER =
  "Deze persoon heeft geen toegang (meer) tot uw organisatie; misschien heeft een collega die net beëindigd.";

/**
 * The last active signatory leaving while a plan is in flight (refuseLastSignatory). Only they can
 * be it: ending a colleague's access takes a signatory, who then stays.
 */
export function lastSignatoryLeavingMessage(organisationName: string): string {
  return (
    `U bent de laatste actieve tekenbevoegde van ${organisationName}, en die organisatie heeft een ` +
    "lopende aanvraag. Zonder tekenbevoegde kan daar niemand meer een aanvulling sturen, de aanvraag " +
    "intrekken, vaststelling of verlenging vragen of een nieuwe tekenbevoegde aanwijzen. Maak eerst " +
    "een collega tekenbevoegd; daarna kunt u uw toegang beëindigen."
  );
}

/**
 * The last active signatory leaving colleagues behind, with no plan in flight: as setSignatory,
 * an organisation keeps one, for nobody else can name the next (setSignatory takes a signatory).
 */
export const LAST_SIGNATORY_LEAVING =
  "U bent de laatste actieve tekenbevoegde van uw organisatie, en zonder tekenbevoegde kan niemand daar een plan indienen of een nieuwe tekenbevoegde aanwijzen. Maak eerst een collega tekenbevoegd; daarna kunt u uw toegang beëindigen.";

/** The field the page shows a refusal of endMembership at (its confirmation step); here, for the page imports it. */
export const END_ACCESS_FIELD = "end-access";
