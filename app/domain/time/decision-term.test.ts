import { describe, expect, it } from "vitest";
import {
  daysLeft,
  decisionDueDate,
  isOverdue,
  parseLocalDate,
  startOfAmsterdamDay,
  suspendedDaysBetween,
} from "./index.ts";

/** A moment on a Dutch day at hh:mm Dutch time. */
const at = (day: string, hour = 12, minute = 0) =>
  new Date(startOfAmsterdamDay(parseLocalDate(day)).getTime() + (hour * 60 + minute) * 60_000);

describe("the beslistermijn with a suspension (Awb 4:13, 4:15; Atw art. 4), at fixed dates", () => {
  it("13 weeks from complete receipt on Monday 2 March 2026, plus 10 days of supplement request", () => {
    const complete = at("2026-03-02", 9, 30);
    expect(decisionDueDate(complete, 13)).toBe("2026-06-01");
    // Asked on Tuesday 10 March, supplement in on Friday 20 March: suspended from the 11th "tot"
    // the 20th, which runs again — 9 days.
    const suspended = suspendedDaysBetween(at("2026-03-10", 16), at("2026-03-20", 10));
    expect(suspended).toBe(9);
    expect(decisionDueDate(complete, 13, suspended)).toBe("2026-06-10");
  });

  it("a supplement that arrives the same day or the next suspends nothing", () => {
    expect(suspendedDaysBetween(at("2026-03-10", 9), at("2026-03-10", 17))).toBe(0);
    expect(suspendedDaysBetween(at("2026-03-10", 23, 50), at("2026-03-11", 0, 30))).toBe(0);
    expect(suspendedDaysBetween(at("2026-03-10", 23, 50), at("2026-03-12", 0, 30))).toBe(1);
  });

  it("a hersteltermijn that lapsed counts up to and including its last day", () => {
    // Asked Tuesday 10 March; the term's last day is Tuesday 24 March; the supplement came on the
    // 30th: suspended from the 11th to the 24th — 14 days. On the 24th itself it would be 13.
    const end = at("2026-03-24", 23, 59);
    expect(suspendedDaysBetween(at("2026-03-10", 16), at("2026-03-30", 10), end)).toBe(14);
    expect(suspendedDaysBetween(at("2026-03-10", 16), at("2026-03-24", 10), end)).toBe(13);
  });

  // Algemene termijnenwet art. 4 sub a: the Act does not apply to a term "omschreven in ... meer dan
  // twaalf weken". The 13-week beslistermijn ends on its calendar day, closed or not.
  it("a term that, with its suspension, ends on Hemelvaartsdag ends there", () => {
    // 2 February 2026 + 13 weeks = Monday 4 May; + 10 days = Thursday 14 May 2026, Ascension Day.
    expect(decisionDueDate(at("2026-02-02"), 13, 10)).toBe("2026-05-14");
  });

  it("a term ending on Koningsdag (Monday 27 April 2026) ends on Koningsdag", () => {
    expect(decisionDueDate(at("2026-01-26"), 13)).toBe("2026-04-27");
  });

  it("a term ending on Tweede Pinksterdag or a Saturday stays there", () => {
    // Complete receipt Monday 23 February 2026 + 13 weeks = Monday 25 May 2026, Tweede Pinksterdag.
    expect(decisionDueDate(at("2026-02-23"), 13)).toBe("2026-05-25");
    // 20 February 2026 + 13 weeks = Friday 22 May; + 1 day = Saturday 23 May.
    expect(decisionDueDate(at("2026-02-20"), 13, 1)).toBe("2026-05-23");
  });

  it("days left count Dutch days: 0 on the last day, overdue only the day after", () => {
    const due = parseLocalDate("2026-06-11");
    expect(daysLeft(due, at("2026-06-04"))).toBe(7);
    expect(daysLeft(due, at("2026-06-11", 23, 59))).toBe(0);
    expect(isOverdue(due, at("2026-06-11", 23, 59))).toBe(false);
    expect(isOverdue(due, at("2026-06-12", 0, 1))).toBe(true);
  });
});
