import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { Document } from "../../generated/prisma/client.ts";
import { now } from "../clock.ts";
import { NotFoundError } from "../errors.ts";
import { notifyPlanOrganisation } from "../notifications/notify.server.ts";
import { formatIban } from "../payments/iban.ts";
import { debtorAccount } from "../payments/sepa.server.ts";
import { computeSettlement, type OverheadTier } from "../settlement/compute.ts";
import { loadSettlementBasis, type WageCostCut, wageCapText } from "../settlement/propose.server.ts";
import { recoveryClaimDueOn } from "../settlement/terms.ts";
import { localDateToDb } from "../time/index.ts";
import { joinDutch } from "../words.ts";
import { amsterdamDate, euro, formatDateNl, type LocalDate, percent, utcDate } from "./format.ts";
import { LetterLayout } from "./layout.ts";
import { produceLetterOnce } from "./letter-once.server.ts";
import { closing, objectionClause, type Signatory } from "./letter-parts.ts";
import { MINISTRY_NAME, newPdf, savePdf } from "./pdf.server.ts";
import { signatoryOf } from "./signatory.server.ts";
import { type DocumentStore, documentStore } from "./store.server.ts";

type Db = PrismaClient | Tx;

/** Recorded on the Document; bump it when the wording changes. */
export const SETTLEMENT_LETTER_TEMPLATE_VERSION = "beschikking-vaststelling@9";

/** A settlement is settled once, so its row names its letter. */
export function settlementLetterKey(settlementId: string): string {
  return `settlement-letter:${settlementId}`;
}

export function settlementLetterSubject(reference: string): string {
  return `Beschikking tot vaststelling van de subsidie voor ${reference}`;
}

export type SettlementLetterInput = {
  settlementId: string;
  planId: string;
  reference: string;
  title: string;
  settledAt: Date;
  addressee: { name: string; street: string; postalCode: string; city: string };
  /** The regulation's name and objection authority; the rate and threshold are the grant's terms. */
  regulation: {
    citationTitle: string;
    cofinancingRateBp: number;
    settlementThresholdBp: number;
    objectionAuthority: string;
    objectionAddress: string;
  };
  grantedPerYear: { year: number; cents: bigint }[];
  plannedPerYear: { year: number; cents: bigint }[];
  /** The eligible costs the grant covers, per year: what the realisation is measured against. */
  eligiblePerYear: { year: number; cents: bigint }[];
  /** The actual costs as reported, per year. */
  actualPerYear: { year: number; cents: bigint }[];
  /** What of them counted: per year no more than the grant covers in it (computeSettlement). */
  countedPerYear: { year: number; cents: bigint }[];
  grantedCents: bigint;
  plannedCostsCents: bigint;
  eligibleCostsCents: bigint;
  /** All actual costs as reported. */
  reportedCostsCents: bigint;
  /** The actual costs that counted: the realisation's and the amount's basis. */
  countedCostsCents: bigint;
  realisationBp: number;
  overheadCents: bigint;
  tiers: OverheadTier[];
  rateAmountCents: bigint;
  /**
   * With measures at a rate other than the grant's own (ADR 0024): what counted per rate class,
   * highest rate first, with the categories the class holds. Absent for a plan without: its letter
   * reads as before.
   */
  rateClasses?: { rateBp: number; labels: string[]; countedCents: bigint }[];
  /**
   * The measures whose category caps the eligible costs per participant (art. 4.3) and whose
   * reported costs went above it: what does not count, and why. Empty when none.
   */
  wageCapCuts: { title: string; reachedParticipants: number; cut: WageCostCut }[];
  belowThreshold: boolean;
  reduction: "NIL" | "PROPORTIONAL" | null;
  settledCents: bigint;
  paidCents: bigint;
  finalPaymentCents: bigint;
  /**
   * With the account to pay it to: a claim the debtor cannot pay is no claim (as the revocation).
   * Its last day runs from the letter's bekendmaking (recoveryClaimDueOn), not from settledAt.
   */
  recovery: { amountCents: bigint; dueOn: LocalDate; payTo: { name: string; iban: string } } | null;
  /**
   * Set when the subsidy was settled below what the rule gives (the proposal was lower: costs not
   * accepted on review): the rule's amount and the handler's motivation. A beschikking that sets
   * less than its own calculation must say why (Awb 3:46–3:47).
   */
  lowered: { computedCents: bigint; motivation: string } | null;
  reason: string;
  /** Who settled the subsidy, named under the letter. */
  signatory: Signatory | null;
};

/**
 * The facts of the settlement's beschikking. `sentAt` is the moment the letter is being stored: the
 * claim's last day is counted from it. Without it, the claim's stored dueOn: once the letter exists,
 * the day it stated; before, the provisional day the vaststelling booked.
 */
export async function loadSettlementLetterInput(
  db: Db,
  settlementId: string,
  sentAt?: Date,
): Promise<SettlementLetterInput> {
  const s = await db.settlement.findUnique({
    where: { id: settlementId },
    include: {
      recoveryClaims: { select: { amountCents: true, dueOn: true } },
      plan: { include: { organisation: true, regulation: true } },
    },
  });
  if (!s || s.settledCents === null || !s.settledAt)
    throw new NotFoundError("Geen vastgestelde subsidie gevonden.");
  const basis = await loadSettlementBasis(db, s.planId);
  const figures = computeSettlement(basis.rule, s.reduction);
  const o = s.plan.organisation;
  const reg = s.plan.regulation;
  const paid = s.paidCents ?? 0n;
  const claim = s.recoveryClaims[0];
  return {
    settlementId,
    planId: s.planId,
    reference: s.plan.reference,
    title: s.plan.title,
    settledAt: s.settledAt,
    addressee: { name: o.name, street: o.street, postalCode: o.postalCode, city: o.city },
    regulation: {
      citationTitle: reg.citationTitle,
      // As the settlement was computed: on the terms of the grant (loadSettlementBasis).
      cofinancingRateBp: basis.rule.cofinancingRateBp,
      settlementThresholdBp: basis.rule.settlementThresholdBp,
      objectionAuthority: reg.objectionAuthority,
      objectionAddress: reg.objectionAddress,
    },
    grantedPerYear: basis.grantedPerYear,
    plannedPerYear: basis.plannedPerYear,
    eligiblePerYear: basis.eligiblePerYear,
    actualPerYear: basis.actualPerYear,
    countedPerYear: figures.countedPerYear,
    grantedCents: basis.rule.grantedCents,
    plannedCostsCents: basis.plannedCostsCents,
    // The figures as they stood at the settlement (stored on the row), not as recomputed today.
    eligibleCostsCents: s.plannedCostsCents,
    reportedCostsCents: figures.reportedCostsCents,
    countedCostsCents: s.actualCostsCents,
    realisationBp: s.realisationBp,
    overheadCents: s.overheadCents,
    tiers: basis.tiers,
    rateAmountCents: figures.rateAmountCents,
    ...(figures.mixedRates
      ? {
          rateClasses: figures.classes.map((c) => ({
            rateBp: c.rateBp,
            labels: basis.rateClasses.find((r) => r.rateBp === c.rateBp)?.labels ?? [],
            countedCents: c.countedCents,
          })),
        }
      : {}),
    wageCapCuts: basis.measures.flatMap((m) =>
      m.wageCap && m.wageCap.aboveCapCents > 0n
        ? [{ title: m.title, reachedParticipants: m.reachedParticipants, cut: m.wageCap }]
        : [],
    ),
    belowThreshold: figures.belowThreshold,
    reduction: s.reduction,
    settledCents: s.settledCents,
    paidCents: paid,
    finalPaymentCents: s.settledCents > paid ? s.settledCents - paid : 0n,
    recovery: claim
      ? {
          amountCents: claim.amountCents,
          dueOn: sentAt ? recoveryClaimDueOn(sentAt) : utcDate(claim.dueOn),
          payTo: { name: debtorAccount().name, iban: debtorAccount().iban },
        }
      : null,
    // The rule's amount as stored at the settlement, with the reduction chosen there.
    lowered:
      s.settledCents < s.computedCents
        ? { computedCents: s.computedCents, motivation: s.proposalMotivation.trim() }
        : null,
    reason: s.reason ?? "",
    signatory: await signatoryOf(db, s.settledById, s.settledAt),
  };
}

/** "15% over de eerste € 1.000.000,00, 7% over het deel van … tot … en 1% over het deel boven …" */
export function tierText(tiers: OverheadTier[]): string {
  let lower = 0n;
  const parts = tiers.map((t) => {
    const rate = percent(t.rateBp);
    const text =
      t.uptoCents === null
        ? lower === 0n
          ? rate
          : `${rate} over het deel boven ${euro(lower)}`
        : lower === 0n
          ? `${rate} over de eerste ${euro(t.uptoCents)}`
          : `${rate} over het deel van ${euro(lower)} tot ${euro(t.uptoCents)}`;
    if (t.uptoCents !== null) lower = t.uptoCents;
    return text;
  });
  return joinDutch(parts);
}

/** Dated by the settlement, not by "now": the same input always gives the same bytes. */
export async function renderSettlementLetter(input: SettlementLetterInput): Promise<Uint8Array> {
  const subject = settlementLetterSubject(input.reference);
  const reg = input.regulation;
  const { doc, fonts } = await newPdf({
    title: `${subject} — ${input.title}`,
    subject,
    keywords: [input.reference, SETTLEMENT_LETTER_TEMPLATE_VERSION],
    templateVersion: SETTLEMENT_LETTER_TEMPLATE_VERSION,
    at: input.settledAt,
  });
  const l = new LetterLayout(doc, fonts);
  l.letterhead(MINISTRY_NAME, reg.citationTitle);
  const a = input.addressee;
  l.paragraph(`${a.name}\n${a.street}\n${a.postalCode}  ${a.city}`, { spaceAfter: 24 });
  l.keyValues([
    ["Datum", formatDateNl(amsterdamDate(input.settledAt))],
    ["Kenmerk", input.reference],
    ["Onderwerp", subject],
  ]);
  l.space(18);
  l.paragraph("Geachte heer, mevrouw,");
  l.paragraph(
    `U heeft gevraagd de subsidie voor het sectorplan “${input.title}” vast te stellen (artikel 4:46 Awb en ` +
      `artikel 5.5 van de ${reg.citationTitle}). Met deze beschikking stel ik de subsidie vast op ` +
      `${euro(input.settledCents)}.`,
  );

  l.heading("Verleend en gerealiseerd");
  l.paragraph(
    "Per jaar: de verleende subsidie, de begrote kosten, de subsidiabele kosten waarop de verlening berust " +
      "en de werkelijke kosten.",
  );
  const actual = new Map(input.actualPerYear.map((y) => [y.year, y.cents]));
  const planned = new Map(input.plannedPerYear.map((y) => [y.year, y.cents]));
  const eligible = new Map(input.eligiblePerYear.map((y) => [y.year, y.cents]));
  const years = [...new Set([...input.grantedPerYear.map((y) => y.year), ...planned.keys()])].sort();
  l.table(
    [
      // One-word headers: five columns wide enough for € 100 million fill the page's 465 points.
      { header: "Jaar", width: 45 },
      { header: "Verleend", width: 105, align: "right" },
      { header: "Begroot", width: 105, align: "right" },
      { header: "Subsidiabel", width: 105, align: "right" },
      { header: "Werkelijk", width: 105, align: "right" },
    ],
    years.map((year) => [
      String(year),
      euro(input.grantedPerYear.find((g) => g.year === year)?.cents ?? 0n),
      euro(planned.get(year) ?? 0n),
      euro(eligible.get(year) ?? 0n),
      euro(actual.get(year) ?? 0n),
    ]),
    {
      totalRow: [
        "Totaal",
        euro(input.grantedCents),
        euro(input.plannedCostsCents),
        euro(input.eligibleCostsCents),
        euro(input.reportedCostsCents),
      ],
    },
  );
  l.paragraph(
    "De realisatie wordt gemeten aan de subsidiabele kosten waarop de verlening berust (artikel 5.1, derde lid, " +
      "van de regeling): de begrote kosten van elk jaar naar rato van het deel van de aangevraagde subsidie dat " +
      "is verleend. Van de werkelijke kosten van een jaar tellen alleen die mee die de verlening voor dat jaar " +
      "dekt, dus ten hoogste de subsidiabele kosten van dat jaar. " +
      `De meegetelde kosten zijn ${percent(input.realisationBp)} daarvan (realisatie, naar beneden afgerond).`,
  );
  const counted = new Map(input.countedPerYear.map((y) => [y.year, y.cents]));
  if (input.wageCapCuts.length > 0) {
    l.paragraph(
      "Bij een maatregel in een categorie met een grens per deelnemer zijn de kosten alleen subsidiabel tot die " +
        "grens: een deel van de loonkosten over twaalf maanden per bereikte deelnemer. Wat daarboven ligt, telt " +
        "niet mee, te beginnen bij de kosten van het laatste jaar:",
    );
    for (const c of input.wageCapCuts)
      l.paragraph(`‘${c.title}’: ${wageCapText(c.cut, c.reachedParticipants)}.`);
  }
  if (input.countedCostsCents !== input.reportedCostsCents) {
    l.paragraph(
      "Niet alle werkelijke kosten tellen mee. Per jaar: de werkelijke kosten, het deel dat meetelt en het deel " +
        "dat niet meetelt.",
    );
    l.table(
      [
        { header: "Jaar", width: 45 },
        { header: "Werkelijk", width: 140, align: "right" },
        { header: "Meegeteld", width: 140, align: "right" },
        { header: "Telt niet mee", width: 140, align: "right" },
      ],
      years.map((year) => {
        const a = actual.get(year) ?? 0n;
        const c = counted.get(year) ?? 0n;
        return [String(year), euro(a), euro(c), euro(a - c)];
      }),
      {
        totalRow: [
          "Totaal",
          euro(input.reportedCostsCents),
          euro(input.countedCostsCents),
          euro(input.reportedCostsCents - input.countedCostsCents),
        ],
      },
    );
  }

  l.heading("Berekening");
  if (input.rateClasses?.length) {
    const classes = input.rateClasses;
    l.keyValues(
      [
        ...classes.map((c): [string, string] => [
          `Meegeteld tegen ${percent(c.rateBp)}`,
          euro(c.countedCents),
        ]),
        ["Meegetelde kosten", euro(input.countedCostsCents)],
        ["Opslag overhead", euro(input.overheadCents)],
        ["Subsidie berekend", euro(input.rateAmountCents)],
        ["Verleend (maximum)", euro(input.grantedCents)],
        ["Vastgesteld", euro(input.settledCents)],
      ],
      160,
    );
    const parts = classes.map(
      (c) =>
        `${percent(c.rateBp)} van de meegetelde kosten ` +
        (c.labels.length > 0
          ? `van de maatregelen in de categorie ${joinDutch(c.labels.map((l) => `‘${l}’`))}`
          : "van de overige maatregelen"),
    );
    l.paragraph(
      "De maatregelen worden gesubsidieerd tegen het percentage van de verlening. Van de kosten van elk percentage " +
        "tellen per jaar ten hoogste de subsidiabele kosten mee die de verlening daarvoor dekt. " +
        `De opslag voor overhead is, op alle meegetelde kosten, ${tierText(input.tiers)} (artikel 5.6 van de regeling). ` +
        `De subsidie is ${joinDutch([...parts, `${percent(reg.cofinancingRateBp)} van de opslag`])}, samen naar ` +
        "beneden afgerond op hele centen, en nooit meer dan het verleende bedrag.",
    );
  } else {
    l.keyValues(
      [
        ["Meegetelde kosten", euro(input.countedCostsCents)],
        ["Opslag overhead", euro(input.overheadCents)],
        [`${percent(reg.cofinancingRateBp)} daarvan`, euro(input.rateAmountCents)],
        ["Verleend (maximum)", euro(input.grantedCents)],
        ["Vastgesteld", euro(input.settledCents)],
      ],
      160,
    );
    l.paragraph(
      `De opslag voor overhead is, op de meegetelde kosten, ${tierText(input.tiers)} (artikel 5.6 van de regeling). ` +
        `De subsidie is ${percent(reg.cofinancingRateBp)} van de meegetelde kosten met de opslag, naar beneden ` +
        "afgerond op hele centen, en nooit meer dan het verleende bedrag.",
    );
  }
  if (input.belowThreshold) {
    l.paragraph(
      `De realisatie ligt onder ${percent(reg.settlementThresholdBp)} van de subsidiabele kosten waarop de verlening berust. ` +
        (input.reduction === "PROPORTIONAL"
          ? "Ik verlaag de subsidie daarom naar evenredigheid (artikel 5.1, vierde lid, van de regeling)."
          : "Ik stel de subsidie daarom vast op nihil (artikel 5.1, derde lid, van de regeling)."),
    );
  }
  if (input.lowered) {
    l.paragraph(
      `Ik stel de subsidie vast op ${euro(input.settledCents)}: ` +
        `${euro(input.lowered.computedCents - input.settledCents)} lager dan de berekening geeft ` +
        `(${euro(input.lowered.computedCents)}). Waarom, leest u onder ‘Motivering’.`,
    );
  }

  l.heading("Betaling");
  l.keyValues(
    [
      ["Vastgesteld bedrag", euro(input.settledCents)],
      ["Betaalde voorschotten", euro(input.paidCents)],
    ],
    160,
  );
  if (input.recovery) {
    l.paragraph(
      `U heeft meer voorschot ontvangen dan het vastgestelde bedrag. Ik vorder ${euro(input.recovery.amountCents)} ` +
        `van u terug (artikel 4:57 Awb). Betaal dit bedrag uiterlijk ${formatDateNl(input.recovery.dueOn)} op ` +
        `rekening ${formatIban(input.recovery.payTo.iban)} ten name van ${input.recovery.payTo.name}, onder ` +
        `vermelding van het kenmerk ${input.reference}.`,
    );
  } else if (input.finalPaymentCents > 0n) {
    l.paragraph(
      `U ontvangt nog ${euro(input.finalPaymentCents)}: het vastgestelde bedrag min de betaalde voorschotten. ` +
        "Dit bedrag maak ik zo spoedig mogelijk over op de rekening die bij ons bekend is.",
    );
  } else {
    l.paragraph("De betaalde voorschotten zijn gelijk aan het vastgestelde bedrag. U ontvangt niets meer.");
  }

  if (input.lowered || input.reason.trim()) {
    l.heading("Motivering");
    if (input.lowered) {
      l.paragraph(
        `De subsidie is ${euro(input.lowered.computedCents - input.settledCents)} lager vastgesteld dan de ` +
          `berekening geeft (${euro(input.lowered.computedCents)}), om de volgende reden:`,
      );
      l.paragraph(input.lowered.motivation || "—");
    }
    if (input.reason.trim()) l.paragraph(input.reason.trim());
  }

  objectionClause(l, reg);
  closing(l, input.signatory);
  l.finish(`Kenmerk ${input.reference}`);
  return savePdf(doc);
}

/**
 * The beschikking tot vaststelling: rendered, stored once under `settlement-letter:<settlementId>`,
 * and by the run that created it, in the transaction that stores it: the bekendmaking recorded
 * (Settlement.announcedAt, from which the objection term runs), the claim's last day set six weeks
 * from it (Awb 4:87 lid 1), and the organisation told, in-app and by e-mail with the letter. One
 * moment, taken before rendering, is the stored createdAt, announcedAt and the start of the six
 * weeks the letter states; a second run finds the letter and moves nothing.
 */
export async function produceSettlementLetter(
  settlementId: string,
  store: DocumentStore = documentStore(),
): Promise<Document> {
  const sentAt = now();
  return produceLetterOnce(
    {
      idempotencyKey: settlementLetterKey(settlementId),
      at: sentAt,
      load: () => loadSettlementLetterInput(prisma, settlementId, sentAt),
      render: renderSettlementLetter,
      describe: (input) => ({
        planId: input.planId,
        kind: "SETTLEMENT_DECISION",
        title: settlementLetterSubject(input.reference),
        filename: `beschikking-vaststelling-${input.reference}.pdf`,
        templateVersion: SETTLEMENT_LETTER_TEMPLATE_VERSION,
      }),
      notify: async (tx, input, document) => {
        await tx.settlement.updateMany({
          where: { id: settlementId, announcedAt: null },
          data: { announcedAt: sentAt },
        });
        if (input.recovery)
          await tx.recoveryClaim.updateMany({
            where: { settlementId },
            data: { dueOn: localDateToDb(input.recovery.dueOn) },
          });
        await notifyPlanOrganisation(tx, {
          planId: input.planId,
          title: `Subsidie ${input.reference} vastgesteld`,
          body:
            `De subsidie voor het sectorplan “${input.title}” is vastgesteld op ${euro(input.settledCents)}. ` +
            "De beschikking staat bij uw plan in het portaal.",
          link: `/aanvrager/plannen/${input.planId}`,
          email: { template: "settlement-decided", documentId: document.id },
        });
      },
    },
    store,
  );
}
