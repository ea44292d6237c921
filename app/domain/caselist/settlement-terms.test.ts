import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { type LocalDate, localDateToDb } from "../time/index.ts";
import { listCases } from "./list.server.ts";
import { parseListParams } from "./params.ts";

// The staff lists give a plan awaiting its vaststelling (SETTLEMENT_REQUESTED) the vaststelling's
// decision term (the SETTLEMENT_DECISION_WARNING reminder's termEnd), not the grant's long ended
// one: in the row, in "Alleen verlopen" and in the "termijn" sort. Plans are inserted directly.

const AT = new Date("2026-06-15T10:00:00Z");
let s: Scenario;
let n = 0;

async function plan(status: PlanStatus, dueOn: LocalDate | null) {
  n += 1;
  const received = new Date("2025-09-01T09:00:00Z");
  return prisma.plan.create({
    data: {
      reference: `SP-V${s.tag}-${String(n).padStart(3, "0")}`,
      organisationId: s.orgA.id,
      regulationId: s.regulation.id,
      windowId: s.window.id,
      status,
      title: `Plan ${n}`,
      createdById: s.applicantA.userId,
      sectorCodes: ["3"],
      submittedAt: received,
      receivedAt: received,
      completeReceivedAt: status === "SUBMITTED" ? null : received,
      decisionTermWeeks: 13,
      decisionDueOn: dueOn ? localDateToDb(dueOn) : null,
      handlerId: s.handler.userId,
    },
  });
}

/** A plan whose vaststelling was asked, its term ending on `termEnd`; the grant's term ended in 2025. */
async function awaitingSettlement(termEnd: LocalDate | null, opts: { proposed?: boolean } = {}) {
  const p = await plan("SETTLEMENT_REQUESTED", "2025-12-01");
  if (termEnd)
    await prisma.reminder.create({
      data: {
        planId: p.id,
        kind: "SETTLEMENT_DECISION_WARNING",
        termEnd: localDateToDb(termEnd),
        dueAt: new Date("2026-01-01T08:00:00Z"),
      },
    });
  if (opts.proposed)
    await prisma.settlement.create({
      data: {
        planId: p.id,
        plannedCostsCents: 100_000_00n,
        actualCostsCents: 100_000_00n,
        realisationBp: 10_000,
        overheadCents: 0n,
        computedCents: 50_000_00n,
        proposedCents: 50_000_00n,
        proposedById: s.handler.userId,
        proposedAt: new Date("2026-06-01T09:00:00Z"),
        proposalMotivation: "Volgens de rekenregel.",
      },
    });
  return p;
}

const list = (actor: Scenario["handler"], qs: string) =>
  listCases(actor, parseListParams(new URLSearchParams(`q=V${s.tag}&${qs}`)));
const ids = (r: { rows: { id: string }[] }) => r.rows.map((x) => x.id);

let late: { id: string };
let running: { id: string };
let proposedLate: { id: string };
let advised: { id: string };
let advisedLate: { id: string };
let inAssessmentLate: { id: string };

beforeAll(async () => {
  setClock(AT);
  s = await createScenario();
  late = await awaitingSettlement("2026-06-10");
  running = await awaitingSettlement("2026-07-20");
  proposedLate = await awaitingSettlement("2026-06-12", { proposed: true });
  advised = await plan("ADVISED", "2026-06-20");
  advisedLate = await plan("ADVISED", "2026-06-05");
  inAssessmentLate = await plan("IN_ASSESSMENT", "2026-06-11");
});
afterAll(async () => {
  setClock(null);
  await disconnectPrisma();
});

describe("the vaststelling's term in the staff lists", () => {
  it("shows a plan awaiting its vaststelling with that term, its days and late flag", async () => {
    const rows = (await list(s.handler, "lijst=vaststelling")).rows;
    expect(rows.map((r) => r.id).sort()).toEqual([late.id, running.id].sort());
    expect(rows.find((r) => r.id === late.id)).toMatchObject({
      termOf: "vaststelling",
      settlementDueOn: "2026-06-10",
      daysLeft: -5,
      overdue: true,
    });
    expect(rows.find((r) => r.id === running.id)).toMatchObject({
      termOf: "vaststelling",
      settlementDueOn: "2026-07-20",
      daysLeft: 35,
      overdue: false,
    });
    // A plan awaiting the grant keeps its decision term.
    const a = (await list(s.handler, "lijst=alle&status=ADVISED")).rows.find((r) => r.id === advised.id);
    expect(a).toMatchObject({ termOf: "aanvraag", settlementDueOn: null, decisionDueOn: "2026-06-20" });
  });

  it("'Alleen verlopen' takes a vaststelling whose term passed, besides late decisions", async () => {
    expect(ids(await list(s.handler, "lijst=alle&termijn=verlopen")).sort()).toEqual(
      [late.id, proposedLate.id, inAssessmentLate.id, advisedLate.id].sort(),
    );
    expect(ids(await list(s.handler, "lijst=vaststelling&termijn=verlopen"))).toEqual([late.id]);
    expect(ids(await list(s.decisionMaker, "lijst=besluit&termijn=verlopen")).sort()).toEqual(
      [proposedLate.id, advisedLate.id].sort(),
    );
  });

  it("sorts 'Besluiten' by the term each row shows: the vaststelling among the grants", async () => {
    // Grants ending 5 and 20 June, the vaststelling on 12 June; by the grant's own term (2025) the
    // vaststelling came first going up and last going down.
    expect(ids(await list(s.decisionMaker, "lijst=besluit&sorteer=termijn"))).toEqual([
      advisedLate.id,
      proposedLate.id,
      advised.id,
    ]);
    expect(ids(await list(s.decisionMaker, "lijst=besluit&sorteer=termijn&richting=af"))).toEqual([
      advised.id,
      proposedLate.id,
      advisedLate.id,
    ]);
  });
});

describe("the 'termijn' sort over pages", () => {
  // A list of its own (another scenario tag) with more than a page: 28 plans awaiting the grant on
  // 28 days, 5 vaststellingen between them (one on the same day as a grant: the number decides),
  // one SETTLEMENT_REQUESTED without a term on record (sorted by its grant term) and one without
  // any term (last, either way).
  let t: Scenario;
  const expected: { id: string; day: string | null; number: number }[] = [];
  const pageList = (qs: string) =>
    listCases(t.handler, parseListParams(new URLSearchParams(`lijst=alle&q=V${t.tag}&${qs}`)));

  beforeAll(async () => {
    const outer = s;
    t = await createScenario();
    s = t;
    try {
      for (let d = 1; d <= 28; d++) {
        const day = `2026-07-${String(d).padStart(2, "0")}` as LocalDate;
        const p = await plan(d % 2 ? "IN_ASSESSMENT" : "ADVISED", day);
        expected.push({ id: p.id, day, number: p.number });
      }
      for (const day of [
        "2026-06-30",
        "2026-07-03",
        "2026-07-03",
        "2026-07-26",
        "2026-08-30",
      ] as LocalDate[]) {
        const p = await awaitingSettlement(day);
        expected.push({ id: p.id, day, number: p.number });
      }
      const noReminder = await awaitingSettlement(null);
      expected.push({ id: noReminder.id, day: "2025-12-01", number: noReminder.number });
      const noTerm = await plan("SUBMITTED", null);
      expected.push({ id: noTerm.id, day: null, number: noTerm.number });
    } finally {
      s = outer;
    }
  });

  const order = (desc: boolean) =>
    [...expected]
      .sort((a, b) => {
        if (a.day === null || b.day === null) return a.day === b.day ? 0 : a.day === null ? 1 : -1;
        const c = a.day < b.day ? -1 : a.day > b.day ? 1 : a.number - b.number;
        return desc ? -c : c;
      })
      .map((x) => x.id);

  it("gives every plan once, in the order of the term it shows, ascending and descending", async () => {
    for (const desc of [false, true]) {
      const dir = desc ? "&richting=af" : "";
      const p1 = await pageList(`sorteer=termijn${dir}`);
      const p2 = await pageList(`sorteer=termijn${dir}&pagina=2`);
      expect(p1.total).toBe(35);
      expect(p1.rows).toHaveLength(25);
      expect([...ids(p1), ...ids(p2)]).toEqual(order(desc));
    }
  });
});
