import { z } from "zod";
import { FULL_RATE_BP, parseEuroInput } from "../money.ts";
import { HERSTELTERMIJN_MAX_DAYS } from "../plan/supplement.ts";
import { isLocalDate, type LocalDate } from "../time/local-date.ts";

/**
 * The set-up forms of finance and admin (regulation parameters, tijdvakken, begrotingsjaren), as
 * the form sends them: strings. Pure, so the browser checks a typo before sending and the action
 * checks again. Rules that need the database (overlap, ceilings under what is held, an opened
 * window) live in setup.server.ts.
 */

/** "50", "50,5", "12,25" or "7.5" as basis points (50 % = 5000); null when not 0–100 with at most two decimals. */
export function parsePercentInput(text: string): number | null {
  const s = text.trim().replace(/\s*%$/, "").replace(",", ".");
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bp <= FULL_RATE_BP ? bp : null;
}

/** Basis points as the percent field is pre-filled: 5000 → "50", 1250 → "12,5". */
export function bpToPercentInput(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = bp % 100;
  if (frac === 0) return String(whole);
  return `${whole},${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}

const percent = (label: string) =>
  z.string().transform((s, ctx) => {
    const bp = parsePercentInput(s);
    if (bp === null) {
      ctx.addIssue({
        code: "custom",
        message: `Vul bij ${label} een percentage tussen 0 en 100 in, met hoogstens twee decimalen, bijvoorbeeld 50 of 12,5.`,
      });
      return z.NEVER;
    }
    return bp;
  });

const whole = (label: string, min: number, max: number) =>
  z.string().transform((s, ctx) => {
    const t = s.trim();
    const n = /^\d{1,4}$/.test(t) ? Number(t) : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({
        code: "custom",
        message: `Vul bij ${label} een heel getal van ${min} tot en met ${max} in.`,
      });
      return z.NEVER;
    }
    return n;
  });

const euro = (label: string, opts: { positive?: boolean } = {}) =>
  z.string().transform((s, ctx) => {
    const cents = parseEuroInput(s);
    if (cents === null) {
      ctx.addIssue({
        code: "custom",
        message: `Vul bij ${label} een bedrag in euro in, bijvoorbeeld 250.000 of 1.250.000,50.`,
      });
      return z.NEVER;
    }
    if (opts.positive && cents <= 0n) {
      // The label is written for the middle of a sentence ("bij het minimaal …"): capitalised here.
      const sentence = label.charAt(0).toUpperCase() + label.slice(1);
      ctx.addIssue({ code: "custom", message: `${sentence} moet hoger zijn dan € 0.` });
      return z.NEVER;
    }
    return cents;
  });

const date = (label: string) =>
  z.string().transform((s, ctx): LocalDate => {
    const t = s.trim();
    if (!isLocalDate(t)) {
      ctx.addIssue({
        code: "custom",
        message: `Vul bij ${label} een geldige datum in (dag, maand en jaar).`,
      });
      return z.NEVER;
    }
    // The budget years' range: a window in the year 9999 would end on "10000-01-01", which no
    // date function reads (a 500 instead of this message).
    const year = Number(t.slice(0, 4));
    if (year < 2000 || year > 2100) {
      ctx.addIssue({ code: "custom", message: `Vul bij ${label} een datum tussen 2000 en 2100 in.` });
      return z.NEVER;
    }
    return t;
  });

/**
 * A date that may be left empty: "" is null (cleared); a field the form did not send is undefined,
 * and leaves the stored date as it is.
 */
const optionalDate = (label: string) =>
  z
    .string()
    .transform((s, ctx): LocalDate | null => {
      if (s.trim() === "") return null;
      const parsed = date(label).safeParse(s);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
      return z.NEVER;
    })
    .optional();

const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Vul ${label} in.`)
    .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} mag hoogstens ${max} tekens lang zijn.`);

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} mag hoogstens ${max} tekens lang zijn.`)
    .transform((s) => (s === "" ? null : s));

/**
 * The parameters a policy officer changes (design.md §2): the fields of the regulation form, in page
 * order. Not the objection term: the Awb fixes it at six weeks (6:7), no regulation sets it.
 */
export const regulationParamsSchema = z
  .object({
    // The Staatscourant's date; empty for a scheme that was not published (the demonstration).
    publishedOn: optionalDate("de publicatiedatum"),
    cofinancingRate: percent("het cofinancieringspercentage"),
    minimumRequest: euro("het minimaal aan te vragen bedrag", { positive: true }),
    maxDurationMonths: whole("de maximale looptijd", 1, 120),
    extensionMonths: whole("de verlenging", 0, 24),
    minThemes: whole("het minimum aantal thema's", 1, 20),
    decisionTermWeeks: whole("de beslistermijn", 1, 104),
    // The default pre-fills the handler's request for a supplement, which takes no longer term.
    hersteltermijnDays: whole("de standaard hersteltermijn", 1, HERSTELTERMIJN_MAX_DAYS),
    executionStartMonths: whole("de termijn voor de start van de uitvoering", 1, 36),
    settlementRequestWeeks: whole("de termijn voor de aanvraag tot vaststelling", 1, 104),
    settlementDecisionWeeks: whole("de beslistermijn voor de vaststelling", 1, 104),
    advanceInitial: percent("het eerste voorschot"),
    advanceMax: percent("het maximale voorschot"),
    advanceIntervalMonths: whole("de termijn tussen voorschotten", 1, 24),
    settlementThreshold: percent("de realisatiedrempel bij vaststelling"),
    advisersRequired: whole("het aantal adviseurs", 1, 5),
  })
  .superRefine((v, ctx) => {
    if (v.advanceInitial > v.advanceMax) {
      ctx.addIssue({
        code: "custom",
        path: ["advanceInitial"],
        message: "Het eerste voorschot kan niet hoger zijn dan het maximale voorschot.",
      });
    }
  });
export type RegulationParamsInput = z.output<typeof regulationParamsSchema>;

/** The order of the parameter fields (for the error summary). */
export const REGULATION_PARAM_FIELDS = [
  "publishedOn",
  "cofinancingRate",
  "minimumRequest",
  "maxDurationMonths",
  "extensionMonths",
  "minThemes",
  "decisionTermWeeks",
  "hersteltermijnDays",
  "executionStartMonths",
  "settlementRequestWeeks",
  "settlementDecisionWeeks",
  "advanceInitial",
  "advanceMax",
  "advanceIntervalMonths",
  "settlementThreshold",
  "advisersRequired",
] as const;

/** The last day is inclusive, as a tijdvak is announced ("1 oktober tot en met 31 december 2013"). */
function closesNotBeforeOpens(v: { opensOn: LocalDate; closesOn: LocalDate }, ctx: z.RefinementCtx) {
  if (v.closesOn < v.opensOn) {
    ctx.addIssue({
      code: "custom",
      path: ["closesOn"],
      message: "De laatste dag van het tijdvak moet op of na de eerste dag liggen.",
    });
  }
}

export const windowCreateSchema = z
  .object({
    name: text("de naam van het tijdvak", 120),
    opensOn: date("de eerste dag"),
    closesOn: date("de laatste dag"),
    ceiling: euro("het subsidieplafond", { positive: true }),
    publication: optionalText("De bekendmaking", 300),
  })
  .superRefine(closesNotBeforeOpens);
export type WindowCreateInput = z.output<typeof windowCreateSchema>;
export const WINDOW_CREATE_FIELDS = ["name", "opensOn", "closesOn", "ceiling", "publication"] as const;

/** The ceiling always; the dates only where the page offered them (a window that has not opened and has no plans). */
export const windowChangeSchema = z
  .object({
    windowId: z.uuid("Onbekend tijdvak."),
    ceiling: euro("het subsidieplafond", { positive: true }),
    opensOn: date("de eerste dag").optional(),
    closesOn: date("de laatste dag").optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.opensOn === undefined) !== (v.closesOn === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["opensOn"],
        message: "Vul de eerste en de laatste dag allebei in.",
      });
    } else if (v.opensOn && v.closesOn)
      closesNotBeforeOpens({ opensOn: v.opensOn, closesOn: v.closesOn }, ctx);
  });
export type WindowChangeInput = z.output<typeof windowChangeSchema>;

export const envelopeCreateSchema = z.object({
  year: whole("het begrotingsjaar", 2000, 2100),
  ceiling: euro("het jaarbudget", { positive: true }),
  illustrative: z
    .string()
    .optional()
    .transform((s) => s === "on" || s === "true"),
  note: optionalText("De toelichting", 300),
});
export type EnvelopeCreateInput = z.output<typeof envelopeCreateSchema>;
export const ENVELOPE_CREATE_FIELDS = ["year", "ceiling", "illustrative", "note"] as const;

export const envelopeChangeSchema = z.object({
  envelopeId: z.uuid("Onbekend begrotingsjaar."),
  ceiling: euro("het jaarbudget", { positive: true }),
});
export type EnvelopeChangeInput = z.output<typeof envelopeChangeSchema>;

/**
 * A measure category's own rate and its cap on wage costs (design.md §2; 2013 regulation art.
 * 4.3–4.4), from the category's row on the regulation page. The share is sent only for a category
 * that has one: whether a category caps on wage costs at all is the regulation's text, not a
 * parameter (setup.server.ts refuses to switch it on or off). The code names the category; which
 * codes exist is checked against the regulation.
 */
export const measureCategoryChangeSchema = z.object({
  code: z.string().regex(/^[a-z0-9_-]{1,40}$/, "Onbekende maatregelcategorie."),
  rate: percent("het cofinancieringspercentage van de categorie"),
  // Above 0 in the field itself, so that its message comes with the rate's in one round.
  maxShareOfWageCosts: percent("het deel van de loonkosten")
    .refine(
      (bp) => bp > 0,
      "Het deel van de loonkosten moet hoger zijn dan 0%: bij 0% kan een deelnemer geen subsidiabele kosten hebben.",
    )
    .optional(),
});
export type MeasureCategoryChangeInput = z.output<typeof measureCategoryChangeSchema>;
export const MEASURE_CATEGORY_FIELDS = ["rate", "maxShareOfWageCosts"] as const;
