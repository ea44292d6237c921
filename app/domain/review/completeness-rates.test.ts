import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, EUR, SCENARIO_CATEGORY, type Scenario } from "../../test/scenario.server.ts";
import { completenessChecklist } from "./completeness.server.ts";

/**
 * The checklist's rate item with a measure in a category of its own rate (ADR 0024). The scenario's
 * plan costs € 700.000 a year: € 580.000 of training at the own 50%, and € 120.000 of young
 * people's work placements, put in the kwetsbare-werknemers category at 100%. A year may ask
 * 50% × € 580.000 + 100% × € 120.000 = € 410.000; one rate of 50% would allow € 350.000.
 */

describe("the completeness check with a measure at 100%", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario();
  });
  afterAll(async () => {
    await disconnectPrisma();
  });

  /** A submitted plan whose young people's measure is in `category`, asking `perYear` each year. */
  async function planAsking(perYear: bigint, category: string | null = SCENARIO_CATEGORY.code) {
    const { id } = await submittedPlan(s);
    await prisma.measure.updateMany({
      where: { planId: id, title: "Leerwerkplekken voor jongeren" },
      data: { category },
    });
    await prisma.planYear.updateMany({ where: { planId: id }, data: { requestedCents: perYear } });
    return id;
  }
  const amountsItem = async (planId: string) =>
    (await completenessChecklist(prisma, planId, { agreementSigned: true })).find(
      (i) => i.code === "amounts",
    );

  it("accepts per year up to Σ cost × the measure's rate, which one rate of 50% would refuse", async () => {
    const item = await amountsItem(await planAsking(EUR(410_000)));
    expect(item?.ok).toBe(true);
    expect(item?.reason).toBe(
      "€\u00a0820.000,00 gevraagd: boven het minimum en per jaar binnen de cofinancieringspercentages van de " +
        `maatregelen (${s.year + 1}: hoogstens €\u00a0410.000,00, 100% van €\u00a0120.000,00 (Indienstneming van kwetsbare ` +
        `werknemers) en 50% van €\u00a0580.000,00; ${s.year + 2}: hoogstens €\u00a0410.000,00, 100% van €\u00a0120.000,00 ` +
        "(Indienstneming van kwetsbare werknemers) en 50% van €\u00a0580.000,00).",
    );
  });

  it("refuses a cent above the mixed cap and says what the cap is", async () => {
    const item = await amountsItem(await planAsking(EUR(410_000) + 1n));
    expect(item?.ok).toBe(false);
    expect(item?.reason).toBe(
      `De gevraagde subsidie voor ${s.year + 1} is hoger dan de cofinancieringspercentages toestaan: hoogstens ` +
        "€\u00a0410.000,00 (100% van €\u00a0120.000,00 (Indienstneming van kwetsbare werknemers) en 50% van €\u00a0580.000,00). " +
        `De gevraagde subsidie voor ${s.year + 2} is hoger dan de cofinancieringspercentages toestaan: hoogstens ` +
        "€\u00a0410.000,00 (100% van €\u00a0120.000,00 (Indienstneming van kwetsbare werknemers) en 50% van €\u00a0580.000,00).",
    );
  });

  it("keeps the one-rate wording for a plan without a category", async () => {
    const item = await amountsItem(await planAsking(EUR(350_000) + 1n, null));
    expect(item?.ok).toBe(false);
    expect(item?.reason).toBe(
      `De gevraagde subsidie is hoger dan 50% van de kosten in ${s.year + 1}, ${s.year + 2}.`,
    );
  });

  it("reports a category the regulation no longer knows, and counts it at the own rate", async () => {
    const id = await planAsking(EUR(350_000), "vervallen-categorie");
    const item = await amountsItem(id);
    expect(item?.ok).toBe(true);
    expect(item?.reason).toBe(
      "€\u00a0700.000,00 gevraagd: boven het minimum en binnen 50% van de kosten. De maatregel “Leerwerkplekken " +
        "voor jongeren” heeft de categorie “vervallen-categorie”, die de regeling niet (meer) kent: ze telt mee " +
        "tegen 50%.",
    );
    // At the own rate, a cent above 50% is refused.
    await prisma.planYear.updateMany({ where: { planId: id }, data: { requestedCents: EUR(350_000) + 1n } });
    expect((await amountsItem(id))?.ok).toBe(false);
  });
});
