/**
 * Texts of the applicant's plan page after submission (withdrawal, start of execution) and of its
 * message thread with the handler, Dutch and English. Kept apart from nl.ts/en.ts as the other
 * *-texts.ts files are.
 */
export const planPageNl = {
  messagesLink: "Berichten met de behandelaar",
  withdrawn: "Uw aanvraag is ingetrokken. U ontvangt een bevestiging per brief en e-mail.",
  started: "De start van de uitvoering is gemeld.",
  /** A supplement request open (INFO_REQUESTED): the notice at the top of the plan page. */
  supplement: {
    heading: "Aanvulling gevraagd, uiterlijk {{date}}",
    asked: "Op {{date}} vroeg de behandelaar u uw aanvraag aan te vullen:",
    steps: "Weer open om te wijzigen: {{steps}}. U verstuurt de aanvulling in stap 7.",
    due: "Verstuur de aanvulling uiterlijk op {{date}}. Komt zij niet op tijd binnen, dan kan de aanvraag buiten behandeling worden gesteld.",
    answer: "Aanvulling geven",
    contents:
      "Wat u eerder indiende, staat onder Ingediende versies. Wat u nu wijzigt, telt pas als u de aanvulling verstuurt.",
  },
  withdraw: {
    heading: "Aanvraag intrekken",
    blocked: "U kunt deze aanvraag niet intrekken.",
    confirm: "Weet u zeker dat u de aanvraag {{reference}} wilt intrekken?",
    consequences:
      "Er wordt dan niet meer over beslist en een reservering van budget vervalt. Dit kunt u niet ongedaan maken; wilt u later toch subsidie, dan dient u een nieuwe aanvraag in.",
    reason: "Reden (niet verplicht)",
    reasonDescription: "De reden komt in de bevestigingsbrief en in het dossier.",
    yes: "Ja, aanvraag intrekken",
    no: "Nee, terug naar de aanvraag",
    intro: "Zolang er geen besluit is, kunt u uw aanvraag intrekken. U krijgt daarvan een bevestiging.",
    link: "Aanvraag intrekken",
  },
  start: {
    headingDone: "Uitvoering",
    done: "U heeft gemeld dat de uitvoering is begonnen op {{date}}.",
    heading: "Start van de uitvoering melden",
    intro:
      "De uitvoering moet binnen {{months}} maanden na de verlening beginnen. Meld hier op welke dag u bent begonnen.",
    label: "Startdatum van de uitvoering",
    description: "Niet vóór de datum van het besluit en niet na vandaag.",
    descriptionWithDecision: "Niet vóór de datum van het besluit ({{date}}) en niet na vandaag.",
    submit: "Start melden",
    /** A colleague who is no signatory: the form is not shown (the workflow's guard, art. 5.2). */
    signatoryOnly:
      "De uitvoering moet binnen {{months}} maanden na de verlening beginnen. Vraag een tekenbevoegde van uw organisatie de startdatum hier te melden.",
  },
  /** The interim progress reports the grant letter asks for (regulation art. 5.4). */
  interim: {
    heading: "Tussentijds voortgangsverslag",
    intro:
      "Volgens de beschikking brengt u tussentijds verslag uit over de voortgang (artikel 5.4 van de regeling): de gerealiseerde aantallen deelnemers, de aard en de kosten van de maatregelen en de resultaten.",
    due: "Na de {{months}}e maand: uiterlijk {{date}}",
  },
  messages: {
    title: "Berichten {{reference}}",
    back: "Terug naar sectorplan {{reference}}",
    heading: "Berichten over {{reference}}",
    intro:
      "Hier stelt u de behandelaar een vraag, en leest u zijn berichten. Een verzoek om aanvulling krijgt u apart, met een termijn.",
    handler: "Behandelaar",
    list: "Berichten, oudste eerst",
    empty: "Er zijn nog geen berichten.",
    newMessage: "Nieuw bericht",
    send: "Bericht versturen",
    sent: "Uw bericht is verstuurd naar de behandelaar.",
  },
  /** The intrekking of a grant by the minister (art. 5.2), shown as the plan's latest besluit. */
  revocation: {
    heading: "Intrekking van de subsidieverlening",
    revokedOn: "Ingetrokken op {{date}} (artikel 5.2 van de regeling)",
    letterPending:
      "De beschikking tot intrekking wordt aangemaakt; de bezwaartermijn begint zodra zij is verzonden.",
    announced: "Beschikking tot intrekking verzonden (bekendmaking)",
    objectionUntil: "Bezwaar maken kan tot en met",
    objectionWeeks: "({{weeks}} weken na de dag van verzending)",
    grantRevoked: "(ingetrokken op {{date}})",
    grantAnnounced: "De beschikking tot verlening is verzonden op {{date}}.",
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export const planPageEn: Widen<typeof planPageNl> = {
  messagesLink: "Messages with the case handler",
  withdrawn: "Your application has been withdrawn. You will receive a confirmation by letter and e-mail.",
  started: "The start of the execution has been reported.",
  supplement: {
    heading: "Supplement requested, by {{date}}",
    asked: "On {{date}} the case handler asked you to supplement your application:",
    steps: "Open again for changes: {{steps}}. You send the supplement in step 7.",
    due: "Send the supplement on {{date}} at the latest. If it does not arrive in time, the application may not be considered.",
    answer: "Give the supplement",
    contents:
      "What you submitted before is listed under Submitted versions. What you change now only counts once you send the supplement.",
  },
  withdraw: {
    heading: "Withdraw the application",
    blocked: "You cannot withdraw this application.",
    confirm: "Are you sure you want to withdraw application {{reference}}?",
    consequences:
      "It will then no longer be decided on, and any budget reserved for it lapses. This cannot be undone; if you want a grant later after all, you submit a new application.",
    reason: "Reason (optional)",
    reasonDescription: "The reason goes into the confirmation letter and the case file.",
    yes: "Yes, withdraw the application",
    no: "No, back to the application",
    intro:
      "As long as there is no decision, you can withdraw your application. You will receive a confirmation.",
    link: "Withdraw the application",
  },
  start: {
    headingDone: "Execution",
    done: "You reported that the execution started on {{date}}.",
    heading: "Report the start of the execution",
    intro:
      "The execution must start within {{months}} months of the grant. Report here on which day you started.",
    label: "Start date of the execution",
    description: "Not before the date of the decision and not after today.",
    descriptionWithDecision: "Not before the date of the decision ({{date}}) and not after today.",
    submit: "Report the start",
    signatoryOnly:
      "The execution must start within {{months}} months of the grant. Ask an authorised signatory of your organisation to report the start date here.",
  },
  interim: {
    heading: "Interim progress report",
    intro:
      "Under the grant decision you report on the progress in between (article 5.4 of the regulation): the numbers of participants reached, the nature and costs of the measures, and the results.",
    due: "After month {{months}}: by {{date}} at the latest",
  },
  messages: {
    title: "Messages {{reference}}",
    back: "Back to sector plan {{reference}}",
    heading: "Messages about {{reference}}",
    intro:
      "Here you ask the case handler a question and read their messages. A request to supplement your application reaches you separately, with a deadline.",
    handler: "Case handler",
    list: "Messages, oldest first",
    empty: "There are no messages yet.",
    newMessage: "New message",
    send: "Send the message",
    sent: "Your message has been sent to the case handler.",
  },
  revocation: {
    heading: "Revocation of the grant",
    revokedOn: "Revoked on {{date}} (article 5.2 of the regulation)",
    letterPending:
      "The revocation decision letter is being prepared; the objection period starts once it has been sent.",
    announced: "Revocation decision letter sent (notification)",
    objectionUntil: "An objection can be lodged up to and including",
    objectionWeeks: "({{weeks}} weeks after the day it was sent)",
    grantRevoked: "(revoked on {{date}})",
    grantAnnounced: "The grant decision letter was sent on {{date}}.",
  },
};
