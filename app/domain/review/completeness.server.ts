import type { PrismaClient, Tx } from "../../db/client.server.ts";
import { LINE_ORDER } from "../budget/waiting-list.server.ts";
import { capParts, yearCaps } from "../decision/year-cap.ts";
import { parseSnapshot } from "../documents/snapshot.ts";
import { NotFoundError, RuleViolation } from "../errors.ts";
import { formatEuro, formatRateBp } from "../money.ts";
import { isKnownCategory, parseMeasureCategories } from "../plan/cofinancing.ts";
import { compareLocalDates, formatDateNl, lastDayOfMonths, localDateFromDb } from "../time/index.ts";

type Db = PrismaClient | Tx;

/**
 * The completeness checklist (ontvankelijkheid) of issue 5, computed from the regulation's
 * settings and the plan as submitted. Automated items are computed; the one thing a computer
 * cannot see — that the uploaded partnership agreement is signed by all partners — the handler
 * confirms by ticking it.
 *
 * Budget sheet: the regulation asks for a substantiated budget with a financing plan (art. 2.3 g).
 * Step 5 of the form IS that budget (costs, request, own contribution and other sources per year),
 * so the item passes on a BUDGET_SHEET attachment OR on a step-5 budget that covers every year of
 * the plan with its sources; a separate spreadsheet is then not required.
 */
export type ChecklistCode =
  | "partnership"
  | "agreement"
  | "budget"
  | "themes"
  | "period"
  | "amounts"
  | "earlier";

export type ChecklistItem = {
  code: ChecklistCode;
  label: string;
  /** "manual": part of it needs the handler's confirmation (a tick). */
  kind: "automatic" | "manual";
  ok: boolean;
  /** Why it passes or fails, in one Dutch sentence. */
  reason: string;
};

export type ChecklistConfirmations = { agreementSigned: boolean };

/** "Compleet verklaren" refused: one message per failing item, keyed by its code. */
export class ChecklistFailed extends RuleViolation {
  constructor(readonly failures: { code: ChecklistCode; message: string }[]) {
    super(
      `De aanvraag is nog niet volledig: ${failures.map((f) => f.message).join(" ")}`,
      undefined,
      "CHECKLIST_FAILED",
    );
  }
}

const OPEN_STATUSES_EXCLUDED = ["DRAFT", "WITHDRAWN", "NOT_CONSIDERED"] as const;

export async function completenessChecklist(
  db: Db,
  planId: string,
  confirmations: ChecklistConfirmations | null,
): Promise<ChecklistItem[]> {
  const plan = await db.plan.findUnique({
    where: { id: planId },
    select: {
      id: true,
      number: true,
      organisationId: true,
      windowId: true,
      submittedAt: true,
      sectorCodes: true,
      regionCodes: true,
      periodStart: true,
      periodEnd: true,
      regulation: {
        select: {
          fund: true,
          publishedOn: true,
          minThemes: true,
          maxDurationMonths: true,
          minimumRequestCents: true,
          cofinancingRateBp: true,
          measureCategories: true,
        },
      },
      years: { orderBy: { year: "asc" } },
      measures: {
        orderBy: { position: "asc" },
        select: {
          title: true,
          theme: true,
          category: true,
          costs: { select: { year: true, costCents: true } },
        },
      },
      attachments: { select: { kind: true } },
      versions: { orderBy: { number: "desc" }, take: 1, select: { snapshot: true } },
    },
  });
  if (!plan) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  const reg = plan.regulation;
  const snapshot = plan.versions[0] ? parseSnapshot(plan.versions[0].snapshot) : null;
  const kinds = new Set(plan.attachments.map((a) => a.kind));
  const items: ChecklistItem[] = [];

  // 1. Both sides of the partnership (art. 2.1).
  const partnerKinds = new Set((snapshot?.partners ?? []).map((p) => p.kind));
  const missingSides = [
    partnerKinds.has("EMPLOYERS") ? null : "een werkgeversorganisatie",
    partnerKinds.has("EMPLOYEES") ? null : "een werknemersorganisatie",
  ].filter((x): x is string => x !== null);
  items.push({
    code: "partnership",
    label: "Werkgevers- en werknemerszijde in het samenwerkingsverband",
    kind: "automatic",
    ok: missingSides.length === 0,
    reason:
      missingSides.length === 0
        ? "Beide zijden zijn vertegenwoordigd."
        : `Het samenwerkingsverband mist ${missingSides.join(" en ")}.`,
  });

  // 2. The signed partnership agreement (art. 2.3 a): attached (computed) and signed (ticked).
  const attached = kinds.has("PARTNERSHIP_AGREEMENT");
  const signed = confirmations?.agreementSigned === true;
  items.push({
    code: "agreement",
    label: "Ondertekende samenwerkingsovereenkomst",
    kind: "manual",
    ok: attached && signed,
    reason: !attached
      ? "Er is geen samenwerkingsovereenkomst bijgevoegd."
      : signed
        ? "Bijgevoegd; de behandelaar bevestigt dat alle partners hebben ondertekend."
        : "Bijgevoegd. Bevestig dat de overeenkomst door alle partners is ondertekend.",
  });

  // 3. Budget with financing plan (art. 2.3 g): see the module comment.
  const costsByYear = new Map<number, bigint>();
  for (const m of plan.measures)
    for (const c of m.costs) costsByYear.set(c.year, (costsByYear.get(c.year) ?? 0n) + c.costCents);
  const uncovered = plan.years
    .filter(
      (y) =>
        y.requestedCents + y.ownContributionCents + y.otherSourcesCents < (costsByYear.get(y.year) ?? 0n),
    )
    .map((y) => y.year);
  const hasBudget = plan.years.length > 0 && uncovered.length === 0;
  items.push({
    code: "budget",
    label: "Begroting met financieringsplan",
    kind: "automatic",
    ok: kinds.has("BUDGET_SHEET") || hasBudget,
    reason: kinds.has("BUDGET_SHEET")
      ? "Het begrotingsblad is bijgevoegd."
      : hasBudget
        ? "De begroting van stap 5 dekt de kosten van elk jaar met de financieringsbronnen."
        : plan.years.length === 0
          ? "Er is geen begroting per jaar en geen begrotingsblad."
          : `De financieringsbronnen dekken de kosten niet in ${uncovered.join(", ")}, en er is geen begrotingsblad.`,
  });

  // 4. At least minThemes themes over the measures (art. 3.1).
  const themes = new Set(plan.measures.map((m) => m.theme));
  items.push({
    code: "themes",
    label: `Ten minste ${reg.minThemes} thema's`,
    kind: "automatic",
    ok: themes.size >= reg.minThemes,
    reason: `De maatregelen dekken ${themes.size} ${themes.size === 1 ? "thema" : "thema's"}${
      themes.size >= reg.minThemes ? "." : `; de regeling vraagt er ten minste ${reg.minThemes}.`
    }`,
  });

  // 5. Period and duration within the limits, within the budget years that have envelopes, not
  // before the regulation's publication (art. 1.2 lid 5). The wizard refused these at submission;
  // checked again here against the regulation as it stands, as the other items are.
  items.push(await periodItem(db, plan, reg));

  // 6. Rate and minimum (art. 2.3, 5.1): the request per year at most Σ of that year's costs × each
  // measure's rate (plan/cofinancing.ts maxPerYear), with the regulation's rates as they stand: the
  // decision will be made on them. The wage-cost cap and the net-job-growth declaration of a
  // category are the wizard's step rules, which submission ran on every step (an answer to a
  // supplement request, on the steps it reopened); they are not repeated here. A category the regulation no longer knows is co-financed at the own rate (rateOfMeasure)
  // and said, so that the handler asks the applicant about it.
  const total = plan.years.reduce((s, y) => s + y.requestedCents, 0n);
  const rates = { rateBp: reg.cofinancingRateBp, categories: parseMeasureCategories(reg.measureCategories) };
  const caps = yearCaps(
    rates,
    plan.measures,
    plan.years.map((y) => y.year),
  );
  const mixed = caps.some((c) => c.mixed);
  const overRate = plan.years.flatMap((y, i) => {
    const cap = caps[i];
    return cap && y.requestedCents > cap.maxCents ? [{ year: y.year, cap }] : [];
  });
  const unknown = plan.measures.filter((m) => !isKnownCategory(rates, m.category));
  const amountProblems = [
    total < reg.minimumRequestCents
      ? `Het gevraagde ${formatEuro(total)} is minder dan het minimum van ${formatEuro(reg.minimumRequestCents)}.`
      : null,
    overRate.length > 0 && !mixed
      ? `De gevraagde subsidie is hoger dan ${formatRateBp(reg.cofinancingRateBp)} van de kosten in ${overRate.map((y) => y.year).join(", ")}.`
      : null,
    ...(mixed
      ? overRate.map(
          ({ year, cap }) =>
            `De gevraagde subsidie voor ${year} is hoger dan de cofinancieringspercentages toestaan: hoogstens ${formatEuro(cap.maxCents)} (${capParts(cap)}).`,
        )
      : []),
  ].filter((x): x is string => x !== null);
  // Said, not refused: the measure is co-financed at the own rate, never more, and the cap above
  // already holds the request to that.
  const unknownNote = unknown
    .map(
      (m) =>
        ` De maatregel “${m.title}” heeft de categorie “${m.category}”, die de regeling niet (meer) kent: ze telt mee tegen ${formatRateBp(reg.cofinancingRateBp)}.`,
    )
    .join("");
  items.push({
    code: "amounts",
    label: "Minimumbedrag en subsidiepercentage",
    kind: "automatic",
    ok: amountProblems.length === 0,
    reason:
      (amountProblems.length === 0
        ? mixed
          ? `${formatEuro(total)} gevraagd: boven het minimum en per jaar binnen de cofinancieringspercentages van de maatregelen (${caps
              .filter((c) => c.mixed)
              .map((c) => `${c.year}: hoogstens ${formatEuro(c.maxCents)}, ${capParts(c)}`)
              .join("; ")}).`
          : `${formatEuro(total)} gevraagd: boven het minimum en binnen ${formatRateBp(reg.cofinancingRateBp)} van de kosten.`
        : amountProblems.join(" ")) + unknownNote,
  });

  // 7. No earlier application of the same lead applicant for the same sectors or regions in this
  // window (art. 2.3). A plan covers either sectors or regions (the other list is empty), so an
  // overlap in either list is the same target group applied for twice.
  const coverage = [
    ...(plan.sectorCodes.length > 0 ? [{ sectorCodes: { hasSome: plan.sectorCodes } }] : []),
    ...(plan.regionCodes.length > 0 ? [{ regionCodes: { hasSome: plan.regionCodes } }] : []),
  ];
  const earlier =
    plan.windowId && plan.submittedAt && coverage.length > 0
      ? await db.plan.findFirst({
          where: {
            id: { not: plan.id },
            organisationId: plan.organisationId,
            windowId: plan.windowId,
            status: { notIn: [...OPEN_STATUSES_EXCLUDED] },
            AND: [
              { OR: coverage },
              {
                OR: [
                  { submittedAt: { lt: plan.submittedAt } },
                  { submittedAt: plan.submittedAt, number: { lt: plan.number } },
                ],
              },
            ],
          },
          orderBy: { submittedAt: "asc" },
          select: { reference: true, sectorCodes: true },
        })
      : null;
  // Name what overlaps; a plan that covers regions is about "dezelfde regio".
  const onSectors = earlier
    ? earlier.sectorCodes.some((c) => plan.sectorCodes.includes(c))
    : plan.regionCodes.length === 0;
  const same = onSectors ? "dezelfde sector" : "dezelfde regio";
  items.push({
    code: "earlier",
    label: "Geen eerdere aanvraag voor dezelfde sector of regio in dit tijdvak",
    kind: "automatic",
    ok: !earlier,
    reason: earlier
      ? `Deze aanvrager diende in dit tijdvak al ${earlier.reference} in voor ${same}.`
      : `Geen eerdere aanvraag van deze aanvrager voor ${same} in dit tijdvak.`,
  });
  return items;
}

async function periodItem(
  db: Db,
  plan: { periodStart: Date | null; periodEnd: Date | null },
  reg: { fund: string; maxDurationMonths: number; publishedOn: Date | null },
): Promise<ChecklistItem> {
  const base = {
    code: "period" as const,
    label: "Looptijd binnen de grenzen van de regeling",
    kind: "automatic" as const,
  };
  if (!plan.periodStart || !plan.periodEnd)
    return { ...base, ok: false, reason: "De looptijd van het plan ontbreekt." };
  const start = localDateFromDb(plan.periodStart);
  const end = localDateFromDb(plan.periodEnd);
  const latestEnd = lastDayOfMonths(start, reg.maxDurationMonths);
  const envelopes = await db.budgetEnvelope.findMany({ where: { fund: reg.fund }, select: { year: true } });
  const years = new Set(envelopes.map((e) => e.year));
  const problems: string[] = [];
  if (compareLocalDates(end, start) < 0) problems.push("Het einde ligt vóór het begin.");
  const publishedOn = reg.publishedOn ? localDateFromDb(reg.publishedOn) : null;
  // Art. 1.2 lid 5: "niet eerder … dan na publicatie": the day of publication itself is too early.
  if (publishedOn && compareLocalDates(start, publishedOn) <= 0)
    problems.push(`Het plan begint niet na de publicatie van de regeling op ${formatDateNl(publishedOn)}.`);
  if (compareLocalDates(end, latestEnd) > 0)
    problems.push(
      `Het plan duurt langer dan ${reg.maxDurationMonths} maanden (uiterlijk tot en met ${formatDateNl(latestEnd)}).`,
    );
  const startYear = Number(start.slice(0, 4));
  const endYear = Number(end.slice(0, 4));
  const without: number[] = [];
  for (let y = startYear; y <= endYear; y++) if (!years.has(y)) without.push(y);
  if (without.length > 0) problems.push(`Voor ${without.join(", ")} is er geen begrotingsjaar.`);
  return {
    ...base,
    ok: problems.length === 0,
    reason:
      problems.length === 0
        ? `${formatDateNl(start)} tot en met ${formatDateNl(end)}: binnen ${reg.maxDurationMonths} maanden en de begrotingsjaren.`
        : problems.join(" "),
  };
}

/** What the complete event records of the check (its payload, inside the audit chain). */
export type ChecklistRecord = {
  agreementSigned: boolean;
  items: { code: ChecklistCode; ok: boolean }[];
};

/**
 * Refuses with one message per failing item (ChecklistFailed) unless every item passes; returns
 * the check as the complete event records it: the handler's confirmation and each item's outcome.
 */
export async function assertChecklistPasses(
  db: Db,
  planId: string,
  confirmations: ChecklistConfirmations,
): Promise<ChecklistRecord> {
  const items = await completenessChecklist(db, planId, confirmations);
  const failures = items.filter((i) => !i.ok).map((i) => ({ code: i.code, message: i.reason }));
  if (failures.length > 0) throw new ChecklistFailed(failures);
  return {
    agreementSigned: confirmations.agreementSigned === true,
    items: items.map((i) => ({ code: i.code, ok: i.ok })),
  };
}

/**
 * A plan waiting for budget: its place in its fund's waiting line (ADR 0011: one line per fund,
 * every window of the fund, in order of complete receipt, regulation art. 1.5), the same line and
 * order as /financien/wachtlijst shows (budget/waiting-list.server.ts). Null for a plan that does
 * not wait.
 */
export async function waitingPlace(db: Db, planId: string): Promise<{ place: number; of: number } | null> {
  const plan = await db.plan.findUnique({
    where: { id: planId },
    select: { status: true, regulation: { select: { fund: true } } },
  });
  if (plan?.status !== "WAITING_FOR_BUDGET") return null;
  const line = await db.plan.findMany({
    where: { status: "WAITING_FOR_BUDGET", regulation: { fund: plan.regulation.fund } },
    orderBy: LINE_ORDER,
    select: { id: true },
  });
  return { place: line.findIndex((p) => p.id === planId) + 1, of: line.length };
}
