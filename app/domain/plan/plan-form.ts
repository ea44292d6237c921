import { z } from "zod";
import { parseEuroInput } from "../money.ts";

/**
 * The plan form's schema, shared by react-hook-form in the browser and the route action on the
 * server (which parses again and never trusts the browser). The regulation's parameters come in
 * as `rules`, so a new rate, minimum or theme list needs no code (design.md §2).
 * The skeleton has one page; the applicant issue splits it into the seven steps of design.md §3.
 */
export type PlanFormRules = {
  themes: { code: string; label: string }[];
  sectors: { code: string; label: string }[];
  minThemes: number;
  maxDurationMonths: number;
  /** Cents as a decimal string, so that rules survive JSON serialisation to the browser. */
  minimumRequestCents: string;
  rateBp: number;
  /** Earliest start and latest end of a plan's period ("YYYY-MM-DD"). */
  earliestStart: string;
  latestEnd: string;
};

export const TITLE_MAX = 200;
export const LONG_TEXT_MAX = 10_000;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Calendar years covered by a period; empty when the dates are not (yet) valid. */
export function planYears(periodStart: string, periodEnd: string): number[] {
  if (!isRealDate(periodStart) || !isRealDate(periodEnd) || periodEnd < periodStart) return [];
  const first = Number(periodStart.slice(0, 4));
  const last = Number(periodEnd.slice(0, 4));
  const years: number[] = [];
  for (let y = first; y <= last && years.length < 10; y++) years.push(y);
  return years;
}

/** The last allowed end date for a plan starting on `start` that may run `months` months. */
export function latestEndFor(start: string, months: number): string {
  const [y, m, d] = start.split("-").map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y, m - 1 + months, d));
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

function money(fieldLabel: string) {
  return z.string().transform((raw, ctx) => {
    const text = raw.trim();
    if (text === "") {
      ctx.addIssue({ code: "custom", message: `Vul ${fieldLabel} in.` });
      return z.NEVER;
    }
    const cents = parseEuroInput(text);
    if (cents === null) {
      ctx.addIssue({
        code: "custom",
        message: `${capitalise(fieldLabel)} is geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.`,
      });
      return z.NEVER;
    }
    return cents;
  });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const yearAmount = (label: string) => z.object({ year: z.coerce.number().int(), amount: money(label) });

export function planFormSchema(rules: PlanFormRules) {
  const themeCodes = new Set(rules.themes.map((t) => t.code));
  const sectorCodes = new Set(rules.sectors.map((s) => s.code));
  const minimum = BigInt(rules.minimumRequestCents);

  const measure = z.object({
    theme: z.string().refine((c) => themeCodes.has(c), { message: "Kies een thema uit de lijst." }),
    title: z
      .string()
      .trim()
      .min(1, "Vul de titel van de maatregel in.")
      .max(TITLE_MAX, `De titel van de maatregel mag hoogstens ${TITLE_MAX} tekens hebben.`),
    participants: z
      .string()
      .trim()
      .regex(/^\d{1,7}$/, "Vul het aantal deelnemers in als heel getal (ten minste 1).")
      .transform(Number)
      .refine((n) => n >= 1, { message: "Een maatregel heeft ten minste 1 deelnemer." }),
    costs: z.array(yearAmount("de kosten")),
  });

  return z
    .object({
      title: z
        .string()
        .trim()
        .min(1, "Vul de titel van het plan in.")
        .max(TITLE_MAX, `De titel mag hoogstens ${TITLE_MAX} tekens hebben.`),
      summary: z.string().max(LONG_TEXT_MAX, `De samenvatting mag hoogstens ${LONG_TEXT_MAX} tekens hebben.`),
      sectorCode: z
        .string()
        .refine((c) => sectorCodes.has(c), { message: "Kies de sector waarvoor het plan is." }),
      periodStart: z.string().refine(isRealDate, { message: "Vul een geldige begindatum in." }),
      periodEnd: z.string().refine(isRealDate, { message: "Vul een geldige einddatum in." }),
      advancesRequested: z.boolean(),
      measures: z.array(measure).min(1, "Voeg ten minste één maatregel toe."),
      requested: z.array(yearAmount("de gevraagde subsidie")),
    })
    .superRefine((v, ctx) => {
      if (!isRealDate(v.periodStart) || !isRealDate(v.periodEnd)) return;
      if (v.periodEnd < v.periodStart) {
        ctx.addIssue({
          code: "custom",
          path: ["periodEnd"],
          message: "De einddatum ligt vóór de begindatum.",
        });
        return;
      }
      if (v.periodStart < rules.earliestStart) {
        ctx.addIssue({
          code: "custom",
          path: ["periodStart"],
          message: `Het plan kan niet eerder beginnen dan ${rules.earliestStart}.`,
        });
      }
      if (v.periodEnd > rules.latestEnd) {
        ctx.addIssue({
          code: "custom",
          path: ["periodEnd"],
          message: `Het plan moet uiterlijk op ${rules.latestEnd} eindigen.`,
        });
      }
      if (v.periodEnd > latestEndFor(v.periodStart, rules.maxDurationMonths)) {
        ctx.addIssue({
          code: "custom",
          path: ["periodEnd"],
          message: `Een plan duurt hoogstens ${rules.maxDurationMonths} maanden.`,
        });
      }
      const years = planYears(v.periodStart, v.periodEnd);
      const sameYears = (rows: { year: number }[]) =>
        rows.length === years.length && rows.every((r, i) => r.year === years[i]);

      const themes = new Set(v.measures.map((m) => m.theme));
      if (v.measures.length > 0 && themes.size < rules.minThemes) {
        ctx.addIssue({
          code: "custom",
          path: ["measures"],
          message: `De maatregelen moeten samen ten minste ${rules.minThemes} verschillende thema's dekken.`,
        });
      }

      const costPerYear = new Map<number, bigint>(years.map((y) => [y, 0n]));
      v.measures.forEach((m, i) => {
        if (!sameYears(m.costs)) {
          ctx.addIssue({
            code: "custom",
            path: ["measures", i, "costs"],
            message: "Vul de kosten in voor elk kalenderjaar van de looptijd.",
          });
          return;
        }
        for (const c of m.costs) costPerYear.set(c.year, (costPerYear.get(c.year) ?? 0n) + c.amount);
      });

      if (!sameYears(v.requested)) {
        ctx.addIssue({
          code: "custom",
          path: ["requested"],
          message: "Vul de gevraagde subsidie in voor elk kalenderjaar van de looptijd.",
        });
        return;
      }
      let total = 0n;
      v.requested.forEach((r, i) => {
        total += r.amount;
        const costs = costPerYear.get(r.year) ?? 0n;
        // The rate caps the request per year, rounded down: the state never pays more than the rate.
        const max = (costs * BigInt(rules.rateBp)) / 10_000n;
        if (r.amount > max) {
          ctx.addIssue({
            code: "custom",
            path: ["requested", i, "amount"],
            message: `De gevraagde subsidie voor ${r.year} is hoger dan ${rules.rateBp / 100}% van de kosten in dat jaar (hoogstens ${formatCents(max)}).`,
          });
        }
      });
      if (total < minimum) {
        ctx.addIssue({
          code: "custom",
          path: ["requested"],
          message: `De gevraagde subsidie is samen ${formatCents(total)}; het minimum is ${formatCents(minimum)}.`,
        });
      }
    });
}

export type PlanFormSchema = ReturnType<typeof planFormSchema>;
export type PlanFormInput = z.input<PlanFormSchema>;
export type PlanFormOutput = z.output<PlanFormSchema>;

export function emptyPlanForm(): PlanFormInput {
  return {
    title: "",
    summary: "",
    sectorCode: "",
    periodStart: "",
    periodEnd: "",
    advancesRequested: false,
    measures: [{ theme: "", title: "", participants: "", costs: [] }],
    requested: [],
  };
}

// Local formatter (not money.ts's formatEuro) only to keep this schema free of Intl quirks in messages.
function formatCents(cents: bigint): string {
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `€ ${whole},${(cents % 100n).toString().padStart(2, "0")}`;
}

const RECOMMENDATIONS = ["GRANT", "PARTIAL_GRANT", "REJECT"] as const;

export const adviceFormSchema = z
  .object({
    recommendation: z.enum(RECOMMENDATIONS, { message: "Kies een advies." }),
    text: z
      .string()
      .trim()
      .min(1, "Schrijf de motivering van het advies.")
      .max(LONG_TEXT_MAX, `Het advies mag hoogstens ${LONG_TEXT_MAX} tekens hebben.`),
    amounts: z.array(yearAmount("het geadviseerde bedrag")),
  })
  .superRefine((v, ctx) => {
    if (v.recommendation === "REJECT" && v.amounts.some((a) => a.amount !== 0n)) {
      ctx.addIssue({
        code: "custom",
        path: ["amounts"],
        message: "Bij een advies tot afwijzen is het bedrag € 0,00.",
      });
    }
  });
export type AdviceFormInput = z.input<typeof adviceFormSchema>;
export type AdviceFormOutput = z.output<typeof adviceFormSchema>;

export const decisionFormSchema = z.object({
  outcome: z.enum(["GRANT", "REJECT"], { message: "Kies verlenen of afwijzen." }),
  reason: z
    .string()
    .trim()
    .min(1, "Schrijf de motivering van het besluit.")
    .max(LONG_TEXT_MAX, `De motivering mag hoogstens ${LONG_TEXT_MAX} tekens hebben.`),
  amounts: z.array(yearAmount("het te verlenen bedrag")),
});
export type DecisionFormInput = z.input<typeof decisionFormSchema>;
export type DecisionFormOutput = z.output<typeof decisionFormSchema>;
