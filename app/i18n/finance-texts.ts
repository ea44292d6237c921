/**
 * Texts of the applicant-facing finance pages (issue 6), Dutch and English: the realisation report
 * (realisatieverslag) and the settlement section on the plan page, the change of the bank account
 * on the organisation page, and the public open-data page. Kept apart from nl.ts/en.ts like the
 * wizard's texts. e2e specs assert some of these verbatim (e2e/settlement.spec.ts,
 * e2e/finance-setup.spec.ts).
 */
import { RETURN_REASONS } from "../domain/payments/return-reasons.ts";

export const realisationNl = {
  pageTitle: "Realisatieverslag {{reference}}",
  stepPageTitle: "Stap {{step}}: {{name}} — Realisatieverslag {{reference}}",
  stepsHeading: "Stappen van het realisatieverslag",
  steps: {
    results: "Resultaten",
    costs: "Kosten",
    submit: "Indienen",
  },
  caption: "Realisatieverslag {{reference}} — stap {{step}} van {{count}}",
  due: "Uiterste datum van indienen:",
  dueRest:
    "({{weeks}} weken na het einde van het plan). Een later verslag nemen wij nog in behandeling, maar het wordt als te laat aangemerkt.",
  /** The day a verlenging refused late gave (ADR 0026), as the refusal letter states it. */
  dueRestAfterRefusal:
    "({{weeks}} weken na het besluit op uw verzoek om verlenging). Een later verslag nemen wij nog in behandeling, maar het wordt als te laat aangemerkt.",
  submitted: "Het verslag is ingediend. De vaststelling is aangevraagd.",
  submittedLate: "Het verslag is ingediend (na de uiterste datum). De vaststelling is aangevraagd.",
  backToPlan: "Terug naar het plan",
  resultsIntro:
    "Hoeveel deelnemers bereikte elke maatregel over de hele periode? Vertel daarna wat volgens plan ging en wat niet, en waarom.",
  participants: "Bereikte deelnemers: {{measure}}",
  planned: "Gepland: {{number}}",
  summary: "Wat ging volgens plan en wat niet?",
  costsIntro:
    "Vul per maatregel en jaar de werkelijk gemaakte subsidiabele kosten in, in euro’s (bijvoorbeeld 250.000,00). De overhead rekenen wij zelf bij de vaststelling.",
  costsYear: "Werkelijke kosten {{year}} (€)",
  incomplete: "De kosten zijn nog niet volledig ingevuld. Vul",
  incompleteLink: "stap 2",
  incompleteRest: "aan voordat u indient.",
  signatoryOnly: "Alleen een tekenbevoegde van uw organisatie kan het verslag indienen.",
  extensionOpen:
    "Er loopt nog een verzoek om verlenging van de periode. U kunt het verslag indienen zodra daarop is beslist, of nadat u het verzoek heeft ingetrokken.",
  extensionLink: "Naar het verzoek om verlenging",
  // The portal asks no BSN (ADR 0030): the declaration names where they are kept instead.
  declaration:
    "Ik verklaar dat dit verslag en de kosten naar waarheid zijn ingevuld en blijken uit de projectadministratie. Daarin staan de deelnemers per maatregel met hun burgerservicenummer (BSN), op één plaats en op verzoek ter inzage voor het ministerie; in het portaal vult u geen BSN in.",
  submit: "Verslag indienen en vaststelling aanvragen",
  overview: {
    caption: "Begrote en werkelijke kosten per maatregel en jaar",
    measure: "Maatregel",
    year: "{{year}}: begroot / werkelijk",
    totalPlanned: "Totaal begroot",
    totalActual: "Totaal werkelijk",
    total: "Totaal",
    settlementRealisation:
      "Realisatie zoals de vaststelling die meet: {{realisation}}, {{counted}} meegetelde kosten van {{eligible}} subsidiabele kosten in de verlening. Van de kosten van een jaar telt alleen mee wat de verlening voor dat jaar dekt, en in een categorie met een grens per deelnemer niet meer dan die grens per bereikte deelnemer. Ligt de realisatie onder {{threshold}}, dan wordt de subsidie op nihil vastgesteld of naar evenredigheid verlaagd (artikel 5.1 van de regeling).",
    belowThreshold:
      "Met deze kosten ligt de realisatie onder {{threshold}}: de subsidie wordt dan op nihil vastgesteld of naar evenredigheid verlaagd.",
  },
  /** The section on the applicant's plan page. */
  settlement: {
    heading: "Realisatieverslag en vaststelling",
    periodOver:
      "De periode van uw plan is afgelopen. Dien het realisatieverslag in uiterlijk {{date}} en vraag daarmee de vaststelling aan.",
    periodOverNoDate:
      "De periode van uw plan is afgelopen. Dien het realisatieverslag in en vraag daarmee de vaststelling aan.",
    overdue: "De uiterste datum is verstreken; wij nemen het verslag nog in behandeling.",
    fillIn: "Realisatieverslag invullen",
    requested: "U heeft de vaststelling aangevraagd. Wij beslissen binnen {{weeks}} weken.",
    requestedLate:
      "U heeft de vaststelling aangevraagd (na de uiterste datum). Wij beslissen binnen {{weeks}} weken.",
    viewReport: "Bekijk uw verslag",
    settled: "De subsidie is vastgesteld op {{amount}}.",
    finalPayment: "U ontvangt nog {{amount}}.",
    finalPaymentPaid: "Wij hebben de eindbetaling van {{amount}} op {{date}} betaald.",
    recovery: "Wij vorderen {{amount}} terug; betaal dat uiterlijk {{date}}.",
    /** Before the beschikking's letter is stored: its day counts from the sending (Awb 4:87). */
    recoveryPending:
      "Wij vorderen {{amount}} terug; tot wanneer u dat kunt betalen, volgt uit de beschikking.",
    recoveryReceived: "Wij hebben de terugbetaling van {{amount}} ontvangen.",
    /** Paid in parts (ADR 0031): while open, what came in and what is left; the parts are listed. */
    recoveryPartsPaid: "Daarvan hebben wij {{paid}} ontvangen; er staat nog {{outstanding}} open.",
    /** Received in more than one part: paid in full on the last part's day. */
    recoveryReceivedInParts:
      "Wij hebben de terugbetaling van {{amount}} in delen ontvangen; zij is op {{date}} volledig betaald.",
    recoveryPartsHeading: "Ontvangen delen van de terugbetaling",
    recoveryPart: "{{amount}} op {{date}}",
    /** After a receipt past the last day to pay (Awb 4:97–4:99): what the late days cost. */
    recoveryInterest: "Wettelijke rente over de te late betaling: {{amount}}.",
    /** An open claim past its last day (Awb 4:97: verzuim without a reminder, 4:98: the interest runs). */
    interestRunning: "Sinds {{date}} bent u over het openstaande bedrag de wettelijke rente verschuldigd.",
    /** The beschikking setting that interest (Awb 4:99), and its receipt. */
    interestDecided:
      "De wettelijke rente is bij beschikking van {{date}} vastgesteld (artikel 4:99 Awb); de beschikking staat bij de documenten.",
    interestPayBy: "Betaal de rente uiterlijk {{date}}.",
    interestReceived: "Wij hebben de wettelijke rente op {{date}} ontvangen.",
    /** The aanmaning (Awb 4:112) of an unpaid claim, or of the unpaid interest, once its letter is sent. */
    aanmaning:
      "Wij hebben u op {{date}} aangemaand het bedrag alsnog te betalen (artikel 4:112 Awb). Betaal het uiterlijk {{payBy}}; de aanmaning staat bij de documenten.",
    interestAanmaning:
      "Wij hebben u op {{date}} aangemaand de wettelijke rente alsnog te betalen (artikel 4:112 Awb). Betaal die uiterlijk {{payBy}}; de aanmaning staat bij de documenten.",
    letter: "De beschikking staat bij de documenten.",
    /** Before the vaststelling's letter is stored (sent). */
    letterPending: "De beschikking volgt; u vindt haar bij de documenten zodra wij haar hebben verstuurd.",
    done: "Uw realisatieverslag is ingediend en de vaststelling is aangevraagd.",
    /** After an intrekking (art. 5.2): the claim as the beschikking tot intrekking states it. */
    revoked: {
      heading: "Terugbetaling na de intrekking",
      recovery:
        "Wij vorderen de betaalde voorschotten van {{amount}} terug. Betaal dat uiterlijk {{date}}; hoe, staat in de beschikking tot intrekking bij de documenten.",
      recoveryPending:
        "Wij vorderen de betaalde voorschotten van {{amount}} terug. Tot wanneer en hoe u dat betaalt, volgt uit de beschikking tot intrekking.",
      interest:
        "Betaalt u niet uiterlijk {{date}}, dan bent u vanaf de dag daarna over het openstaande bedrag de wettelijke rente verschuldigd (artikel 5.2 van de regeling en artikel 4:98 van de Algemene wet bestuursrecht).",
    },
  },
} as const;

export const ibanNl = {
  heading: "Rekeningnummer",
  current: "Wij betalen de subsidie op IBAN {{iban}}, ten name van {{holder}}.",
  pending:
    "Er staat een wijziging open naar IBAN {{iban}} (rekeninghouder {{holder}}), aangevraagd op {{date}}. Financiën beoordeelt haar; tot dan houden wij betalingen aan.",
  pendingHolder:
    "Er staat een wijziging van de rekeninghouder open: {{holder}}, op hetzelfde IBAN {{iban}}, aangevraagd op {{date}}. Financiën beoordeelt haar; tot dan houden wij betalingen aan.",
  newIban: "Nieuw IBAN",
  newIbanHint:
    "Bijvoorbeeld NL91 ABNA 0417 1643 00. Alleen de naam van de rekeninghouder wijzigen? Vul dan het huidige IBAN in. De wijziging geldt pas na goedkeuring door Financiën.",
  accountHolder: "Naam van de rekeninghouder",
  submit: "Rekeningnummer wijzigen",
  signatoryOnly: "Alleen een tekenbevoegde van uw organisatie kan het rekeningnummer wijzigen.",
  requested:
    "Uw wijziging van het rekeningnummer is ontvangen. Zij geldt pas als Financiën haar heeft goedgekeurd; tot dan houden wij betalingen aan.",
  approved: "Uw wijziging naar IBAN {{iban}} is op {{date}} goedgekeurd door Financiën.",
  rejected: "Uw wijziging naar IBAN {{iban}} is op {{date}} afgewezen door Financiën.",
  // A change of the holder's name only, the IBAN unchanged.
  approvedHolder:
    "Uw wijziging van de rekeninghouder van IBAN {{iban}} in {{holder}} is op {{date}} goedgekeurd door Financiën.",
  rejectedHolder:
    "Uw wijziging van de rekeninghouder van IBAN {{iban}} in {{holder}} is op {{date}} afgewezen door Financiën.",
  // After a rejected change: whom we pay, or, once a bank return unapproved the account, nobody.
  rejectedPaid: "Wij betalen op het rekeningnummer hierboven.",
  rejectedHolderPaid: "Wij betalen op het rekeningnummer hierboven, aan de rekeninghouder die daar staat.",
  rejectedNothingPaid:
    "Wij betalen niets uit tot Financiën een rekeningnummer van uw organisatie opnieuw heeft goedgekeurd.",
  rejectionReason: "Reden van de afwijzing:",
  pendingFirst:
    "Financiën controleert uw rekeningnummer IBAN {{iban}} (rekeninghouder {{holder}}), opgegeven op {{date}}, voordat wij er iets op betalen. Tot het is goedgekeurd houden wij betalingen aan.",
  notChecked:
    "Financiën heeft nog geen rekeningnummer van uw organisatie goedgekeurd. Wij betalen niets uit tot dat is gebeurd; geef hieronder het rekeningnummer van uw organisatie op.",
  approvedFirst:
    "Uw rekeningnummer IBAN {{iban}} is op {{date}} gecontroleerd en goedgekeurd door Financiën.",
  rejectedFirst: "Uw rekeningnummer IBAN {{iban}} is op {{date}} afgewezen door Financiën.",
  iban: "IBAN",
  ibanHint: "Bijvoorbeeld NL91 ABNA 0417 1643 00. Het geldt pas na goedkeuring door Financiën.",
  submitFirst: "Rekeningnummer ter controle opgeven",
  // The bank sent a payment back for the account (payments/returns.server.ts, accountReturnOf): the
  // payment's bank-statement text stands between the two parts, marked Dutch on the English page.
  bankReturnPayment: "De bank heeft de betaling",
  bankReturn:
    "van {{date}} op {{returned}} teruggestuurd (reden van de bank: {{reason}}), dus Financiën moet het rekeningnummer van uw organisatie opnieuw goedkeuren voordat wij iets betalen; controleer of IBAN {{iban}} klopt, of geef hieronder een ander rekeningnummer op.",
  /** The bank's reasons as finance records them (return-reasons.ts). */
  returnReason: RETURN_REASONS,
} as const;

export const openDataNl = {
  title: "Open data: toegekende sectorplannen",
  intro:
    "Elk sectorplan waarvoor cofinanciering is toegekend, met de hoofdaanvrager, de looptijd en het toegekende bedrag per kalenderjaar volgens de subsidiebeschikking. Wie een sectorplan indient, stemt ermee in dat het subsidiedossier openbaar wordt, behalve persoonsgegevens; daarom staan hier geen contactpersonen of rekeningnummers.",
  columns:
    "De kolommen per jaar en de kolom Totaal tonen wat is verleend. Is de subsidie vastgesteld, dan staat het vastgestelde bedrag met de datum van de vaststelling in de kolom Vastgesteld; zolang dat niet zo is, blijft die kolom leeg. Een ingetrokken verlening blijft in de lijst met de status ingetrokken en is vastgesteld op nihil op de dag van de intrekking. Het bestand heeft daarvoor de kolommen Vastgesteld totaal (EUR), Vaststellingsdatum en Intrekkingsdatum. Een besluit staat hier pas zodra het aan de aanvrager bekend is gemaakt. Een regionaal sectorplan heeft geen sector maar arbeidsmarktregio's: in het bestand de laatste kolom, Arbeidsmarktregio.",
  download: "Downloaden:",
  csvNote: "(puntkomma als scheidingsteken, decimale komma, UTF-8) of",
  jsonNote: "(bedragen als decimale tekenreeks in euro). Stand van {{date}}.",
  none: "Er zijn nog geen sectorplannen toegekend.",
  caption: "Toegekende sectorplannen ({{number}}), bedragen in euro per kalenderjaar",
  reference: "Kenmerk",
  planAndSector: "Sectorplan en sector of regio",
  regions: "Arbeidsmarktregio's: {{regions}}",
  leadApplicant: "Hoofdaanvrager",
  period: "Looptijd",
  status: "Status",
  total: "Totaal",
  settled: "Vastgesteld",
  settledOn: "op {{date}}",
  statuses: {
    GRANTED: "toegekend",
    PARTIALLY_GRANTED: "gedeeltelijk toegekend",
    IN_EXECUTION: "in uitvoering",
    SETTLEMENT_REQUESTED: "vaststelling aangevraagd",
    SETTLED: "vastgesteld",
    REVOKED: "ingetrokken",
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const realisationEn: Widen<typeof realisationNl> = {
  pageTitle: "Realisation report {{reference}}",
  stepPageTitle: "Step {{step}}: {{name}} — Realisation report {{reference}}",
  stepsHeading: "Steps of the realisation report",
  steps: {
    results: "Results",
    costs: "Costs",
    submit: "Submit",
  },
  caption: "Realisation report {{reference}} — step {{step}} of {{count}}",
  due: "Deadline for submission:",
  dueRest:
    "({{weeks}} weeks after the end of the plan). We will still consider a later report, but it will be marked as late.",
  dueRestAfterRefusal:
    "({{weeks}} weeks after the decision on your request for an extension). We will still consider a later report, but it will be marked as late.",
  submitted: "The report has been submitted. The final settlement has been requested.",
  submittedLate:
    "The report has been submitted (after the deadline). The final settlement has been requested.",
  backToPlan: "Back to the plan",
  resultsIntro:
    "How many participants did each measure reach over the whole period? Then tell us what went according to plan and what did not, and why.",
  participants: "Participants reached: {{measure}}",
  planned: "Planned: {{number}}",
  summary: "What went according to plan and what did not?",
  costsIntro:
    "Enter the eligible costs actually incurred per measure and year, in euros (for example 250.000,00). We calculate the overhead ourselves in the final settlement.",
  costsYear: "Actual costs {{year}} (€)",
  incomplete: "The costs have not all been filled in yet. Complete",
  incompleteLink: "step 2",
  incompleteRest: "before you submit.",
  signatoryOnly: "Only an authorised signatory of your organisation can submit the report.",
  extensionOpen:
    "A request to extend the plan period is still pending. You can submit the report once it has been decided, or after you have withdrawn the request.",
  extensionLink: "Go to the request for an extension",
  declaration:
    "I declare that this report and the costs have been filled in truthfully and are supported by the project accounts. These list the participants per measure with their citizen service number (BSN), in one place and open to inspection by the ministry on request; you do not enter any BSN in the portal.",
  submit: "Submit the report and request the final settlement",
  overview: {
    caption: "Budgeted and actual costs per measure and year",
    measure: "Measure",
    year: "{{year}}: budgeted / actual",
    totalPlanned: "Total budgeted",
    totalActual: "Total actual",
    total: "Total",
    settlementRealisation:
      "Realisation as the final settlement measures it: {{realisation}}, {{counted}} counted costs of {{eligible}} eligible costs in the grant. Of a year's costs only what the grant covers for that year counts, and in a category with a limit per participant no more than that limit per participant reached. If the realisation is below {{threshold}}, the grant is set at nil or reduced proportionally (article 5.1 of the regulation).",
    belowThreshold:
      "With these costs the realisation is below {{threshold}}: the grant will then be set at nil or reduced proportionally.",
  },
  settlement: {
    heading: "Realisation report and final settlement",
    periodOver:
      "The period of your plan has ended. Submit the realisation report by {{date}} at the latest, and so request the final settlement.",
    periodOverNoDate:
      "The period of your plan has ended. Submit the realisation report, and so request the final settlement.",
    overdue: "The deadline has passed; we will still consider the report.",
    fillIn: "Fill in the realisation report",
    requested: "You have requested the final settlement. We will decide within {{weeks}} weeks.",
    requestedLate:
      "You have requested the final settlement (after the deadline). We will decide within {{weeks}} weeks.",
    viewReport: "View your report",
    settled: "The grant has been settled at {{amount}}.",
    finalPayment: "You will still receive {{amount}}.",
    finalPaymentPaid: "We paid the final payment of {{amount}} on {{date}}.",
    recovery: "We are reclaiming {{amount}}; please pay this by {{date}} at the latest.",
    recoveryPending: "We are reclaiming {{amount}}; the date by which to pay follows from the decision.",
    recoveryReceived: "We have received the repayment of {{amount}}.",
    recoveryPartsPaid: "Of this we have received {{paid}}; {{outstanding}} is still outstanding.",
    recoveryReceivedInParts:
      "We have received the repayment of {{amount}} in parts; it was paid in full on {{date}}.",
    recoveryPartsHeading: "Parts of the repayment received",
    recoveryPart: "{{amount}} on {{date}}",
    recoveryInterest: "Statutory interest (wettelijke rente) on the late payment: {{amount}}.",
    interestRunning:
      "Since {{date}} you owe statutory interest (wettelijke rente) on the outstanding amount.",
    interestDecided:
      "The statutory interest was set by decision of {{date}} (article 4:99 of the General Administrative Law Act); the decision is among the documents.",
    interestPayBy: "Please pay the interest by {{date}} at the latest.",
    interestReceived: "We received the statutory interest on {{date}}.",
    aanmaning:
      "On {{date}} we sent you a reminder (aanmaning, article 4:112 of the General Administrative Law Act) to pay the amount yet. Please pay it by {{payBy}} at the latest; the reminder is among the documents.",
    interestAanmaning:
      "On {{date}} we sent you a reminder (aanmaning, article 4:112 of the General Administrative Law Act) to pay the statutory interest yet. Please pay it by {{payBy}} at the latest; the reminder is among the documents.",
    letter: "The decision is among the documents.",
    letterPending: "The decision will follow; you will find it among the documents once we have sent it.",
    done: "Your realisation report has been submitted and the final settlement has been requested.",
    revoked: {
      heading: "Repayment after the revocation",
      recovery:
        "We are reclaiming the advances paid, {{amount}}. Please pay this by {{date}} at the latest; how is set out in the revocation decision among the documents.",
      recoveryPending:
        "We are reclaiming the advances paid, {{amount}}. By when and how to pay follows from the revocation decision.",
      interest:
        "If you do not pay by {{date}}, you owe statutory interest (wettelijke rente) on the outstanding amount from the day after (article 5.2 of the regulation and article 4:98 of the General Administrative Law Act).",
    },
  },
};

export const ibanEn: Widen<typeof ibanNl> = {
  heading: "Bank account number",
  current: "We pay the grant into IBAN {{iban}}, in the name of {{holder}}.",
  pending:
    "A change to IBAN {{iban}} (account holder {{holder}}) is pending, requested on {{date}}. Finance is reviewing it; until then we hold back payments.",
  pendingHolder:
    "A change of the account holder to {{holder}} is pending, on the same IBAN {{iban}}, requested on {{date}}. Finance is reviewing it; until then we hold back payments.",
  newIban: "New IBAN",
  newIbanHint:
    "For example NL91 ABNA 0417 1643 00. Changing only the account holder's name? Then enter the current IBAN. The change only takes effect once Finance has approved it.",
  accountHolder: "Name of the account holder",
  submit: "Change bank account number",
  signatoryOnly: "Only an authorised signatory of your organisation can change the bank account number.",
  requested:
    "Your change of bank account number has been received. It only takes effect once Finance has approved it; until then we hold back payments.",
  approved: "Your change to IBAN {{iban}} was approved by Finance on {{date}}.",
  rejected: "Your change to IBAN {{iban}} was rejected by Finance on {{date}}.",
  approvedHolder:
    "Your change of the account holder of IBAN {{iban}} to {{holder}} was approved by Finance on {{date}}.",
  rejectedHolder:
    "Your change of the account holder of IBAN {{iban}} to {{holder}} was rejected by Finance on {{date}}.",
  rejectedPaid: "We pay into the account number above.",
  rejectedHolderPaid: "We pay into the account number above, to the account holder named there.",
  rejectedNothingPaid:
    "We pay nothing until Finance has approved a bank account number of your organisation again.",
  rejectionReason: "Reason for the rejection:",
  pendingFirst:
    "Finance is checking your bank account number IBAN {{iban}} (account holder {{holder}}), given on {{date}}, before we pay anything into it. Until it is approved we hold back payments.",
  notChecked:
    "Finance has not yet approved a bank account number of your organisation. We pay nothing until it has; enter your organisation's bank account number below.",
  approvedFirst: "Your bank account number IBAN {{iban}} was checked and approved by Finance on {{date}}.",
  rejectedFirst: "Your bank account number IBAN {{iban}} was rejected by Finance on {{date}}.",
  iban: "IBAN",
  ibanHint: "For example NL91 ABNA 0417 1643 00. It only applies once Finance has approved it.",
  submitFirst: "Submit bank account number for checking",
  bankReturnPayment: "The bank sent back the payment",
  bankReturn:
    "of {{date}} on {{returned}} (the bank's reason: {{reason}}), so Finance must approve your organisation's bank account number again before we pay anything; check that IBAN {{iban}} is correct, or enter another bank account number below.",
  returnReason: {
    AC01: "Incorrect account number (AC01)",
    AC04: "Account closed (AC04)",
    AC06: "Account blocked (AC06)",
    AG01: "Payments to this account not allowed (AG01)",
    MD07: "Account holder deceased (MD07)",
    MS02: "Refused by the payee (MS02)",
    MS03: "No reason given by the bank (MS03)",
  },
};

export const openDataEn: Widen<typeof openDataNl> = {
  title: "Open data: granted sector plans",
  intro:
    "Every sector plan that has been granted co-financing, with the lead applicant, the period and the amount granted per calendar year according to the grant decision. Whoever submits a sector plan agrees that the grant file becomes public, except for personal data; that is why no contact persons or bank account numbers are listed here.",
  columns:
    "The columns per year and the Total column show what was granted. Once the grant has been settled, the settled amount and the date of the final settlement are in the Settled column; until then that column stays empty. A revoked grant stays in the list with the status revoked and is settled at nil on the day of the revocation. The file has the columns Vastgesteld totaal (EUR), Vaststellingsdatum and Intrekkingsdatum for this. A decision is listed only once it has been made known to the applicant. A regional sector plan has labour market regions instead of a sector: in the file the last column, Arbeidsmarktregio.",
  download: "Download:",
  csvNote: "(semicolon as separator, decimal comma, UTF-8) or",
  jsonNote: "(amounts as a decimal string in euros). As of {{date}}.",
  none: "No sector plans have been granted yet.",
  caption: "Granted sector plans ({{number}}), amounts in euros per calendar year",
  reference: "Reference",
  planAndSector: "Sector plan and sector or region",
  regions: "Labour market regions: {{regions}}",
  leadApplicant: "Lead applicant",
  period: "Period",
  status: "Status",
  total: "Total",
  settled: "Settled",
  settledOn: "on {{date}}",
  statuses: {
    GRANTED: "granted",
    PARTIALLY_GRANTED: "partially granted",
    IN_EXECUTION: "in progress",
    SETTLEMENT_REQUESTED: "final settlement requested",
    SETTLED: "settled",
    REVOKED: "revoked",
  },
};
