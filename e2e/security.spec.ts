import { expect, test } from "./fixtures.ts";
import { hydrated, isAppConsoleError, loginAs, startNewPlan, USERS } from "./helpers.ts";

test("pages hydrate under the nonce CSP without violations or console errors", async ({ browser }) => {
  const page = await loginAs(browser, USERS.metaal);
  const problems: string[] = [];
  page.on("console", (m) => {
    if (isAppConsoleError(m)) problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP ${e.violatedDirective} ${e.blockedURI} ${e.sample} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const response = await page.goto("/aanvrager");
  expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(response?.headers()["x-powered-by"]).toBeUndefined();
  await startNewPlan(page);
  await expect(page.locator("#title")).toBeVisible();
  // Hydrated: the step list navigates client-side, and adding a measure is client-side only.
  await page
    .getByRole("navigation", { name: "Stappen" })
    .getByRole("link", { name: /Maatregelen/ })
    .click();
  await expect(page).toHaveURL(/\/stap\/maatregelen$/);
  await page.getByRole("button", { name: "Maatregel toevoegen" }).click();
  await expect(page.locator("#measures-1-title")).toBeVisible();
  expect(problems).toEqual([]);
});

test("the session cookie is HttpOnly and SameSite=Lax, and logout ends the session", async ({ browser }) => {
  const page = await loginAs(browser, USERS.behandelaar);
  const cookie = (await page.context().cookies()).find((c) => c.name === "__session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await hydrated(page);
  await page.getByRole("button", { name: "Uitloggen" }).click();
  await page.goto("/behandeling");
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
});
