/** The letter's formatting, from the shared money and time modules, under the letters' short names. */
export { applyRateBp, formatEuro as euro, formatRateBp as percent } from "../money.ts";
export {
  addMonths,
  addWeeks,
  amsterdamDate,
  formatDateNl,
  type LocalDate,
  localDateFromDb as utcDate,
} from "../time/index.ts";
