import { describe, expect, it } from "vitest";
import {
  addCalendarDays,
  addMonths,
  addWeeks,
  amsterdamDate,
  amsterdamIsoDateTime,
  atwApplies,
  atwHolidays,
  atwTermEnd,
  dayOfWeek,
  daysBetween,
  daysLeft,
  decisionDueDate,
  EQUATED_DAYS,
  easterSunday,
  endOfAmsterdamDay,
  formatDateNl,
  formatDateTimeNl,
  isAtwClosedDay,
  isAtwHoliday,
  isLocalDate,
  isOverdue,
  kingsDay,
  type LocalDate,
  lastDayOfMonths,
  localDate,
  localDateFromDb,
  localDateToDb,
  nextWorkingDayIfClosed,
  OBJECTION_TERM_WEEKS,
  objectionTermEnd,
  parseLocalDate,
  startOfAmsterdamDay,
  suspendedDaysBetween,
  termEnd,
  termEndAfterDay,
} from "./index.ts";

const d = (s: string) => parseLocalDate(s);
/** Noon Dutch time on a day: far from midnight, so the event's date is unambiguous. */
const noon = (s: string) => new Date(startOfAmsterdamDay(d(s)).getTime() + 12 * 3600_000);

describe("LocalDate", () => {
  it("validates real calendar days only", () => {
    expect(isLocalDate("2024-02-29")).toBe(true);
    expect(isLocalDate("2026-02-29")).toBe(false);
    expect(isLocalDate("2026-02-30")).toBe(false);
    expect(isLocalDate("2026-2-3")).toBe(false);
    expect(isLocalDate("2026-13-01")).toBe(false);
    expect(() => parseLocalDate("gisteren")).toThrow(RangeError);
    expect(localDate(2026, 3, 3)).toBe("2026-03-03");
  });

  it("adds days, weeks and months on the calendar", () => {
    expect(addCalendarDays(d("2026-12-31"), 1)).toBe("2027-01-01");
    expect(addCalendarDays(d("2026-03-01"), -1)).toBe("2026-02-28");
    expect(addWeeks(d("2026-03-03"), 6)).toBe("2026-04-14");
    expect(addWeeks(d("2026-03-20"), 2)).toBe("2026-04-03"); // across the DST switch of 29 March
    expect(addMonths(d("2025-08-31"), 6)).toBe("2026-02-28");
    expect(addMonths(d("2023-08-31"), 6)).toBe("2024-02-29");
    expect(addMonths(d("2026-01-15"), 24)).toBe("2028-01-15");
    // A period of N months ends the day before the same day N months on, or on the last day of a
    // month without that day.
    expect(lastDayOfMonths(d("2027-03-15"), 18)).toBe("2028-09-14");
    expect(lastDayOfMonths(d("2026-07-01"), 24)).toBe("2028-06-30");
    expect(lastDayOfMonths(d("2027-03-01"), 12)).toBe("2028-02-29");
    expect(lastDayOfMonths(d("2027-08-31"), 18)).toBe("2029-02-28");
    expect(lastDayOfMonths(d("2026-08-31"), 18)).toBe("2028-02-29");
    expect(lastDayOfMonths(d("2028-02-29"), 24)).toBe("2030-02-28");
    expect(lastDayOfMonths(d("2028-02-29"), 48)).toBe("2032-02-28");
    expect(lastDayOfMonths(d("2027-01-31"), 1)).toBe("2027-02-28");
    expect(daysBetween(d("2026-03-01"), d("2026-04-01"))).toBe(31);
    expect(daysBetween(d("2026-04-01"), d("2026-03-01"))).toBe(-31);
    expect(dayOfWeek(d("2026-04-27"))).toBe(1);
  });

  it("takes the Dutch day of an instant, in winter and in summer time", () => {
    expect(amsterdamDate(new Date("2026-01-15T22:59:59.999Z"))).toBe("2026-01-15");
    expect(amsterdamDate(new Date("2026-01-15T23:00:00.000Z"))).toBe("2026-01-16");
    expect(amsterdamDate(new Date("2026-06-30T21:59:59.999Z"))).toBe("2026-06-30");
    expect(amsterdamDate(new Date("2026-06-30T22:00:00.000Z"))).toBe("2026-07-01");
  });

  it("knows the start and end of a Dutch day, also on the DST days (23 and 25 hours)", () => {
    expect(startOfAmsterdamDay(d("2026-03-29")).toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(endOfAmsterdamDay(d("2026-03-29")).toISOString()).toBe("2026-03-29T21:59:59.999Z");
    expect(startOfAmsterdamDay(d("2026-10-25")).toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(endOfAmsterdamDay(d("2026-10-25")).toISOString()).toBe("2026-10-25T22:59:59.999Z");
    const hours = (day: string) =>
      (endOfAmsterdamDay(d(day)).getTime() + 1 - startOfAmsterdamDay(d(day)).getTime()) / 3600_000;
    expect(hours("2026-03-29")).toBe(23);
    expect(hours("2026-10-25")).toBe(25);
    expect(hours("2026-07-01")).toBe(24);
  });

  it("round-trips @db.Date columns", () => {
    expect(localDateFromDb(new Date("2026-03-03T00:00:00.000Z"))).toBe("2026-03-03");
    expect(localDateToDb(d("2026-03-03")).toISOString()).toBe("2026-03-03T00:00:00.000Z");
  });

  it("formats in Dutch", () => {
    expect(formatDateNl(d("2026-03-03"))).toBe("3 maart 2026");
    expect(formatDateNl(d("2013-12-31"))).toBe("31 december 2013");
    expect(formatDateTimeNl(new Date("2026-03-03T13:05:00Z"))).toBe("3 maart 2026 om 14:05");
    expect(formatDateTimeNl(new Date("2026-07-01T07:00:00Z"))).toBe("1 juli 2026 om 09:00");
  });

  it("writes a moment as ISO 8601 on the Dutch clock with its offset, whatever the server's time zone", () => {
    const was = process.env.TZ;
    try {
      for (const tz of ["UTC", "America/New_York", "Pacific/Kiritimati"]) {
        process.env.TZ = tz;
        expect(amsterdamIsoDateTime(new Date("2026-12-01T05:18:40.999Z"))).toBe("2026-12-01T06:18:40+01:00");
        expect(amsterdamIsoDateTime(new Date("2026-06-30T22:30:00Z"))).toBe("2026-07-01T00:30:00+02:00");
        // The night the clocks go forward: 01:59:59 winter time is followed by 03:00:00 summer time.
        expect(amsterdamIsoDateTime(new Date("2026-03-29T00:59:59Z"))).toBe("2026-03-29T01:59:59+01:00");
        expect(amsterdamIsoDateTime(new Date("2026-03-29T01:00:00Z"))).toBe("2026-03-29T03:00:00+02:00");
      }
    } finally {
      if (was === undefined) delete process.env.TZ;
      else process.env.TZ = was;
    }
  });
});

describe("Algemene termijnenwet", () => {
  it("computes Easter by the Gregorian algorithm", () => {
    const known: Record<number, string> = {
      2013: "2013-03-31",
      2014: "2014-04-20",
      2015: "2015-04-05",
      2016: "2016-03-27",
      2019: "2019-04-21",
      2024: "2024-03-31",
      2025: "2025-04-20",
      2026: "2026-04-05",
      2038: "2038-04-25",
      2285: "2285-03-22",
    };
    for (const [year, easter] of Object.entries(known)) expect(easterSunday(Number(year))).toBe(easter);
  });

  it("lists the feestdagen of 2026, with Goede Vrijdag and the days equated by royal decree", () => {
    expect(atwHolidays(2026)).toEqual([
      { date: "2026-01-01", name: "Nieuwjaarsdag" },
      { date: "2026-01-02", name: "Gelijkgestelde dag" },
      { date: "2026-04-03", name: "Goede Vrijdag" },
      { date: "2026-04-06", name: "Tweede Paasdag" },
      { date: "2026-04-27", name: "Koningsdag" },
      { date: "2026-05-05", name: "Bevrijdingsdag" },
      { date: "2026-05-14", name: "Hemelvaartsdag" },
      { date: "2026-05-15", name: "Gelijkgestelde dag" },
      { date: "2026-05-25", name: "Tweede Pinksterdag" },
      { date: "2026-12-25", name: "Eerste Kerstdag" },
      { date: "2026-12-26", name: "Tweede Kerstdag" },
    ]);
  });

  it("moves Koningsdag off a Sunday, and knows Koninginnedag before 2014", () => {
    expect(kingsDay(2014)).toBe("2014-04-26"); // 27 April 2014 was a Sunday
    expect(kingsDay(2025)).toBe("2025-04-26");
    expect(kingsDay(2026)).toBe("2026-04-27");
    expect(kingsDay(2013)).toBe("2013-04-30");
    expect(kingsDay(2006)).toBe("2006-04-29"); // 30 April 2006 was a Sunday
    expect(isAtwHoliday(d("2013-04-30"))).toBe(true);
    expect(isAtwHoliday(d("2014-04-30"))).toBe(false);
  });

  it("counts Goede Vrijdag (art. 3 lid 2), and 5 mei in every year", () => {
    expect(isAtwHoliday(d("2026-04-03"))).toBe(true); // Goede Vrijdag 2026
    expect(isAtwClosedDay(d("2026-04-03"))).toBe(true);
    expect(isAtwHoliday(d("2014-04-18"))).toBe(true); // Goede Vrijdag 2014
    expect(isAtwHoliday(d("2026-04-02"))).toBe(false); // Witte Donderdag is none
    expect(isAtwHoliday(d("2027-05-05"))).toBe(true);
    expect(isAtwHoliday(d("2014-04-21"))).toBe(true); // Tweede Paasdag 2014
  });

  it("counts the days a royal decree equated with a feestdag (art. 3 lid 3), and only those", () => {
    // Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028.
    for (const day of ["2026-01-02", "2026-05-15", "2027-05-07", "2028-04-28", "2028-05-26"]) {
      expect(isAtwHoliday(d(day)), day).toBe(true);
    }
    // … and of 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en 30 mei 2025.
    for (const day of ["2023-04-28", "2023-05-19", "2024-05-10", "2024-12-27", "2025-05-30"]) {
      expect(isAtwHoliday(d(day)), day).toBe(true);
    }
    expect(EQUATED_DAYS.every((e) => e.decree.startsWith("Besluit gelijkstelling van"))).toBe(true);
    // A Friday after Hemelvaartsdag no decree named stays an open day.
    expect(isAtwHoliday(d("2029-05-11"))).toBe(false);
    expect(nextWorkingDayIfClosed(d("2026-01-01"))).toBe("2026-01-05"); // Thu, equated Fri, weekend
  });

  it("moves a closed day to the next day that is none of Saturday, Sunday or feestdag", () => {
    expect(nextWorkingDayIfClosed(d("2026-04-27"))).toBe("2026-04-28"); // Koningsdag, Monday
    expect(nextWorkingDayIfClosed(d("2026-04-25"))).toBe("2026-04-28"); // Sat → Sun → Koningsdag → Tue
    expect(nextWorkingDayIfClosed(d("2026-12-25"))).toBe("2026-12-28"); // Christmas Fri, then the weekend
    expect(nextWorkingDayIfClosed(d("2026-03-07"))).toBe("2026-03-09"); // Saturday
    expect(nextWorkingDayIfClosed(d("2026-05-14"))).toBe("2026-05-18"); // Hemelvaartsdag, equated Friday
    expect(nextWorkingDayIfClosed(d("2026-04-03"))).toBe("2026-04-07"); // Goede Vrijdag to Tweede Paasdag
    expect(nextWorkingDayIfClosed(d("2026-12-31"))).toBe("2026-12-31");
    expect(nextWorkingDayIfClosed(d("2027-12-31"))).toBe("2027-12-31"); // an ordinary Friday
    expect(nextWorkingDayIfClosed(d("2028-01-01"))).toBe("2028-01-03");
  });

  it("always lands on an open day, passing only closed ones", () => {
    const wrong: string[] = [];
    let day: LocalDate = d("2013-01-01");
    while (day <= "2030-12-31") {
      const moved = nextWorkingDayIfClosed(day);
      if (isAtwClosedDay(moved)) wrong.push(`${day} → ${moved} is closed`);
      for (let x = day; x < moved; x = addCalendarDays(x, 1)) {
        if (!isAtwClosedDay(x)) wrong.push(`${day} → ${moved} skips the open day ${x}`);
      }
      // Longest run: Wednesday 5 May 2027, Hemelvaartsdag, the equated Friday, the weekend → Monday.
      if (daysBetween(day, moved) > 5) wrong.push(`${day} → ${moved} is too far`);
      day = addCalendarDays(day, 1);
    }
    expect(wrong).toEqual([]);
  });
});

describe("terms", () => {
  it("ends six weeks after the event's day, moved by the Atw", () => {
    // Monday 16 March + 6 weeks = Monday 27 April 2026 = Koningsdag → Tuesday 28 April.
    expect(termEnd(noon("2026-03-16"), { weeks: 6 })).toBe("2026-04-28");
    // Ends on Tweede Paasdag 2014 (21 April) → 22 April.
    expect(termEnd(noon("2014-03-10"), { weeks: 6 })).toBe("2014-04-22");
    // Ends on Eerste Kerstdag 2026 (a Friday) → Monday 28 December.
    expect(termEnd(noon("2026-11-13"), { weeks: 6 })).toBe("2026-12-28");
    // Ends on a Saturday → Monday.
    expect(termEnd(noon("2026-01-24"), { weeks: 6 })).toBe("2026-03-09");
    // An ordinary Tuesday stays.
    expect(termEnd(noon("2026-03-03"), { weeks: 6 })).toBe("2026-04-14");
    expect(termEnd(noon("2026-03-03"), { days: 14 })).toBe("2026-03-17");
    expect(termEnd(noon("2026-02-28"), { months: 6 })).toBe("2026-08-28");
    expect(termEnd(noon("2026-03-03"), {})).toBe("2026-03-03");
  });

  it("counts from the Dutch day of the event, across the DST switch", () => {
    // 00:30 Dutch time on Sunday 29 March 2026 (the switch to summer time) is still 28 March in UTC.
    const justAfterMidnight = new Date("2026-03-28T23:30:00Z");
    expect(amsterdamDate(justAfterMidnight)).toBe("2026-03-29");
    expect(termEnd(justAfterMidnight, { days: 1 })).toBe("2026-03-30");
    // 23:30 Dutch time on 24 October 2026 (summer time) is 21:30 UTC; the term counts from the 24th.
    expect(termEnd(new Date("2026-10-24T21:30:00Z"), { weeks: 1 })).toBe("2026-11-02"); // Sat 31 Oct → Mon
  });

  it("refuses negative or fractional lengths", () => {
    expect(() => termEnd(noon("2026-03-03"), { weeks: -1 })).toThrow(RangeError);
    expect(() => termEnd(noon("2026-03-03"), { days: 1.5 })).toThrow(RangeError);
    expect(() => decisionDueDate(noon("2026-03-03"), 13, -2)).toThrow(RangeError);
  });

  it("gives the beslistermijn, extended by the suspension, unmoved by the Atw (13 weeks > 12)", () => {
    expect(decisionDueDate(noon("2026-03-02"), 13)).toBe("2026-06-01");
    expect(decisionDueDate(noon("2026-03-02"), 13, 14)).toBe("2026-06-15");
    expect(decisionDueDate(noon("2026-03-02"), 13, 12)).toBe("2026-06-13"); // a Saturday, and it stays
    // A beslistermijn of twelve weeks or less is moved: 2 March + 12 weeks = Mon 25 May, Tweede Pinksterdag.
    expect(decisionDueDate(noon("2026-03-02"), 12)).toBe("2026-05-26");
    // Received at 00:30 Dutch time: that day counts, not the UTC day before.
    expect(decisionDueDate(new Date("2026-03-01T23:30:00Z"), 13)).toBe("2026-06-01");
    // Asked on the 1st, supplied on the 5th: the 2nd, 3rd and 4th.
    expect(suspendedDaysBetween(noon("2026-03-01"), new Date("2026-03-05T08:00:00Z"))).toBe(3);
    expect(suspendedDaysBetween(noon("2026-03-05"), noon("2026-03-01"))).toBe(0);
  });

  it("gives the objection term of six weeks from the day after the bekendmaking", () => {
    expect(OBJECTION_TERM_WEEKS).toBe(6);
    expect(objectionTermEnd(noon("2026-03-03"))).toBe("2026-04-14");
    expect(objectionTermEnd(noon("2026-03-16"))).toBe("2026-04-28");
  });

  it("counts days left to the end of the last day, negative when overdue", () => {
    const due = d("2026-04-14");
    expect(daysLeft(due, noon("2026-04-04"))).toBe(10);
    expect(daysLeft(due, new Date("2026-04-14T21:59:59.999Z"))).toBe(0); // 23:59:59.999 Dutch time
    expect(isOverdue(due, new Date("2026-04-14T21:59:59.999Z"))).toBe(false);
    expect(daysLeft(due, new Date("2026-04-14T22:00:00.000Z"))).toBe(-1); // 00:00 on the 15th
    expect(isOverdue(due, new Date("2026-04-14T22:00:00.000Z"))).toBe(true);
    expect(daysLeft(due, noon("2026-05-14"))).toBe(-30);
    expect(endOfAmsterdamDay(due).toISOString()).toBe("2026-04-14T21:59:59.999Z");
  });
});

describe("Atw art. 4 sub a: terms the Act leaves alone", () => {
  it("applies to terms of at most 90 days, twelve weeks or three months", () => {
    expect(atwApplies({ days: 90 })).toBe(true);
    expect(atwApplies({ days: 91 })).toBe(false);
    expect(atwApplies({ weeks: 12 })).toBe(true);
    expect(atwApplies({ weeks: 13 })).toBe(false);
    expect(atwApplies({ months: 3 })).toBe(true);
    expect(atwApplies({ months: 6 })).toBe(false);
    expect(atwApplies({})).toBe(true);
  });

  it("moves a twelve-week term off a Sunday, not a thirteen-week one", () => {
    // Sunday 1 March 2026 + 12 weeks = Sunday 24 May (Pinksteren) → Tuesday 26 May.
    expect(termEndAfterDay(d("2026-03-01"), { weeks: 12 })).toBe("2026-05-26");
    // Sunday 22 February 2026 + 13 weeks = Sunday 24 May: the Act does not apply.
    expect(termEndAfterDay(d("2026-02-22"), { weeks: 13 })).toBe("2026-05-24");
    // Three months from 24 February 2026 = Sunday 24 May → moved; six months from 24 Nov 2025 → not.
    expect(termEndAfterDay(d("2026-02-24"), { months: 3 })).toBe("2026-05-26");
    expect(termEndAfterDay(d("2025-11-24"), { months: 6 })).toBe("2026-05-24");
    expect(termEnd(noon("2026-02-22"), { days: 91 })).toBe("2026-05-24");
    expect(termEnd(noon("2026-02-23"), { days: 90 })).toBe("2026-05-26");
  });
});

describe("Atw art. 2: a term of three days or more holds two open days", () => {
  it("extends a three-day hersteltermijn asked on a Friday to Tuesday", () => {
    // Asked Friday 6 March 2026: Sat, Sun, Mon. Art. 1 alone would end it on Monday 9 March, which
    // holds one open day; art. 2 runs it to the second, Tuesday 10 March.
    expect(termEnd(noon("2026-03-06"), { days: 3 })).toBe("2026-03-10");
    expect(atwTermEnd(d("2026-03-07"), d("2026-03-09"))).toBe("2026-03-10");
  });

  it("extends a three-day term over Easter to the second open day after it", () => {
    // Asked Thursday 2 April 2026: Goede Vrijdag, Saturday, Sunday; then Tweede Paasdag. Art. 1
    // would give Tuesday 7 April, the first open day; art. 2 gives Wednesday 8 April.
    expect(termEnd(noon("2026-04-02"), { days: 3 })).toBe("2026-04-08");
  });

  it("leaves a term that holds two open days, and terms under three days, to art. 1", () => {
    // Asked Thursday 5 March 2026: Fri, Sat, Sun → Monday 9 March; Friday and Monday are two open days.
    expect(termEnd(noon("2026-03-05"), { days: 3 })).toBe("2026-03-09");
    // Two days from Friday 6 March: Sat, Sun → Monday 9 March (art. 2 needs three days or more).
    expect(termEnd(noon("2026-03-06"), { days: 2 })).toBe("2026-03-09");
    expect(termEnd(noon("2026-03-06"), { days: 1 })).toBe("2026-03-09");
    // Fourteen days always hold ten open days: only art. 1.
    expect(termEnd(noon("2026-03-03"), { days: 14 })).toBe("2026-03-17");
  });
});
