/**
 * English renderings of the Dutch texts of the melding onderbesteding (app/domain/underspending/:
 * why a melding cannot be made, the refusals, the form's messages, the events of the plan's
 * history), merged into the ENGLISH table of domain-messages.ts. The Dutch text is the key.
 */
export const UNDERSPENDING_MESSAGES_EN: Record<string, string> = {
  // Why the melding cannot be made now (underspending/rules.ts meldingClosedReason).
  "De melding onderbesteding over halfjaar {n} is al ingediend.":
    "The underspending report for half-year {n} has already been submitted.",
  "Een melding onderbesteding kan alleen worden gedaan zolang de subsidie is verleend en het plan loopt.":
    "An underspending report can only be made while the grant stands and the plan runs.",
  "Voor dit plan is geen melding onderbesteding nodig: er worden geen voorschotten betaald van gemiddeld € 200.000 of meer per jaar.":
    "This plan needs no underspending report: no advances averaging € 200,000 or more a year are paid.",
  "De periode van dit plan heeft geen halfjaar {n}.": "This plan's period has no half-year {n}.",
  "Over halfjaar {n} is geen melding onderbesteding nodig: het eindigde op of vóór de dag waarop de subsidie werd verleend, en voor dat halfjaar is geen voorschot verleend.":
    "No underspending report is needed for half-year {n}: it ended on or before the day the grant was made, and no advance was granted for that half-year.",
  "Over halfjaar {n} kunt u pas melden vanaf {date}.": "You can report on half-year {n} from {date}.",
  "De melding onderbesteding over halfjaar {n} is nog niet ingediend.":
    "The underspending report for half-year {n} has not been submitted yet.",
  "De melding is intussen elders gewijzigd (een ander tabblad of een collega). Laad de pagina opnieuw.":
    "The report was changed elsewhere in the meantime (another tab or a colleague). Reload the page.",
  // The 75% rule on submission (underspending/melding.server.ts notOwedMessage).
  "De kosten van halfjaar {n} ({actual}) zijn meer dan 75% van de begrote kosten ({planned}): over dit halfjaar hoeft u geen melding te doen, en die kunt u dus niet indienen.":
    "The costs of half-year {n} ({actual}) are more than 75% of the budgeted costs ({planned}): no report is needed for this half-year, so you cannot submit one.",
  // The form (underspending/schema.ts).
  "Vul de gemaakte subsidiabele kosten in dit halfjaar in.":
    "Enter the eligible costs made in this half-year.",
  "Bij de gemaakte subsidiabele kosten in dit halfjaar staat geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.":
    "The eligible costs made in this half-year are not a valid amount. Write it as 250.000,00: not negative, at most two decimals and not more than € 1 billion.",
  "Beschrijf de oorzaken van de lagere kosten in ten minste 20 tekens.":
    "Describe the causes of the lower costs in at least 20 characters.",
  "Beschrijf wat u doet en verwacht voor de rest van de periode in ten minste 20 tekens.":
    "Describe what you are doing and expect for the rest of the period in at least 20 characters.",
  "De tekst mag hoogstens {max} tekens hebben.": "The text may have at most {max} characters.",
  // The refusal of the workflow's guard (workflow/definition.server.ts).
  "Alleen een tekenbevoegde van uw organisatie mag de melding onderbesteding indienen.":
    "Only an authorised signatory of your organisation may submit the underspending report.",
  // The plan's history: the events and their reasons.
  "Melding onderbesteding ingediend": "Underspending report submitted",
  "Melding onderbesteding gelezen": "Underspending report read",
  "De melding onderbesteding over halfjaar {n} is ingediend.":
    "The underspending report for half-year {n} was submitted.",
  "De melding onderbesteding over halfjaar {n} is te laat ingediend (uiterste datum {date}).":
    "The underspending report for half-year {n} was submitted late (deadline {date}).",
  "De melding onderbesteding over halfjaar {n} is gelezen.":
    "The underspending report for half-year {n} has been read.",
  "De melding onderbesteding over halfjaar {n} is gelezen. Opmerking: {note}":
    "The underspending report for half-year {n} has been read. Note: {note}",
};
