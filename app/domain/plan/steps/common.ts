import { z } from "zod";
import { parseEuroInput } from "../../money.ts";
import { isLocalDate, type LocalDate } from "../../time/local-date.ts";

/**
 * Building blocks of the wizard's step schemas (design.md §3). Pure and browser-safe: the same
 * schemas run in react-hook-form and again in the route actions.
 *
 * Every field is a string (or boolean / array of those) on input, as a form holds it; the
 * schemas' output has integer cents as bigint and numbers where the domain needs them.
 */

export const TITLE_MAX = 200;
export const LONG_TEXT_MAX = 10_000;
/** A draft may be invalid, but not unbounded: no stored draft field is longer than this. */
export const DRAFT_TEXT_CAP = 20_000;
/** Rows of a repeatable list a draft may hold (measures, partners). */
export const DRAFT_LIST_CAP = 50;

/**
 * A day of the calendar that PostgreSQL stores as given: "2026-02-30" is none, and neither is
 * "0000-01-01", which JavaScript's Date takes (it has a year 0) but PostgreSQL refuses, so a draft
 * with it failed to save (isLocalDate refuses years before 100 as well).
 */
export function isRealDate(s: string): s is LocalDate {
  return isLocalDate(s);
}

/** More calendar years than any plan spans (the regulations allow 24 months): a mistyped year. */
const MAX_PLAN_YEARS = 10;

/**
 * Calendar years covered by a period; empty when the dates are not (yet) valid, or span more years
 * than a plan can (2017 typed for 2027). Such a period is no more valid than an end before its start
 * (step 1 says so), and a list cut short would make steps 4 and 5 drop the amounts of the years it
 * did not reach (withPeriodYears) although they are in the period: empty, they keep their years.
 */
export function planYears(periodStart: string, periodEnd: string): number[] {
  if (!isRealDate(periodStart) || !isRealDate(periodEnd) || periodEnd < periodStart) return [];
  const first = Number(periodStart.slice(0, 4));
  const last = Number(periodEnd.slice(0, 4));
  if (last - first + 1 > MAX_PLAN_YEARS) return [];
  const years: number[] = [];
  for (let y = first; y <= last; y++) years.push(y);
  return years;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A required text: trimmed, not empty, at most `max` characters. HTML is text like any other. */
export function requiredText(label: string, max: number) {
  return z
    .string()
    .trim()
    .min(1, `Vul ${label} in.`)
    .max(max, `${capitalise(label)} mag hoogstens ${max} tekens hebben.`);
}

export function optionalText(label: string, max: number) {
  return z
    .string()
    .trim()
    .max(max, `${capitalise(label)} mag hoogstens ${max} tekens hebben.`);
}

export const INVALID_AMOUNT =
  "staat geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.";

/** A required amount in euros as typed by a Dutch user ("250.000,00"); output: cents. */
export function money(fieldLabel: string) {
  return z.string().transform((raw, ctx) => {
    const text = raw.trim();
    if (text === "") {
      ctx.addIssue({ code: "custom", message: `Vul ${fieldLabel} in.` });
      return z.NEVER;
    }
    const cents = parseEuroInput(text);
    if (cents === null) {
      ctx.addIssue({ code: "custom", message: `Bij ${fieldLabel} ${INVALID_AMOUNT}` });
      return z.NEVER;
    }
    return cents;
  });
}

/** An optional amount: empty is null, anything else must be a valid amount. */
export function optionalMoney(fieldLabel: string) {
  return z.string().transform((raw, ctx) => {
    const text = raw.trim();
    if (text === "") return null;
    const cents = parseEuroInput(text);
    if (cents === null) {
      ctx.addIssue({ code: "custom", message: `Bij ${fieldLabel} ${INVALID_AMOUNT}` });
      return z.NEVER;
    }
    return cents;
  });
}

/** A whole number typed in a text box, from `min` up to `max`. */
export function wholeNumber(message: string, min = 1, max = 9_999_999) {
  return z
    .string()
    .trim()
    .regex(/^\d{1,7}$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message });
}

export const yearAmount = (label: string) =>
  z.object({ year: z.coerce.number().int(), amount: money(label) });

/** "€ 1.234,56" without Intl, for messages (the same text on server and browser). */
export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${negative ? "-" : ""}€ ${whole},${(abs % 100n).toString().padStart(2, "0")}`;
}

/** Lenient: the cents of an amount if it parses, else 0 (for live totals over a draft). */
export function centsOrZero(text: string | undefined): bigint {
  return (text ? parseEuroInput(text) : null) ?? 0n;
}

/** Rows that must have exactly the plan's years, in order. */
export function sameYears(rows: { year: unknown }[] | undefined, years: number[]): boolean {
  return !!rows && rows.length === years.length && rows.every((r, i) => Number(r.year) === years[i]);
}
