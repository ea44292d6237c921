/**
 * Texts of the applicant's extension page (verlenging, regulation art. 1.2a) and of the extension
 * lines on the plan page, Dutch and English. Kept apart from nl.ts/en.ts as the other *-texts.ts
 * files are. The domain's own messages (the form's rules, the refusals) are Dutch and go through
 * dt() (domain-messages.ts).
 */
export const extensionNl = {
  pageTitle: "Verlenging {{reference}}",
  heading: "Verlenging van de looptijd",
  caption: "Sectorplan {{reference}}",
  back: "Terug naar sectorplan {{reference}}",
  intro:
    "De looptijd van een verleend sectorplan kan één keer worden verlengd, met ten hoogste het aantal maanden dat in de beschikking staat (artikel 1.2a van de regeling). Een verlenging geeft meer tijd, geen hogere subsidie.",
  period: "Looptijd",
  periodValue: "{{start}} tot en met {{end}}",
  extendedUntil: "verlengd tot en met {{date}}",
  maxMonths: "Ten hoogste te verlengen",
  maxMonthsValue_one: "{{count}} maand",
  maxMonthsValue_other: "{{count}} maanden",
  noExtension: "Deze subsidie kan niet worden verlengd.",
  requested: "Uw verzoek om verlenging is ingediend. Wij beslissen uiterlijk op {{date}}.",
  requestedNoDate: "Uw verzoek om verlenging is ingediend.",
  withdrawn: "Uw verzoek om verlenging is ingetrokken.",
  requests: {
    heading: "Uw verzoeken om verlenging",
    none: "U heeft nog geen verlenging gevraagd.",
    requestedAt: "Ingediend",
    months: "Gevraagd",
    status: "Status",
    decision: "Besluit",
    letter: "Brief",
    monthsValue_one: "{{count}} maand",
    monthsValue_other: "{{count}} maanden",
    by: "door {{name}}",
    motivation: "Uw motivering",
    dueOn: "Besluit uiterlijk op {{date}}",
    granted_one: "{{count}} maand verlengd, tot en met {{date}}",
    granted_other: "{{count}} maanden verlengd, tot en met {{date}}",
    refused: "Geweigerd",
    reason: "Reden:",
    closedAt: "Op {{date}}",
    download: "Besluit downloaden (PDF)",
    letterPending: "De brief wordt gemaakt.",
    noLetter: "—",
  },
  form: {
    heading: "Verlenging aanvragen",
    months: "Met hoeveel maanden wilt u de looptijd verlengen?",
    monthsDescription_one: "Ten hoogste {{count}} maand.",
    monthsDescription_other: "Ten hoogste {{count}} maanden.",
    monthsOption_one: "{{count}} maand",
    monthsOption_other: "{{count}} maanden",
    motivation: "Waarom heeft u meer tijd nodig?",
    motivationDescription:
      "Beschrijf wat vertraging heeft opgelopen en wat u in de extra maanden nog gaat doen. Ten minste {{min}} tekens.",
    submit: "Verzoek indienen",
    cannot: "U kunt nu geen verlenging aanvragen.",
  },
  withdraw: {
    heading: "Verzoek intrekken",
    intro:
      "Zolang er geen besluit is, kunt u uw verzoek intrekken. Daarna kunt u een nieuw verzoek indienen.",
    submit: "Verzoek intrekken",
  },
  planLink: {
    request: "Verlenging aanvragen",
    view: "Verzoek om verlenging",
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export const extensionEn: Widen<typeof extensionNl> = {
  pageTitle: "Extension {{reference}}",
  heading: "Extension of the plan period",
  caption: "Sector plan {{reference}}",
  back: "Back to sector plan {{reference}}",
  intro:
    "The period of a granted sector plan can be extended once, by at most the number of months stated in the grant decision (article 1.2a of the regulation). An extension gives more time, not a higher grant.",
  period: "Plan period",
  periodValue: "{{start}} up to and including {{end}}",
  extendedUntil: "extended up to and including {{date}}",
  maxMonths: "Maximum extension",
  maxMonthsValue_one: "{{count}} month",
  maxMonthsValue_other: "{{count}} months",
  noExtension: "This grant cannot be extended.",
  requested: "Your request for an extension has been submitted. We will decide by {{date}} at the latest.",
  requestedNoDate: "Your request for an extension has been submitted.",
  withdrawn: "Your request for an extension has been withdrawn.",
  requests: {
    heading: "Your requests for an extension",
    none: "You have not asked for an extension yet.",
    requestedAt: "Submitted",
    months: "Asked for",
    status: "Status",
    decision: "Decision",
    letter: "Letter",
    monthsValue_one: "{{count}} month",
    monthsValue_other: "{{count}} months",
    by: "by {{name}}",
    motivation: "Your reasons",
    dueOn: "Decision by {{date}} at the latest",
    granted_one: "Extended by {{count}} month, up to and including {{date}}",
    granted_other: "Extended by {{count}} months, up to and including {{date}}",
    refused: "Refused",
    reason: "Reason:",
    closedAt: "On {{date}}",
    download: "Download the decision (PDF)",
    letterPending: "The letter is being prepared.",
    noLetter: "—",
  },
  form: {
    heading: "Request an extension",
    months: "By how many months do you want to extend the plan period?",
    monthsDescription_one: "At most {{count}} month.",
    monthsDescription_other: "At most {{count}} months.",
    monthsOption_one: "{{count}} month",
    monthsOption_other: "{{count}} months",
    motivation: "Why do you need more time?",
    motivationDescription:
      "Describe what has been delayed and what you will still do in the extra months. At least {{min}} characters.",
    submit: "Submit the request",
    cannot: "You cannot request an extension now.",
  },
  withdraw: {
    heading: "Withdraw the request",
    intro:
      "As long as there is no decision, you can withdraw your request. You can submit a new request afterwards.",
    submit: "Withdraw the request",
  },
  planLink: {
    request: "Request an extension",
    view: "Request for an extension",
  },
};
