/** Where an organisation's users see its details, its account and the outcome of a change. */
export const ORGANISATION_PAGE = "/aanvrager/organisatie";

/**
 * The organisation page of one organisation: a notice about its bank account links here, so that
 * someone in two organisations opens the right one, and ending their access to this one finds the
 * notices that are about it (endMembership).
 */
export function organisationPageOf(organisationId: string): string {
  return `${ORGANISATION_PAGE}?organisatie=${organisationId}`;
}
