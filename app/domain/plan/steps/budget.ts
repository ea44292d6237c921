import { z } from "zod";
import { formatRateBp, splitProportionally } from "../../money.ts";
import { formatCents, LONG_TEXT_MAX, money, optionalText, sameYears } from "./common.ts";
import type { PlanRules, StepContext, StepStrictness } from "./rules.ts";

/**
 * Step 5, "Begroting en cofinanciering". The eligible costs per year come from the measures
 * (context); per year the applicant states the requested subsidy, the sector's own contribution
 * and other sources. Rules: subsidy ≤ Σ cost × the measure's rate (rounded down once per year; with
 * one rate: rate × costs), the three sources add up to the costs exactly, the subsidy over all
 * years is at least the regulation's minimum.
 */
export function budgetStepSchema(
  rules: PlanRules,
  context: StepContext,
  { lenient = false }: StepStrictness = {},
) {
  const minimum = BigInt(rules.minimumRequestCents);
  const costs = context.costsPerYear.map((c) => BigInt(c));
  const caps = maxRequestPerYear(context);
  const weights = context.weightedCostsPerYear.map((w) => BigInt(w));
  const row = z.object({
    year: z.coerce.number().int(),
    requested: money("de gevraagde subsidie"),
    ownContribution: money("de eigen bijdrage"),
    otherSources: money("de andere bronnen"),
  });
  return z
    .object({
      rows: z.array(row),
      otherSourcesDescription: optionalText("de toelichting op de andere bronnen", LONG_TEXT_MAX),
      noDoubleFunding: z.boolean(),
      advancesRequested: z.boolean(),
    })
    .superRefine(
      (v, ctx) => {
        // Runs even when an amount is wrong (`when`): the declaration's message shows with the rest.
        if (v?.noDoubleFunding !== true)
          ctx.addIssue({
            code: "custom",
            path: ["noDoubleFunding"],
            message:
              "Verklaar dat voor dezelfde kosten geen andere subsidie (zoals ESF) is of wordt aangevraagd.",
          });
      },
      { when: () => true },
    )
    .superRefine((v, ctx) => {
      if (context.years.length === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["rows"],
          message:
            "Vul eerst in stap 1 een geldige looptijd in; dan vraagt dit formulier de bedragen per jaar.",
        });
        return;
      }
      if (!sameYears(v.rows, context.years)) {
        ctx.addIssue({
          code: "custom",
          path: ["rows"],
          message: "Vul de bedragen in voor elk kalenderjaar van de looptijd.",
        });
        return;
      }
      let total = 0n;
      let otherTotal = 0n;
      v.rows.forEach((r, i) => {
        total += r.requested;
        otherTotal += r.otherSources;
        const yearCosts = costs[i] ?? 0n;
        // The rates cap the request per year, rounded down: the state never pays more than the rate.
        const max = caps[i] ?? 0n;
        if (!lenient && r.requested > max)
          ctx.addIssue({
            code: "custom",
            path: ["rows", i, "requested"],
            message: context.ownRates
              ? `De gevraagde subsidie voor ${r.year} is hoger dan de cofinanciering van de maatregelen in dat jaar, elk tegen het percentage van haar categorie of anders ${formatRateBp(rules.rateBp)} (hoogstens ${formatCents(max)}).`
              : `De gevraagde subsidie voor ${r.year} is hoger dan ${formatRateBp(rules.rateBp)} van de kosten in dat jaar (hoogstens ${formatCents(max)}).`,
          });
        const sources = r.requested + r.ownContribution + r.otherSources;
        if (sources !== yearCosts)
          ctx.addIssue({
            code: "custom",
            path: ["rows", i, "ownContribution"],
            message: `Subsidie, eigen bijdrage en andere bronnen zijn voor ${r.year} samen ${formatCents(sources)}; dat moet gelijk zijn aan de kosten van ${formatCents(yearCosts)}.`,
          });
      });
      // design.md §2: the subsidy is split over the years in proportion to each year's costs, since
      // each year's share is booked against that year's envelope; with a category's rate, to the
      // costs as co-financed (cost × rate: the weights). A cent either way is the rounding of the
      // split (splitProportionally), not a choice.
      const weightsTotal = weights.reduce((a, w) => a + w, 0n);
      if (!lenient && total > 0n && weightsTotal > 0n && weights.length === v.rows.length) {
        const shares = splitProportionally(total, weights);
        v.rows.forEach((r, i) => {
          const share = shares[i] ?? 0n;
          const off = r.requested - share;
          if (off > 1n || off < -1n)
            ctx.addIssue({
              code: "custom",
              path: ["rows", i, "requested"],
              message: context.ownRates
                ? `De subsidie wordt over de jaren verdeeld naar verhouding van de gecofinancierde kosten per jaar (de kosten van elke maatregel maal haar percentage): van de gevraagde ${formatCents(total)} hoort bij ${r.year} ${formatCents(share)}.`
                : `De subsidie wordt over de jaren verdeeld naar verhouding van de kosten per jaar: van de gevraagde ${formatCents(total)} hoort bij ${r.year} ${formatCents(share)}.`,
            });
        });
      }
      if (total < minimum)
        ctx.addIssue({
          code: "custom",
          path: ["rows"],
          message: `De gevraagde subsidie is samen ${formatCents(total)}; het minimum is ${formatCents(minimum)}.`,
        });
      if (otherTotal > 0n && v.otherSourcesDescription.trim() === "")
        ctx.addIssue({
          code: "custom",
          path: ["otherSourcesDescription"],
          message: "Noem de andere bronnen van financiering.",
        });
    });
}
export type BudgetStepInput = z.input<ReturnType<typeof budgetStepSchema>>;
export type BudgetStepOutput = z.output<ReturnType<typeof budgetStepSchema>>;

export function emptyBudgetStep(years: number[]): BudgetStepInput {
  return {
    rows: years.map((year) => ({ year, requested: "", ownContribution: "", otherSources: "0" })),
    otherSourcesDescription: "",
    noDoubleFunding: false,
    advancesRequested: false,
  };
}

/**
 * The most that may be requested per year: Σ cost × the measure's rate, rounded down once per year
 * (the context's maxPerYear; with one rate: rate × that year's costs, rounded down).
 */
export function maxRequestPerYear(context: Pick<StepContext, "maxPerYear">): bigint[] {
  return context.maxPerYear.map((c) => BigInt(c));
}
