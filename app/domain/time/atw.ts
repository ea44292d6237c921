import {
  addCalendarDays,
  dateParts,
  dayOfWeek,
  daysBetween,
  type LocalDate,
  localDate,
} from "./local-date.ts";

/**
 * Algemene termijnenwet (Atw, BWBR0002448).
 * - Art. 1: a term that ends on a Saturday, Sunday or "algemeen erkende feestdag" runs on to the
 *   next day that is none of those (not for terms counted backwards, lid 2: the portal has none).
 * - Art. 2: a term of at least three days is extended so far that it holds at least two days that
 *   are none of those — it bites on a short hersteltermijn over Easter or Christmas.
 * - Art. 3: the feestdagen of lid 1 (Nieuwjaarsdag, tweede Paas- en Pinksterdag, both Kerstdagen,
 *   Hemelvaartsdag, the day the King's birthday is celebrated, 5 mei — every year), Goede Vrijdag
 *   (lid 2) and the days a royal decree equates with them (lid 3, `EQUATED_DAYS`).
 * - Art. 4 sub a (which terms the Act leaves alone) is applied where a term is counted, in terms.ts.
 * Eerste Paas- and Pinksterdag are not listed: they are Sundays.
 */

export type Holiday = { date: LocalDate; name: string };

/** The royal decrees of art. 3 lid 3, by their title; each names the days it equates. */
const DECREE_2023_2025 =
  "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en 30 mei 2025 met een algemeen erkende feestdag";
const DECREE_2026_2028 =
  "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028 met een algemeen erkende feestdag";

/**
 * Days equated with a feestdag by royal decree (art. 3 lid 3, published in the Staatscourant), with
 * the decree that did so. The decree comes out once every three years or so: add the next one's days
 * when it is published. Decrees before 2023 are not in this list (not verified), so a term ending on
 * a bridge day before 2023 is not moved past it.
 */
export const EQUATED_DAYS: readonly { date: LocalDate; decree: string }[] = [
  { date: "2023-04-28", decree: DECREE_2023_2025 },
  { date: "2023-05-19", decree: DECREE_2023_2025 },
  { date: "2024-05-10", decree: DECREE_2023_2025 },
  { date: "2024-12-27", decree: DECREE_2023_2025 },
  { date: "2025-05-30", decree: DECREE_2023_2025 },
  { date: "2026-01-02", decree: DECREE_2026_2028 },
  { date: "2026-05-15", decree: DECREE_2026_2028 },
  { date: "2027-05-07", decree: DECREE_2026_2028 },
  { date: "2028-04-28", decree: DECREE_2026_2028 },
  { date: "2028-05-26", decree: DECREE_2026_2028 },
];

/** Easter Sunday, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return localDate(year, month, day);
}

/**
 * Koningsdag from 2014: 27 April, or 26 April when the 27th is a Sunday. Before that
 * Koninginnedag: 30 April, or 29 April when the 30th is a Sunday (the rule of 1980–2013; the
 * portal never computes terms before 2013).
 */
export function kingsDay(year: number): LocalDate {
  const day = year >= 2014 ? 27 : 30;
  const d = localDate(year, 4, day);
  return dayOfWeek(d) === 0 ? addCalendarDays(d, -1) : d;
}

/** The days of art. 3 Atw in `year` (lid 1, Goede Vrijdag of lid 2, the equated days of lid 3), in date order. */
export function atwHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const list: Holiday[] = [
    { date: localDate(year, 1, 1), name: "Nieuwjaarsdag" },
    { date: addCalendarDays(easter, -2), name: "Goede Vrijdag" },
    { date: addCalendarDays(easter, 1), name: "Tweede Paasdag" },
    { date: kingsDay(year), name: year >= 2014 ? "Koningsdag" : "Koninginnedag" },
    { date: localDate(year, 5, 5), name: "Bevrijdingsdag" },
    { date: addCalendarDays(easter, 39), name: "Hemelvaartsdag" },
    { date: addCalendarDays(easter, 50), name: "Tweede Pinksterdag" },
    { date: localDate(year, 12, 25), name: "Eerste Kerstdag" },
    { date: localDate(year, 12, 26), name: "Tweede Kerstdag" },
    ...EQUATED_DAYS.filter((e) => dateParts(e.date).year === year).map((e) => ({
      date: e.date,
      name: "Gelijkgestelde dag",
    })),
  ];
  return list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

const cache = new Map<number, Set<LocalDate>>();

function holidaySet(year: number): Set<LocalDate> {
  let set = cache.get(year);
  if (!set) {
    set = new Set(atwHolidays(year).map((h) => h.date));
    cache.set(year, set);
  }
  return set;
}

export function isAtwHoliday(d: LocalDate): boolean {
  return holidaySet(dateParts(d).year).has(d);
}

export function isWeekend(d: LocalDate): boolean {
  const w = dayOfWeek(d);
  return w === 0 || w === 6;
}

/** A day on which an Atw term cannot end: Saturday, Sunday or a feestdag. */
export function isAtwClosedDay(d: LocalDate): boolean {
  return isWeekend(d) || isAtwHoliday(d);
}

/** `d` itself when a term may end on it, else the next day that is not Saturday, Sunday or a feestdag (art. 1 Atw). */
export function nextWorkingDayIfClosed(d: LocalDate): LocalDate {
  let day = d;
  while (isAtwClosedDay(day)) day = addCalendarDays(day, 1);
  return day;
}

/**
 * The last day of a term the Atw applies to, whose days run from `firstDay` to `lastDay`
 * inclusive: a term of three days or more that holds fewer than two open days runs to its second
 * open day (art. 2), which is never a closed day; any other term ending on a closed day runs to the
 * next open day (art. 1).
 */
export function atwTermEnd(firstDay: LocalDate, lastDay: LocalDate): LocalDate {
  if (daysBetween(firstDay, lastDay) + 1 >= 3) {
    let open = 0;
    for (let day = firstDay; day <= lastDay; day = addCalendarDays(day, 1)) {
      if (!isAtwClosedDay(day)) open++;
    }
    if (open < 2) {
      let day = nextWorkingDayIfClosed(firstDay);
      day = nextWorkingDayIfClosed(addCalendarDays(day, 1));
      return day;
    }
  }
  return nextWorkingDayIfClosed(lastDay);
}
