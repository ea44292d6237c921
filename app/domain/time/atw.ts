import { addCalendarDays, dateParts, dayOfWeek, type LocalDate, localDate } from "./local-date.ts";

/**
 * Algemene termijnenwet (Atw). Art. 1: a statutory term that ends on a Saturday, Sunday or
 * "algemeen erkende feestdag" runs on to the next day that is none of those. Art. 3 lists the
 * feestdagen: Nieuwjaarsdag, tweede Paasdag, Hemelvaartsdag, tweede Pinksterdag, eerste en tweede
 * Kerstdag, the day the King's (Queen's) birthday is celebrated, and 5 mei.
 * Goede Vrijdag is NOT one of them, nor are eerste Paas- and Pinksterdag as such (they are Sundays).
 * Not implemented: art. 2 (a term of at least three days must contain two working days) — it only
 * bites on terms of a few days, which this portal does not set — and days added by AMvB (art. 3 lid 2).
 */

export type Holiday = { date: LocalDate; name: string };

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

/** The algemeen erkende feestdagen of art. 3 Atw in `year`, in date order. */
export function atwHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const list: Holiday[] = [
    { date: localDate(year, 1, 1), name: "Nieuwjaarsdag" },
    { date: addCalendarDays(easter, 1), name: "Tweede Paasdag" },
    { date: kingsDay(year), name: year >= 2014 ? "Koningsdag" : "Koninginnedag" },
    { date: localDate(year, 5, 5), name: "Bevrijdingsdag" },
    { date: addCalendarDays(easter, 39), name: "Hemelvaartsdag" },
    { date: addCalendarDays(easter, 50), name: "Tweede Pinksterdag" },
    { date: localDate(year, 12, 25), name: "Eerste Kerstdag" },
    { date: localDate(year, 12, 26), name: "Tweede Kerstdag" },
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
