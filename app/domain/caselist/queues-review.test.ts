import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { termsOverview } from "../review/deadlines.server.ts";
import { decisionDueDate, localDateToDb } from "../time/index.ts";
import { listCases, listsFor } from "./list.server.ts";
import { parseListParams } from "./params.ts";

// The review of the staff's lists: the overdue filter, the queues of the vaststelling, and the
// search text taken literally. Plans are inserted directly: these tests are about the list query.
const AT = new Date("2026-06-15T10:00:00Z");
let s: Scenario;
let n = 0;

async function plan(
  status: PlanStatus,
  opts: { complete?: Date; reference?: string; organisationId?: string } = {},
) {
  n += 1;
  const complete = opts.complete ?? new Date("2026-03-02T09:00:00Z");
  return prisma.plan.create({
    data: {
      reference: opts.reference ?? `SP-V${s.tag}-${String(n).padStart(3, "0")}`,
      organisationId: opts.organisationId ?? s.orgA.id,
      regulationId: s.regulation.id,
      windowId: s.window.id,
      status,
      title: `Plan ${n}`,
      createdById: s.applicantA.userId,
      sectorCodes: ["3"],
      submittedAt: complete,
      receivedAt: complete,
      completeReceivedAt: complete,
      decisionTermWeeks: 13,
      decisionDueOn: localDateToDb(decisionDueDate(complete, 13)),
      handlerId: s.handler.userId,
    },
  });
}

/** A supplement asked during assessment on `requested`, its hersteltermijn ending on `due`. */
const askSupplement = (planId: string, requested: string, due: string) =>
  prisma.supplementRequest.create({
    data: {
      planId,
      requestedById: s.handler.userId,
      text: "Vul de begroting aan.",
      steps: ["budget"],
      requestedAt: new Date(`${requested}T09:00:00Z`),
      dueAt: new Date(`${due}T21:59:59Z`),
      fromStatus: "IN_ASSESSMENT",
    },
  });

const propose = (planId: string, settledAt: Date | null = null) =>
  prisma.settlement.create({
    data: {
      planId,
      plannedCostsCents: 100_000n,
      actualCostsCents: 100_000n,
      realisationBp: 10_000,
      overheadCents: 0n,
      computedCents: 50_000n,
      proposedCents: 50_000n,
      proposedById: s.handler.userId,
      proposedAt: new Date("2026-06-01T09:00:00Z"),
      proposalMotivation: "Volgens de regeling.",
      settledAt,
      settledCents: settledAt ? 50_000n : null,
      settledById: settledAt ? s.decisionMaker.userId : null,
    },
  });

const ids = (r: { rows: { id: string }[] }) => r.rows.map((x) => x.id).sort();

beforeAll(async () => {
  setClock(AT);
  s = await createScenario();
});
afterAll(async () => {
  setClock(null);
  await disconnectPrisma();
});

describe("'Alleen verlopen' agrees with the row and the terms overview", () => {
  it("keeps a plan asked to supplement after its term had passed, and only late ones", async () => {
    const list = (qs: string) =>
      listCases(s.handler, parseListParams(new URLSearchParams(`lijst=alle&q=V${s.tag}&${qs}`)));
    // Complete on 2 March: the 13 weeks end on 1 June.
    // Asked on 10 June, after the end: the request suspends nothing, the term stays late.
    const askedLate = await plan("INFO_REQUESTED");
    await askSupplement(askedLate.id, "2026-06-10", "2026-06-24");
    // Asked on 25 May, hersteltermijn lapsed on 3 June: runs again, nine days later, still late.
    const lapsedLate = await plan("INFO_REQUESTED");
    await askSupplement(lapsedLate.id, "2026-05-25", "2026-06-03");
    // Asked on 20 May, lapsed on 12 June: its 23 days move the end past today, not late.
    const lapsedInTime = await plan("INFO_REQUESTED");
    await askSupplement(lapsedInTime.id, "2026-05-20", "2026-06-12");
    // Asked on 28 May, hersteltermijn runs until 20 June: the term stands still, the stored end
    // (1 June) has passed but the term has not.
    const suspended = await plan("INFO_REQUESTED");
    await askSupplement(suspended.id, "2026-05-28", "2026-06-20");
    const late = await plan("IN_ASSESSMENT");

    const all = await list("");
    const overdueRows = all.rows.filter((r) => r.overdue).map((r) => r.id);
    expect(overdueRows.sort()).toEqual([askedLate.id, lapsedLate.id, late.id].sort());
    expect(ids(await list("termijn=verlopen"))).toEqual(overdueRows.sort());
    const overview = (await termsOverview(s.handler)).decisionTerms.filter((t) => t.daysLeft < 0);
    expect(overview.map((t) => t.id)).toEqual(expect.arrayContaining(overdueRows));
    expect(overview.map((t) => t.id)).not.toContain(suspended.id);
    expect(overview.map((t) => t.id)).not.toContain(lapsedInTime.id);
  });
});

describe("the queues of the vaststelling", () => {
  it("the decision maker's 'Besluiten' holds a proposed vaststelling, the handler's list one that waits for a proposal", async () => {
    const q = `W${s.tag}`;
    const list = (actor: Scenario["handler"], lijst: string) =>
      listCases(actor, parseListParams(new URLSearchParams(`lijst=${lijst}&q=${q}`)));
    const at = (status: PlanStatus) =>
      plan(status, { reference: `SP-${q}-${String(n + 1).padStart(3, "0")}` });
    const advised = await at("ADVISED");
    const waiting = await at("SETTLEMENT_REQUESTED");
    const proposed = await at("SETTLEMENT_REQUESTED");
    await propose(proposed.id);
    const settled = await at("SETTLED");
    await propose(settled.id, new Date("2026-06-10T09:00:00Z"));

    expect(listsFor(s.handler)).toContain("vaststelling");
    expect(listsFor(s.decisionMaker)).not.toContain("vaststelling");
    const besluit = await list(s.decisionMaker, "besluit");
    expect(besluit.list).toBe("besluit");
    expect(ids(besluit)).toEqual([advised.id, proposed.id].sort());
    const handlerList = await list(s.handler, "vaststelling");
    expect(handlerList.list).toBe("vaststelling");
    expect(handlerList.title).toBe("Vaststelling voorstellen");
    expect(ids(handlerList)).toEqual([waiting.id]);
  });
});

describe("the search takes its text literally", () => {
  it("_, % and \\ in the search are characters, not wildcards", async () => {
    const ref = (suffix: string) => `SP-X${s.tag}-${suffix}`;
    const underscore = await plan("IN_ASSESSMENT", { reference: ref("A_1") });
    await plan("IN_ASSESSMENT", { reference: ref("AB1") });
    const percent = await plan("IN_ASSESSMENT", { reference: ref("5%") });
    await plan("IN_ASSESSMENT", { reference: ref("50") });
    const backslash = await plan("IN_ASSESSMENT", { reference: ref("C\\1") });
    await plan("IN_ASSESSMENT", { reference: ref("C1") });
    const search = async (q: string) =>
      ids(await listCases(s.handler, parseListParams(new URLSearchParams({ lijst: "alle", q }))));

    expect(await search(`X${s.tag}-A_`)).toEqual([underscore.id]);
    expect(await search(`X${s.tag}-5%`)).toEqual([percent.id]);
    expect(await search(`X${s.tag}-C\\`)).toEqual([backslash.id]);
    expect(await search(`X${s.tag}-%1`)).toEqual([]);

    // The organisation's name is searched the same way.
    const org = (name: string) =>
      prisma.organisation.create({
        data: {
          name,
          kvkNumber: String(Math.floor(10_000_000 + Math.random() * 89_999_999)),
          legalForm: "Stichting",
          street: "Straat 1",
          postalCode: "1234 AB",
          city: "Den Haag",
          iban: "NL91ABNA0417164300",
        },
      });
    const full = await org(`Stichting Y${s.tag} 100%`);
    const other = await org(`Stichting Y${s.tag} 1000`);
    const ofFull = await plan("IN_ASSESSMENT", { organisationId: full.id });
    await plan("IN_ASSESSMENT", { organisationId: other.id });
    expect(await search(`Y${s.tag} 100%`)).toEqual([ofFull.id]);
    expect(await search(`Y${s.tag} 10_0`)).toEqual([]);
  });
});
