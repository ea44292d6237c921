import { describe, expect, it } from "vitest";
import { translateDomainText } from "../../i18n/domain-messages.ts";
import { issueMessages } from "../../test/scenario.server.ts";
import { parseLocalDate, startOfAmsterdamDay } from "../time/index.ts";
import {
  ALREADY_EXTENDED,
  beforeInterimReportOpens,
  EXTENSION_NOT_IN_TERMS,
  EXTENSION_REQUEST_OPEN,
  extendedPeriodEnd,
  extensionDecisionDueOn,
  extensionDecisionSchema,
  extensionNotInTerms,
  extensionRequestLastDay,
  extensionRequestSchema,
  extensionRequestTooLate,
  extensionWindowRefusal,
  interimReportAfterLastDay,
  interimReportNotSubmitted,
  NO_INTERIM_REPORT,
  NOT_EXTENDABLE_STATUS,
  onceRefusal,
  PERIOD_ENDED,
  periodEndedRefusal,
} from "./rules.ts";

const d = parseLocalDate;
/** Noon, Dutch time, on `day`. */
const noon = (day: string) => new Date(startOfAmsterdamDay(d(day)).getTime() + 12 * 3_600_000);

describe("the new last day of an extended period (art. 1.2a)", () => {
  it("runs from the day after the old end and ends the day before the same day of the month", () => {
    expect(extendedPeriodEnd(d("2016-02-29"), 6)).toBe("2016-08-31");
    expect(extendedPeriodEnd(d("2015-12-31"), 6)).toBe("2016-06-30");
    expect(extendedPeriodEnd(d("2015-06-30"), 6)).toBe("2015-12-31");
    expect(extendedPeriodEnd(d("2016-03-15"), 6)).toBe("2016-09-15");
    expect(extendedPeriodEnd(d("2015-12-31"), 1)).toBe("2016-01-31");
  });

  it("ends on the last day of a month that lacks the day, leap years included", () => {
    // From 31 August: six months end with February, 28 or 29 days.
    expect(extendedPeriodEnd(d("2014-08-30"), 6)).toBe("2015-02-28");
    expect(extendedPeriodEnd(d("2015-08-30"), 6)).toBe("2016-02-29");
    expect(extendedPeriodEnd(d("2015-01-30"), 1)).toBe("2015-02-28");
    expect(extendedPeriodEnd(d("2016-01-30"), 1)).toBe("2016-02-29");
    // From 29 February (leap) or 1 March: no month lacks the 29th or the 1st but February.
    expect(extendedPeriodEnd(d("2016-02-28"), 12)).toBe("2017-02-28");
    expect(extendedPeriodEnd(d("2015-02-28"), 6)).toBe("2015-08-31");
  });

  it("is not moved by the Atw: a period may end on a Sunday or a feestdag", () => {
    // 25 December 2016 is a Sunday and Christmas Day.
    expect(extendedPeriodEnd(d("2016-06-25"), 6)).toBe("2016-12-25");
  });

  it("refuses a number of months that is no whole number of at least one", () => {
    expect(() => extendedPeriodEnd(d("2016-06-30"), 0)).toThrow(RangeError);
    expect(() => extendedPeriodEnd(d("2016-06-30"), 1.5)).toThrow(RangeError);
  });
});

describe("the decision term on a request: eight weeks, moved by the Atw (Awb 4:13 lid 2)", () => {
  it("ends eight weeks after the day of receipt", () => {
    expect(extensionDecisionDueOn(noon("2026-03-03"))).toBe("2026-04-28");
  });

  it("moves past a feestdag and a weekend", () => {
    // Eight weeks after Monday 2 March 2026 is Koningsdag, Monday 27 April.
    expect(extensionDecisionDueOn(noon("2026-03-02"))).toBe("2026-04-28");
    // After Saturday 3 January 2026: Saturday 28 February → Monday 2 March.
    expect(extensionDecisionDueOn(noon("2026-01-03"))).toBe("2026-03-02");
  });

  it("counts from the Dutch day of receipt, not the UTC one", () => {
    // 23:30 UTC on 2 March is 00:30 on 3 March in Amsterdam; 22:30 UTC is still the 2nd there
    // (eight weeks on: Koningsdag, moved to the 28th).
    expect(extensionDecisionDueOn(new Date("2026-03-02T23:30:00Z"))).toBe("2026-04-28");
    expect(extensionDecisionDueOn(new Date("2026-03-02T22:30:00Z"))).toBe("2026-04-28");
    expect(extensionDecisionDueOn(new Date("2026-03-03T23:30:00Z"))).toBe("2026-04-29");
  });
});

describe("whether a period may be extended", () => {
  it("asks the grant's terms", () => {
    expect(extensionNotInTerms({ extensionMonths: 0 })).toBe(EXTENSION_NOT_IN_TERMS);
    expect(extensionNotInTerms({ extensionMonths: 6 })).toBeNull();
  });

  it("up to and including the period's last day", () => {
    expect(periodEndedRefusal({ periodEnd: d("2016-12-31") }, d("2016-12-31"))).toBeNull();
    expect(periodEndedRefusal({ periodEnd: d("2016-12-31") }, d("2017-01-01"))).toBe(PERIOD_ENDED);
    expect(periodEndedRefusal({ periodEnd: null }, d("2016-01-01"))).toBe(PERIOD_ENDED);
  });

  it("once, and one request at a time", () => {
    expect(onceRefusal({ extensionGranted: true, openExtension: false })).toBe(ALREADY_EXTENDED);
    expect(onceRefusal({ extensionGranted: false, openExtension: true })).toBe(EXTENSION_REQUEST_OPEN);
    expect(onceRefusal({ extensionGranted: false, openExtension: false })).toBeNull();
  });
});

describe("the request's form", () => {
  const schema = extensionRequestSchema(6);
  const motivation = "De uitvoering liep vertraging op door een tekort aan docenten.";

  it("takes a whole number of months up to the grant's and a trimmed motivation", () => {
    expect(schema.parse({ months: "4", motivation: `  ${motivation}  ` })).toEqual({ months: 4, motivation });
  });

  it("names the field in Dutch when the months are out of range or no whole number", () => {
    for (const months of ["0", "7", "2,5", "", "veel", undefined])
      expect(issueMessages(schema.safeParse({ months, motivation })), String(months)).toEqual({
        months: "Kies het aantal maanden: 1 tot en met 6.",
      });
    expect(issueMessages(extensionRequestSchema(1).safeParse({ months: "2", motivation }))).toEqual({
      months: "Kies het aantal maanden: 1.",
    });
  });

  it("wants a motivation of 20 to 4000 characters, counted after trimming", () => {
    expect(issueMessages(schema.safeParse({ months: 6 }))).toEqual({
      motivation: "Schrijf waarom het plan meer tijd nodig heeft.",
    });
    expect(issueMessages(schema.safeParse({ months: 6, motivation: `   ${"x".repeat(19)}    ` }))).toEqual({
      motivation: "Schrijf waarom het plan meer tijd nodig heeft, in ten minste 20 tekens.",
    });
    expect(schema.safeParse({ months: 6, motivation: "x".repeat(20) }).success).toBe(true);
    expect(schema.safeParse({ months: 6, motivation: "x".repeat(4000) }).success).toBe(true);
    expect(issueMessages(schema.safeParse({ months: 6, motivation: "x".repeat(4001) }))).toEqual({
      motivation: "De motivering mag hoogstens 4000 tekens hebben.",
    });
  });
});

describe("the decision's form", () => {
  const schema = extensionDecisionSchema(6);
  const reason = "De vertraging is niet aan de aanvrager te wijten.";

  it("grants the months asked without reasons", () => {
    expect(schema.parse({ outcome: "GRANT", months: "6", reason: "" })).toEqual({
      outcome: "GRANT",
      months: 6,
    });
  });

  it("wants reasons for fewer months than asked (a partial refusal, Awb 3:46)", () => {
    expect(issueMessages(schema.safeParse({ outcome: "GRANT", months: "4", reason: "  " }))).toEqual({
      reason: "Schrijf waarom u minder maanden verleent dan gevraagd (6), in ten minste 20 tekens.",
    });
    expect(schema.parse({ outcome: "GRANT", months: 4, reason })).toEqual({
      outcome: "GRANT",
      months: 4,
      reason,
    });
  });

  it("grants 1 up to the months asked, no more", () => {
    expect(issueMessages(schema.safeParse({ outcome: "GRANT", months: "7", reason }))).toEqual({
      months: "Kies het aantal maanden: 1 tot en met 6.",
    });
    expect(issueMessages(extensionDecisionSchema(3).safeParse({ outcome: "GRANT", months: 4 }))).toEqual({
      months: "Kies het aantal maanden: 1 tot en met 3.",
    });
  });

  it("refuses only with reasons of 20 to 4000 characters", () => {
    expect(issueMessages(schema.safeParse({ outcome: "REFUSE" }))).toEqual({
      reason: "Schrijf waarom de verlenging wordt geweigerd.",
    });
    expect(issueMessages(schema.safeParse({ outcome: "REFUSE", reason: "Te laat." }))).toEqual({
      reason: "Schrijf waarom de verlenging wordt geweigerd, in ten minste 20 tekens.",
    });
    expect(issueMessages(schema.safeParse({ outcome: "REFUSE", reason: "x".repeat(4001) }))).toEqual({
      reason: "De motivering mag hoogstens 4000 tekens hebben.",
    });
    expect(schema.parse({ outcome: "REFUSE", reason: ` ${reason} ` })).toEqual({ outcome: "REFUSE", reason });
  });

  it("asks for a choice when there is none", () => {
    expect(issueMessages(schema.safeParse({}))).toEqual({ outcome: "Kies verlengen of weigeren." });
    expect(issueMessages(schema.safeParse({ outcome: "MAYBE", reason }))).toEqual({
      outcome: "Kies verlengen of weigeren.",
    });
  });
});

describe("when a verlenging may be asked (art. 1.2a lid 2)", () => {
  // A two-year plan from 1 January 2027, granted on 15 March 2026: the interim report after the
  // 12th month can be written from 1 January 2028; 24 months after the grant end on 15 March 2028.
  const plan = {
    periodStart: d("2027-01-01"),
    periodEnd: d("2028-12-31"),
    grantDecidedAt: noon("2026-03-15"),
    interimReportSubmitted: false,
  };
  const submitted = { ...plan, interimReportSubmitted: true };

  it("ends 24 months after the grant's Dutch day, on that calendar day, not moved by the Atw", () => {
    expect(extensionRequestLastDay(noon("2026-03-15"))).toBe("2028-03-15");
    // 23:30 on 31 August is still 31 August in Amsterdam (21:30 UTC): the last day is 31 August.
    expect(extensionRequestLastDay(new Date("2027-08-31T21:30:00Z"))).toBe("2029-08-31");
    // From 29 February: February 2030 has no 29th, the term ends on its last day.
    expect(extensionRequestLastDay(noon("2028-02-29"))).toBe("2030-02-28");
    // 16 April 2028 is a Sunday: a term of more than three months stays on it (Atw art. 4).
    expect(extensionRequestLastDay(noon("2026-04-16"))).toBe("2028-04-16");
  });

  it("is refused before the interim report after the 12th month, naming the day it can be written", () => {
    expect(extensionWindowRefusal(plan, d("2027-06-01"))).toBe(beforeInterimReportOpens(d("2028-01-01")));
    expect(extensionWindowRefusal(plan, d("2027-06-01"))).toContain("vanaf 1 januari 2028");
  });

  it("is refused once that report can be written but is not in, naming the last day a request can follow", () => {
    expect(extensionWindowRefusal(plan, d("2028-01-01"))).toBe(interimReportNotSubmitted(d("2028-03-15")));
    expect(extensionWindowRefusal(plan, d("2028-01-01"))).toContain("tot en met 15 maart 2028");
  });

  it("is open from the report's submission up to and including the 24 months' last day", () => {
    expect(extensionWindowRefusal(submitted, d("2028-01-02"))).toBeNull();
    expect(extensionWindowRefusal(submitted, d("2028-03-15"))).toBeNull();
    expect(extensionWindowRefusal(submitted, d("2028-03-16"))).toBe(extensionRequestTooLate(d("2028-03-15")));
    expect(extensionWindowRefusal(plan, d("2028-03-16"))).toBe(extensionRequestTooLate(d("2028-03-15")));
  });

  it("never opens for a plan shorter than 12 months: art. 5.4 lid 1 asks no interim report of it", () => {
    const short = { ...plan, periodEnd: d("2027-12-30") };
    expect(extensionWindowRefusal(short, d("2027-06-01"))).toBe(NO_INTERIM_REPORT);
  });

  it("never opens when the report can only be written after the last day a request can be made", () => {
    // A 12-month plan: its report opens the day after its end.
    const year = { ...plan, periodEnd: d("2027-12-31") };
    expect(extensionWindowRefusal(year, d("2027-06-01"))).toBe(interimReportAfterLastDay(d("2027-12-31")));
    // A plan starting more than a year after its grant: the 24 months end before month 12 does.
    const late = { ...plan, grantDecidedAt: noon("2025-10-01") };
    expect(extensionWindowRefusal(late, d("2027-06-01"))).toBe(interimReportAfterLastDay(d("2027-10-01")));
  });

  it("refuses, never allows, without a grant date or a period", () => {
    expect(extensionWindowRefusal({ ...submitted, grantDecidedAt: null }, d("2028-01-02"))).toBe(
      NOT_EXTENDABLE_STATUS,
    );
    expect(extensionWindowRefusal({ ...submitted, periodStart: null }, d("2028-01-02"))).toBe(
      NOT_EXTENDABLE_STATUS,
    );
  });

  it("says each refusal in English too, with the day in English", () => {
    const texts = [
      NO_INTERIM_REPORT,
      interimReportAfterLastDay(d("2027-12-31")),
      beforeInterimReportOpens(d("2028-01-01")),
      interimReportNotSubmitted(d("2028-03-15")),
      extensionRequestTooLate(d("2028-03-15")),
    ];
    const english = texts.map((t) => translateDomainText(t, "en"));
    expect(english.filter((t, i) => t === texts[i])).toEqual([]);
    expect(english[2]).toBe(
      "You can only request an extension after the interim progress report after month 12 has been submitted (article 1.2a(2) of the regulation). You can submit that report from 1 January 2028.",
    );
    expect(english[4]).toContain(
      "up to and including 15 March 2028, 24 months after the date of the grant decision",
    );
  });
});
