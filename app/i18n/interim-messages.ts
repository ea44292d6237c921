/**
 * English renderings of the Dutch texts of the tussentijds voortgangsverslag (app/domain/interim/:
 * why a report cannot be written, the refusals, the event labels and reasons of the plan's
 * history), merged into the ENGLISH table of domain-messages.ts. The Dutch text is the key; written
 * out rather than imported, as extension-messages.ts explains. interim-messages.test.ts checks
 * them against the domain's own texts.
 */
export const INTERIM_MESSAGES_EN: Record<string, string> = {
  // Why the report cannot be written now (interim/report.server.ts interimClosedReason).
  "Het tussentijds voortgangsverslag na de {months}e maand is al ingediend.":
    "The interim progress report after month {months} has already been submitted.",
  "Een tussentijds voortgangsverslag kan alleen worden geschreven zolang de subsidie is verleend en het plan loopt.":
    "An interim progress report can only be written while the grant stands and the plan runs.",
  "Voor dit plan is geen tussentijds voortgangsverslag na de {months}e maand nodig.":
    "This plan needs no interim progress report after month {months}.",
  "Het tussentijds voortgangsverslag na de {months}e maand kan pas worden geschreven vanaf {date}.":
    "The interim progress report after month {months} can be written from {date}.",
  "Het verslag is nog niet geopend. Laad de pagina opnieuw.":
    "The report has not been opened yet. Reload the page.",
  "Het tussentijds voortgangsverslag na de {months}e maand is nog niet ingediend.":
    "The interim progress report after month {months} has not been submitted yet.",
  // The accountant's controleverklaring (interim/audit-report.ts).
  "Voeg de controleverklaring van de accountant toe: de beschikking vereist haar bij dit verslag (artikel 5.4, vierde lid, van de regeling).":
    "Add the accountant's auditor's report (controleverklaring): the grant decision requires it with this report (article 5.4, paragraph 4, of the regulation).",
  "Voor dit verslag is geen controleverklaring van een accountant vereist: de beschikking vraagt er niet om.":
    "This report needs no auditor's report of an accountant: the grant decision does not ask for one.",
  "De controleverklaring moet een PDF zijn. Het bestand wordt herkend aan de inhoud, niet aan de naam.":
    "The auditor's report must be a PDF. The file is recognised by its content, not by its name.",
  "De controleverklaring is groter dan 10 MB.": "The auditor's report is larger than 10 MB.",
  "Kies het PDF-bestand van de controleverklaring.": "Choose the PDF file of the auditor's report.",
  // The refusal of the workflow's guard (workflow/definition.server.ts).
  "Alleen een tekenbevoegde van uw organisatie mag het tussentijds voortgangsverslag indienen.":
    "Only an authorised signatory of your organisation may submit the interim progress report.",
  // The plan's history: the events and their reasons.
  "Tussentijds voortgangsverslag ingediend": "Interim progress report submitted",
  "Tussentijds voortgangsverslag gelezen": "Interim progress report read",
  "Het tussentijds voortgangsverslag na de {months}e maand is ingediend.":
    "The interim progress report after month {months} was submitted.",
  "Het tussentijds voortgangsverslag na de {months}e maand is te laat ingediend (uiterste datum {date}).":
    "The interim progress report after month {months} was submitted late (deadline {date}).",
  "Het tussentijds voortgangsverslag na de {months}e maand is gelezen.":
    "The interim progress report after month {months} has been read.",
  "Het tussentijds voortgangsverslag na de {months}e maand is gelezen. Opmerking: {note}":
    "The interim progress report after month {months} has been read. Note: {note}",
};
