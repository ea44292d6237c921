import { expect, test } from "./fixtures.ts";
import { PASSWORD, USERS } from "./helpers.ts";

// Forms are real forms (React Router's <Form>): a post before the page's JavaScript has run, or
// where it never runs, must pass the CSRF origin check (Referrer-Policy same-origin, not no-referrer).
test("without JavaScript one can log in and start a plan", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("E-mailadres").fill(USERS.metaal);
  await page.getByLabel("Wachtwoord").fill(PASSWORD);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await expect(page).toHaveURL(/\/aanvrager$/);

  await page.getByRole("link", { name: "Nieuw sectorplan" }).click();
  for (const group of ["#employersOrganisation", "#employeesOrganisation", "#meetsMinimum"]) {
    await page.locator(group).check();
  }
  await page.getByRole("button", { name: "Sectorplan beginnen" }).click();
  await expect(page).toHaveURL(/\/stap\/aanvrager$/);
  await context.close();
});
