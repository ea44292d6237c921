import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { declareComplete, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, EUR, per, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { produceDecisionLetter } from "../documents/produce.server.ts";
import { ConflictError, ForbiddenError, RuleViolation } from "../errors.ts";
import { recordAdvice, saveStep, submitPlan } from "../plan/plans.server.ts";
import { readDraft } from "../plan/steps/wizard.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { parseLocalDate, startOfAmsterdamDay } from "../time/index.ts";
import { budgetImpact } from "./budget-impact.server.ts";
import { CEILING_NOT_REACHED_FOR_PLAN, decide, revokeGrant } from "./decide.server.ts";
import { FOUR_EYES_REFUSAL, WINDOW_STILL_OPEN } from "./engine.server.ts";
import { CEILING_REACHED, decisionGrounds } from "./grounds.ts";
import { availableAfter } from "./impact.ts";
import { decisionPage } from "./page.server.ts";
import { previewDecisionLetter } from "./preview.server.ts";

/** An ACTIVE assignment, then the adviser's advice with a score for every criterion. */
async function advise(
  s: Scenario,
  planId: string,
  version: number,
  adviser: Actor,
  a = 300_000,
  b = 300_000,
) {
  await prisma.adviserAssignment.create({
    data: {
      planId,
      adviserId: adviser.userId,
      assignedById: adviser.userId,
      assignedAt: new Date(),
      status: "ACTIVE",
    },
  });
  const criteria = s.regulation.criteria as { code: string }[];
  const r = await recordAdvice(adviser, planId, version, {
    recommendation: a === 300_000 && b === 300_000 ? "GRANT" : "PARTIAL_GRANT",
    text: "Goed onderbouwd.",
    amounts: per(s, a, b),
    scores: criteria.map((c) => ({ criterion: c.code, score: 4, motivation: "Voldoende." })),
  });
  return r.version;
}

async function advisedPlan(s: Scenario, adviser: Actor = s.adviser, handler: Actor = s.handler) {
  const { id, version } = await submittedPlan(s);
  const c = await declareComplete(handler, id, version);
  return { id, version: await advise(s, id, c.version, adviser) };
}

async function withRoles(base: Actor, extra: "DECISION_MAKER" | "ADVISER" | "CASE_HANDLER") {
  await prisma.roleMembership.create({ data: { userId: base.userId, role: extra } });
  return { ...base, roles: [...base.roles, extra] };
}

const status = async (id: string) => (await prisma.plan.findUniqueOrThrow({ where: { id } })).status;

describe("the decision maker's decision", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario();
  });
  afterEach(() => setClock(null));

  it("refuses the plan's handler who is also decision maker (four-eyes), in the engine", async () => {
    const both = await withRoles(await s.newUser("CASE_HANDLER"), "DECISION_MAKER");
    const { id, version } = await advisedPlan(s, s.adviser, both);
    const refusal = decide(both, id, version, {
      outcome: "REJECT",
      ground: "awb-4-35",
      reason: "Nee.",
      amounts: [],
    });
    await expect(refusal).rejects.toBeInstanceOf(ForbiddenError);
    await expect(refusal).rejects.toThrow(FOUR_EYES_REFUSAL);
    expect(await status(id)).toBe("ADVISED");
    expect(await prisma.decision.count({ where: { planId: id } })).toBe(0);
    // The page says why instead of offering the form.
    const page = await decisionPage(both, id);
    expect(page.canDecide).toBe(false);
    expect(page.blockedReason).toBe(FOUR_EYES_REFUSAL);
  });

  it("refuses a decision maker who took an earlier handler's step, though a colleague handles it now", async () => {
    const h = await withRoles(await s.newUser("CASE_HANDLER"), "DECISION_MAKER");
    const { id, version } = await submittedPlan(s);
    // H asks for a supplement; the applicant sends it; colleague K (s.handler) declares it complete.
    const asked = await requestSupplement(
      h,
      id,
      version,
      supplementRequestSchema.parse({ text: "Voeg de begroting toe.", steps: ["measures"], termDays: "14" }),
    );
    const draft = readDraft((await prisma.plan.findUniqueOrThrow({ where: { id } })).draftData);
    const saved = await saveStep(s.applicantA, id, asked.version, "measures", draft.measures);
    const declared = await saveStep(s.applicantA, id, saved.version, "submit", {
      truthful: true,
      stateAid: true,
    });
    const back = await submitPlan(s.applicantA, id, declared.version);
    const c = await declareComplete(s.handler, id, back.version);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).handlerId).toBe(s.handler.userId);
    const advised = await advise(s, id, c.version, s.adviser);

    const refusal = decide(h, id, advised, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: per(s, 300_000, 300_000),
    });
    await expect(refusal).rejects.toBeInstanceOf(ForbiddenError);
    await expect(refusal).rejects.toThrow(FOUR_EYES_REFUSAL);
    expect(await status(id)).toBe("ADVISED");
    expect((await decisionPage(h, id)).blockedReason).toBe(FOUR_EYES_REFUSAL);
    // A decision maker who never handled it may.
    const done = await decide(s.decisionMaker, id, advised, {
      outcome: "GRANT",
      reason: "Het plan voldoet.",
      amounts: per(s, 300_000, 300_000),
    });
    expect(done.status).toBe("GRANTED");
  });

  it("refuses an adviser assigned to the plan, also one who has not advised (yet)", async () => {
    const assigned = await withRoles(await s.newUser("ADVISER"), "DECISION_MAKER");
    const { id, version } = await advisedPlan(s);
    await prisma.adviserAssignment.create({
      data: {
        planId: id,
        adviserId: assigned.userId,
        assignedById: s.adviser.userId,
        assignedAt: new Date(),
      },
    });
    await expect(
      decide(assigned, id, version, { outcome: "GRANT", reason: "Ja.", amounts: per(s, 300_000, 300_000) }),
    ).rejects.toThrow(FOUR_EYES_REFUSAL);
    expect(await status(id)).toBe("ADVISED");
  });

  it("refuses a user holding both roles who advised on the plan; another decision maker decides", async () => {
    const both = await withRoles(await s.newUser("ADVISER"), "DECISION_MAKER");
    const { id, version } = await advisedPlan(s, both);
    await expect(
      decide(both, id, version, { outcome: "GRANT", reason: "Ja.", amounts: per(s, 300_000, 300_000) }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const done = await decide(s.decisionMaker, id, version, {
      outcome: "GRANT",
      reason: "Het plan voldoet.",
      amounts: per(s, 300_000, 300_000),
    });
    expect(done.status).toBe("GRANTED");
  });

  it("grants in part with a reason: lower amounts, the ground in the motivation, its letter", async () => {
    const { id, version } = await advisedPlan(s);
    // "Partial" with the full amounts is refused: at least one year must be lower.
    await expect(
      decide(s.decisionMaker, id, version, {
        outcome: "PARTIAL_GRANT",
        reason: "Deels.",
        amounts: per(s, 300_000, 300_000),
      }),
    ).rejects.toBeInstanceOf(RuleViolation);
    await expect(
      decide(s.decisionMaker, id, version, {
        outcome: "PARTIAL_GRANT",
        reason: "Deels.",
        amounts: per(s, 300_000, 400_000),
      }),
    ).rejects.toThrow(/hoger dan de gevraagde/);

    const d = await decide(s.decisionMaker, id, version, {
      outcome: "PARTIAL_GRANT",
      ground: "art-2.5-analyse",
      reason: "De kosten van 2028 zijn niet onderbouwd.",
      amounts: per(s, 300_000, 150_000),
    });
    expect(d.status).toBe("PARTIALLY_GRANTED");
    const decision = await prisma.decision.findUniqueOrThrow({
      where: { planId: id },
      include: { years: true },
    });
    expect(decision.reason).toBe(
      "Grond: De analyse is ontoereikend (artikel 2.5 van de regeling).\n\nDe kosten van 2028 zijn niet onderbouwd.",
    );
    expect(decision.years.map((y) => y.grantedCents).sort()).toEqual([EUR(150_000), EUR(300_000)]);
    const window = await prisma.ledgerEntry.findMany({
      where: { planId: id, kind: "COMMITMENT", year: null },
    });
    expect(window.map((e) => e.amountCents)).toEqual([EUR(450_000)]);
    // What the letter job does with the outbox message: the PARTIAL_GRANT_DECISION letter is stored.
    const outbox = await prisma.outboxMessage.findMany({
      where: { jobName: "render-letter", payload: { path: ["decisionId"], equals: decision.id } },
    });
    expect(outbox.map((m) => (m.payload as { kind: string }).kind)).toEqual(["PARTIAL_GRANT_DECISION"]);
    const doc = await produceDecisionLetter(decision.id);
    expect(doc.kind).toBe("PARTIAL_GRANT_DECISION");
    expect(doc.templateVersion).toBe("beschikking-gedeeltelijke-verlening@8");
  });

  it("rejects only on a ground of the regulation or the Awb", async () => {
    const { id, version } = await advisedPlan(s);
    await expect(
      decide(s.decisionMaker, id, version, { outcome: "REJECT", reason: "Nee.", amounts: [] }),
    ).rejects.toThrow("Kies de grond van de afwijzing.");
    await expect(
      decide(s.decisionMaker, id, version, {
        outcome: "REJECT",
        ground: "verzonnen",
        reason: "Nee.",
        amounts: [],
      }),
    ).rejects.toThrow("Kies een grond uit de lijst.");
    // Motivated in the domain too, not only by the form's schema (Awb 3:46).
    await expect(
      decide(s.decisionMaker, id, version, {
        outcome: "REJECT",
        ground: "art-2.5-analyse",
        reason: "  \n ",
        amounts: [],
      }),
    ).rejects.toThrow("Schrijf de motivering van het besluit.");
    // An advised plan holds its request inside the ceiling: the ceiling is no ground for it, neither
    // for a refusal nor for refusing part of it (only a waiting plan can reach it, Awb 4:25 lid 2).
    await expect(
      decide(s.decisionMaker, id, version, {
        outcome: "REJECT",
        ground: CEILING_REACHED,
        reason: "Het budget is op.",
        amounts: [],
      }),
    ).rejects.toThrow(CEILING_NOT_REACHED_FOR_PLAN);
    await expect(
      decide(s.decisionMaker, id, version, {
        outcome: "PARTIAL_GRANT",
        ground: CEILING_REACHED,
        reason: "Het budget is op.",
        amounts: per(s, 200_000, 200_000),
      }),
    ).rejects.toThrow(CEILING_NOT_REACHED_FOR_PLAN);
    expect((await decisionPage(s.decisionMaker, id)).grounds.map((g) => g.code)).not.toContain(
      CEILING_REACHED,
    );
    const d = await decide(s.decisionMaker, id, version, {
      outcome: "REJECT",
      ground: "art-2.5-analyse",
      reason: "De analyse is onvoldoende.",
      amounts: [],
    });
    expect(d.status).toBe("REJECTED");
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId: id } });
    expect(decision.reason).toMatch(/^Grond: /);
    expect(decision.reason).not.toMatch(/Subsidieplafond/);
    expect(decisionGrounds(s.regulation.criteria).map((g) => g.code)).toContain("art-2.5-analyse");
  });

  it("previews the letter for the form's values without storing anything", async () => {
    const { id } = await advisedPlan(s);
    const documents = await prisma.document.count();
    const { bytes, filename } = await previewDecisionLetter(s.decisionMaker, id, {
      outcome: "PARTIAL_GRANT",
      ground: "art-2.5-analyse",
      reason: "Voorbeeld.",
      amounts: per(s, 200_000, 200_000),
    });
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe("%PDF-");
    expect(filename).toMatch(/^voorbeeld-beschikking-/);
    expect(await prisma.document.count()).toBe(documents);
    expect(await prisma.decision.count({ where: { planId: id } })).toBe(0);
    await expect(
      previewDecisionLetter(s.applicantA, id, { outcome: "GRANT", reason: "x", amounts: per(s, 1, 1) }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("shows the budget impact: the plan's pots before and after, and earlier undecided plans", async () => {
    const earlier = await advisedPlan(s);
    const { id } = await advisedPlan(s);
    const impact = await budgetImpact(prisma, id);
    expect(impact.pots.map((p) => p.year)).toEqual([null, s.year + 1, s.year + 2]);
    const windowPot = impact.pots[0];
    if (!windowPot) throw new Error("no window pot");
    expect(windowPot.planReservedCents).toBe(EUR(600_000));
    const granted = [
      { year: s.year + 1, cents: EUR(300_000) },
      { year: s.year + 2, cents: EUR(100_000) },
    ];
    // Against deciding nothing, granting € 400.000 leaves € 400.000 less in the window pot.
    expect(availableAfter(windowPot, granted) - availableAfter(windowPot, [])).toBe(-EUR(400_000));
    expect(impact.earlier.map((e) => e.id)).toContain(earlier.id);
    expect(impact.earlier.map((e) => e.id)).not.toContain(id);
  });

  it("revokes a grant only after the term to start has passed, with a reason", async () => {
    const { id, version } = await advisedPlan(s);
    const granted = await decide(s.decisionMaker, id, version, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: per(s, 300_000, 300_000),
    });
    await expect(revokeGrant(s.decisionMaker, id, granted.version, "Niet begonnen.")).rejects.toThrow(
      /met de uitvoering beginnen; pas daarna/,
    );
    setClock(new Date(Date.now() + 200 * 86_400_000));
    await expect(revokeGrant(s.decisionMaker, id, granted.version, "  ")).rejects.toBeInstanceOf(
      RuleViolation,
    );
    const r = await revokeGrant(s.decisionMaker, id, granted.version, "De uitvoering is niet begonnen.");
    expect(r.status).toBe("WITHDRAWN");
    const event = await prisma.workflowEvent.findFirstOrThrow({ where: { planId: id, event: "revoke" } });
    expect(event.reason).toBe("De uitvoering is niet begonnen.");
  });
});

describe("revocation when execution did not start (regulation art. 5.2, Atw)", () => {
  afterEach(() => setClock(null));
  const at = (day: string, hour: number) =>
    new Date(startOfAmsterdamDay(parseLocalDate(day)).getTime() + hour * 3_600_000);

  it("waits for the last day to start, a Saturday the Atw leaves alone, the day the letter and the reminder name", async () => {
    // Granted Thursday 5 March 2026: six months end on Saturday 5 September. A term of more than
    // three months is not moved past the weekend (Atw art. 4 sub a): the applicant may start up to
    // and including that Saturday.
    setClock(at("2026-03-05", 9));
    const s = await createScenario();
    const { id, version } = await advisedPlan(s);
    const granted = await decide(s.decisionMaker, id, version, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: per(s, 300_000, 300_000),
    });
    const reminder = await prisma.reminder.findUniqueOrThrow({
      where: { planId_kind: { planId: id, kind: "EXECUTION_NOT_STARTED" } },
    });
    expect(reminder.termEnd.toISOString().slice(0, 10)).toBe("2026-09-05");

    for (const day of ["2026-09-04", "2026-09-05"]) {
      setClock(at(day, 12));
      await expect(revokeGrant(s.decisionMaker, id, granted.version, "Niet begonnen.")).rejects.toThrow(
        "tot en met 5 september 2026",
      );
    }
    expect((await decisionPage(s.decisionMaker, id)).revoke?.from).toBe(at("2026-09-06", 0).toISOString());
    setClock(at("2026-09-06", 9));
    const r = await revokeGrant(s.decisionMaker, id, granted.version, "De uitvoering is niet begonnen.");
    expect(r.status).toBe("WITHDRAWN");
  });
});

describe("the end of a window: waiting plans", () => {
  it("grants the first waiting plan in part for what is left and rejects the others", async () => {
    // The window holds € 1.000.000: the first plan (€ 600.000) fits, the next two wait.
    const s = await createScenario({ windowCeiling: EUR(1_000_000) });
    const first = await advisedPlan(s);
    const waiting = [];
    for (let i = 0; i < 2; i++) {
      const p = await submittedPlan(s);
      const c = await declareComplete(s.handler, p.id, p.version);
      expect(c.status).toBe("WAITING_FOR_BUDGET");
      waiting.push({ id: p.id, version: c.version });
    }
    const [b, c] = waiting as [{ id: string; version: number }, { id: string; version: number }];
    // b is assessed while it waits (granted in part only on advice) and keeps waiting; c is not.
    b.version = await advise(s, b.id, b.version, s.adviser);
    expect(await status(b.id)).toBe("WAITING_FOR_BUDGET");
    const ceiling = {
      outcome: "REJECT" as const,
      ground: CEILING_REACHED,
      reason: "Het plafond is bereikt.",
      amounts: [],
    };

    // While the window is open, a waiting plan waits.
    await expect(decide(s.decisionMaker, b.id, b.version, ceiling)).rejects.toThrow(WINDOW_STILL_OPEN);

    setClock(new Date(s.window.closesAt.getTime() + 3_600_000));
    // The first plan still holds its reservation: money may yet come free.
    await expect(decide(s.decisionMaker, c.id, c.version, ceiling)).rejects.toThrow(/nog budget vrijkomen/);
    await decide(s.decisionMaker, first.id, first.version, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: per(s, 300_000, 300_000),
    });

    const page = await decisionPage(s.decisionMaker, b.id);
    expect(page.canDecide).toBe(true);
    expect(page.waiting?.isFirst).toBe(true);
    expect(page.waiting?.left).toEqual([
      { year: s.year + 1, cents: EUR(300_000).toString() },
      { year: s.year + 2, cents: EUR(100_000).toString() },
    ]);
    // Only the first waiting plan may be granted in part.
    await expect(
      decide(s.decisionMaker, c.id, c.version, {
        outcome: "PARTIAL_GRANT",
        reason: "Wat er over is.",
        amounts: per(s, 100_000, 0),
      }),
    ).rejects.toThrow(/Alleen het eerste wachtende plan/);
    // More than is left: the ledger refuses, nothing written.
    await expect(
      decide(s.decisionMaker, b.id, b.version, {
        outcome: "PARTIAL_GRANT",
        reason: "Wat er over is.",
        amounts: per(s, 300_000, 200_000),
      }),
    ).rejects.toThrow();
    // Less than is left: the ceiling would refuse € 100.000 it has room for (Awb 4:25 lid 2 refuses
    // only insofar as it is exceeded). Also when the total is moved between the years.
    for (const amounts of [per(s, 300_000, 0), per(s, 200_000, 100_000)])
      await expect(
        decide(s.decisionMaker, b.id, b.version, {
          outcome: "PARTIAL_GRANT",
          ground: "art-2.5-analyse",
          reason: "Minder dan er over is.",
          amounts,
        }),
      ).rejects.toThrow(/Er is nog €\s400\.000,00 over voor dit plan; u verleent €\s[23]00\.000,00/);
    const partial = await decide(s.decisionMaker, b.id, b.version, {
      outcome: "PARTIAL_GRANT",
      reason: "Voor het overige is het subsidieplafond bereikt.",
      amounts: per(s, 300_000, 100_000),
    });
    expect(partial.status).toBe("PARTIALLY_GRANTED");
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId: b.id } });
    expect(decision.reason).toMatch(/^Grond: Subsidieplafond bereikt/);
    const pot = await prisma.budgetPot.findUniqueOrThrow({ where: { id: s.windowPotId } });
    expect(pot.committedCents).toBe(EUR(1_000_000));
    expect(pot.reservedCents).toBe(0n);

    // The others: rejected because the ceiling is reached — on that ground only.
    await expect(
      decide(s.decisionMaker, c.id, c.version, { ...ceiling, ground: "awb-4-35" }),
    ).rejects.toBeInstanceOf(RuleViolation);
    expect((await decide(s.decisionMaker, c.id, c.version, ceiling)).status).toBe("REJECTED");
  });

  it("says 'the plan changed' to the second of two decisions on one version", async () => {
    const s = await createScenario();
    const { id, version } = await advisedPlan(s);
    await decide(s.decisionMaker, id, version, {
      outcome: "GRANT",
      reason: "Ja.",
      amounts: per(s, 300_000, 300_000),
    });
    await expect(
      decide(s.decisionMaker, id, version, {
        outcome: "REJECT",
        ground: "awb-4-35",
        reason: "Nee.",
        amounts: [],
      }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});
