import { expect, type Page, test } from "@playwright/test";
import { minimalPdf } from "../app/test/files.ts";
import {
  answerTo,
  fillAnalysisStep,
  fillBudgetStep,
  fillLeadStep,
  fillMeasuresStep,
  fillPartnershipStep,
  loginAs,
  next,
  nextYearPeriod,
  onStep,
  open,
  press,
  seriousViolations,
  startNewPlan,
  USERS,
  uploadAgreement,
} from "./helpers.ts";

/** Soft: one run reports every page with violations, not just the first. */
async function axeClean(page: Page, where: string) {
  expect.soft(await seriousViolations(page), where).toEqual([]);
}

/** "Volgende stap" on an empty step: refused (400), the summary has the focus. */
async function nextWithErrors(page: Page, slug: string) {
  const answer = answerTo(page, "next");
  await press(page, "Volgende stap");
  expect((await answer).status()).toBe(400);
  await expect(page.locator("#foutmeldingen")).toBeFocused();
  await expect(page).toHaveURL(new RegExp(`/stap/${slug}$`));
}

test("the login page has no serious accessibility violations", async ({ page }) => {
  await open(page, "/login");
  expect(await seriousViolations(page)).toEqual([]);
});

test("every wizard step, empty and with errors, and the summary of step 7 have no serious violations", async ({
  browser,
}) => {
  test.setTimeout(test.info().timeout * 2);
  const { start, end } = nextYearPeriod();
  const plan = {
    title: `Toegankelijk e2e ${Date.now()}`,
    summary: "Scholing.",
    start,
    end,
    measures: [
      ["Bijscholing", "100"],
      ["Van werk naar werk", "20"],
    ] as [string, string][],
  };
  const page = await loginAs(browser, USERS.metaal);
  await startNewPlan(page);

  // Step 1 starts with the organisation's data; emptied, it has errors of every kind.
  await axeClean(page, "step 1, new");
  await page.locator("#title").fill("");
  await page.locator("#leadKvk").fill("");
  await nextWithErrors(page, "aanvrager");
  await expect(page.locator("#title")).toHaveAttribute("aria-invalid", "true");
  await axeClean(page, "step 1 with errors");
  await fillLeadStep(page, plan);
  await page.locator("#leadKvk").fill("12345678");
  await next(page, "samenwerking");

  await axeClean(page, "step 2, empty");
  await nextWithErrors(page, "samenwerking");
  await axeClean(page, "step 2 with errors");
  await fillPartnershipStep(page);
  await next(page, "analyse");

  await axeClean(page, "step 3, empty");
  await nextWithErrors(page, "analyse");
  await axeClean(page, "step 3 with errors");
  await fillAnalysisStep(page);
  await next(page, "maatregelen");

  await axeClean(page, "step 4, empty");
  await nextWithErrors(page, "maatregelen");
  await axeClean(page, "step 4 with errors");
  const years = await fillMeasuresStep(page, plan);
  await next(page, "begroting");

  await axeClean(page, "step 5, empty");
  await nextWithErrors(page, "begroting");
  await axeClean(page, "step 5 with errors");
  await fillBudgetStep(page, years);
  await next(page, "bijlagen");

  // Step 6 has upload forms; "Uploaden" without a file is its error.
  await axeClean(page, "step 6, empty");
  await page.getByTestId("upload-PARTNERSHIP_AGREEMENT").getByRole("button", { name: "Uploaden" }).click();
  await expect(page.locator("#foutmeldingen")).toBeFocused();
  await expect(page.locator("#file-PARTNERSHIP_AGREEMENT-error")).toBeVisible();
  await axeClean(page, "step 6 with errors");
  await uploadAgreement(page, await minimalPdf());
  await axeClean(page, "step 6 with an attachment");
  await page.getByRole("link", { name: "Volgende stap" }).click();
  await onStep(page, "indienen");

  // Step 7: the summary of everything; submitting without the declarations is the error.
  await expect(
    page.getByRole("heading", { level: 2, name: "Alle stappen zijn volledig ingevuld" }),
  ).toBeVisible();
  await axeClean(page, "step 7, summary");
  const answer = answerTo(page, "submit");
  await press(page, "Plan indienen");
  expect((await answer).status()).toBe(400);
  await expect(page.locator("#foutmeldingen")).toBeFocused();
  await expect(page.locator("#truthful-error")).toBeVisible();
  await axeClean(page, "step 7 with errors");
});

test("sign-up, empty and with errors, and the dashboard have no serious violations", async ({
  browser,
  page,
}) => {
  await open(page, "/registreren");
  await axeClean(page, "sign-up, empty");
  await page.getByRole("button", { name: "Aanmelden" }).click();
  await expect(page.locator("#foutmeldingen")).toBeFocused();
  await axeClean(page, "sign-up with errors");

  const applicant = await loginAs(browser, USERS.metaal);
  await expect(applicant.getByRole("heading", { level: 1 })).toHaveText("Mijn sectorplannen");
  await expect(applicant.getByRole("columnheader", { name: "Kenmerk" })).toBeVisible();
  await axeClean(applicant, "dashboard");
});
