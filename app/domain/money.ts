/**
 * Money is integer euro cents in a bigint, everywhere (design.md §5). This module is pure and
 * also runs in the browser, so it formats by hand instead of through Intl: the server and the
 * browser then render byte-identical text (no hydration mismatch from a different ICU build).
 */

export type Cents = bigint;

/** Amounts above this are refused as input: no plan comes near it, a typo (extra zeros) does. */
export const MAX_INPUT_CENTS: Cents = 1_000_000_000_00n;

const NBSP = "\u00A0";

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

function splitCents(cents: bigint): { negative: boolean; whole: string; frac: string } {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return { negative, whole: (abs / 100n).toString(), frac: (abs % 100n).toString().padStart(2, "0") };
}

/**
 * "€ 1.234,56" as nl-NL writes it, with the no-break space that Intl also puts after the sign
 * (so a line never breaks between € and the amount). Negative: "-€ 12,00" — the minus in front of
 * the sign, unlike Intl's "€ -12,00", because that is how the ministry's letters show a recovery.
 */
export function formatEuro(cents: bigint): string {
  const { negative, whole, frac } = splitCents(cents);
  return `${negative ? "-" : ""}€${NBSP}${groupThousands(whole)},${frac}`;
}

/**
 * "1.234,56": the amount without its sign, for a table of many amount columns whose caption says
 * they are in euros (the finance dashboard's pots: seven columns of "€ 260.000.000,00" did not fit
 * a laptop screen). Exact to the cent, like formatEuro.
 */
export function formatEuroDigits(cents: bigint): string {
  const { negative, whole, frac } = splitCents(cents);
  return `${negative ? "-" : ""}${groupThousands(whole)},${frac}`;
}

/** "1234567,89": what a money input is pre-filled with; parseEuroInput reads it back exactly. */
export function centsToInputString(cents: bigint): string {
  return centsToDecimalString(cents, ",");
}

/**
 * The amount in euros as plain digits with two decimals and no grouping: "1234.56" for files read
 * by programs (JSON, SEPA, spreadsheets), or with "," for Dutch CSV and form fields.
 */
export function centsToDecimalString(cents: bigint, separator: "." | "," = "."): string {
  const { negative, whole, frac } = splitCents(cents);
  return `${negative ? "-" : ""}${whole}${separator}${frac}`;
}

// Integer part: plain digits, or digits grouped by dots in threes ("1.234.567").
const INTEGER = /^(\d+|\d{1,3}(\.\d{3})+)$/;

/**
 * Reads an amount typed by a Dutch user; returns cents, or null when the text is not a clear,
 * non-negative amount of whole cents up to EUR 1.000.000.000.
 *
 * nl-NL rules: the comma is the decimal separator, the dot groups thousands, so "1.234" is
 * EUR 1234 and "250.000" is EUR 250000. Accepted: "1.234.567,89", "1234567,89", "1234567",
 * "€ 250.000", "250000,5" (50 cents) and the bookkeeping "250.000,-".
 * One exception, because it cannot be misread: a single dot followed by one or two digits and no
 * comma ("1234.56", "99.5") is taken as a decimal point, as someone pasting an English figure
 * means it. A dot followed by three digits is always a thousands separator.
 * Refused (null): empty, letters, a minus sign, more than two decimals ("1,234" is not 1234 —
 * it would be a fraction of a cent), misplaced dots ("12.34,5"), spaces inside the number.
 */
export function parseEuroInput(text: string): bigint | null {
  let s = text.trim();
  if (s.startsWith("€")) s = s.slice(1).trim();
  if (s === "") return null;

  let whole: string;
  let frac = "";
  const comma = s.indexOf(",");
  if (comma >= 0) {
    whole = s.slice(0, comma);
    frac = s.slice(comma + 1);
    if (frac === "-" || frac === "--") frac = "";
    else if (!/^\d{1,2}$/.test(frac)) return null;
  } else {
    const decimalPoint = /^(\d+)\.(\d{1,2})$/.exec(s);
    if (decimalPoint) {
      whole = decimalPoint[1] ?? "";
      frac = decimalPoint[2] ?? "";
    } else {
      whole = s;
    }
  }
  if (!INTEGER.test(whole)) return null;

  const cents = BigInt(whole.replaceAll(".", "")) * 100n + BigInt(frac.padEnd(2, "0"));
  return cents > MAX_INPUT_CENTS ? null : cents;
}

/** 10000 basis points = 100 %. */
export const FULL_RATE_BP = 10_000;

/**
 * A rate in basis points as Dutch writes a percentage: 5000 → "50%", 1250 → "12,5%",
 * 1255 → "12,55%". The one way the portal writes a rate: letters, messages, the audit trail.
 */
export function formatRateBp(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = Math.abs(bp % 100);
  if (frac === 0) return `${whole}%`;
  return `${whole},${frac.toString().padStart(2, "0").replace(/0$/, "")}%`;
}

/**
 * `cents` × `rateBp` / 10000, rounded down to the cent: the state never pays more than the rate
 * (design.md §5). Only for non-negative amounts and rates of 0–100 %.
 */
export function applyRateBp(cents: bigint, rateBp: number): bigint {
  if (cents < 0n) throw new RangeError(`applyRateBp: negative amount ${cents}`);
  if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > FULL_RATE_BP) {
    throw new RangeError(`applyRateBp: rate must be an integer 0..${FULL_RATE_BP} bp, got ${rateBp}`);
  }
  return (cents * BigInt(rateBp)) / BigInt(FULL_RATE_BP);
}

/**
 * `cents` × `rateBp` / 10000, rounded up to the cent: a minimum someone must reach (the equity or
 * guarantee of art. 2.2 lid 5–6), which an amount a fraction of a cent below it does not.
 */
export function applyRateBpUp(cents: bigint, rateBp: number): bigint {
  const down = applyRateBp(cents, rateBp);
  return (cents * BigInt(rateBp)) % BigInt(FULL_RATE_BP) === 0n ? down : down + 1n;
}

/**
 * Splits `totalCents` over parts in proportion to `weights` (e.g. a grant over the plan's years in
 * proportion to each year's costs). Each part is rounded down and the cents left over go, one each,
 * to the parts with the largest remainders (ties: the earlier part), so the parts always add up
 * to the total exactly and no part is off by more than one cent. A zero weight gets zero.
 */
export function splitProportionally(totalCents: bigint, weights: bigint[]): bigint[] {
  if (totalCents < 0n) throw new RangeError("splitProportionally: negative total");
  if (weights.some((w) => w < 0n)) throw new RangeError("splitProportionally: negative weight");
  const sum = weights.reduce((a, w) => a + w, 0n);
  if (sum === 0n) {
    if (totalCents === 0n) return weights.map(() => 0n);
    throw new RangeError("splitProportionally: weights add up to zero");
  }

  const parts = weights.map((w) => (totalCents * w) / sum);
  let left = totalCents - parts.reduce((a, p) => a + p, 0n);
  const byRemainder = weights
    .map((w, index) => ({ index, remainder: (totalCents * w) % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (left === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts;
}

/** The smaller of two amounts (Math.min does not take bigints). */
export function minCents(a: bigint, b: bigint): bigint {
  return b < a ? b : a;
}

/** Σ of bigints (Array.prototype.reduce needs the 0n seed every time otherwise). */
export function sumCents(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}
