import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { loginAs, startNewPlan, USERS } from "./helpers.ts";

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("the login page has no serious accessibility violations", async ({ page }) => {
  await page.goto("/login");
  expect(await seriousViolations(page)).toEqual([]);
});

test("the plan form has no serious accessibility violations, also when it shows errors", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.metaal);
  await startNewPlan(page);
  await expect(page.locator("#title")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // An empty submit: the summary takes focus and links to the fields.
  await page.locator("#title").fill("");
  await page.getByRole("button", { name: "Opslaan als concept" }).click();
  const summary = page.locator("#foutmeldingen");
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link", { name: "Vul de titel van het plan in." })).toHaveAttribute(
    "href",
    "#title",
  );
  await expect(page.locator("#title")).toHaveAttribute("aria-invalid", "true");
  expect(await seriousViolations(page)).toEqual([]);
});
