import { expect, test } from "./fixtures.ts";
import { loginAs, reloadHydrated, startNewPlan, USERS } from "./helpers.ts";

// Autosave is debounced; a link followed within that pause must not lose what was typed (issue 4).
test("following a step-list link right after typing saves first, and the next step does not see a conflict", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.metaal, null);
  await startNewPlan(page);
  await page.locator("#title").fill("Snel weg");
  await page.getByRole("link", { name: "2. Samenwerkingsverband" }).click();
  await expect(page).toHaveURL(/stap\/samenwerking$/);
  await page.locator("#partners-0-name").fill("Werkgevers BV");
  await expect(page.locator(".sp-autosave")).toContainText("Opgeslagen om");
  await page.waitForTimeout(2500);
  await expect(page.getByText("intussen gewijzigd")).toHaveCount(0);
  await page.getByRole("link", { name: "1. Aanvrager en plan" }).click();
  await expect(page.locator("#title")).toHaveValue("Snel weg");
  await reloadHydrated(page);
  await expect(page.locator("#title")).toHaveValue("Snel weg");
  await page.getByRole("link", { name: "2. Samenwerkingsverband" }).click();
  await expect(page.locator("#partners-0-name")).toHaveValue("Werkgevers BV");
});
