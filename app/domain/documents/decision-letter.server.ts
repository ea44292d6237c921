import { executionStartDeadline } from "../reminders/reminders.server.ts";
import { grantInterimReportDueDates, reportDueOn } from "../settlement/terms.ts";
import { localDateToDb } from "../time/index.ts";
import { UNDERSPENDING_PERCENT } from "../underspending/rules.ts";
import { inWords, joinDutch } from "../words.ts";
import { type AdvanceInstalment, advanceSchedule } from "./advances.ts";
import { amsterdamDate, euro, formatDateNl, type LocalDate, percent } from "./format.ts";
import { LetterLayout } from "./layout.ts";
import { closing, objectionClause, type Signatory } from "./letter-parts.ts";
import { MINISTRY_NAME, newPdf, savePdf } from "./pdf.server.ts";

export type DecisionLetterKind = "GRANT_DECISION" | "PARTIAL_GRANT_DECISION" | "REJECTION_DECISION";

/** Recorded on the Document, so a letter can be traced to the wording it was made with. */
export const TEMPLATE_VERSION: Record<DecisionLetterKind, string> = {
  GRANT_DECISION: "beschikking-verlening@7",
  PARTIAL_GRANT_DECISION: "beschikking-gedeeltelijke-verlening@8",
  REJECTION_DECISION: "beschikking-afwijzing@4",
};

/** Everything a decision letter shows, and nothing else: the renderer reads no database and no clock. */
export type DecisionLetterInput = {
  kind: DecisionLetterKind;
  decisionId: string;
  /** The decision's moment; the letter's date (Europe/Amsterdam) and the PDF's dates come from it. */
  decidedAt: Date;
  /** The motivation, drawn as plain text. */
  reason: string;
  signatory: Signatory | null;
  /** A preview before the decision is taken: marked as such on every reading, never stored. */
  preview?: boolean;
  /**
   * The grant requires the interim report(s) to come with an accountant's controleverklaring
   * (regulation art. 5.4 lid 4). Absent or false: the letter reads as it did before this existed.
   */
  interimAuditRequired?: boolean;
  plan: {
    id: string;
    reference: string;
    title: string;
    /** The day the application was made (its first submission), if known. */
    submittedOn: LocalDate | null;
    /**
     * The day it was received complete (Awb 4:5): a later day when a supplement completed it. The
     * order of receipt and the decision term count from it; the letter names it when it differs.
     */
    completeOn: LocalDate | null;
    periodStart: LocalDate | null;
    periodEnd: LocalDate | null;
    sectors: string[];
    regions: string[];
    advancesRequested: boolean;
    activities: { title: string; theme: string; participants: number }[];
  };
  addressee: { name: string; street: string; postalCode: string; city: string };
  /**
   * The regulation's name and the objection clause's authority; the rate and the terms are the
   * grant's (decision/terms.ts), so a later change of the regulation does not rewrite the letter.
   */
  regulation: {
    citationTitle: string;
    legalBasis: string;
    publication: string;
    cofinancingRateBp: number;
    objectionAuthority: string;
    objectionAddress: string;
    executionStartMonths: number;
    settlementRequestWeeks: number;
    /** The share of the subsidiabele kosten to realise, or the vaststelling is nil (art. 5.1 lid 3). */
    settlementThresholdBp: number;
    advanceInitialBp: number;
    advanceMaxBp: number;
    advanceIntervalMonths: number;
  };
  /**
   * Per calendar year: what was asked, what is granted (0 in a refusal), and the subsidiabele
   * kosten the grant covers (settlement/compute.ts grantedEligibleCents, as the vaststelling and the
   * melding onderbesteding count them): art. 5.1 lid 3 measures the realisation against "de in de
   * beschikking tot subsidieverlening opgenomen subsidiabele kosten", so the letter states them.
   */
  years: { year: number; requestedCents: bigint; grantedCents: bigint; eligibleCents: bigint }[];
  /**
   * The measure categories with a rate of their own (the grant's terms) that the plan's measures
   * fall in, with those measures' titles. Absent for a plan without one: its letter reads as before.
   */
  rateCategories?: { label: string; rateBp: number; legalBasis: string; measures: string[] }[];
};

/**
 * The rate paragraph of a plan with measures in a category of its own rate (design.md §2, ADR
 * 0024): each category's rate, label and legal basis with the measures it covers, the own rate for
 * the other measures, and the overhead at the own rate (the plan's running cost, not the hire).
 */
function rateSentence(
  ownRateBp: number,
  categories: NonNullable<DecisionLetterInput["rateCategories"]>,
  measureCount: number,
): string {
  const inCategory = categories.reduce((n, c) => n + c.measures.length, 0);
  const parts = categories.map((c) => {
    const basis = `${c.legalBasis}${/lid$/.test(c.legalBasis) ? "," : ""} van de regeling`;
    const which = c.measures.length === 1 ? "de maatregel" : "de maatregelen";
    return (
      `${percent(c.rateBp)} van de subsidiabele kosten van ${which} ${joinDutch(c.measures.map((t) => `“${t}”`))} ` +
      `(categorie ‘${c.label}’, ${basis})`
    );
  });
  if (inCategory < measureCount)
    parts.push(
      `${percent(ownRateBp)} van de subsidiabele kosten van de overige maatregelen ` +
        `(cofinancieringspercentage ${percent(ownRateBp)})`,
    );
  return (
    `De subsidie bedraagt ${joinDutch(parts)}, per jaar naar beneden afgerond op hele centen, tot ten hoogste ` +
    "het verleende bedrag (artikel 4:31 Awb). Een opslag voor overheadkosten bereken ik bij de vaststelling; " +
    `die subsidieer ik tegen ${percent(ownRateBp)}. ` +
    "Na afloop stel ik de subsidie definitief vast op grond van de werkelijk gemaakte kosten."
  );
}

/**
 * The advances as the schedule holds them, the instalments the payments are made of: an advance at
 * the decision only when there is one (a regulation may set the first at 0%), later ones only when
 * there are any.
 */
function advanceSentence(
  schedule: AdvanceInstalment[],
  letterDate: LocalDate,
  reg: DecisionLetterInput["regulation"],
): string {
  if (schedule.length === 0)
    return "De regeling kent geen voorschotten. U ontvangt de subsidie na de vaststelling.";
  const atOnce = schedule[0]?.date === letterDate;
  const later = schedule.slice(atOnce ? 1 : 0);
  const total = percent(Math.max(reg.advanceMaxBp, reg.advanceInitialBp));
  const rest =
    "Het restant ontvangt u na de vaststelling. De voorschotten zijn naar beneden afgerond op hele centen.";
  const laterText = (first: LocalDate) =>
    later.length === 1
      ? `op ${formatDateNl(first)} een voorschot`
      : `vanaf ${formatDateNl(first)} elke ${inWords(reg.advanceIntervalMonths)} maanden een voorschot`;
  const first = later[0]?.date;
  if (!first)
    return `U ontvangt ${total} van het verleende bedrag als voorschot na deze beschikking. ${rest}`;
  if (atOnce)
    return (
      `U ontvangt ${percent(reg.advanceInitialBp)} van het verleende bedrag na deze beschikking en daarna ` +
      `${laterText(first)}, tot in totaal ${total}. ${rest}`
    );
  return (
    `Bij deze beschikking ontvangt u nog geen voorschot. U ontvangt ${laterText(first)}, tot in totaal ` +
    `${total} van het verleende bedrag. ${rest}`
  );
}

/**
 * The obligation of art. 5.4 lid 4 (2015: art. 4.4 lid 4), imposed in the grant: the words of the
 * regulation, how the portal receives it, and where its costs belong (overhead, art. 5.6; 2015:
 * art. 4.6 lid 2). No model is kept in the portal: the letter names the ministry's.
 */
export const INTERIM_AUDIT_OBLIGATION =
  "Bij het tussentijds voortgangsverslag voegt u een controleverklaring van een accountant als bedoeld in " +
  "artikel 393, eerste lid, van Boek 2 van het Burgerlijk Wetboek, volgens het model dat de minister " +
  "voorschrijft (artikel 5.4, vierde lid, van de regeling). U voegt haar in het portaal als PDF bij het " +
  "verslag; zonder controleverklaring kunt u het verslag niet indienen. De kosten van de " +
  "controleverklaring zijn overheadkosten: die vallen onder de opslag voor overheadkosten bij de vaststelling.";

function sum(values: bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}

/** The same input always gives the same bytes (design.md §6): fixed dates, names and metadata. */
export async function renderDecisionLetter(input: DecisionLetterInput): Promise<Uint8Array> {
  const { plan, regulation: reg, kind } = input;
  const letterDate = amsterdamDate(input.decidedAt);
  const requested = sum(input.years.map((y) => y.requestedCents));
  const granted = sum(input.years.map((y) => y.grantedCents));
  const subject = `Beschikking op uw aanvraag ${plan.reference}`;

  const { doc, fonts } = await newPdf({
    title: `${subject} — ${plan.title}`,
    subject,
    keywords: [plan.reference, TEMPLATE_VERSION[kind]],
    templateVersion: TEMPLATE_VERSION[kind],
    at: input.decidedAt,
  });

  const l = new LetterLayout(doc, fonts);
  l.letterhead(MINISTRY_NAME, reg.citationTitle);
  if (input.preview) {
    l.paragraph(
      "VOORBEELD — dit is nog geen besluit. De beschikking wordt pas gemaakt als het besluit is genomen.",
      { spaceAfter: 12 },
    );
  }

  const a = input.addressee;
  l.paragraph(`${a.name}\n${a.street}\n${a.postalCode}  ${a.city}`, { spaceAfter: 24 });
  l.keyValues([
    ["Datum", formatDateNl(letterDate)],
    ["Kenmerk", plan.reference],
    ["Onderwerp", subject],
  ]);
  l.space(18);

  l.paragraph("Geachte heer, mevrouw,");
  const applied = plan.submittedOn ? `Op ${formatDateNl(plan.submittedOn)} heeft u` : "U heeft";
  // The application was made on the day it was submitted; a supplement completed it later, and
  // that day (from which the order of receipt and the term count) is a fact of its own.
  const complete =
    plan.completeOn && plan.completeOn !== plan.submittedOn
      ? `; uw aanvraag was volledig op ${formatDateNl(plan.completeOn)}, met de aanvulling die ik toen ontving`
      : "";
  l.paragraph(
    `${applied} namens uw samenwerkingsverband subsidie aangevraagd op grond van de ${reg.citationTitle} ` +
      `voor het sectorplan “${plan.title}”${complete}. U vroeg in totaal ${euro(requested)}. ` +
      "In deze brief leest u mijn besluit.",
  );

  const period =
    plan.periodStart && plan.periodEnd
      ? ` in de periode van ${formatDateNl(plan.periodStart)} tot en met ${formatDateNl(plan.periodEnd)}`
      : "";

  l.heading("Besluit");
  if (kind === "GRANT_DECISION") {
    l.paragraph(
      `Ik verleen u een subsidie van ten hoogste ${euro(granted)} voor de uitvoering van het sectorplan ` +
        `“${plan.title}”${period}.`,
    );
  } else if (kind === "PARTIAL_GRANT_DECISION") {
    l.paragraph(
      `Ik verleen u gedeeltelijk subsidie: ten hoogste ${euro(granted)} van de aangevraagde ${euro(requested)}, ` +
        `voor de uitvoering van het sectorplan “${plan.title}”${period}. Voor het overige wijs ik uw aanvraag af. ` +
        "Waarom, leest u onder ‘Motivering’.",
    );
  } else {
    l.paragraph(
      `Ik wijs uw aanvraag om subsidie voor het sectorplan “${plan.title}” af. Waarom, leest u onder ‘Motivering’.`,
    );
  }

  l.heading("Wettelijke grondslag");
  const regulationRef = `de ${reg.citationTitle} (${reg.publication}), vastgesteld op grond van ${reg.legalBasis}`;
  if (kind === "REJECTION_DECISION") {
    l.paragraph(
      `Dit besluit berust op ${regulationRef}. De gronden om subsidie te weigeren staan in artikel 2.5 van de regeling ` +
        "en in artikel 4:35 van de Algemene wet bestuursrecht (Awb); is het subsidieplafond bereikt, dan weiger ik " +
        "de subsidie op grond van artikel 4:25, tweede lid, van de Awb.",
    );
  } else {
    l.paragraph(
      `Dit besluit berust op ${regulationRef}, en op de artikelen 4:29 tot en met 4:31 van de Algemene wet ` +
        "bestuursrecht (Awb)." +
        (kind === "PARTIAL_GRANT_DECISION"
          ? // The part refused rests on a ground of the list, as a rejection does (Awb 3:46/3:47): the
            // motivation names it; this names where the grounds are.
            " Voor zover ik de aanvraag afwijs, berust dit besluit op de grond die onder ‘Motivering’ staat. " +
            "De gronden om subsidie te weigeren staan in artikel 2.5 van de regeling en in artikel 4:35 van de Awb; " +
            "is het subsidieplafond bereikt, dan weiger ik de subsidie op grond van artikel 4:25, tweede lid, van de Awb."
          : ""),
    );
  }

  if (kind !== "REJECTION_DECISION") {
    l.heading("Activiteiten en periode");
    l.paragraph(
      `De subsidie is bestemd voor de maatregelen van het sectorplan${period} (artikel 4:30 Awb).` +
        (plan.sectors.length ? ` Sectoren: ${plan.sectors.join(", ")}.` : "") +
        (plan.regions.length ? ` Arbeidsmarktregio’s: ${plan.regions.join(", ")}.` : ""),
    );
    for (const m of plan.activities) {
      l.bullet(`${m.title} (${m.theme}; ${m.participants.toLocaleString("nl-NL")} deelnemers)`);
    }

    l.heading("Subsidiebedrag per jaar");
    l.table(
      [
        { header: "Jaar", width: 90 },
        { header: "Aangevraagd", width: 125, align: "right" },
        { header: "Verleend", width: 125, align: "right" },
        { header: "Subsidiabele kosten", width: 125, align: "right" },
      ],
      input.years.map((y) => [
        String(y.year),
        euro(y.requestedCents),
        euro(y.grantedCents),
        euro(y.eligibleCents),
      ]),
      {
        totalRow: [
          "Totaal",
          euro(requested),
          euro(granted),
          euro(sum(input.years.map((y) => y.eligibleCents))),
        ],
      },
    );
    l.paragraph(
      input.rateCategories?.length
        ? rateSentence(reg.cofinancingRateBp, input.rateCategories, plan.activities.length)
        : `De subsidie bedraagt ${percent(reg.cofinancingRateBp)} van de subsidiabele kosten ` +
            `(cofinancieringspercentage ${percent(reg.cofinancingRateBp)}), tot ten hoogste het verleende bedrag ` +
            "(artikel 4:31 Awb). Een opslag voor overheadkosten bereken ik bij de vaststelling. " +
            "Na afloop stel ik de subsidie definitief vast op grond van de werkelijk gemaakte kosten.",
    );
    // Art. 5.1 lid 3 and 5.3 measure against "de in de beschikking opgenomen subsidiabele kosten":
    // the letter names them, and says so.
    l.paragraph(
      "De subsidiabele kosten per jaar zijn de kosten die deze beschikking subsidieert. Daartegen meet ik bij de " +
        `vaststelling wat u hebt gerealiseerd: is dat minder dan ${percent(reg.settlementThresholdBp)}, dan stel ik ` +
        "de subsidie op nihil of naar evenredigheid lager vast (artikel 5.1, derde en vierde lid, van de regeling). " +
        "Ook de melding van onderbesteding (artikel 5.3 van de regeling) meet tegen deze kosten: " +
        `${UNDERSPENDING_PERCENT}% of minder in een half jaar.`,
    );

    l.heading("Verplichtingen");
    // The "uiterlijk" days are the terms the portal enforces (the revocation guard, the reminders,
    // the realisation report), moved past a closed day by the Atw: one function each, so the
    // letter never names a day the portal does not hold to.
    l.bullet(
      `U begint binnen ${inWords(reg.executionStartMonths)} maanden na de datum van deze beschikking met de uitvoering ` +
        `(uiterlijk ${formatDateNl(executionStartDeadline(input.decidedAt, reg.executionStartMonths))}) en meldt de start in het ` +
        "portaal. Begint u niet op tijd, dan trek ik de subsidie in en vorder ik betaalde voorschotten terug.",
    );
    // Art. 5.4: only a plan of 12 months or more reports between its start and its end, and never
    // sooner than 8 weeks after this letter (a late grant would otherwise name a day already past).
    const interim =
      plan.periodStart && plan.periodEnd
        ? [...new Set(grantInterimReportDueDates(plan.periodStart, plan.periodEnd, input.decidedAt))]
        : [];
    if (interim.length > 0)
      l.bullet(
        `U brengt uiterlijk ${joinDutch(interim.map(formatDateNl))} tussentijds verslag uit over de voortgang ` +
          "(artikel 5.4 van de regeling): de gerealiseerde aantallen deelnemers, de aard en de kosten van de " +
          "maatregelen en de resultaten.",
      );
    if (input.interimAuditRequired) l.bullet(INTERIM_AUDIT_OBLIGATION);
    l.bullet(
      `U dient binnen ${inWords(reg.settlementRequestWeeks)} weken na afloop van de periode een aanvraag tot ` +
        "vaststelling in, met een inhoudelijk verslag en een financiële verantwoording" +
        (plan.periodEnd
          ? ` (uiterlijk ${formatDateNl(reportDueOn(localDateToDb(plan.periodEnd), reg.settlementRequestWeeks))}).`
          : "."),
    );
    l.bullet(
      "U houdt een projectadministratie bij waaruit de kosten en de deelnemers per maatregel blijken.",
    );

    l.heading("Voorschotten");
    if (plan.advancesRequested && plan.periodStart && plan.periodEnd) {
      const schedule = advanceSchedule(
        granted,
        {
          initialBp: reg.advanceInitialBp,
          maxBp: reg.advanceMaxBp,
          intervalMonths: reg.advanceIntervalMonths,
        },
        letterDate,
        plan.periodStart,
        plan.periodEnd,
      );
      l.paragraph(`U heeft om voorschotten gevraagd. ${advanceSentence(schedule, letterDate, reg)}`);
      let cumulative = 0n;
      if (schedule.length > 0)
        l.table(
          [
            { header: "Datum", width: 150 },
            { header: "Voorschot", width: 135, align: "right" },
            { header: "Totaal betaald", width: 135, align: "right" },
          ],
          schedule.map((s) => {
            cumulative += s.amountCents;
            return [formatDateNl(s.date), euro(s.amountCents), euro(cumulative)];
          }),
        );
    } else {
      l.paragraph("U heeft niet om voorschotten gevraagd. U ontvangt de subsidie na de vaststelling.");
    }
  }

  l.heading("Motivering");
  l.paragraph(input.reason.trim() || "—");

  objectionClause(l, reg);

  closing(l, input.signatory);

  l.finish(input.preview ? `VOORBEELD — kenmerk ${plan.reference}` : `Kenmerk ${plan.reference}`);
  return savePdf(doc);
}
