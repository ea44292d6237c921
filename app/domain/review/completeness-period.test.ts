import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { addCalendarDays, formatDateNl, type LocalDate, localDateToDb } from "../time/index.ts";
import { completenessChecklist } from "./completeness.server.ts";

/**
 * The checklist's period item against the regulation as it stands: a plan received before the
 * publication date was entered (or corrected) is not declared complete on a start before it, and
 * a year of its period without an envelope is named (art. 1.2 lid 5; the wizard's rule, re-checked).
 */
describe("the completeness check of a plan's period", () => {
  let s: Scenario;
  beforeEach(async () => {
    s = await createScenario();
  });
  afterAll(async () => {
    await disconnectPrisma();
  });

  const periodItem = async (planId: string) =>
    (await completenessChecklist(prisma, planId, { agreementSigned: true })).find((i) => i.code === "period");

  it("passes a plan that starts after the publication, and fails one that starts on its day (art. 1.2 lid 5)", async () => {
    // validPlanDraft runs from 1 January of year+1.
    const { id } = await submittedPlan(s);
    await prisma.regulation.update({
      where: { id: s.regulation.id },
      data: { publishedOn: localDateToDb(`${s.year}-12-31`) },
    });
    expect(await periodItem(id)).toMatchObject({ ok: true });
    const publishedOn = `${s.year + 1}-01-01` as const;
    await prisma.regulation.update({
      where: { id: s.regulation.id },
      data: { publishedOn: localDateToDb(publishedOn) },
    });
    expect(await periodItem(id)).toMatchObject({
      ok: false,
      reason: `Het plan begint niet na de publicatie van de regeling op ${formatDateNl(publishedOn)}.`,
    });
  });

  it("fails a plan that starts before the publication, naming the date", async () => {
    const { id } = await submittedPlan(s);
    const publishedOn = `${s.year + 1}-01-02` as const;
    await prisma.regulation.update({
      where: { id: s.regulation.id },
      data: { publishedOn: localDateToDb(publishedOn) },
    });
    expect(await periodItem(id)).toMatchObject({
      ok: false,
      reason: `Het plan begint niet na de publicatie van de regeling op ${formatDateNl(publishedOn)}.`,
    });
  });

  it("counts the longest period as the wizard does: from the 31st into a shorter month, its last day", async () => {
    // Six months from 31 August end on the last day of February; the check ended them a day earlier
    // and refused a period the wizard had accepted.
    const { id } = await submittedPlan(s);
    await prisma.regulation.update({ where: { id: s.regulation.id }, data: { maxDurationMonths: 6 } });
    const lastOfFebruary = new Date(Date.UTC(s.year + 2, 2, 0)).getUTCDate();
    const end = `${s.year + 2}-02-${lastOfFebruary}` as LocalDate;
    await prisma.plan.update({
      where: { id },
      data: { periodStart: localDateToDb(`${s.year + 1}-08-31`), periodEnd: localDateToDb(end) },
    });
    expect(await periodItem(id)).toMatchObject({ ok: true });
    await prisma.plan.update({ where: { id }, data: { periodEnd: localDateToDb(addCalendarDays(end, 1)) } });
    expect(await periodItem(id)).toMatchObject({
      ok: false,
      reason: `Het plan duurt langer dan 6 maanden (uiterlijk tot en met ${formatDateNl(end)}).`,
    });
  });

  it("fails a plan with a year without an envelope, naming the year", async () => {
    const { id } = await submittedPlan(s);
    await prisma.budgetEnvelope.deleteMany({ where: { fund: s.regulation.fund, year: s.year + 2 } });
    expect(await periodItem(id)).toMatchObject({
      ok: false,
      reason: `Voor ${s.year + 2} is er geen begrotingsjaar.`,
    });
  });
});
