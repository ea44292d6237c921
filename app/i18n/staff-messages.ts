import {
  COORDINATOR_INACTIVE,
  COORDINATOR_NOT_ADVISER,
  type Loss,
  lastCoordinatorMessage,
  lastOfRoleMessage,
  lastSignatoryMessage,
  ROLES_NEVER_EMPTY,
  type RoleNeverEmpty,
  SIGNING_TITLE_NOT_STAFF,
  // From the messages module, not validation.ts: this table is in every page's bundle, and a module
  // that builds zod schemas would build them before root.tsx turns zod's JIT probe off (the CSP
  // reports that probe as an eval).
  SIGNING_TITLE_TOO_LONG,
  STAFF_ROLE_FOR_APPLICANT,
} from "../domain/accounts/staff-messages.ts";

/**
 * English renderings of the admin's account page (/beheer/gebruikers) and of the refusals of
 * domain/accounts/staff.server.ts, to be merged into the ENGLISH table of domain-messages.ts. The
 * refusals that name a role are made by functions, so their keys are made by the same functions:
 * a rewording of the Dutch cannot leave its English behind.
 */
const ROLE_EN: Record<RoleNeverEmpty, { word: string; name: string }> = {
  DECISION_MAKER: { word: "decision maker", name: "decision maker" },
  CASE_HANDLER: { word: "case handler", name: "case handler" },
  FINANCE: { word: "finance officer", name: "finance" },
  ADMIN: { word: "administrator", name: "administrator" },
};
const THEN_EN: Record<Loss | "unset", string> = {
  deactivate: "then you can deactivate this account.",
  remove: "then you can withdraw this role here.",
  unset: "then you can withdraw the coordinator role here.",
};

const lastOfRole = Object.fromEntries(
  ROLES_NEVER_EMPTY.flatMap((role) =>
    (["deactivate", "remove"] as const).map((loss) => [
      lastOfRoleMessage(role, loss),
      `This is the last active ${ROLE_EN[role].word}. First give another staff member the role ` +
        `${ROLE_EN[role].name}; ${THEN_EN[loss]}`,
    ]),
  ),
);

const lastCoordinator = Object.fromEntries(
  (["deactivate", "remove", "unset"] as const).map((loss) => [
    lastCoordinatorMessage(loss),
    "This is the last active coordinator of the Actieteam; without a coordinator nobody assigns " +
      `advisers. First make another adviser coordinator; ${
        loss === "remove" ? "then you can withdraw the adviser role here." : THEN_EN[loss]
      }`,
  ]),
);

export const STAFF_MESSAGES_EN: Record<string, string> = {
  ...lastOfRole,
  ...lastCoordinator,
  [lastSignatoryMessage("{name}")]:
    "This is the last active signatory of {name}, and that organisation has an application in " +
    "progress. Without a signatory nobody there can send a supplement, withdraw the application, " +
    "request settlement or an extension, or name a new signatory. First ask the organisation to " +
    "make a colleague signatory; then you can deactivate this account.",
  [COORDINATOR_NOT_ADVISER]: "Only an adviser can be coordinator of the Actieteam.",
  [COORDINATOR_INACTIVE]: "A deactivated account cannot become coordinator.",
  "U kunt uw eigen beheerdersrol niet intrekken; laat een andere beheerder dat doen.":
    "You cannot withdraw your own administrator role; ask another administrator to do it.",
  "U kunt uw eigen account niet uitschakelen.": "You cannot deactivate your own account.",
  "Onbekende gebruiker.": "Unknown user.",
  "Ongeldige invoer.": "Invalid input.",
  "Kies minstens één rol.": "Choose at least one role.",
  "Kies een bestaande rol.": "Choose an existing role.",
  // What the page reports after a change (routes/beheer/gebruikers.tsx, releasedWorkLines).
  "De rollen zijn gewijzigd.": "The roles have been changed.",
  "Het account is weer actief.": "The account is active again.",
  "Het account is uitgeschakeld.": "The account has been deactivated.",
  "De adviseur is nu coördinator van het Actieteam.": "The adviser is now coordinator of the Actieteam.",
  "De adviseur is geen coördinator van het Actieteam meer.":
    "The adviser is no longer coordinator of the Actieteam.",
  [STAFF_ROLE_FOR_APPLICANT]:
    "This account belongs to an applying organisation and gets no staff role; invite the staff member with an account of their own.",
  // The function a staff member signs besluiten with (User.signingTitle).
  [SIGNING_TITLE_NOT_STAFF]: "Only a staff member signs decisions with a function.",
  [SIGNING_TITLE_TOO_LONG]: SIGNING_TITLE_TOO_LONG.replace(
    /^De functie mag hooguit (\d+) tekens lang zijn\.$/,
    "The function may be at most $1 characters long.",
  ),
  "Functie bij ondertekening van {name}": "Signing function of {name}",
  "Zoals die onder besluiten staat, na “namens deze”, bijvoorbeeld: de directeur Agentschap SZW. Leeg laten wist de functie.":
    "As it appears under decisions, after “namens deze” (on behalf of the minister), for example: " +
    "de directeur Agentschap SZW. Leave it empty to clear the function.",
  "Geen functie vastgelegd: besluiten van deze beslisser noemen alleen de naam.":
    "No function recorded: decisions of this decision maker name only the person.",
  "Voor deze beslissers is geen functie bij ondertekening vastgelegd; hun besluiten noemen dan alleen hun naam, zonder de functie waarin zij namens de minister tekenen:":
    "No signing function is recorded for these decision makers; their decisions then name only " +
    "the person, without the function in which they sign on behalf of the minister:",
  "Functie opslaan": "Save function",
  "De functie bij ondertekening is opgeslagen.": "The signing function has been saved.",
  "De functie bij ondertekening is gewist.": "The signing function has been cleared.",
  "1 dossier teruggezet in de werkvoorraad.": "1 case returned to the unassigned queue.",
  "{count} dossiers teruggezet in de werkvoorraad.": "{count} cases returned to the unassigned queue.",
  "1 adviseursplek vrijgegeven.": "1 adviser seat released.",
  "{count} adviseursplekken vrijgegeven.": "{count} adviser seats released.",
};
