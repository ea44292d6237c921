import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { type LocalDate, localDateToDb } from "../time/index.ts";
import { listCases } from "./list.server.ts";
import { PAGE_SIZE, parseListParams } from "./params.ts";

// The "termijn" sort merges two ordered streams (termSortedIds): the plans awaiting their
// vaststelling, by the vaststelling's term, and all others, by their decision term, reading of the
// second only the window that can reach the page. The window arithmetic only shows with more
// vaststellingen than a page and clusters of either stream that fill whole pages, so this list has
// 64 of them among 91 other plans, with ties inside and across the streams on one day, in both
// directions, checked page by page against the order computed here from the same rows. The plans
// are inserted in bulk in a shuffled order, so that the plan number (the tie-breaker) does not
// follow the day; they were received in 2025, and are removed afterwards.

const AT = new Date("2026-06-15T10:00:00Z");
const RECEIVED = new Date("2025-03-01T09:00:00Z");
let s: Scenario;

type Spec = {
  status: PlanStatus;
  /** The decision term on the aanvraag as stored (the grant's, long ended, for a vaststelling). */
  dueOn: LocalDate | null;
  /** The vaststelling's term (the SETTLEMENT_DECISION_WARNING reminder), for a plan awaiting it. */
  termEnd?: LocalDate;
  /** The handler proposed the vaststelling: it waits for the decision maker ("Besluiten"). */
  proposed?: boolean;
};
type Row = Spec & { id: string; number: number };
let rows: Row[] = [];

const day = (month: number, d: number) =>
  `2026-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}` as LocalDate;

function specs(): Spec[] {
  const out: Spec[] = [];
  const vaststelling = (termEnd: LocalDate) => {
    // Every other one proposed, so that "Besluiten" and "Vaststelling voorstellen" hold half each.
    out.push({
      status: "SETTLEMENT_REQUESTED",
      dueOn: "2025-12-01",
      termEnd,
      proposed: out.length % 2 === 0,
    });
  };
  // The vaststellingen (64): four whose term ended before any other plan's (three in November 2025,
  // one on the day of the grant terms below), so that going down they are still to come when the
  // others reach the plans without a term; 25 in the first five days of July, more than a page
  // before the first other plans are through; 20 one a day among the others; 15 in September,
  // after every other term.
  for (let k = 0; k < 3; k++) vaststelling("2025-11-20");
  vaststelling("2025-12-01");
  for (let d = 1; d <= 5; d++) for (let k = 0; k < 5; k++) vaststelling(day(7, d));
  for (let d = 6; d <= 25; d++) vaststelling(day(7, d));
  for (let d = 1; d <= 5; d++) for (let k = 0; k < 3; k++) vaststelling(day(9, d));
  // The others (91): three plans whose vaststelling was asked without a term on record (sorted by
  // their grant's term, first going up; one proposed), two a day on the days of the first two
  // clusters, 8 granted in August and 25 in October, and 5 not yet complete without a term (last,
  // either way). So three pages hold no vaststelling and begin right after the last one on an
  // earlier page, where the window's start (skip − |B|) is exact: going up page 6 (October), going
  // down page 1 (October, with a full window of vaststellingen read) and page 7 (no term).
  for (let k = 0; k < 3; k++)
    out.push({ status: "SETTLEMENT_REQUESTED", dueOn: "2025-12-01", proposed: k === 0 });
  for (let d = 1; d <= 5; d++) for (let k = 0; k < 2; k++) out.push({ status: "ADVISED", dueOn: day(7, d) });
  for (let d = 6; d <= 25; d++) {
    out.push({ status: "ADVISED", dueOn: day(7, d) });
    out.push({ status: "IN_ASSESSMENT", dueOn: day(7, d) });
  }
  for (let d = 1; d <= 8; d++) out.push({ status: "GRANTED", dueOn: day(8, d) });
  for (let d = 1; d <= 25; d++) out.push({ status: "GRANTED", dueOn: day(10, d) });
  for (let k = 0; k < 5; k++) out.push({ status: "SUBMITTED", dueOn: null });
  return out;
}

/** A fixed shuffle (mulberry32), so that a failure can be replayed. */
function shuffled<T>(xs: T[], seed: number): T[] {
  let a = seed;
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

beforeAll(async () => {
  setClock(AT);
  s = await createScenario();
  const all = shuffled(specs(), 24);
  const created = await prisma.plan.createManyAndReturn({
    data: all.map((x, i) => ({
      reference: `SP-W${s.tag}-${String(i + 1).padStart(3, "0")}`,
      organisationId: i % 2 ? s.orgA.id : s.orgB.id,
      regulationId: s.regulation.id,
      windowId: s.window.id,
      status: x.status,
      title: `Plan ${i + 1}`,
      createdById: s.applicantA.userId,
      sectorCodes: ["3"],
      submittedAt: RECEIVED,
      receivedAt: RECEIVED,
      completeReceivedAt: x.status === "SUBMITTED" ? null : RECEIVED,
      decisionTermWeeks: 13,
      decisionDueOn: x.dueOn ? localDateToDb(x.dueOn) : null,
      handlerId: s.handler.userId,
    })),
    select: { id: true, number: true, reference: true },
  });
  const byRef = new Map(created.map((c) => [c.reference, c]));
  rows = all.map((x, i) => {
    const c = byRef.get(`SP-W${s.tag}-${String(i + 1).padStart(3, "0")}`);
    if (!c) throw new Error("plan not created");
    return { ...x, id: c.id, number: c.number };
  });
  await prisma.reminder.createMany({
    data: rows.flatMap((r) =>
      r.termEnd
        ? [
            {
              planId: r.id,
              kind: "SETTLEMENT_DECISION_WARNING" as const,
              termEnd: localDateToDb(r.termEnd),
              // Sent long ago: no reminder run picks these up.
              dueAt: new Date("2026-01-01T08:00:00Z"),
              sentAt: new Date("2026-01-01T08:00:00Z"),
            },
          ]
        : [],
    ),
  });
  await prisma.settlement.createMany({
    data: rows
      .filter((r) => r.proposed)
      .map((r) => ({
        planId: r.id,
        plannedCostsCents: 100_000_00n,
        actualCostsCents: 100_000_00n,
        realisationBp: 10_000,
        overheadCents: 0n,
        computedCents: 50_000_00n,
        proposedCents: 50_000_00n,
        proposedById: s.handler.userId,
        proposedAt: new Date("2026-06-01T09:00:00Z"),
        proposalMotivation: "Volgens de rekenregel.",
      })),
  });
});

afterAll(async () => {
  // Leave no plans behind for the files after this one that read the newest or all plans.
  const planId = { in: rows.map((r) => r.id) };
  await prisma.settlement.deleteMany({ where: { planId } });
  await prisma.reminder.deleteMany({ where: { planId } });
  await prisma.plan.deleteMany({ where: { id: planId } });
  setClock(null);
  await disconnectPrisma();
});

/** The term the row shows and sorts on: the vaststelling's where one is awaited, else the stored one. */
const termOf = (r: Row): LocalDate | null =>
  r.status === "SETTLEMENT_REQUESTED" && r.termEnd ? r.termEnd : r.dueOn;

/** The whole list in the order of the "termijn" sort: day, then plan number, a plan without a day last. */
function expectedOrder(members: Row[], desc: boolean): string[] {
  return [...members]
    .sort((x, y) => {
      const a = termOf(x);
      const b = termOf(y);
      if (a === null || b === null) {
        if (a !== b) return a === null ? 1 : -1;
      } else if (a !== b) {
        return (a < b ? -1 : 1) * (desc ? -1 : 1);
      }
      return (x.number - y.number) * (desc ? -1 : 1);
    })
    .map((r) => r.id);
}

async function everyPage(actor: Scenario["handler"], qs: string) {
  const ask = (page: number) =>
    listCases(actor, parseListParams(new URLSearchParams(`tijdvak=${s.window.id}&${qs}&pagina=${page}`)));
  const first = await ask(1);
  const pages = [first.rows.map((r) => r.id)];
  for (let page = 2; page <= first.pageCount; page++) {
    const next = await ask(page);
    expect(next.page).toBe(page);
    pages.push(next.rows.map((r) => r.id));
  }
  return { total: first.total, pageCount: first.pageCount, pages };
}

/** Every page is the expected order's slice of it, so their concatenation is the whole list once. */
function expectPages(got: Awaited<ReturnType<typeof everyPage>>, expected: string[]) {
  expect(got.total).toBe(expected.length);
  expect(got.pageCount).toBe(Math.ceil(expected.length / PAGE_SIZE));
  got.pages.forEach((ids, i) => {
    expect(ids, `page ${i + 1}`).toEqual(expected.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE));
  });
  const all = got.pages.flat();
  expect(new Set(all).size).toBe(all.length);
  expect(all).toEqual(expected);
}

describe("the 'termijn' sort with more vaststellingen than a page", () => {
  it("gives 'Alle plannen' page by page in the order of the term each row shows, both ways", async () => {
    // The edges the list is built for (see specs): the last vaststelling ends a page, both ways.
    const vaststellingen = new Set(rows.filter((r) => r.termEnd).map((r) => r.id));
    expect(vaststellingen.size).toBeGreaterThan(2 * PAGE_SIZE);
    const lastVaststelling = (order: string[]) => order.findLastIndex((id) => vaststellingen.has(id));
    expect(lastVaststelling(expectedOrder(rows, false))).toBe(5 * PAGE_SIZE - 1);
    expect(lastVaststelling(expectedOrder(rows, true))).toBe(6 * PAGE_SIZE - 1);
    expect(
      expectedOrder(rows, true)
        .slice(0, PAGE_SIZE)
        .some((id) => vaststellingen.has(id)),
    ).toBe(false);
    for (const desc of [false, true]) {
      const got = await everyPage(s.handler, `lijst=alle&sorteer=termijn${desc ? "&richting=af" : ""}`);
      expect(got.pageCount).toBe(7);
      expectPages(got, expectedOrder(rows, desc));
    }
  });

  it("does so in 'Besluiten' and 'Vaststelling voorstellen', whose filters split the vaststellingen", async () => {
    const besluit = rows.filter(
      (r) => r.status === "ADVISED" || (r.status === "SETTLEMENT_REQUESTED" && r.proposed),
    );
    const vaststelling = rows.filter((r) => r.status === "SETTLEMENT_REQUESTED" && !r.proposed);
    for (const desc of [false, true]) {
      const dir = desc ? "&richting=af" : "";
      expectPages(
        await everyPage(s.decisionMaker, `lijst=besluit&sorteer=termijn${dir}`),
        expectedOrder(besluit, desc),
      );
      expectPages(
        await everyPage(s.handler, `lijst=vaststelling&sorteer=termijn${dir}`),
        expectedOrder(vaststelling, desc),
      );
    }
  });

  it("ends a stale link past the last page on the last page", async () => {
    const last = await listCases(
      s.handler,
      parseListParams(new URLSearchParams(`tijdvak=${s.window.id}&lijst=alle&sorteer=termijn&pagina=99`)),
    );
    expect(last.page).toBe(7);
    expect(last.rows.map((r) => r.id)).toEqual(expectedOrder(rows, false).slice(6 * PAGE_SIZE));
  });
});
