/**
 * The regulation's parameters as the wizard needs them. They come from the database
 * (regulation.server.ts planRules) and are passed to the schemas, so that a new rate, minimum or
 * theme list needs no code (design.md §2). Serialisable: cents as decimal strings.
 */
import type { MeasureCategory } from "../cofinancing.ts";

export type CodeLabel = { code: string; label: string };

export type PlanRules = {
  themes: CodeLabel[];
  sectors: CodeLabel[];
  regions: CodeLabel[];
  minThemes: number;
  maxDurationMonths: number;
  /** Cents as a decimal string, so that rules survive JSON serialisation to the browser. */
  minimumRequestCents: string;
  rateBp: number;
  /** Measure categories with a rate of their own (plan/cofinancing.ts); [] when the scheme has none. */
  measureCategories: MeasureCategory[];
  /** Equity or guarantee the lead applicant must show, as a share of the request (art. 2.2: 80%). */
  securityMinBp: number;
  /**
   * Earliest start and latest end of a plan's period ("YYYY-MM-DD"). The start is the later of
   * 1 January of the first envelope year and the regulation's publication (art. 1.2 lid 5).
   */
  earliestStart: string;
  latestEnd: string;
  /** The Staatscourant's date of the regulation ("YYYY-MM-DD"); null for a scheme never published. */
  publishedOn: string | null;
  /**
   * The years that have an envelope of the regulation's fund, ascending. Every calendar year a plan
   * covers needs one (its budget is booked per year), so a gap between them bounds the period too.
   */
  envelopeYears: number[];
};

/**
 * A step a supplement answer (Awb 4:5) left closed was checked at submission and cannot change; it
 * is read `lenient`ly: not held to the rates and caps the regulation has now (the cap per year, the
 * split over the years, a category's wage-cost cap), which may have changed since
 * (wizard.ts validateSupplementAnswer). The default is strict.
 */
export type StepStrictness = { lenient?: boolean };

/** What one step's schema needs to know of the other steps (the server derives it from the draft). */
export type StepContext = {
  /** The calendar years of the plan's period (step 1), empty while the period is not valid. */
  years: number[];
  /** Eligible costs per year of `years`, summed over the measures (step 4), cents as strings. */
  costsPerYear: string[];
  /**
   * The most that may be requested per year of `years`: Σ cost × the measure's rate, rounded down
   * once per year (cofinancing.ts maxPerYear), cents as strings. With one rate: rate × costsPerYear.
   */
  maxPerYear: string[];
  /**
   * What the subsidy is split over the years by: Σ cost × the measure's rate per year, unrounded
   * (cent·bp as strings; cofinancing.ts weightedCostsPerYear). With one rate: proportional to the costs.
   */
  weightedCostsPerYear: string[];
  /** Some measure is co-financed at a rate other than the regulation's own (a category's). */
  ownRates: boolean;
};
