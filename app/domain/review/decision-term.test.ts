import { describe, expect, it } from "vitest";
import { endOfAmsterdamDay, localDateToDb, parseLocalDate, startOfAmsterdamDay } from "../time/index.ts";
import {
  type DecisionTermFacts,
  decisionTerm,
  fixedTermExposure,
  notConsideredCloseBy,
  noticeTermStateOf,
  prematureNoticeMessage,
  type SuspendingRequest,
  suspendedDaysOf,
  termExposure,
} from "./decision-term.ts";

const at = (day: string, hour = 10) =>
  new Date(startOfAmsterdamDay(parseLocalDate(day)).getTime() + hour * 3_600_000);
const lastDay = (day: string) => endOfAmsterdamDay(parseLocalDate(day));

/** Asked on Thursday 28 May 2026 during assessment. */
const request = (dueOn: string, answeredAt: Date | null = null): SuspendingRequest => ({
  requestedAt: at("2026-05-28"),
  dueAt: lastDay(dueOn),
  answeredAt,
  fromStatus: "IN_ASSESSMENT",
});

/** Complete on Monday 2 March 2026: 13 weeks end on Monday 1 June. */
const plan = (over: Partial<DecisionTermFacts>): DecisionTermFacts => ({
  status: "INFO_REQUESTED",
  completeReceivedAt: at("2026-03-02", 9),
  decisionDueOn: localDateToDb("2026-06-01"),
  suspendedDays: 0,
  decisionTermWeeks: 13,
  supplementRequests: [request("2026-06-04")],
  ...over,
});

/** The term of `plan` below: complete on 2 March 2026, 13 weeks. */
const start = { completeReceivedAt: at("2026-03-02", 9), decisionTermWeeks: 13 };

describe("suspendedDaysOf (Awb 4:15)", () => {
  it("counts nothing while the hersteltermijn runs, and the day after the request through its last day once it lapsed", () => {
    expect(suspendedDaysOf([request("2026-06-04")], at("2026-06-04", 23), start)).toBe(0);
    expect(suspendedDaysOf([request("2026-06-04")], at("2026-06-05", 0), start)).toBe(7);
    // A supplement after the lapse counts the same days: added once.
    expect(suspendedDaysOf([request("2026-06-04", at("2026-06-10"))], at("2026-06-20"), start)).toBe(7);
    // One asked before the term started (from SUBMITTED) suspends nothing.
    expect(
      suspendedDaysOf([{ ...request("2026-06-04"), fromStatus: "SUBMITTED" }], at("2026-06-20"), start),
    ).toBe(0);
  });

  it("counts no request asked after the end that the earlier requests' days give", () => {
    // Asked Wednesday 10 June, answered 20 June: the term had ended on Monday 1 June.
    const late = { ...request("2026-06-24", at("2026-06-20")), requestedAt: at("2026-06-10") };
    expect(suspendedDaysOf([late], at("2026-06-25"), start)).toBe(0);
    // Asked on the last day (1 June) it still suspends the term: 2 – 9 June, 8 days.
    const onLastDay = { ...request("2026-06-24", at("2026-06-10")), requestedAt: at("2026-06-01", 16) };
    expect(suspendedDaysOf([onLastDay], at("2026-06-25"), start)).toBe(8);
    // The 7 days of the first request (lapsed 4 June) move the end to 8 June: a second request on
    // 5 June still finds the term running (4 days to its supplement on 10 June), in any order given.
    const second = { ...request("2026-06-24", at("2026-06-10")), requestedAt: at("2026-06-05") };
    expect(suspendedDaysOf([second, request("2026-06-04")], at("2026-06-25"), start)).toBe(7 + 4);
    // … and one on 9 June, after that end, none.
    const afterMoved = { ...second, requestedAt: at("2026-06-09") };
    expect(suspendedDaysOf([afterMoved, request("2026-06-04")], at("2026-06-25"), start)).toBe(7);
  });
});

describe("decisionTerm", () => {
  it("stands still without an end while the hersteltermijn runs, and owes no penalty", () => {
    const term = decisionTerm(plan({ supplementRequests: [request("2026-06-29")] }), at("2026-06-25"));
    expect(term).toEqual({
      state: "suspended",
      since: "2026-05-29",
      hersteltermijnEnd: "2026-06-29",
      suspendedDays: 0,
    });
    expect(termExposure(term, "2026-06-03", null, "2026-06-25")).toBeNull();
  });

  it("runs again after the lapse with the days added, before and after the lapse tick wrote them", () => {
    const before = decisionTerm(plan({}), at("2026-06-20"));
    expect(before).toEqual({ state: "running", due: "2026-06-08", daysLeft: -12, suspendedDays: 7 });
    const written = plan({ suspendedDays: 7, decisionDueOn: localDateToDb("2026-06-08") });
    expect(decisionTerm(written, at("2026-06-20"))).toEqual(before);
  });

  it("is not suspended by a request made after the term had already ended: the penalty keeps running", () => {
    const late = { ...request("2026-06-29"), requestedAt: at("2026-06-10") };
    const term = decisionTerm(plan({ supplementRequests: [late] }), at("2026-06-25"));
    expect(term).toMatchObject({ state: "running", due: "2026-06-01" });
    expect(termExposure(term, "2026-06-02", null, "2026-06-25")?.days).toBeGreaterThan(0);
    // Nor once its hersteltermijn lapsed or its supplement arrived: the end stays 1 June.
    expect(decisionTerm(plan({ supplementRequests: [late] }), at("2026-07-10"))).toMatchObject({
      state: "running",
      due: "2026-06-01",
      suspendedDays: 0,
    });
    const answered = { ...late, answeredAt: at("2026-06-20") };
    expect(decisionTerm(plan({ supplementRequests: [answered] }), at("2026-06-25"))).toMatchObject({
      state: "running",
      due: "2026-06-01",
      suspendedDays: 0,
    });
  });

  it("owes no penalty for a plan withdrawn while its term stood still", () => {
    const term = decisionTerm(
      plan({ status: "WITHDRAWN", supplementRequests: [request("2026-06-29")], endedAt: at("2026-06-20") }),
      at("2026-07-20"),
    );
    expect(term).toMatchObject({ state: "ended", suspended: true });
    expect(termExposure(term, "2026-06-03", "2026-06-20", "2026-07-20")).toBeNull();
  });
});

describe("a notice of default received before the term ended (Awb 4:17)", () => {
  it("starts no penalty on any reader: the grant's term after a lapse, and a fixed term", () => {
    // The lapsed hersteltermijn moved the end to 8 June: a notice of 3 June (recorded before the
    // rule refused it) counts for nothing, one of 9 June from 23 June.
    const term = decisionTerm(plan({}), at("2026-06-30"));
    expect(term).toMatchObject({ state: "running", due: "2026-06-08" });
    expect(termExposure(term, "2026-06-03", null, "2026-06-30")).toBeNull();
    expect(termExposure(term, "2026-06-08", null, "2026-06-30")).toBeNull();
    expect(termExposure(term, "2026-06-09", null, "2026-06-30")).toMatchObject({
      firstDay: "2026-06-23",
      days: 8,
    });
    // A closed plan is judged at its end as well.
    const ended = decisionTerm(plan({ status: "WITHDRAWN", endedAt: at("2026-06-29") }), at("2026-07-20"));
    expect(termExposure(ended, "2026-06-05", "2026-06-29", "2026-07-20")).toBeNull();
    expect(fixedTermExposure("2026-06-01", "2026-06-01", null, "2026-12-01")).toBeNull();
    expect(fixedTermExposure("2026-06-01", "2026-06-02", null, "2026-12-01")?.capped).toBe(true);
  });

  it("is refused with the term's last day and the first day a notice counts, for each besluit", () => {
    const ends = { state: "ends", due: "2026-06-01" } as const;
    expect(prematureNoticeMessage("GRANT", ends, "2026-06-02", "2026-06-20")).toBeNull();
    expect(prematureNoticeMessage("GRANT", ends, "2026-06-01", "2026-06-20")).toBe(
      "Een ingebrekestelling telt pas na het einde van de beslistermijn op de aanvraag (die eindigde op 1 juni 2026), dus vanaf 2 juni 2026. Deze is op 1 juni 2026 ontvangen: te vroeg. Het plan krijgt geen dwangsom op grond hiervan; de aanvrager kan na het einde van de termijn opnieuw in gebreke stellen.",
    );
    expect(prematureNoticeMessage("EXTENSION", ends, "2026-05-20", "2026-05-25")).toContain(
      "de beslistermijn op het verzoek om verlenging (die eindigt op 1 juni 2026), dus vanaf 2 juni 2026. Deze is op 20 mei 2026 ontvangen: te vroeg.",
    );
    expect(prematureNoticeMessage("SETTLEMENT", ends, "2026-06-01", "2026-06-01")).toContain(
      "de aanvraag tot vaststelling (die eindigt op 1 juni 2026)",
    );
    // Standing still now: no end yet, so any day up to today is too early.
    const still = noticeTermStateOf(
      decisionTerm(plan({ supplementRequests: [request("2026-06-29")] }), at("2026-06-25")),
    );
    expect(still).toEqual({ state: "suspended", since: "2026-05-29" });
    expect(prematureNoticeMessage("GRANT", still, "2026-06-03", "2026-06-25")).toContain(
      "die staat sinds 29 mei 2026 stil (aanvulling gevraagd, Awb 4:15): het einde ligt nog niet vast. Deze is op 3 juni 2026 ontvangen: te vroeg.",
    );
    const notStarted = noticeTermStateOf(
      decisionTerm(plan({ completeReceivedAt: null, decisionDueOn: null }), at("2026-06-25")),
    );
    expect(prematureNoticeMessage("GRANT", notStarted, "2026-06-03", "2026-06-25")).toContain(
      "nog niet begonnen",
    );
  });
});

describe("notConsideredCloseBy (Awb 4:5 lid 4)", () => {
  it("is four weeks after the hersteltermijn's last day, moved past a feestdag (Atw)", () => {
    expect(notConsideredCloseBy(lastDay("2026-06-04"))).toBe("2026-07-02");
    // Friday 27 November + 4 weeks = Christmas Day, Friday 25 December 2026 → Monday 28 December.
    expect(notConsideredCloseBy(lastDay("2026-11-27"))).toBe("2026-12-28");
  });
});
