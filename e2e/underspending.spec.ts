import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { reportExecutionStart } from "../app/domain/plan/execution.server.ts";
import { amsterdamDate } from "../app/domain/time/index.ts";
import { advisePlan, completePlan, grantPlan } from "../app/test/plan-steps.server.ts";
import { createScenario } from "../app/test/scenario.server.ts";
import { expect, test } from "./fixtures.ts";
import { axeViolations, hydrated, isoDate, loginAs, sql } from "./helpers.ts";

// The melding onderbesteding (regulation art. 5.3): a plan whose advances average € 200.000 or more a
// year (the scenario's: € 480.000 over two years) reports a half-year whose costs stayed at or below
// 75% of plan. The signatory is refused when the costs are above the line, then submits; the case
// handler reads it on the plan's "Onderbesteding" tab with a note, which the applicant then sees.
// No seed data needed: the spec makes its own plan, as interim-report.spec.ts does.

test.afterAll(async () => {
  await disconnectPrisma();
});

test("a signatory reports underspending over an ended half-year, and the handler records having read it", async ({
  browser,
}) => {
  test.setTimeout(test.info().timeout * (5 / 3));
  const s = await createScenario();
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  const granted = await prisma.plan.findUniqueOrThrow({ where: { id } });
  await reportExecutionStart(s.applicantA, id, granted.version, amsterdamDate(new Date()));
  // Move the period back so that its first half-year ended about two weeks ago (the melding is open
  // and not yet late: due two months after), and its budget years with it.
  const day = 86_400_000;
  await sql(`UPDATE "Plan" SET "periodStart" = $2::date, "periodEnd" = $3::date WHERE id = $1`, [
    id,
    isoDate(new Date(Date.now() - 200 * day)),
    isoDate(new Date(Date.now() + 530 * day)),
  ]);
  // The grant too: a half-year that ended on or before the grant's day owes no melding (no advance
  // was granted for it), so the decision is moved back with the period.
  await sql(`UPDATE "Decision" SET "decidedAt" = "decidedAt" - interval '200 days' WHERE "planId" = $1`, [
    id,
  ]);
  const firstYear = new Date(Date.now() - 200 * day).getUTCFullYear();
  const shift = granted.periodStart ? granted.periodStart.getUTCFullYear() - firstYear : 0;
  // Each year moved in two statements (negated, then back): shifting by one in place would meet the
  // next year's row under the (id, year) keys.
  for (const [table, where] of [
    ["PlanYear", `"planId" = $1`],
    ["MeasureCost", `"measureId" IN (SELECT id FROM "Measure" WHERE "planId" = $1)`],
    ["DecisionYear", `"decisionId" IN (SELECT id FROM "Decision" WHERE "planId" = $1)`],
  ] as const) {
    await sql(`UPDATE "${table}" SET year = -(year - $2) WHERE ${where}`, [id, shift]);
    await sql(`UPDATE "${table}" SET year = -year WHERE year < 0 AND ${where}`, [id]);
  }
  const emailOf = async (userId: string) =>
    (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).email;

  const applicant = await loginAs(browser, await emailOf(s.applicantA.userId), `/aanvrager/plannen/${id}`);
  const section = applicant.getByTestId("underspending-meldingen");
  await expect(section).toContainText("Controleer de kosten.");
  await section.getByRole("link", { name: "Melding over halfjaar 1 maken" }).click();
  await expect(
    applicant.getByRole("heading", { level: 1, name: "Melding onderbesteding over halfjaar 1" }),
  ).toBeVisible();
  await hydrated(applicant);
  await expect(applicant.getByTestId("underspending-planned")).toContainText("Begrote subsidiabele kosten");
  expect(await axeViolations(applicant)).toEqual([]);

  // Wrong values are refused next to their fields and in the summary, and what was typed survives.
  await applicant.getByLabel("Gemaakte subsidiabele kosten in dit halfjaar (€)").fill("veel");
  await applicant.getByLabel("Oorzaken").fill("De werving van deelnemers kwam later op gang dan gepland.");
  await applicant.getByRole("button", { name: "Melding indienen" }).click();
  await expect(applicant.locator("#foutmeldingen")).toBeFocused();
  await expect(applicant.getByText(/staat geen geldig bedrag/).first()).toBeVisible();
  await expect(applicant.getByText(/Beschrijf wat u doet en verwacht/).first()).toBeVisible();
  await expect(applicant.getByLabel("Oorzaken")).toHaveValue(
    "De werving van deelnemers kwam later op gang dan gepland.",
  );

  // Costs above 75% of plan: the form says no melding is owed, and submitting is refused.
  await applicant.getByLabel("Gemaakte subsidiabele kosten in dit halfjaar (€)").fill("999.999.999,00");
  await expect(applicant.getByTestId("underspending-check")).toContainText(
    "hoeft u over dit halfjaar geen melding",
  );
  await applicant
    .getByLabel("Wat u doet en verwacht voor de rest van de periode")
    .fill("Extra werving via de regionale opleidingsbedrijven; wij halen de achterstand in.");
  await applicant.getByRole("button", { name: "Melding indienen" }).click();
  await expect(applicant.locator("#foutmeldingen")).toBeFocused();
  await expect(applicant.getByText(/over dit halfjaar hoeft u geen melding te doen/).first()).toBeVisible();

  await applicant.getByLabel("Gemaakte subsidiabele kosten in dit halfjaar (€)").fill("10.000,00");
  await expect(applicant.getByTestId("underspending-check")).toContainText("is een melding nodig");
  await applicant.getByRole("button", { name: "Melding indienen" }).click();
  await expect(applicant.getByText(/De melding is ingediend op/)).toBeVisible();
  expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("IN_EXECUTION");

  // The handler reads it on the plan's tab and records that, with a note for the applicant.
  const handler = await loginAs(browser, await emailOf(s.handler.userId), `/behandeling/plannen/${id}`);
  await handler.getByRole("link", { name: "Onderbesteding" }).click();
  await expect(handler).toHaveURL(new RegExp(`/behandeling/plannen/${id}/onderbesteding$`));
  await hydrated(handler);
  await expect(handler.getByText("€ 10.000,00").first()).toBeVisible();
  expect(await axeViolations(handler)).toEqual([]);
  await handler
    .getByLabel("Opmerking voor de aanvrager (niet verplicht)")
    .fill("Dank u; wij volgen de werving bij het volgende halfjaar.");
  await handler.getByRole("button", { name: "Vastleggen: gelezen" }).click();
  await expect(handler.getByText(/Vastgelegd dat de melding gelezen is/)).toBeVisible();

  // The applicant's plan page says it was read, with the note.
  await applicant.goto(`/aanvrager/plannen/${id}`);
  await expect(applicant.getByTestId("underspending-meldingen")).toContainText(
    "met de opmerking: Dank u; wij volgen de werving bij het volgende halfjaar.",
  );
});
