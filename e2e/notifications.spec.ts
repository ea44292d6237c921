import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { loginAs, nextYearPeriod, startNewPlan, USERS } from "./helpers.ts";

// The bell of issue 3. The Fundeon applicant, not OOM: the other specs submit OOM plans in
// parallel, and their notifications would arrive while this test counts OOM's.
test("a submission rings the bell; the list links to the plan and marks all read", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await loginAs(browser, USERS.bouw);
  const bell = page.getByRole("link", { name: /^Meldingen/ });
  await expect(bell).toBeVisible();

  // Submit a plan through the UI: the worker makes the acknowledgement and notifies the organisation.
  await startNewPlan(page);
  await expect(page).toHaveURL(/\/aanvrager\/plannen\/[0-9a-f-]{36}$/);
  const planPath = new URL(page.url()).pathname;
  const { start, end } = nextYearPeriod();
  await page.locator("#title").fill(`Meldingen e2e ${Date.now()}`);
  await page.locator("#summary").fill("Instroom van zij-instromers in de bouw.");
  await page.locator("#sectorCode").selectOption({ index: 1 });
  await page.locator("#periodStart").fill(start);
  await page.locator("#periodEnd").fill(end);
  await page.locator("#measures-0-theme").selectOption({ index: 1 });
  await page.locator("#measures-0-title").fill("Opleiding zij-instromers");
  await page.locator("#measures-0-participants").fill("80");
  await page.getByRole("button", { name: "Maatregel toevoegen" }).click();
  await page.locator("#measures-1-theme").selectOption({ index: 2 });
  await page.locator("#measures-1-title").fill("Behoud van oudere vakkrachten");
  await page.locator("#measures-1-participants").fill("40");
  const years = await page.locator('[id^="requested-"][id$="-amount"]').count();
  for (let j = 0; j < years; j++) {
    await page.locator(`#measures-0-costs-${j}-amount`).fill("400.000,00");
    await page.locator(`#measures-1-costs-${j}-amount`).fill("200.000,00");
    await page.locator(`#requested-${j}-amount`).fill("300.000,00");
  }
  await page.getByRole("button", { name: "Opslaan als concept" }).click();
  await expect(page.getByText("Het concept is opgeslagen.")).toBeVisible();
  await page.getByRole("button", { name: "Indienen" }).click();
  await expect(page.getByTestId("plan-status")).toHaveText("Ingediend");

  // The bell shows the unread count once the worker has been (polling: a slow worker is not a failure).
  await expect(async () => {
    await page.reload();
    await expect(bell).toHaveAccessibleName(/^Meldingen, \d+ ongelezen$/, { timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [1000] });

  await bell.click();
  await expect(page).toHaveURL(/\/meldingen$/);
  await expect(page.getByRole("heading", { level: 1, name: "Meldingen" })).toBeVisible();

  // The newest notification is about this plan, unread, and links to it.
  const newest = page.getByRole("article").first();
  await expect(newest.getByRole("link").first()).toHaveAttribute("href", planPath);
  await expect(newest.getByText("Nieuw", { exact: true })).toBeVisible();
  await expect(newest.getByRole("button", { name: /^Markeer als gelezen/ })).toBeVisible();

  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);

  await page.getByRole("button", { name: "Alles gelezen" }).click();
  await expect(page.getByRole("status")).toContainText("als gelezen gemarkeerd");
  await expect(page.getByText("U heeft alle meldingen gelezen.")).toBeVisible();
  await expect(page.getByText("Nieuw", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Markeer als gelezen/ })).toHaveCount(0);
  await expect(bell).toHaveAccessibleName("Meldingen");
  await page.reload();
  await expect(bell).toHaveAccessibleName("Meldingen");
});
