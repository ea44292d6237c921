import { minimalPdf } from "../app/test/files.ts";
import { expect, test } from "./fixtures.ts";
import {
  axeViolations,
  declareAndSubmit,
  draftPlan,
  loginAs,
  nextYearPeriod,
  open,
  preparePlan,
  USERS,
} from "./helpers.ts";

// Intrekking (issue 5): a signatory withdraws a submitted plan after a confirmation step; the
// status changes and the worker's confirmation letter appears with the plan.
test("an applicant withdraws a submitted plan and gets the confirmation letter", async ({ browser }) => {
  const { start, end } = nextYearPeriod();
  const applicant = await loginAs(browser, USERS.metaal, null);
  const planId = await draftPlan(applicant);
  await preparePlan(
    applicant,
    {
      title: `Intrekking e2e ${Date.now()}`,
      summary: "Plan dat wordt ingetrokken.",
      start,
      end,
      measures: [
        ["Scholing", "40"],
        ["Instroom", "20"],
      ],
    },
    await minimalPdf(),
    planId,
  );
  await declareAndSubmit(applicant);

  await open(applicant, `/aanvrager/plannen/${planId}`);
  await applicant.getByRole("link", { name: "Aanvraag intrekken" }).click();
  await expect(applicant.getByText(/Weet u zeker dat u de aanvraag/)).toBeVisible();
  await applicant.getByLabel("Reden (niet verplicht)").fill("Het sectorfonds betaalt het plan zelf.");
  await applicant.getByRole("button", { name: "Ja, aanvraag intrekken" }).click();
  await expect(applicant).toHaveURL(/\?ingetrokken$/);
  await expect(applicant.getByText("Uw aanvraag is ingetrokken.")).toBeVisible();
  await expect(applicant.getByTestId("plan-status")).toHaveText("Ingetrokken door de aanvrager");
  // The letter comes from the worker: reload until it is listed.
  await expect(async () => {
    await applicant.reload();
    await expect(applicant.getByText(/Bevestiging van de intrekking van uw aanvraag/).first()).toBeVisible({
      timeout: 1_000,
    });
  }).toPass({ timeout: 30_000 });
  await expect(applicant.getByRole("link", { name: "Aanvraag intrekken" })).toHaveCount(0);
});

// The workflow page is drawn from the workflow table; it must name every role's transitions.
test("the workflow page shows the graph and the transitions per role, and is accessible", async ({
  browser,
}) => {
  const handler = await loginAs(browser, USERS.behandelaar, "/behandeling/werkproces");
  await expect(handler.getByRole("heading", { level: 1, name: "Werkproces" })).toBeVisible();
  await expect(handler.getByRole("img", { name: /Werkproces van een plan: 14 statussen/ })).toBeVisible();
  await expect(handler.locator('[data-transition="withdraw:SUBMITTED:WITHDRAWN"]')).toHaveCount(1);
  const applicantTable = handler.getByRole("table", { name: /aanvrager/i });
  await expect(applicantTable.locator('[data-transition="withdraw:ADVISED"]')).toContainText(
    "alleen een tekenbevoegde",
  );
  await expect(handler.getByRole("link", { name: "Werkproces" })).toBeVisible();
  expect(await axeViolations(handler)).toEqual([]);
});
