import { minimalPdf } from "../app/test/files.ts";
import { expect, test } from "./fixtures.ts";
import {
  axeViolations,
  declareAndSubmit,
  draftPlan,
  hydrated,
  loginAs,
  nextYearPeriod,
  preparePlan,
  USERS,
} from "./helpers.ts";

// The bell of issue 3. The Fundeon applicant, not OOM: the other specs submit OOM plans in
// parallel, and their notifications would arrive while this test counts OOM's.
test("a submission rings the bell; the list links to the plan and marks all read", async ({ browser }) => {
  test.setTimeout(test.info().timeout * 2);
  const page = await loginAs(browser, USERS.bouw);
  const bell = page.getByRole("link", { name: /^Meldingen/ });
  await expect(bell).toBeVisible();

  // Submit a plan through the UI: the worker makes the acknowledgement and notifies the organisation.
  const planId = await draftPlan(page);
  const planPath = `/aanvrager/plannen/${planId}`;
  const { start, end } = nextYearPeriod();
  await preparePlan(
    page,
    {
      title: `Meldingen e2e ${Date.now()}`,
      summary: "Instroom van zij-instromers in de bouw.",
      start,
      end,
      measures: [
        ["Opleiding zij-instromers", "80"],
        ["Behoud van oudere vakkrachten", "40"],
      ],
    },
    await minimalPdf(),
    planId,
  );
  await declareAndSubmit(page);
  await expect(page.getByTestId("plan-status")).toHaveText("Ingediend");

  // The bell shows the unread count once the worker has been (polling: a slow worker is not a failure).
  await expect(async () => {
    await page.reload();
    await expect(bell).toHaveAccessibleName(/^Meldingen, \d+ ongelezen$/, { timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [1000] });

  await bell.click();
  await expect(page).toHaveURL(/\/meldingen$/);
  await expect(page.getByRole("heading", { level: 1, name: "Meldingen" })).toBeVisible();

  // This plan's notification is there, unread, and links to it. Not necessarily the newest: the
  // worker may deliver another Fundeon notification meanwhile (the seed's settlement letter of
  // SP-2013-000002 once arrived minutes late and came first).
  // Nor necessarily there when the bell first counts one: the seed's own submissions (Fundeon's
  // demo plan) have acknowledgements of their own that the worker may deliver first.
  const ours = page.getByRole("article").filter({ has: page.locator(`a[href="${planPath}"]`) });
  await expect(async () => {
    await page.reload();
    await expect(ours).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [1000] });
  await expect(ours.getByText("Nieuw", { exact: true })).toBeVisible();
  await expect(ours.getByRole("button", { name: /^Markeer als gelezen/ })).toBeVisible();

  expect(await axeViolations(page)).toEqual([]);

  await hydrated(page);
  await page.getByRole("button", { name: "Alles gelezen" }).click();
  await expect(page.getByRole("status")).toContainText("als gelezen gemarkeerd");
  await expect(page.getByText("U heeft alle meldingen gelezen.")).toBeVisible();
  await expect(page.getByText("Nieuw", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Markeer als gelezen/ })).toHaveCount(0);
  await expect(bell).toHaveAccessibleName("Meldingen");
  await page.reload();
  await expect(bell).toHaveAccessibleName("Meldingen");
});
