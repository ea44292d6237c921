/**
 * Texts of the tussentijds voortgangsverslag (regulation art. 5.4): its pages in steps and its
 * status on the applicant's plan page, Dutch and English. Kept apart from nl.ts/en.ts as the other
 * *-texts.ts files are.
 */
export const interimNl = {
  pageTitle: "Tussentijds voortgangsverslag na maand {{months}} — {{reference}}",
  stepPageTitle: "Stap {{step}}: {{name}} — Tussentijds voortgangsverslag {{reference}}",
  stepsHeading: "Stappen van het tussentijds voortgangsverslag",
  caption:
    "Tussentijds voortgangsverslag na de {{months}}e maand, {{reference}} — stap {{step}} van {{count}}",
  due: "Uiterste datum van indienen:",
  dueRest: "(acht weken na de {{months}}e maand van de periode).",
  /** Only while the report can still be submitted. */
  lateAccepted: "Een later verslag nemen wij nog aan, maar het wordt als te laat aangemerkt.",
  submitted: "Het verslag is ingediend op {{date}}. De behandelaar krijgt bericht.",
  submittedLate: "Het verslag is ingediend op {{date}}, na de uiterste datum. De behandelaar krijgt bericht.",
  read: "De behandelaar heeft het verslag gelezen op {{date}}.",
  readNote: "Opmerking van de behandelaar:",
  backToPlan: "Terug naar het plan",
  resultsIntro:
    "Hoeveel deelnemers bereikte elke maatregel tot nu toe? Vertel daarna wat tot nu toe volgens plan ging en wat niet, en waarom.",
  costsIntro:
    "Vul per maatregel en jaar de subsidiabele kosten in die tot nu toe zijn gemaakt, in euro’s (bijvoorbeeld 125.000,00). Een jaar dat nog niet is begonnen, staat er niet bij.",
  costsYear: "Kosten tot nu toe {{year}} (€)",
  overviewCaption: "Begrote kosten en kosten tot nu toe per maatregel en jaar",
  overviewYear: "{{year}}: begroot / tot nu toe",
  overviewActual: "Totaal tot nu toe",
  incomplete: "De kosten zijn nog niet volledig ingevuld. Vul",
  incompleteLink: "stap 2",
  incompleteRest: "aan voordat u indient.",
  signatoryOnly: "Alleen een tekenbevoegde van uw organisatie kan het verslag indienen.",
  submit: "Tussentijds verslag indienen",
  /** The accountant's controleverklaring (art. 5.4 lid 4), on the last step when the grant requires it. */
  audit: {
    heading: "Controleverklaring van de accountant",
    intro:
      "De beschikking vereist bij dit verslag een controleverklaring van een accountant als bedoeld in artikel 393, eerste lid, van Boek 2 van het Burgerlijk Wetboek, volgens het model dat de minister voorschrijft (artikel 5.4, vierde lid, van de regeling). Zonder controleverklaring kunt u het verslag niet indienen. De kosten ervan zijn overheadkosten: die vallen onder de opslag voor overheadkosten bij de vaststelling.",
    label: "Controleverklaring (PDF, hoogstens 10 MB)",
    description: "Alleen PDF. Het bestand wordt herkend aan de inhoud, niet aan de naam.",
    replaceLabel: "Andere controleverklaring (PDF, hoogstens 10 MB)",
    replaceDescription: "Een nieuw bestand vervangt het vorige.",
    current: "Toegevoegd op {{date}} ({{size}}):",
    download: "controleverklaring downloaden",
    none: "Er is nog geen controleverklaring toegevoegd.",
    upload: "Controleverklaring toevoegen",
    replace: "Controleverklaring vervangen",
    saved: "De controleverklaring is opgeslagen.",
  },
  /** The section on the applicant's plan page: one line per report. */
  section: {
    notYet: "Nog niet mogelijk: u kunt het verslag schrijven vanaf {{date}}.",
    toWrite: "Te schrijven.",
    draft: "Concept: nog niet ingediend.",
    submitted: "Ingediend op {{date}}.",
    read: "Ingediend op {{submitted}}; gelezen op {{date}}.",
    readNote: "Ingediend op {{submitted}}; gelezen op {{date}}, met de opmerking:",
    late: "Te laat.",
    write: "Verslag na maand {{months}} schrijven",
    continue: "Verslag na maand {{months}} verder invullen",
    view: "Verslag na maand {{months}} bekijken",
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export const interimEn: Widen<typeof interimNl> = {
  pageTitle: "Interim progress report after month {{months}} — {{reference}}",
  stepPageTitle: "Step {{step}}: {{name}} — Interim progress report {{reference}}",
  stepsHeading: "Steps of the interim progress report",
  caption: "Interim progress report after month {{months}}, {{reference}} — step {{step}} of {{count}}",
  due: "Deadline for submission:",
  dueRest: "(eight weeks after month {{months}} of the plan period).",
  lateAccepted: "We will still accept a later report, but it will be marked as late.",
  submitted: "The report was submitted on {{date}}. The case handler has been notified.",
  submittedLate:
    "The report was submitted on {{date}}, after the deadline. The case handler has been notified.",
  read: "The case handler read the report on {{date}}.",
  readNote: "The case handler's note:",
  backToPlan: "Back to the plan",
  resultsIntro:
    "How many participants has each measure reached so far? Then tell us what has gone to plan so far and what has not, and why.",
  costsIntro:
    "Enter for each measure and year the eligible costs made so far, in euros (for example 125000.00). A year that has not begun yet is not listed.",
  costsYear: "Costs so far {{year}} (€)",
  overviewCaption: "Budgeted costs and costs so far per measure and year",
  overviewYear: "{{year}}: budgeted / so far",
  overviewActual: "Total so far",
  incomplete: "The costs have not been filled in completely. Complete",
  incompleteLink: "step 2",
  incompleteRest: "before you submit.",
  signatoryOnly: "Only an authorised signatory of your organisation can submit the report.",
  submit: "Submit interim report",
  audit: {
    heading: "Auditor's report (controleverklaring)",
    intro:
      "The grant decision requires this report to come with an auditor's report (controleverklaring) of an accountant as referred to in article 393, paragraph 1, of Book 2 of the Dutch Civil Code, following the model the minister prescribes (article 5.4, paragraph 4, of the regulation). You cannot submit the report without it. Its costs are overhead costs: they are covered by the overhead allowance at the final settlement.",
    label: "Auditor's report (PDF, at most 10 MB)",
    description: "PDF only. The file is recognised by its content, not by its name.",
    replaceLabel: "Another auditor's report (PDF, at most 10 MB)",
    replaceDescription: "A new file replaces the previous one.",
    current: "Added on {{date}} ({{size}}):",
    download: "download the auditor's report",
    none: "No auditor's report has been added yet.",
    upload: "Add auditor's report",
    replace: "Replace auditor's report",
    saved: "The auditor's report has been saved.",
  },
  section: {
    notYet: "Not possible yet: you can write the report from {{date}}.",
    toWrite: "To be written.",
    draft: "Draft: not submitted yet.",
    submitted: "Submitted on {{date}}.",
    read: "Submitted on {{submitted}}; read on {{date}}.",
    readNote: "Submitted on {{submitted}}; read on {{date}}, with the note:",
    late: "Late.",
    write: "Write the report after month {{months}}",
    continue: "Continue the report after month {{months}}",
    view: "View the report after month {{months}}",
  },
};
