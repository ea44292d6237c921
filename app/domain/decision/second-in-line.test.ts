import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import {
  activeAdviser,
  declareComplete,
  scenarioScores,
  submittedPlan,
} from "../../test/plan-steps.server.ts";
import { afterClose, createScenario, EUR, per, type Scenario } from "../../test/scenario.server.ts";
import { checkLedger } from "../budget/reports.server.ts";
import { setClock } from "../clock.ts";
import { recordAdvice } from "../plan/plans.server.ts";
import { addCalendarDays, amsterdamDate, formatDateNl } from "../time/index.ts";
import { decide } from "./decide.server.ts";
import { endOfWindowRefusals, WINDOW_STILL_OPEN } from "./engine.server.ts";
import { CEILING_REACHED } from "./grounds.ts";
import { decisionPage } from "./page.server.ts";

/**
 * The fund's waiting line beyond its first plan (ADR 0011, Awb 4:25 lid 2). Two windows A and B of
 * one fund, both closed, unless said otherwise. The fund's first waiting plan P is short only in
 * window A's pot; the second waiting plan Q is of window B. What is left for Q in B, and a later plan
 * L's reservation in B, cannot help P at all: the end-of-window rules must not look at P alone.
 */

afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

const DAY = 86_400_000;

const plan = (id: string) =>
  prisma.plan.findUniqueOrThrow({ where: { id }, select: { status: true, version: true, reference: true } });

async function adviseAs(
  s: Scenario,
  planId: string,
  version: number,
  amounts: { year: number; amount: bigint }[],
  adviser = s.adviser,
) {
  await activeAdviser(s, planId, adviser);
  const requested = (
    await prisma.planYear.findMany({
      where: { planId },
      orderBy: { year: "asc" },
      select: { requestedCents: true },
    })
  ).map((y) => y.requestedCents);
  const r = await recordAdvice(adviser, planId, version, {
    scores: scenarioScores(),
    recommendation: amounts.every((a, i) => a.amount === requested[i]) ? "GRANT" : "PARTIAL_GRANT",
    text: "Goed.",
    amounts,
  });
  return r.version;
}

/** A second window of the scenario's regulation (same fund, same envelopes); closes with the first unless told. */
async function secondWindow(s: Scenario, ceiling: bigint, closesAt = s.window.closesAt) {
  const pot = await prisma.budgetPot.create({
    data: { kind: "WINDOW", name: `W2 ${s.tag}`, ceilingCents: ceiling },
  });
  const w = await prisma.applicationWindow.create({
    data: {
      regulationId: s.regulation.id,
      name: `W2 ${s.tag}`,
      opensAt: s.window.opensAt,
      closesAt,
      potId: pot.id,
    },
  });
  return { ...w, potId: pot.id };
}

async function submittedIn(s: Scenario, windowId: string) {
  const p = await submittedPlan(s);
  await prisma.plan.update({ where: { id: p.id }, data: { windowId } });
  return p;
}

/** The plan asks only these amounts per year (a year left out: nothing), before it is found complete. */
async function asks(planId: string, perYear: Record<number, bigint>) {
  for (const y of await prisma.planYear.findMany({ where: { planId } }))
    await prisma.planYear.update({
      where: { planId_year: { planId, year: y.year } },
      data: { requestedCents: perYear[y.year] ?? 0n },
    });
}

async function envelopeCeiling(s: Scenario, year: number, ceiling: bigint) {
  const e = await prisma.budgetEnvelope.findFirstOrThrow({ where: { fund: s.regulation.fund, year } });
  await prisma.budgetPot.update({ where: { id: e.potId }, data: { ceilingCents: ceiling } });
}

async function assertInvariant(s: Scenario, extraPots: string[] = []) {
  const envelopes = await prisma.budgetEnvelope.findMany({ where: { fund: s.regulation.fund } });
  const potIds = [s.windowPotId, ...extraPots, ...envelopes.map((e) => e.potId)];
  for (const potId of potIds) {
    const pot = await prisma.budgetPot.findUniqueOrThrow({ where: { id: potId } });
    expect(pot.reservedCents + pot.committedCents).toBeLessThanOrEqual(pot.ceilingCents);
  }
  expect(await checkLedger(prisma, { potIds })).toEqual([]);
}

const ceilingReject = {
  outcome: "REJECT" as const,
  ground: CEILING_REACHED,
  reason: "Plafond bereikt.",
  amounts: [],
};
const grantInFull = (s: Scenario) => ({
  outcome: "GRANT" as const,
  reason: "Ja.",
  amounts: per(s, 300_000, 300_000),
});

describe("a later advised plan and the second waiting plan of its fund", () => {
  /** A € 100.000, B € 1.000.000. Received P (A), Q (B), L (B), € 600.000 each; found complete L, P, Q. */
  async function lineWithL() {
    const s = await createScenario({ windowCeiling: EUR(100_000) });
    const b = await secondWindow(s, EUR(1_000_000));
    const p = await submittedIn(s, s.window.id);
    const q = await submittedIn(s, b.id);
    const l = await submittedIn(s, b.id);
    const lc = await declareComplete(s.handler, l.id, l.version);
    expect(lc.status).toBe("IN_ASSESSMENT"); // B: € 400.000 left
    const pc = await declareComplete(s.handler, p.id, p.version);
    expect(pc.status).toBe("WAITING_FOR_BUDGET"); // A too small
    const qc = await declareComplete(s.handler, q.id, q.version);
    expect(qc.status).toBe("WAITING_FOR_BUDGET"); // behind P
    const lv = await adviseAs(s, l.id, lc.version, per(s, 300_000, 300_000));
    const pv = await adviseAs(s, p.id, pc.version, per(s, 50_000, 50_000), s.adviser2);
    const qv = await adviseAs(s, q.id, qc.version, per(s, 300_000, 300_000), s.adviser2);
    afterClose(s);
    return { s, b, p, q, l, lv, pv, qv };
  }

  it("is not granted before the earlier waiting plan whose room it is, though that plan is not first (the click must not decide)", async () => {
    // Had P been decided first (at most A's € 100.000), Q would be first, L's reservation room for Q
    // and L's grant refused. Clicking L first must not change that: Q was received before L.
    const { s, b, p, q, l, lv } = await lineWithL();
    const { reference: pRef } = await plan(p.id);
    const { reference: qRef } = await plan(q.id);
    const page = await decisionPage(s.decisionMaker, l.id);
    expect(page.firstInLine).toContain(`Beslis eerst over plan ${pRef}`);
    expect(page.firstInLine).toContain(`Plan ${qRef} is eerder volledig ontvangen`);
    await expect(decide(s.decisionMaker, l.id, lv, grantInFull(s))).rejects.toThrow(
      `Beslis eerst over plan ${pRef}`,
    );
    expect((await plan(l.id)).status).toBe("ADVISED");
    await assertInvariant(s, [b.potId]);
  });

  it("the contrast: P decided first, then L's grant is refused for Q, and Q takes L's reservation", async () => {
    const { s, b, p, q, l, lv, pv, qv } = await lineWithL();
    const rp = await decide(s.decisionMaker, p.id, pv, {
      outcome: "PARTIAL_GRANT",
      reason: "Wat er over is.",
      amounts: per(s, 50_000, 50_000),
    });
    expect(rp.status).toBe("PARTIALLY_GRANTED");
    const { reference: qRef } = await plan(q.id);
    expect((await decisionPage(s.decisionMaker, l.id)).firstInLine).toContain(
      `Beslis eerst over plan ${qRef}`,
    );
    await expect(decide(s.decisionMaker, l.id, lv, grantInFull(s))).rejects.toThrow(
      `Beslis eerst over plan ${qRef}`,
    );
    expect((await decide(s.decisionMaker, q.id, qv, grantInFull(s))).status).toBe("GRANTED");
    expect((await plan(l.id)).status).toBe("WAITING_FOR_BUDGET");
    await assertInvariant(s, [b.potId]);
  });

  it("is not held back by a waiting plan behind one whose window is still open", async () => {
    // P's window B (€ 100.000) closes in 2 days; A (€ 1.000.000, open a year) is Q's and L's. Found
    // complete L, P, Q: P does not fit B, Q waits behind it. B closes: P is decided on the money, Q is
    // not yet (its window is open), so L's reservation — room for Q, not for P — does not wait.
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    const b = await secondWindow(s, EUR(100_000), new Date(Date.now() + 2 * DAY));
    const p = await submittedIn(s, b.id);
    const q = await submittedIn(s, s.window.id);
    const l = await submittedIn(s, s.window.id);
    const lc = await declareComplete(s.handler, l.id, l.version);
    expect((await declareComplete(s.handler, p.id, p.version)).status).toBe("WAITING_FOR_BUDGET");
    expect((await declareComplete(s.handler, q.id, q.version)).status).toBe("WAITING_FOR_BUDGET");
    const lv = await adviseAs(s, l.id, lc.version, per(s, 300_000, 300_000));
    setClock(new Date(b.closesAt.getTime() + 3_600_000));
    expect((await decisionPage(s.decisionMaker, l.id)).firstInLine).toBeNull();
    expect((await decide(s.decisionMaker, l.id, lv, grantInFull(s))).status).toBe("GRANTED");
    await assertInvariant(s, [b.potId]);
  });
});

describe("a waiting plan behind the first is refused for the ceiling only insofar as it is exceeded (Awb 4:25 lid 2)", () => {
  it("not while its own window has money the first plan cannot take", async () => {
    // A € 100.000, B € 400.000. Received P (A), Q (B), € 600.000 each: both wait. P can take only
    // A's € 100.000; B's € 400.000 is Q's whatever P's decision is.
    const s = await createScenario({ windowCeiling: EUR(100_000) });
    const b = await secondWindow(s, EUR(400_000));
    const p = await submittedIn(s, s.window.id);
    const q = await submittedIn(s, b.id);
    expect((await declareComplete(s.handler, p.id, p.version)).status).toBe("WAITING_FOR_BUDGET");
    const qc = await declareComplete(s.handler, q.id, q.version);
    expect(qc.status).toBe("WAITING_FOR_BUDGET");
    afterClose(s);
    const { reference: pRef } = await plan(p.id);
    const page = await decisionPage(s.decisionMaker, q.id);
    expect(page.waiting?.ceilingRefusal).toContain(`Beslis eerst over plan ${pRef}`);
    expect(page.waiting?.rejectGrounds?.map((g) => g.code)).not.toContain(CEILING_REACHED);
    await expect(decide(s.decisionMaker, q.id, qc.version, ceilingReject)).rejects.toThrow(
      `Beslis eerst over plan ${pRef}`,
    );
    expect((await plan(q.id)).status).toBe("WAITING_FOR_BUDGET");
    // Nor does the partial grant's refusal say the other waiting plans are refused for the ceiling.
    const refusals = await prisma.$transaction((tx) => endOfWindowRefusals(tx, q.id));
    expect(refusals.partial).not.toContain("afgewezen omdat het subsidieplafond is bereikt");
    expect(refusals.partial).toContain(`Beslis eerst over plan ${pRef}`);
    await assertInvariant(s, [b.potId]);
  });

  it("not while a year it asks has money the first plan of its own window cannot take", async () => {
    // One window, € 500.000; year 1 € 100.000, year 2 € 400.000. P asks € 600.000 in year 1 only, Q
    // € 600.000 in year 2 only: both wait. P can take at most year 1's € 100.000, so from the window
    // too; the window's other € 400.000 and year 2 are Q's whatever P's decision is.
    const s = await createScenario({ windowCeiling: EUR(500_000) });
    const [y1, y2] = [s.year + 1, s.year + 2];
    await envelopeCeiling(s, y1, EUR(100_000));
    await envelopeCeiling(s, y2, EUR(400_000));
    const p = await submittedPlan(s);
    const q = await submittedPlan(s);
    await asks(p.id, { [y1]: EUR(600_000) });
    await asks(q.id, { [y2]: EUR(600_000) });
    expect((await declareComplete(s.handler, p.id, p.version)).status).toBe("WAITING_FOR_BUDGET");
    const qc = await declareComplete(s.handler, q.id, q.version);
    expect(qc.status).toBe("WAITING_FOR_BUDGET");
    afterClose(s);
    const { reference: pRef } = await plan(p.id);
    await expect(decide(s.decisionMaker, q.id, qc.version, ceilingReject)).rejects.toThrow(
      `Beslis eerst over plan ${pRef}`,
    );
    expect((await plan(q.id)).status).toBe("WAITING_FOR_BUDGET");
    await assertInvariant(s);
  });

  it("still when the first plan could take everything that is left for it (ADR 0011's accepted case)", async () => {
    // One window, € 500.000. P and Q ask € 600.000 each: both wait. P's grant in part could take the
    // whole € 500.000, so nothing need be left for Q: it may be refused for the ceiling meanwhile.
    const s = await createScenario({ windowCeiling: EUR(500_000) });
    const p = await submittedPlan(s);
    const q = await submittedPlan(s);
    expect((await declareComplete(s.handler, p.id, p.version)).status).toBe("WAITING_FOR_BUDGET");
    const qc = await declareComplete(s.handler, q.id, q.version);
    expect(qc.status).toBe("WAITING_FOR_BUDGET");
    afterClose(s);
    expect((await decisionPage(s.decisionMaker, q.id)).waiting?.ceilingRefusal).toBeNull();
    expect((await decide(s.decisionMaker, q.id, qc.version, ceilingReject)).status).toBe("REJECTED");
    expect((await plan(p.id)).status).toBe("WAITING_FOR_BUDGET");
    await assertInvariant(s);
  });
});

describe("the plans ahead take first from the shared year envelopes", () => {
  /**
   * A € 100.000, B € 10.000.000, envelope year 1 € 550.000. Received P (A), Q (B), L (B); year 1 only:
   * P € 350.000, Q € 300.000, L € 200.000. Found complete L (reserves € 200.000), P (waits: A), Q
   * (waits: behind P). Year 1 has € 350.000 left, so Q fits as the pots stand; but P, decided first,
   * can take € 100.000 of year 1 (A's room), and then Q is short € 50.000 there: L's reservation is
   * Q's room.
   */
  async function line() {
    const s = await createScenario({ windowCeiling: EUR(100_000) });
    const b = await secondWindow(s, EUR(10_000_000));
    const y1 = s.year + 1;
    await envelopeCeiling(s, y1, EUR(550_000));
    const p = await submittedIn(s, s.window.id);
    const q = await submittedIn(s, b.id);
    const l = await submittedIn(s, b.id);
    await asks(p.id, { [y1]: EUR(350_000) });
    await asks(q.id, { [y1]: EUR(300_000) });
    await asks(l.id, { [y1]: EUR(200_000) });
    const lc = await declareComplete(s.handler, l.id, l.version);
    expect(lc.status).toBe("IN_ASSESSMENT");
    const pc = await declareComplete(s.handler, p.id, p.version);
    expect(pc.status).toBe("WAITING_FOR_BUDGET");
    const qc = await declareComplete(s.handler, q.id, q.version);
    expect(qc.status).toBe("WAITING_FOR_BUDGET");
    const lv = await adviseAs(s, l.id, lc.version, per(s, 200_000, 0));
    const pv = await adviseAs(s, p.id, pc.version, per(s, 100_000, 0), s.adviser2);
    const qv = await adviseAs(s, q.id, qc.version, per(s, 300_000, 0), s.adviser2);
    afterClose(s);
    return { s, b, p, q, l, lv, pv, qv };
  }
  const grantL = (s: Scenario) => ({ outcome: "GRANT" as const, reason: "Ja.", amounts: per(s, 200_000, 0) });

  it("a later advised plan is not granted while the plans ahead of the waiting plan could leave it short", async () => {
    const { s, b, p, q, l, lv, pv, qv } = await line();
    const { reference: pRef } = await plan(p.id);
    const { reference: qRef } = await plan(q.id);
    expect((await decisionPage(s.decisionMaker, l.id)).firstInLine).toContain(
      `Plan ${qRef} is eerder volledig ontvangen`,
    );
    await expect(decide(s.decisionMaker, l.id, lv, grantL(s))).rejects.toThrow(
      `Beslis eerst over plan ${pRef}`,
    );
    expect((await plan(l.id)).status).toBe("ADVISED");
    // In line order: P takes A's € 100.000, Q is granted in full, taking L's reservation.
    const rp = await decide(s.decisionMaker, p.id, pv, {
      outcome: "PARTIAL_GRANT",
      reason: "Wat er over is.",
      amounts: per(s, 100_000, 0),
    });
    expect(rp.status).toBe("PARTIALLY_GRANTED");
    await expect(decide(s.decisionMaker, l.id, lv, grantL(s))).rejects.toThrow(
      `Beslis eerst over plan ${qRef}`,
    );
    const rq = await decide(s.decisionMaker, q.id, qv, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: per(s, 300_000, 0),
    });
    expect(rq.status).toBe("GRANTED");
    expect((await plan(l.id)).status).toBe("WAITING_FOR_BUDGET");
    await assertInvariant(s, [b.potId]);
  });
});

describe("an earlier plan takes over its years together at most what its window lets it", () => {
  /**
   * A € 100.000, B € 10.000.000, envelopes year 1 and year 2 € 100.000 each. P (A) and Q (B) ask
   * € 300.000 in each year. P can take at most € 100.000 in all (A's room), not € 100.000 in each
   * year: at least € 100.000 of years 1 and 2 is Q's whatever P's decision is.
   */
  async function line(bClosesAt?: Date) {
    const s = await createScenario({ windowCeiling: EUR(100_000) });
    const b = await secondWindow(s, EUR(10_000_000), bClosesAt);
    await envelopeCeiling(s, s.year + 1, EUR(100_000));
    await envelopeCeiling(s, s.year + 2, EUR(100_000));
    const p = await submittedIn(s, s.window.id);
    const q = await submittedIn(s, b.id);
    const pc = await declareComplete(s.handler, p.id, p.version);
    expect(pc.status).toBe("WAITING_FOR_BUDGET");
    const qc = await declareComplete(s.handler, q.id, q.version);
    expect(qc.status).toBe("WAITING_FOR_BUDGET");
    const pv = await adviseAs(s, p.id, pc.version, per(s, 50_000, 50_000), s.adviser2);
    return { s, b, p, q, pv, qc };
  }

  it("so the later plan is not refused for the ceiling before the earlier one is decided", async () => {
    const { s, b, p, q, pv, qc } = await line();
    afterClose(s);
    const { reference: pRef } = await plan(p.id);
    const page = await decisionPage(s.decisionMaker, q.id);
    expect(page.waiting?.ceilingRefusal).toContain(`Beslis eerst over plan ${pRef}`);
    await expect(decide(s.decisionMaker, q.id, qc.version, ceilingReject)).rejects.toThrow(
      `Beslis eerst over plan ${pRef}`,
    );
    expect((await plan(q.id)).status).toBe("WAITING_FOR_BUDGET");
    // And so it is: P decided (at most € 100.000), € 100.000 is left for Q.
    const rp = await decide(s.decisionMaker, p.id, pv, {
      outcome: "PARTIAL_GRANT",
      reason: "Wat er over is.",
      amounts: per(s, 50_000, 50_000),
    });
    expect(rp.status).toBe("PARTIALLY_GRANTED");
    await expect(decide(s.decisionMaker, q.id, qc.version, ceilingReject)).rejects.toThrow("nog budget over");
    await assertInvariant(s, [b.potId]);
  });

  it("while the earlier plan's window is open, the later plan waits for its close instead of 'decide it first'", async () => {
    // A (P's) open a year; B (Q's) closes in 2 days. Deciding P on the money is refused until A closes.
    const { s, p, q, pv, qc } = await line(new Date(Date.now() + 2 * DAY));
    const window = await prisma.applicationWindow.findUniqueOrThrow({ where: { id: s.window.id } });
    setClock(new Date(Date.now() + 3 * DAY));
    const { reference: pRef } = await plan(p.id);
    const lastDay = formatDateNl(addCalendarDays(amsterdamDate(window.closesAt), -1));
    const refusal = await decide(s.decisionMaker, q.id, qc.version, ceilingReject).then(
      () => "REJECTED",
      (e: Error) => e.message,
    );
    expect(refusal).not.toContain(`Beslis eerst over plan ${pRef}`);
    expect(refusal).toContain(`Het tijdvak van plan ${pRef} is nog open tot en met ${lastDay}`);
    expect(refusal).toContain("artikel 4:14 Awb");
    expect((await decisionPage(s.decisionMaker, q.id)).waiting?.ceilingRefusal).toBe(refusal);
    await expect(
      decide(s.decisionMaker, p.id, pv, {
        outcome: "PARTIAL_GRANT",
        reason: "Wat er over is.",
        amounts: per(s, 50_000, 50_000),
      }),
    ).rejects.toThrow(WINDOW_STILL_OPEN);
    expect((await plan(q.id)).status).toBe("WAITING_FOR_BUDGET");

    // The grant's refusal says the same, not "decide it first" (which WINDOW_STILL_OPEN refuses) …
    const waitsForClose = `Het tijdvak van plan ${pRef} is nog open tot en met ${lastDay}`;
    const short = await prisma.$transaction((tx) => endOfWindowRefusals(tx, q.id));
    expect(short.grant).toContain(waitsForClose);
    expect(short.grant).not.toContain("Beslis eerst");
    // … and so do the partial grant's and the rejection's once Q's whole request fits.
    await envelopeCeiling(s, s.year + 1, EUR(10_000_000));
    await envelopeCeiling(s, s.year + 2, EUR(10_000_000));
    const fits = await prisma.$transaction((tx) => endOfWindowRefusals(tx, q.id));
    for (const refusal of [fits.grant, fits.partial, fits.reject]) {
      expect(refusal).toContain(waitsForClose);
      expect(refusal).not.toContain("Beslis eerst");
    }
    expect(fits.partial).toContain("Het gevraagde bedrag past nog in wat er over is");
  });
});
