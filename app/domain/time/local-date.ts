import { TZDate } from "@date-fns/tz";

/**
 * A calendar day in the Netherlands, "YYYY-MM-DD". Terms are counted in calendar days in
 * Europe/Amsterdam (design.md §2), so a deadline is a day, not an instant: it is met by anything
 * received up to endOfAmsterdamDay(day). Pure; also used in the browser.
 */
export type LocalDate = `${number}-${number}-${number}`;

export const AMSTERDAM = "Europe/Amsterdam";

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function fromParts(year: number, month: number, day: number): LocalDate {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}` as LocalDate;
}

/** Year, month (1–12) and day of a LocalDate. */
export function dateParts(d: LocalDate): { year: number; month: number; day: number } {
  const m = LOCAL_DATE.exec(d);
  if (!m) throw new RangeError(`Not a LocalDate: ${d}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function isLocalDate(value: string): value is LocalDate {
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = new Date(Date.UTC(y, mo - 1, d));
  return utc.getUTCFullYear() === y && utc.getUTCMonth() === mo - 1 && utc.getUTCDate() === d;
}

/** Checks a string (form input, URL, JSON) and narrows it; throws on "2026-02-30" and the like. */
export function parseLocalDate(value: string): LocalDate {
  if (!isLocalDate(value)) throw new RangeError(`Not a valid date (YYYY-MM-DD): ${value}`);
  return value;
}

export function localDate(year: number, month: number, day: number): LocalDate {
  return parseLocalDate(fromParts(year, month, day));
}

// Calendar arithmetic runs on UTC midnights: a UTC day is always 24 hours, so no DST switch can
// shift a result by a day, and it does not depend on the time zone of the server or browser.
const DAY_MS = 86_400_000;

function utcDay(d: LocalDate): Date {
  const { year, month, day } = dateParts(d);
  return new Date(Date.UTC(year, month - 1, day));
}

function fromUtcDay(t: Date): LocalDate {
  return fromParts(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addCalendarDays(d: LocalDate, days: number): LocalDate {
  const { year, month, day } = dateParts(d);
  return fromUtcDay(new Date(Date.UTC(year, month - 1, day + days)));
}

export function addWeeks(d: LocalDate, weeks: number): LocalDate {
  return addCalendarDays(d, weeks * 7);
}

/** 31 August + 6 months = 28 (or 29) February: a month without that day ends on its last day. */
export function addMonths(d: LocalDate, months: number): LocalDate {
  const { year, month, day } = dateParts(d);
  const lastOfTarget = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return fromUtcDay(new Date(Date.UTC(year, month - 1 + months, Math.min(day, lastOfTarget))));
}

/**
 * The last day of a period of `months` months that begins on `start`: the day before the same day
 * of the month `months` later (2027-03-15 + 18 → 2028-09-14). When that month has no such day, the
 * period ends on its last day (2027-08-31 + 18 → 2029-02-28; 2028-02-29 + 24 → 2030-02-28). One
 * rule for the plan's longest duration (wizard and completeness check), the months after which an
 * interim report is due, and an extension.
 */
export function lastDayOfMonths(start: LocalDate, months: number): LocalDate {
  const same = addMonths(start, months);
  // addMonths falls back to the month's last day when it has no such day: that day is the end.
  return dateParts(same).day === dateParts(start).day ? addCalendarDays(same, -1) : same;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((utcDay(to).getTime() - utcDay(from).getTime()) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(d: LocalDate): number {
  return utcDay(d).getUTCDay();
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The day it is in the Netherlands at `instant`. */
export function amsterdamDate(instant: Date): LocalDate {
  const z = new TZDate(instant.getTime(), AMSTERDAM);
  return fromParts(z.getFullYear(), z.getMonth() + 1, z.getDate());
}

/** 00:00:00.000 Dutch time on `d`, as an instant. (DST switches at 02:00/03:00, never at midnight.) */
export function startOfAmsterdamDay(d: LocalDate): Date {
  const { year, month, day } = dateParts(d);
  return new Date(new TZDate(year, month - 1, day, 0, 0, 0, 0, AMSTERDAM).getTime());
}

/**
 * `hour`:`minute` on the Dutch clock on `d`, as an instant. Not startOfAmsterdamDay + hours: on the
 * days the clocks change the day is 23 or 25 hours long, and 08:00 must stay 08:00.
 */
export function amsterdamTimeOn(d: LocalDate, hour: number, minute = 0): Date {
  const { year, month, day } = dateParts(d);
  return new Date(new TZDate(year, month - 1, day, hour, minute, 0, 0, AMSTERDAM).getTime());
}

/** 23:59:59.999 Dutch time on `d`, as an instant: the last moment at which a term ending on `d` is met. */
export function endOfAmsterdamDay(d: LocalDate): Date {
  return new Date(startOfAmsterdamDay(addCalendarDays(d, 1)).getTime() - 1);
}

/** A `@db.Date` column comes back from Prisma as midnight UTC of that day. */
export function localDateFromDb(value: Date): LocalDate {
  return fromUtcDay(value);
}

/** What to write into a `@db.Date` column for `d`. */
export function localDateToDb(d: LocalDate): Date {
  const { year, month, day } = dateParts(d);
  return new Date(Date.UTC(year, month - 1, day));
}

/** The months as Dutch writes them, lower case (formatDateNl; the English pages read dates back from them). */
export const MONTHS_NL = [
  "januari",
  "februari",
  "maart",
  "april",
  "mei",
  "juni",
  "juli",
  "augustus",
  "september",
  "oktober",
  "november",
  "december",
] as const;

/** "3 maart 2026", as in the letters (written out by hand so server and browser agree). */
export function formatDateNl(d: LocalDate): string {
  const { year, month, day } = dateParts(d);
  return `${day} ${MONTHS_NL[month - 1]} ${year}`;
}

/**
 * "2026-03-03 14:05", Dutch time: a moment in a file for spreadsheets and programs (sortable, no
 * month names), on the clock the pages show — not UTC, in which 00:30 on 1 April is still 31 March.
 */
export function amsterdamDateTimeText(instant: Date): string {
  const z = new TZDate(instant.getTime(), AMSTERDAM);
  return `${amsterdamDate(instant)} ${pad(z.getHours())}:${pad(z.getMinutes())}`;
}

/**
 * "2026-12-01T06:18:40+01:00": the moment on the Dutch clock with its offset (ISO 8601, as XML's
 * dateTime), so a file that records it reads the same whichever time zone the server runs in.
 * Whole seconds; the offset is +01:00 in winter and +02:00 in summer time.
 */
export function amsterdamIsoDateTime(instant: Date): string {
  const z = new TZDate(instant.getTime(), AMSTERDAM);
  const east = -z.getTimezoneOffset();
  const offset = `${east < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(east) / 60))}:${pad(Math.abs(east) % 60)}`;
  return `${amsterdamDate(instant)}T${pad(z.getHours())}:${pad(z.getMinutes())}:${pad(z.getSeconds())}${offset}`;
}

/** "3 maart 2026 om 14:05", Dutch time: for moments such as the receipt of an application. */
export function formatDateTimeNl(instant: Date): string {
  const z = new TZDate(instant.getTime(), AMSTERDAM);
  return `${formatDateNl(amsterdamDate(instant))} om ${pad(z.getHours())}:${pad(z.getMinutes())}`;
}
