import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { advisePlan, declareComplete, grantPlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, EUR, per, validPlanDraft } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { decidePlan, saveStep, submitPlan } from "../plan/plans.server.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { GRANT_FACTS_SELECT, settlementBasisOf } from "../settlement/propose.server.ts";
import { amsterdamDate, localDateFromDb } from "../time/index.ts";
import { loadDecisionLetterInput } from "./decision-letter-input.server.ts";
import { euro, formatDateNl } from "./format.ts";
import { produceDecisionLetter } from "./produce.server.ts";
import { readDocument } from "./store.server.ts";

afterAll(async () => {
  await disconnectPrisma();
});
afterEach(() => setClock(null));

async function letterOf(planId: string): Promise<string> {
  const decision = await prisma.decision.findUniqueOrThrow({ where: { planId } });
  const doc = await produceDecisionLetter(decision.id);
  const pdf = await getDocumentProxy(new Uint8Array((await readDocument(doc.id)).bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, " ");
}

const version = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

describe("a decision letter states the plan's facts as the database holds them", () => {
  it("names the day the application was made, and the day a supplement completed it apart", async () => {
    const t0 = new Date();
    setClock(t0);
    const s = await createScenario();
    const { id, version: v } = await submittedPlan(s);
    const asked = await requestSupplement(
      s.handler,
      id,
      v,
      supplementRequestSchema.parse({ text: "Onderbouw de begroting.", steps: ["budget"], termDays: "14" }),
    );
    // The supplement arrives nine days later: that is when the application became complete.
    setClock(new Date(t0.getTime() + 9 * 86_400_000));
    const b = await saveStep(s.applicantA, id, asked.version, "budget", validPlanDraft(s.year).budget);
    const d = await saveStep(s.applicantA, id, b.version, "submit", { truthful: true, stateAid: true });
    await submitPlan(s.applicantA, id, d.version);
    const c = await declareComplete(s.handler, id, await version(id));
    await grantPlan(s, id, await advisePlan(s, id, c.version));

    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    const applied = formatDateNl(amsterdamDate(plan.submittedAt as Date));
    const complete = formatDateNl(amsterdamDate(plan.completeReceivedAt as Date));
    expect(applied).not.toBe(complete);
    const text = await letterOf(id);
    expect(text).toContain(`Op ${applied} heeft u namens uw samenwerkingsverband subsidie aangevraagd`);
    expect(text).toContain(
      `; uw aanvraag was volledig op ${complete}, met de aanvulling die ik toen ontving.`,
    );
    expect(text).not.toContain(`Op ${complete} heeft u`);
  });

  it("with a first advance of 0%, lists exactly the advance payments the grant scheduled", async () => {
    const s = await createScenario();
    await prisma.regulation.update({ where: { id: s.regulation.id }, data: { advanceInitialBp: 0 } });
    const { id, version: v } = await submittedPlan(s);
    const c = await declareComplete(s.handler, id, v);
    await grantPlan(s, id, await advisePlan(s, id, c.version));
    const payments = await prisma.payment.findMany({ where: { planId: id }, orderBy: { sequence: "asc" } });
    expect(payments.length).toBeGreaterThan(0);

    const text = await letterOf(id);
    const section = text.slice(text.indexOf("Voorschotten"), text.indexOf("Motivering"));
    const rows = [...section.matchAll(/(\d{1,2} \w+ \d{4}) (€ [\d.,]+) (€ [\d.,]+)/g)];
    expect(rows.map((r) => [r[1], r[2]])).toEqual(
      payments.map((p) => [formatDateNl(localDateFromDb(p.dueOn)), euro(p.amountCents).replace(/\s/g, " ")]),
    );
    expect(section).toContain("Bij deze beschikking ontvangt u nog geen voorschot.");
    expect(section).not.toContain("U ontvangt 0%");
    expect(section).not.toContain(euro(0n).replace(/\s/g, " "));
  });

  it("states per year the subsidiabele kosten the vaststelling measures against, in the share granted", async () => {
    const s = await createScenario();
    const { id, version: v } = await submittedPlan(s);
    const c = await declareComplete(s.handler, id, v);
    await decidePlan(s.decisionMaker, id, await advisePlan(s, id, c.version), {
      outcome: "PARTIAL_GRANT",
      ground: "art-2.5-analyse",
      reason: "De kosten van het tweede jaar zijn niet onderbouwd.",
      amounts: per(s, 300_000, 150_000),
    });
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId: id } });
    const input = await loadDecisionLetterInput(prisma, decision.id);
    // € 700.000 of costs a year; the second year granted half its request covers half of them.
    expect(input.years.map((y) => y.eligibleCents)).toEqual([EUR(700_000), EUR(350_000)]);
    // The very figures the vaststelling measures the realisation against (art. 5.1 lid 3).
    const facts = await prisma.plan.findUniqueOrThrow({ where: { id }, select: GRANT_FACTS_SELECT });
    const basis = settlementBasisOf(facts, { actualCents: () => 0n, participants: () => 0 });
    expect(input.years.map((y) => ({ year: y.year, cents: y.eligibleCents }))).toEqual(basis.eligiblePerYear);

    const text = await letterOf(id);
    const table = text.slice(text.indexOf("Subsidiebedrag per jaar"), text.indexOf("Verplichtingen"));
    expect(table).toContain(`${s.year + 2} € 300.000,00 € 150.000,00 € 350.000,00`);
    expect(table).toContain("Totaal € 600.000,00 € 450.000,00 € 1.050.000,00");
  });
});
