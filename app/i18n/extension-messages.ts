/**
 * English renderings of the Dutch texts of the verlenging (app/domain/extension/rules.ts: the
 * form's messages, the refusals, the status labels; the workflow's event labels), to be merged into
 * the ENGLISH table of domain-messages.ts. The Dutch text is the key. Written out rather than
 * imported: rules.ts builds zod schemas, which the modules root.tsx imports must not load
 * (root-imports.test.ts); extension-messages.test.ts checks these against rules.ts.
 */
export const EXTENSION_MESSAGES_EN: Record<string, string> = {
  // The request and decision forms (extensionRequestSchema, extensionDecisionSchema).
  "Kies het aantal maanden: 1.": "Choose the number of months: 1.",
  "Kies het aantal maanden: 1 tot en met {max}.": "Choose the number of months: 1 to {max}.",
  "Schrijf waarom het plan meer tijd nodig heeft.": "Explain why the plan needs more time.",
  "Schrijf waarom het plan meer tijd nodig heeft, in ten minste {min} tekens.":
    "Explain why the plan needs more time, in at least {min} characters.",
  "De motivering mag hoogstens {max} tekens hebben.": "The reasons may have at most {max} characters.",
  // The refusals (rules.ts), shown on the applicant's page.
  "Alleen een tekenbevoegde van uw organisatie mag verlenging van de periode vragen.":
    "Only an authorised signatory of your organisation may request an extension of the plan period.",
  "Alleen een tekenbevoegde van uw organisatie mag het verzoek om verlenging intrekken.":
    "Only an authorised signatory of your organisation may withdraw the request for an extension.",
  "De verlening van dit plan staat geen verlenging van de periode toe.":
    "The grant for this plan does not allow an extension of the plan period.",
  "De periode van het plan is al afgelopen: een afgelopen periode kan niet meer worden verlengd.":
    "The plan period has already ended: a period that has ended can no longer be extended.",
  "De periode van dit plan is al verlengd. Verlenging is maar één keer mogelijk (artikel 1.2a).":
    "The period of this plan has already been extended. An extension is possible only once (article 1.2a).",
  "Er loopt al een verzoek om verlenging: wacht op het besluit of trek het verzoek in.":
    "A request for an extension is already pending: wait for the decision or withdraw the request.",
  "Er loopt nog een verzoek om verlenging: wacht op het besluit of trek het verzoek in.":
    "A request for an extension is still pending: wait for the decision or withdraw the request.",
  "Er staat geen verzoek om verlenging open voor dit plan.":
    "There is no pending request for an extension of this plan.",
  "Dit verzoek om verlenging is al afgehandeld. Laad de pagina opnieuw en bekijk de nieuwe stand.":
    "This request for an extension has already been dealt with. Reload the page to see where things stand now.",
  "Verlenging kan alleen worden gevraagd voor een verleend plan waarvan de vaststelling nog niet is aangevraagd.":
    "An extension can only be requested for a granted plan whose final settlement has not yet been requested.",
  "Het verzoek om verlenging is niet gevonden. Laad de pagina opnieuw.":
    "The request for an extension was not found. Reload the page.",
  // The realisation report's note once the period was extended (settlement/report.server.ts).
  "De periode is verlengd tot en met {date}. Kosten uit de verlengingsmaanden vallen onder het laatste jaar van het plan, {year}, en tellen mee tot de subsidiabele kosten die de verlening voor dat jaar dekt.":
    "The period has been extended up to and including {date}. Costs made in the months of the extension count toward the plan's last year, {year}, up to the eligible costs the grant covers for that year.",
  // The status of a request (EXTENSION_STATUS_LABEL).
  Aangevraagd: "Requested",
  Verleend: "Granted",
  Geweigerd: "Refused",
  "Ingetrokken door de aanvrager": "Withdrawn by the applicant",
  Vervallen: "Lapsed",
  // The plan's history (EVENT_LABEL).
  "Verlenging van de periode gevraagd": "Extension of the plan period requested",
  "Verzoek om verlenging ingetrokken": "Request for an extension withdrawn",
  "Besluit op het verzoek om verlenging": "Decision on the request for an extension",
};
