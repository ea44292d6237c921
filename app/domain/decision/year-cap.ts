import { formatEuro, formatRateBp } from "../money.ts";
import {
  type CofinancingRates,
  classLabels,
  type LabelledRates,
  maxPerYear,
  type RatedMeasure,
  rateOfMeasure,
} from "../plan/cofinancing.ts";
import { joinDutch } from "../words.ts";

/**
 * The most a year may be requested or granted (plan/cofinancing.ts maxPerYear), with what it is
 * made of, so that a refusal, the checklist and the decision page can say what the cap is: "100% van
 * € 20.000,00 (Indienstneming van kwetsbare werknemers) en 50% van € 400.000,00". A rate class is
 * the set of measures co-financed at one rate (a category at the regulation's own rate falls in the
 * own class, as rateOfMeasure gives it).
 */

export type CapClass = {
  rateBp: number;
  costsCents: bigint;
  /** The categories whose measures fall in this class; empty for measures without one. */
  labels: string[];
};

export type YearCap = {
  year: number;
  costsCents: bigint;
  maxCents: bigint;
  /** Highest rate first; only the classes with measures in the year. */
  classes: CapClass[];
  /** Some cost of the year is co-financed at a rate other than the regulation's own. */
  mixed: boolean;
};

export function yearCaps(
  rates: LabelledRates,
  measures: readonly RatedMeasure[],
  years: readonly number[],
): YearCap[] {
  const max = maxPerYear(rates satisfies CofinancingRates, measures);
  return years.map((year) => {
    const classes = new Map<number, CapClass>();
    const inYear: RatedMeasure[] = [];
    let costs = 0n;
    for (const m of measures) {
      const cost = m.costs.filter((c) => c.year === year).reduce((s, c) => s + c.costCents, 0n);
      if (cost === 0n) continue;
      costs += cost;
      inYear.push(m);
      const rateBp = rateOfMeasure(rates, m.category);
      const cls = classes.get(rateBp) ?? { rateBp, costsCents: 0n, labels: [] };
      cls.costsCents += cost;
      classes.set(rateBp, cls);
    }
    const list = [...classes.values()]
      .map((c) => ({ ...c, labels: classLabels(rates, inYear, c.rateBp) }))
      .sort((a, b) => b.rateBp - a.rateBp);
    return {
      year,
      costsCents: costs,
      maxCents: max.get(year) ?? 0n,
      classes: list,
      mixed: list.some((c) => c.rateBp !== rates.rateBp),
    };
  });
}

/** "100% van € 20.000,00 (Indienstneming van kwetsbare werknemers) en 50% van € 400.000,00" */
export function capParts(cap: YearCap): string {
  return joinDutch(
    cap.classes.map(
      (c) =>
        `${formatRateBp(c.rateBp)} van ${formatEuro(c.costsCents)}${c.labels.length > 0 ? ` (${c.labels.join(", ")})` : ""}`,
    ),
  );
}
