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
  stepUrl,
  USERS,
} from "./helpers.ts";

// A supplement request (aanvulling vragen) on the handler's Volledigheid tab: the handler names the
// steps that reopen; the applicant changes only those and sends the plan back, which freezes
// version 2 (issue 4, with issue 5).
test("the handler asks for a supplement, only the named step reopens, and the applicant sends it back", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const { start, end } = nextYearPeriod();
  const applicant = await loginAs(browser, USERS.metaal, null);
  const planId = await draftPlan(applicant);
  await preparePlan(
    applicant,
    {
      title: `Aanvulling e2e ${Date.now()}`,
      summary: "Plan met een aanvulling.",
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

  const handler = await loginAs(browser, USERS.behandelaar, `/behandeling/plannen/${planId}/volledigheid`);
  await handler
    .getByLabel("Wat moet de aanvrager aanvullen?")
    .fill("Splits de kosten van de scholing per module.");
  await handler.getByRole("checkbox", { name: "4. Maatregelen" }).check();
  await handler.getByRole("button", { name: "Aanvulling vragen" }).click();
  await expect(handler.getByText("Om aanvulling gevraagd.")).toBeVisible();
  await expect(handler.getByTestId("plan-status")).toHaveText("Aanvulling gevraagd");

  // The plan page stays the plan page (letters, messages, history, withdrawal), with the request at
  // the top and the way into the wizard at the reopened step; the request is shown on every step.
  await open(applicant, `/aanvrager/plannen/${planId}`);
  await expect(applicant).toHaveURL(new RegExp(`/aanvrager/plannen/${planId}$`));
  const notice = applicant.getByTestId("supplement-notice");
  await expect(notice.getByRole("heading", { level: 2 })).toContainText("Aanvulling gevraagd, uiterlijk");
  await expect(notice).toContainText("Splits de kosten van de scholing per module.");
  await expect(notice).toContainText("Weer open om te wijzigen: 4. Maatregelen.");
  await expect(applicant.getByRole("link", { name: "Berichten met de behandelaar" })).toBeVisible();
  await expect(applicant.getByRole("link", { name: "Aanvraag intrekken" })).toBeVisible();
  expect.soft(await axeViolations(applicant), "plan page with a supplement request").toEqual([]);
  await notice.getByRole("link", { name: "Aanvulling geven" }).click();
  await expect(applicant).toHaveURL(new RegExp(`${stepUrl(planId, "maatregelen")}$`));
  await expect(applicant.getByText("Splits de kosten van de scholing per module.")).toBeVisible();
  await expect(
    applicant.getByRole("link", { name: "Terug naar het plan: brieven, berichten, intrekken" }),
  ).toHaveAttribute("href", `/aanvrager/plannen/${planId}`);
  expect.soft(await axeViolations(applicant), "reopened step with the way back").toEqual([]);
  await expect(applicant.getByRole("navigation", { name: "Stappen" })).toContainText(
    "1. Aanvrager en plan (niet heropend)",
  );
  // A step that was not reopened is not a form: its URL leads to step 7.
  await open(applicant, stepUrl(planId, "aanvrager"));
  await expect(applicant).toHaveURL(new RegExp(`${stepUrl(planId, "indienen")}$`));

  await open(applicant, stepUrl(planId, "maatregelen"));
  await applicant.locator("#measures-0-title").fill("Scholing, per module begroot");
  await applicant.getByRole("button", { name: "Volgende stap" }).click();
  await expect(applicant).toHaveURL(new RegExp(`${stepUrl(planId, "indienen")}$`));
  await expect(applicant.getByText("Scholing, per module begroot")).toBeVisible();
  await applicant.locator("#truthful").check();
  await applicant.locator("#stateAid").check();
  await applicant.getByRole("button", { name: "Aanvulling versturen" }).click();
  await expect(applicant).toHaveURL(/\?ingediend=1$/);
  await expect(applicant.getByTestId("plan-status")).toHaveText("Ingediend");
  await expect(applicant.getByRole("link", { name: /versie 2/i })).toBeVisible();

  // Back with the handler, with the answer in the history on the overview tab.
  await open(handler, `/behandeling/plannen/${planId}`);
  await expect(handler.getByTestId("plan-status")).toHaveText("Ingediend");
  await expect(handler.getByText("Aanvulling ontvangen")).toBeVisible();
});
