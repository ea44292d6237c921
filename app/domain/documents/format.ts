/**
 * The letter's formatting, from the shared money and time modules, plus the one helper they lack
 * (a rate in basis points written as a Dutch percentage).
 */
export { applyRateBp, formatEuro as euro } from "../money.ts";
export {
  addMonths,
  addWeeks,
  amsterdamDate,
  formatDateNl,
  type LocalDate,
  localDateFromDb as utcDate,
} from "../time/index.ts";

/** Basis points as a Dutch percentage: 5000 → "50%", 1250 → "12,5%", 1255 → "12,55%". */
export function percent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = Math.abs(bp % 100);
  if (frac === 0) return `${whole}%`;
  return `${whole},${frac.toString().padStart(2, "0").replace(/0$/, "")}%`;
}
