import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { reportExecutionStart } from "../app/domain/plan/execution.server.ts";
import { proposeSettlement } from "../app/domain/settlement/propose.server.ts";
import { amsterdamDate } from "../app/domain/time/index.ts";
import { advisePlan, completePlan, grantPlan } from "../app/test/plan-steps.server.ts";
import { createScenario } from "../app/test/scenario.server.ts";
import { expect, test } from "./fixtures.ts";
import { axeViolations, hydrated, isoDate, loginAs, sql, USERS } from "./helpers.ts";

// The vaststelling (issue 6): an applicant submits the realisation report in the browser; the
// handler's proposal is made by a domain call, the decision maker settles on the Vaststelling tab,
// and the worker's settlement letter appears on the applicant's plan page.

test.afterAll(async () => {
  await disconnectPrisma();
});

test("an applicant reports, the decision maker settles, and the settlement letter appears", async ({
  browser,
}) => {
  // Two logins, three report steps and the worker's letter: on a loaded 2-core machine this exceeds the default.
  test.setTimeout(test.info().timeout * (5 / 3));
  const s = await createScenario();
  // This regulation gives 12 weeks for the report and 20 for the vaststelling, where the real one
  // gives 13 and 22 (art. 5.5): the pages say what the grant was made on (Decision.terms), so the
  // regulation says so before the decision.
  await prisma.regulation.update({
    where: { id: s.regulation.id },
    data: { settlementRequestWeeks: 12, settlementDecisionWeeks: 20 },
  });
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  const granted = await prisma.plan.findUniqueOrThrow({ where: { id } });
  // Today in Amsterdam, as the server counts days: in UTC it is still yesterday between midnight
  // and 01:00 (02:00 in summer), before the day of the decision.
  await reportExecutionStart(s.applicantA, id, granted.version, amsterdamDate(new Date()));
  // The plan's period is in the future; the report opens only after its end. Move the period into
  // the past by SQL (the years of its budget stay as granted).
  const day = 86_400_000;
  await sql(`UPDATE "Plan" SET "periodStart" = $2::date, "periodEnd" = $3::date WHERE id = $1`, [
    id,
    isoDate(new Date(Date.now() - 700 * day)),
    isoDate(new Date(Date.now() - 10 * day)),
  ]);
  // The scenario's applicant logs in with the seed's password.
  await sql(
    `UPDATE "User" SET "passwordHash" = (SELECT "passwordHash" FROM "User" WHERE email = $2) WHERE id = $1`,
    [s.applicantA.userId, USERS.metaal],
  );
  const applicantEmail = (await prisma.user.findUniqueOrThrow({ where: { id: s.applicantA.userId } })).email;

  const applicant = await loginAs(browser, applicantEmail, `/aanvrager/plannen/${id}`);
  await applicant.getByRole("link", { name: "Realisatieverslag invullen" }).click();
  await expect(applicant.getByRole("heading", { level: 1, name: "Resultaten" })).toBeVisible();
  await hydrated(applicant);
  await expect(applicant.getByText(/Uiterste datum van indienen/)).toBeVisible();
  // The term as the grant's terms set it, not a figure in the page's text.
  await expect(applicant.getByText("(12 weken na het einde van het plan)")).toBeVisible();
  // A wrong value is refused next to its field, and what was typed survives.
  await applicant
    .getByLabel(/Bereikte deelnemers/)
    .first()
    .fill("veel");
  await applicant
    .getByLabel(/Bereikte deelnemers/)
    .nth(1)
    .fill("30");
  await applicant
    .getByLabel("Wat ging volgens plan en wat niet?")
    .fill("De scholing liep volgens plan; de jongeren kwamen later.");
  await applicant.getByRole("button", { name: "Volgende" }).click();
  await expect(applicant.getByText(/Vul het aantal bereikte deelnemers in/).first()).toBeVisible();
  await applicant
    .getByLabel(/Bereikte deelnemers/)
    .first()
    .fill("110");
  await applicant.getByRole("button", { name: "Volgende" }).click();

  await expect(applicant.getByRole("heading", { level: 1, name: "Kosten" })).toBeVisible();
  await hydrated(applicant);
  for (const field of await applicant.getByLabel(/Werkelijke kosten \d{4}/).all())
    await field.fill("250.000,00");
  await applicant.getByRole("button", { name: "Volgende" }).click();

  await expect(applicant.getByRole("heading", { level: 1, name: "Indienen" })).toBeVisible();
  await hydrated(applicant);
  const overview = applicant.getByRole("table", { name: /Begrote en werkelijke kosten/ });
  await expect(overview).toContainText("€ 1.000.000,00");
  // The realisation the 60% rule will measure (counted against the grant's eligible costs), not in the table.
  await expect(applicant.getByText(/Realisatie zoals de vaststelling die meet: 71,42%/)).toBeVisible();
  await applicant.getByLabel(/Ik verklaar/).check();
  await applicant.getByRole("button", { name: /Verslag indienen/ }).click();
  await expect(applicant.getByText("Uw realisatieverslag is ingediend")).toBeVisible();
  expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("SETTLEMENT_REQUESTED");
  // The plan page names the regulation's term for the vaststelling.
  await applicant.goto(`/aanvrager/plannen/${id}`);
  await expect(
    applicant.getByText("U heeft de vaststelling aangevraagd. Wij beslissen binnen 20 weken."),
  ).toBeVisible();

  // The handler proposes (domain call); the decision maker of the seed settles in the browser.
  await proposeSettlement(s.handler, id, (await prisma.plan.findUniqueOrThrow({ where: { id } })).version, {
    amountCents: 57_500_000n,
    motivation: "Kosten gecontroleerd en akkoord.",
  });
  const dm = await loginAs(browser, USERS.beslisser, `/behandeling/plannen/${id}/vaststelling`);
  await expect(dm.getByText("€ 575.000,00").first()).toBeVisible();
  expect(await axeViolations(dm)).toEqual([]);
  await dm.getByLabel("Motivering").fill("Vastgesteld zoals de behandelaar voorstelt.");
  await dm.getByRole("button", { name: "Vaststellen" }).click();
  await expect(dm.getByText("De subsidie is vastgesteld.")).toBeVisible();

  // The worker renders the letter; the applicant finds it with the plan's documents.
  await expect(async () => {
    await applicant.goto(`/aanvrager/plannen/${id}`);
    await expect(
      applicant.getByRole("cell", { name: /^Beschikking tot vaststelling van de subsidie/ }),
    ).toBeVisible({
      timeout: 1000,
    });
  }).toPass({ timeout: 30_000 });
  await expect(applicant.getByText(/De subsidie is vastgesteld op €\s575\.000,00/)).toBeVisible();
});
