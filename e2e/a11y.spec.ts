import { minimalPdf } from "../app/test/files.ts";
import { expect, type Page, test } from "./fixtures.ts";
import {
  answerTo,
  axeViolations,
  draftPlan,
  loginAs,
  nextYearPeriod,
  open,
  openStep,
  type PreparedStep,
  postSteps,
  preparePlan,
  press,
  startNewPlan,
  USERS,
  uploadAgreement,
  type WizardPlan,
} from "./helpers.ts";

// Every test makes its own plan: the tests of this file may share the two workers, so that a
// long file does not keep one worker busy while the other has run out of files.
test.describe.configure({ mode: "parallel" });

/** Soft: one run reports every page with violations, not just the first. */
async function axeClean(page: Page, where: string) {
  expect.soft(await axeViolations(page), where).toEqual([]);
}

/** "Volgende stap" on an empty step: refused (400), the summary has the focus. */
async function nextWithErrors(page: Page, slug: string) {
  const answer = answerTo(page, "next");
  await press(page, "Volgende stap");
  expect((await answer).status()).toBe(400);
  await expect(page.locator("#foutmeldingen")).toBeFocused();
  await expect(page).toHaveURL(new RegExp(`/stap/${slug}$`));
}

test("the login page has no accessibility violations", async ({ page }) => {
  await open(page, "/login");
  expect(await axeViolations(page)).toEqual([]);
});

function accessiblePlan(): WizardPlan {
  const { start, end } = nextYearPeriod();
  return {
    title: `Toegankelijk e2e ${Date.now()}`,
    summary: "Scholing.",
    start,
    end,
    measures: [
      ["Bijscholing", "100"],
      ["Van werk naar werk", "20"],
    ],
  };
}

// One test per step, each on a fresh plan whose earlier steps are posted directly: short tests
// that a slow machine finishes well within the limit, and that run side by side.
test("wizard step 1, new and with errors of every kind, has no accessibility violations", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.metaal, null);
  await startNewPlan(page);
  // Step 1 starts with the organisation's data; emptied, it has errors of every kind.
  await axeClean(page, "step 1, new");
  await page.locator("#title").fill("");
  await page.locator("#leadKvk").fill("");
  await nextWithErrors(page, "aanvrager");
  await expect(page.locator("#title")).toHaveAttribute("aria-invalid", "true");
  await axeClean(page, "step 1 with errors");
});

const MIDDLE_STEPS: { slug: PreparedStep; title: string; before: PreparedStep[] }[] = [
  { slug: "samenwerking", title: "2", before: ["aanvrager"] },
  { slug: "analyse", title: "3", before: ["aanvrager", "samenwerking"] },
  { slug: "maatregelen", title: "4", before: ["aanvrager", "samenwerking", "analyse"] },
  { slug: "begroting", title: "5", before: ["aanvrager", "samenwerking", "analyse", "maatregelen"] },
];

for (const step of MIDDLE_STEPS) {
  test(`wizard step ${step.title}, empty and with errors, has no accessibility violations`, async ({
    browser,
  }) => {
    const page = await loginAs(browser, USERS.metaal, null);
    const planId = await draftPlan(page);
    await postSteps(page, accessiblePlan(), { steps: step.before, planId });
    await openStep(page, planId, step.slug);
    await axeClean(page, `step ${step.title}, empty`);
    await nextWithErrors(page, step.slug);
    await axeClean(page, `step ${step.title} with errors`);
  });
}

// The demo regulation's category with a rate of its own: its questions, their errors (next to the
// field and in the summary) and the budget step's most that follows from it.
test("wizard step 4 with a measure's category and its errors, and step 5 after, have no accessibility violations", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.metaal, null);
  const planId = await draftPlan(page);
  await postSteps(page, accessiblePlan(), {
    steps: ["aanvrager", "samenwerking", "analyse", "maatregelen"],
    planId,
  });
  await openStep(page, planId, "maatregelen");
  await page.locator("#measures-1-category").selectOption("kwetsbare-werknemers");
  const wageCosts = page.locator("#measures-1-wageCostsPerParticipant");
  await expect(wageCosts).toHaveAttribute("aria-describedby", "measures-1-wageCostsPerParticipant-desc");
  await axeClean(page, "step 4 with a category");
  // 20 participants cost € 200.000,00 a year: more than 20% of € 38.000,00 each.
  await wageCosts.fill("38.000,00");
  await nextWithErrors(page, "maatregelen");
  await expect(page.locator("#measures-1-wageCostsPerParticipant-error")).toContainText(
    "zijn de kosten hoogstens 20% van de loonkosten",
  );
  await expect(wageCosts).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#measures-1-hiringGround-error")).toContainText(
    "nettogroei van het aantal banen",
  );
  await expect(page.locator("#foutmeldingen")).toContainText("nettogroei van het aantal banen");
  await axeClean(page, "step 4 with a category's errors");
  await wageCosts.fill("250.000,00");
  await page.locator("#measures-1-hiringGround").check();
  await press(page, "Volgende stap");
  await expect(page).toHaveURL(/\/stap\/begroting$/);
  await expect(page.getByText("de cofinanciering van de maatregelen van dit jaar").first()).toBeVisible();
  await axeClean(page, "step 5 with a category's rate");
});

test("wizard step 6, empty, with an error and with an attachment, has no accessibility violations", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.metaal, null);
  const planId = await draftPlan(page);
  await postSteps(page, accessiblePlan(), {
    steps: ["aanvrager", "samenwerking", "analyse", "maatregelen", "begroting"],
    planId,
  });
  await openStep(page, planId, "bijlagen");
  // Step 6 has upload forms; "Uploaden" without a file is its error.
  await axeClean(page, "step 6, empty");
  await page.getByTestId("upload-PARTNERSHIP_AGREEMENT").getByRole("button", { name: "Uploaden" }).click();
  await expect(page.locator("#foutmeldingen")).toBeFocused();
  await expect(page.locator("#file-PARTNERSHIP_AGREEMENT-error")).toBeVisible();
  await axeClean(page, "step 6 with errors");
  await uploadAgreement(page, await minimalPdf());
  await axeClean(page, "step 6 with an attachment");
});

test("wizard step 7, the summary and its errors, has no accessibility violations", async ({ browser }) => {
  const page = await loginAs(browser, USERS.metaal, null);
  await preparePlan(page, accessiblePlan(), await minimalPdf(), await draftPlan(page));
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

test("sign-up, empty and with errors, and the dashboard have no accessibility violations", async ({
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
