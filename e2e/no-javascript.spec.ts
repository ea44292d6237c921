import { expect, test } from "./fixtures.ts";
import {
  draftPlan,
  fillLeadStep,
  knownSignUpToken,
  nextYearPeriod,
  PASSWORD,
  randomKvk,
  stepUrl,
  USERS,
} from "./helpers.ts";
import { addSession } from "./session.ts";

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

// The pages behind an e-mailed link carry a token in their URL; they set no <meta name="referrer">
// of their own, since "no-referrer" there made Chromium send "Origin: null" on the post (rb F7).
test("without JavaScript one can sign up and confirm through the mail's link", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const email = `zonder-js-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.nl`;
  await page.goto("/registreren");
  await page.getByLabel("Naam van de organisatie").fill("Stichting Zonder Script");
  await page.getByLabel("KvK-nummer").fill(randomKvk());
  await page.getByLabel("Rechtsvorm").selectOption("Stichting");
  await page.getByLabel("Straat en huisnummer").fill("Lange Voorhout 9");
  await page.getByLabel("Postcode").fill("2514ea");
  await page.getByLabel("Plaats").fill("Den Haag");
  await page.getByLabel("IBAN").fill("NL91 ABNA 0417 1643 00");
  await page.getByLabel("Uw naam").fill("Zonder Script");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Herhaal het wachtwoord").fill(PASSWORD);
  await page.getByRole("button", { name: "Aanmelden" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Controleer uw e-mail");

  await page.goto(`/registreren/bevestigen/${await knownSignUpToken(email)}`);
  await expect(page.locator('meta[name="referrer"]')).toHaveCount(0);
  await page.getByLabel("Wachtwoord dat u bij de aanmelding heeft gekozen").fill(PASSWORD);
  await page.getByRole("button", { name: "Aanmelding bevestigen" }).click();
  await expect(page).toHaveURL(/\/aanvrager$/);
  await context.close();
});

// The step forms put the draft's values into the server's HTML (step-form.tsx `field`, `choice`),
// so without JavaScript a step shows what was saved, its buttons post it back, and a refused
// "Next" shows the error summary with what was posted.
test("without JavaScript the wizard's steps keep their values and show a refusal", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const baseURL = test.info().project.use.baseURL ?? "";
  await addSession(context, baseURL, USERS.metaal);
  const page = await context.newPage();
  const planId = await draftPlan(page);
  await page.goto(stepUrl(planId, "aanvrager"));
  const title = `Zonder script ${Date.now()}`;
  const { start, end } = nextYearPeriod();
  await fillLeadStep(page, { title, summary: "Scholing zonder script.", start, end, measures: [] });
  await page.getByRole("button", { name: "Volgende stap" }).click();
  await expect(page).toHaveURL(/\/stap\/samenwerking$/);

  await page.getByRole("button", { name: "Vorige stap" }).click();
  await expect(page).toHaveURL(/\/stap\/aanvrager$/);
  await expect(page.locator("#title")).toHaveValue(title);
  await expect(page.locator("#summary")).toHaveValue("Scholing zonder script.");
  await expect(page.locator("#periodStart")).toHaveValue(start);
  await expect(page.locator("#periodEnd")).toHaveValue(end);
  await expect(page.locator("#securityKind")).toBeChecked();
  await expect(page.locator("#securityAmount")).toHaveValue("1.000.000,00");
  await expect(page.locator("#sectorCodes-2")).toBeChecked();
  await expect(page.locator("#employeesInScope")).toHaveValue("150000");

  // A wrong number: the step is refused, the summary names it, and the page shows what was posted.
  await page.locator("#employeesInScope").fill("heel veel");
  await page.getByRole("button", { name: "Volgende stap" }).click();
  await expect(page).toHaveURL(/\/stap\/aanvrager$/);
  const summary = page.locator("#foutmeldingen");
  await expect(summary).toBeVisible();
  await expect(summary.getByRole("link", { name: /aantal werknemers/ })).toHaveAttribute(
    "href",
    "#employeesInScope",
  );
  await expect(page.locator("#employeesInScope-error")).toBeVisible();
  await expect(page.locator("#employeesInScope")).toHaveValue("heel veel");
  await expect(page.locator("#title")).toHaveValue(title);
  await context.close();
});
