import { expect, test } from "./fixtures.ts";
import { axeViolations, fillLeadStep, hydrated, loginAs, nextYearPeriod, USERS } from "./helpers.ts";

test("the dashboard lists plans with status, next deadline and letters, and is axe-clean", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.bouw, "/aanvrager");
  for (const header of ["Kenmerk", "Titel", "Status", "Volgende termijn", "Brieven"]) {
    await expect(page.getByRole("columnheader", { name: header })).toBeVisible();
  }
  expect(await axeViolations(page)).toEqual([]);
});

test("the eligibility check says why one cannot apply yet, and starts a draft when all is yes", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.bouw, "/aanvrager");
  await page.getByRole("link", { name: "Nieuw sectorplan" }).click();
  await expect(page).toHaveURL(/\/aanvrager\/nieuw$/);
  await hydrated(page);
  await expect(page.getByText(/Het aanvraagtijdvak .* is open\. U kunt aanvragen tot en met/)).toBeVisible();
  await expect(page.getByText(/Vraagt u ten minste €\s[\d.]+,\d\d subsidie aan\?/)).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // Nothing answered: the error summary takes the focus and links to the first question.
  await page.getByRole("button", { name: "Sectorplan beginnen" }).click();
  const summary = page.locator("#foutmeldingen");
  await expect(summary).toBeFocused();
  await expect(
    summary.getByRole("link", {
      name: "Geef aan of er een werkgeversorganisatie in uw samenwerkingsverband zit.",
    }),
  ).toHaveAttribute("href", "#employersOrganisation");

  // The server answers 400 to the same, without the browser's check (no JavaScript involved).
  const status = await page.evaluate(async () => {
    const res = await fetch("/aanvrager/nieuw", { method: "POST", body: new URLSearchParams({}) });
    return res.status;
  });
  expect(status).toBe(400);

  // A "no": a plain explanation next to the question and in the focused alert; no draft made.
  await page.locator("#employersOrganisation").check();
  await page.locator("#employeesOrganisation-1").check();
  await page.locator("#meetsMinimum").check();
  await page.getByRole("button", { name: "Sectorplan beginnen" }).click();
  const alert = page.locator("#niet-aanvragen");
  await expect(alert).toBeFocused();
  await expect(alert.getByRole("heading", { name: "U kunt nog geen sectorplan aanvragen" })).toBeVisible();
  await expect(alert.getByRole("link", { name: /ten minste één werknemersorganisatie/ })).toHaveAttribute(
    "href",
    "#employeesOrganisation",
  );
  await expect(page).toHaveURL(/\/aanvrager\/nieuw$/);
  expect(await axeViolations(page)).toEqual([]);

  // All yes: the draft is made and the wizard opens at step 1.
  await page.locator("#employeesOrganisation").check();
  await page.getByRole("button", { name: "Sectorplan beginnen" }).click();
  await expect(page).toHaveURL(/\/aanvrager\/plannen\/[0-9a-f-]{36}\/stap\/aanvrager$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aanvrager en plan");
  await expect(page.locator("#title")).toBeVisible();
});

test("the wizard counts characters, described by the field, announcing only near the limit", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.bouw, "/aanvrager/nieuw");
  for (const id of ["#employersOrganisation", "#employeesOrganisation", "#meetsMinimum"]) {
    await page.locator(id).check();
  }
  await page.getByRole("button", { name: "Sectorplan beginnen" }).click();
  await expect(page).toHaveURL(/\/aanvrager\/plannen\/[0-9a-f-]{36}\/stap\/aanvrager$/);

  const title = page.locator("#title");
  await expect(title).toHaveAttribute("aria-describedby", /title-desc/);
  const count = page.locator("#title-desc [data-char-count]");
  await title.fill("Twaalf teken");
  await expect(count).toHaveText("12 van 200 tekens");
  const live = page.locator('#title-desc [aria-live="polite"]');
  await expect(live).toHaveText("");
  // Far from the limit nothing is announced, even after a pause.
  await page.waitForTimeout(1200);
  await expect(live).toHaveText("");

  await title.fill("x".repeat(195));
  await expect(count).toHaveText("195 van 200 tekens");
  await expect(live).toHaveText("U kunt nog 5 tekens typen.");
  await title.fill("x".repeat(203));
  await expect(live).toHaveText("U heeft 3 tekens te veel.");

  await page.locator("#summary").fill("Kort.");
  await expect(page.locator("#summary-desc [data-char-count]")).toHaveText("5 van 10.000 tekens");
  expect(await axeViolations(page)).toEqual([]);

  // The measures of step 4 count too (a title within the limit first, so that step 1 can be saved).
  const { start, end } = nextYearPeriod();
  await fillLeadStep(page, { title: "Tellen", summary: "", start, end, measures: [] });
  await page.getByRole("button", { name: "Volgende stap" }).click();
  await expect(page).toHaveURL(/\/stap\/samenwerking$/);
  await page
    .getByRole("navigation", { name: "Stappen" })
    .getByRole("link", { name: /Maatregelen/ })
    .click();
  await expect(page).toHaveURL(/\/stap\/maatregelen$/);
  await page.locator("#measures-0-title").fill("Bijscholing");
  await expect(page.locator("#measures-0-title-desc [data-char-count]")).toHaveText("11 van 200 tekens");
  await expect(page.locator("#measures-0-description-desc [data-char-count]")).toContainText(
    "van 10.000 tekens",
  );
});
