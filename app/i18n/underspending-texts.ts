/**
 * Texts of the melding onderbesteding (regulation art. 5.3): its one-page form and the block on the
 * applicant's plan page, Dutch and English. Kept apart from nl.ts/en.ts as the other *-texts.ts are.
 */
export const underspendingNl = {
  pageTitle: "Melding onderbesteding halfjaar {{n}} — {{reference}}",
  caption: "Melding onderbesteding, {{reference}}",
  heading: "Melding onderbesteding over halfjaar {{n}}",
  period: "Halfjaar {{n}} liep van {{start}} tot en met {{end}}.",
  periodRunning: "Halfjaar {{n}} loopt van {{start}} tot en met {{end}}.",
  intro:
    "Bleven de subsidiabele kosten in dit halfjaar op of onder 75% van de begrote kosten, dan meldt u dat binnen twee maanden, met de oorzaken en wat u verwacht voor de rest van de periode (regeling art. 5.3).",
  planned: "Begrote subsidiabele kosten in dit halfjaar: {{amount}}.",
  plannedHow:
    "Dit is de begroting per kalenderjaar, naar rato van de dagen van het halfjaar in dat jaar, in de mate waarin de subsidie is verleend.",
  due: "Uiterste datum van melden:",
  lateAccepted: "Een latere melding nemen wij nog aan, maar zij wordt als te laat aangemerkt.",
  actual: "Gemaakte subsidiabele kosten in dit halfjaar (€)",
  actualHint: "Bijvoorbeeld 125.000,00.",
  causes: "Oorzaken",
  causesHint: "Waarom bleven de kosten achter bij de begroting?",
  outlook: "Wat u doet en verwacht voor de rest van de periode",
  notOwed:
    "Met deze kosten ({{percent}}% van de begroting) hoeft u over dit halfjaar geen melding te doen: die is alleen nodig bij 75% of minder.",
  owed: "Met deze kosten ({{percent}}% van de begroting) is een melding nodig.",
  signatoryOnly: "Alleen een tekenbevoegde van uw organisatie kan de melding indienen.",
  submit: "Melding indienen",
  submitted: "De melding is ingediend op {{date}}. De behandelaar krijgt bericht.",
  submittedLate: "De melding is ingediend op {{date}}, na de uiterste datum. De behandelaar krijgt bericht.",
  figures: "Gemeld: {{actual}} van {{planned}} begroot ({{percent}}%).",
  read: "De behandelaar heeft de melding gelezen op {{date}}.",
  readNote: "Opmerking van de behandelaar:",
  backToPlan: "Terug naar het plan",
  /** The block on the applicant's plan page: one line per half-year that ended. */
  section: {
    heading: "Melding onderbesteding",
    intro:
      "Uw voorschotten zijn gemiddeld € 200.000 of meer per jaar van de periode zoals die gold toen het halfjaar eindigde. Bleven de subsidiabele kosten in een halfjaar op of onder 75% van de begroting, dan meldt u dat binnen twee maanden na dat halfjaar (regeling art. 5.3).",
    line: "Halfjaar {{n}} ({{start}} tot en met {{end}}): melden uiterlijk {{due}}.",
    toCheck: "Controleer de kosten.",
    draft: "Concept: nog niet ingediend.",
    submitted: "Ingediend op {{date}}.",
    read: "Ingediend op {{submitted}}; gelezen op {{date}}.",
    readNote: "Ingediend op {{submitted}}; gelezen op {{date}}, met de opmerking:",
    late: "Te laat.",
    termPassed: "De termijn is verstreken.",
    write: "Melding over halfjaar {{n}} maken",
    continue: "Melding over halfjaar {{n}} verder invullen",
    view: "Melding over halfjaar {{n}} bekijken",
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export const underspendingEn: Widen<typeof underspendingNl> = {
  pageTitle: "Underspending report half-year {{n}} — {{reference}}",
  caption: "Underspending report, {{reference}}",
  heading: "Underspending report for half-year {{n}}",
  period: "Half-year {{n}} ran from {{start}} up to and including {{end}}.",
  periodRunning: "Half-year {{n}} runs from {{start}} up to and including {{end}}.",
  intro:
    "If the eligible costs in this half-year stayed at or below 75% of the budgeted costs, report this within two months, with the causes and what you expect for the rest of the period (regulation art. 5.3).",
  planned: "Budgeted eligible costs in this half-year: {{amount}}.",
  plannedHow:
    "This is the budget per calendar year, pro rata by the days of the half-year in that year, to the extent the grant covers it.",
  due: "Deadline for reporting:",
  lateAccepted: "We will still accept a later report, but it will be marked as late.",
  actual: "Eligible costs made in this half-year (€)",
  actualHint: "For example 125000.00.",
  causes: "Causes",
  causesHint: "Why did the costs stay behind the budget?",
  outlook: "What you are doing and expect for the rest of the period",
  notOwed:
    "With these costs ({{percent}}% of the budget) no report is needed for this half-year: it is only needed at 75% or less.",
  owed: "With these costs ({{percent}}% of the budget) a report is needed.",
  signatoryOnly: "Only an authorised signatory of your organisation can submit the report.",
  submit: "Submit report",
  submitted: "The report was submitted on {{date}}. The case handler has been notified.",
  submittedLate:
    "The report was submitted on {{date}}, after the deadline. The case handler has been notified.",
  figures: "Reported: {{actual}} of {{planned}} budgeted ({{percent}}%).",
  read: "The case handler read the report on {{date}}.",
  readNote: "The case handler's note:",
  backToPlan: "Back to the plan",
  section: {
    heading: "Underspending report",
    intro:
      "Your advances average € 200,000 or more a year of the period as it stood when the half-year ended. If the eligible costs in a half-year stayed at or below 75% of the budget, report this within two months after that half-year (regulation art. 5.3).",
    line: "Half-year {{n}} ({{start}} up to and including {{end}}): report by {{due}}.",
    toCheck: "Check the costs.",
    draft: "Draft: not submitted yet.",
    submitted: "Submitted on {{date}}.",
    read: "Submitted on {{submitted}}; read on {{date}}.",
    readNote: "Submitted on {{submitted}}; read on {{date}}, with the note:",
    late: "Late.",
    termPassed: "The deadline has passed.",
    write: "Make the report for half-year {{n}}",
    continue: "Continue the report for half-year {{n}}",
    view: "View the report for half-year {{n}}",
  },
};
