import { describe, expect, it } from "vitest";
import { issueMessages } from "../../test/scenario.server.ts";
import { parseLocalDate, startOfAmsterdamDay } from "../time/index.ts";
import {
  ALREADY_EXTENDED,
  EXTENSION_NOT_IN_TERMS,
  EXTENSION_REQUEST_OPEN,
  extendedPeriodEnd,
  extensionDecisionDueOn,
  extensionDecisionSchema,
  extensionNotInTerms,
  extensionRequestSchema,
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
