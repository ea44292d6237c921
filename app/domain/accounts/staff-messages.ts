/**
 * The refusals and reports of the admin's account changes (staff.server.ts). Pure, so that the
 * test of their English renderings (app/i18n/staff-messages.ts) needs no database.
 */

/**
 * Roles of which at least one active holder must remain: without a decision maker no plan is
 * decided, without a handler none is taken up, without finance no payment is approved, and without
 * an admin nobody can put any of that right again.
 */
export const ROLES_NEVER_EMPTY = ["DECISION_MAKER", "CASE_HANDLER", "FINANCE", "ADMIN"] as const;
export type RoleNeverEmpty = (typeof ROLES_NEVER_EMPTY)[number];

/** How the admin loses a user for a role: the account switched off, or the role (or flag) taken away. */
export type Loss = "deactivate" | "remove";

const ROLE_WORDS: Record<RoleNeverEmpty, string> = {
  DECISION_MAKER: "beslisser",
  CASE_HANDLER: "behandelaar",
  FINANCE: "medewerker financiën",
  ADMIN: "beheerder",
};
const ROLE_NAME: Record<RoleNeverEmpty, string> = {
  DECISION_MAKER: "beslisser",
  CASE_HANDLER: "behandelaar",
  FINANCE: "financiën",
  ADMIN: "beheerder",
};

const afterwards = (loss: Loss, what: string) =>
  loss === "deactivate" ? "daarna kunt u dit account uitschakelen." : `daarna kunt u ${what} hier intrekken.`;

/** The refusal when the user is the last active holder of `role`. */
export function lastOfRoleMessage(role: RoleNeverEmpty, loss: Loss): string {
  return (
    `Dit is de laatste actieve ${ROLE_WORDS[role]}. Geef eerst een andere medewerker de rol ` +
    `${ROLE_NAME[role]}; ${afterwards(loss, "deze rol")}`
  );
}

/** The refusal when the user is the last active coordinator of the Actieteam. */
export function lastCoordinatorMessage(loss: Loss | "unset"): string {
  const then =
    loss === "unset"
      ? "daarna kunt u het coördinatorschap hier intrekken."
      : afterwards(loss, "de rol adviseur");
  return (
    "Dit is de laatste actieve coördinator van het Actieteam; zonder coördinator wijst niemand " +
    `adviseurs toe. Maak eerst een andere adviseur coördinator; ${then}`
  );
}

/**
 * The refusal when the user is the last active signatory of an organisation with a plan in flight:
 * switched off, nobody there could send a supplement, withdraw, ask a vaststelling or an extension,
 * nor name a new signatory (that takes a signatory), and the admin names none.
 */
export function lastSignatoryMessage(organisationName: string): string {
  return (
    `Dit is de laatste actieve tekenbevoegde van ${organisationName}, en die organisatie heeft een ` +
    "lopende aanvraag. Zonder tekenbevoegde kan daar niemand meer een aanvulling sturen, de aanvraag " +
    "intrekken, vaststelling of verlenging vragen of een nieuwe tekenbevoegde aanwijzen. Vraag de " +
    "organisatie eerst een collega tekenbevoegd te maken; daarna kunt u dit account uitschakelen."
  );
}

export const COORDINATOR_NOT_ADVISER = "Alleen een adviseur kan coördinator van het Actieteam zijn.";
export const COORDINATOR_INACTIVE = "Een uitgeschakeld account kan geen coördinator worden.";

/**
 * Refused: an account of a sector body gets no staff role. As a handler, adviser or decision maker
 * it would read every organisation's plans and could take part in its own organisation's case.
 */
export const STAFF_ROLE_FOR_APPLICANT =
  "Dit account hoort bij een aanvragende organisatie en krijgt geen rol als medewerker; nodig de medewerker uit met een eigen account.";

/** Refused: an applicant takes no besluiten, so has no function to sign them with. */
export const SIGNING_TITLE_NOT_STAFF = "Alleen een medewerker ondertekent besluiten met een functie.";

/** What an account change released, for the admin's page and the audit trail. */
export type ReleasedWork = { plans: number; seats: number };
export const NOTHING_RELEASED: ReleasedWork = { plans: 0, seats: 0 };

/** One sentence per kind of released work, none for nothing: "2 dossiers teruggezet in de werkvoorraad." */
export function releasedWorkLines(r: ReleasedWork): string[] {
  const lines: string[] = [];
  if (r.plans === 1) lines.push("1 dossier teruggezet in de werkvoorraad.");
  else if (r.plans > 1) lines.push(`${r.plans} dossiers teruggezet in de werkvoorraad.`);
  if (r.seats === 1) lines.push("1 adviseursplek vrijgegeven.");
  else if (r.seats > 1) lines.push(`${r.seats} adviseursplekken vrijgegeven.`);
  return lines;
}

/** The reasons written on a released adviser seat and in the audit rows. */
export const RELEASE_REASON = {
  deactivated: "Account uitgeschakeld door de beheerder",
  caseHandlerRemoved: "Rol behandelaar ingetrokken door de beheerder",
  adviserRemoved: "Rol adviseur ingetrokken door de beheerder",
} as const;

/** Long enough for "het hoofd van de afdeling Subsidieverlening en Vaststelling van Agentschap SZW". */
export const SIGNING_TITLE_MAX = 120;
export const SIGNING_TITLE_TOO_LONG = `De functie mag hooguit ${SIGNING_TITLE_MAX} tekens lang zijn.`;
