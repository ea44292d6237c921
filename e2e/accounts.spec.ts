import { minimalPdf } from "../app/test/files.ts";
import { expect, type Page, test } from "./fixtures.ts";
import {
  axeViolations,
  draftPlan,
  hydrated,
  knownInvitationToken,
  knownSignUpToken,
  loginAs,
  nextYearPeriod,
  open,
  PASSWORD,
  preparePlan,
  randomKvk,
} from "./helpers.ts";

const ADMIN = "beheer@example.nl";
const COLLEAGUE_METAAL = "collega.metaal@example.nl";

async function expectNoAxeViolations(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

test("a new organisation signs up, invites a colleague, and the colleague sees the organisation's dashboard", async ({
  browser,
}) => {
  test.setTimeout(test.info().timeout * 1.5);
  const tag = Date.now();
  const founder = `oprichter-${tag}@e2e.example.nl`;
  const colleague = `collega-${tag}@e2e.example.nl`;
  const orgName = `Stichting E2E ${tag}`;

  const context = await browser.newContext();
  const page = await context.newPage();
  await open(page, "/login");
  await page.getByRole("link", { name: /Meld uw organisatie aan/ }).click();
  await expect(page).toHaveURL(/\/registreren$/);
  await hydrated(page);
  await expectNoAxeViolations(page);

  await page.getByLabel("Naam van de organisatie").fill(orgName);
  await page.getByLabel("KvK-nummer").fill("1234567");
  await page.getByLabel("Rechtsvorm").selectOption("Stichting");
  await page.getByLabel("Straat en huisnummer").fill("Lange Voorhout 9");
  await page.getByLabel("Postcode").fill("2514ea");
  await page.getByLabel("Plaats").fill("Den Haag");
  await page.getByLabel("IBAN").fill("NL92 ABNA 0417 1643 00");
  await page.getByLabel("Uw naam").fill("Olga Oprichter");
  await page.getByLabel("E-mailadres").fill(founder);
  await page.getByLabel("Wachtwoord", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Herhaal het wachtwoord").fill(PASSWORD);
  await page.getByRole("button", { name: "Aanmelden" }).click();

  // Bad input: checked in the browser with the same schema; the summary takes focus and links to the fields.
  const summary = page.locator("#foutmeldingen");
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link", { name: /precies 8 cijfers/ })).toHaveAttribute(
    "href",
    "#kvkNumber",
  );
  await expect(summary.getByRole("link", { name: /controlegetal/ })).toHaveAttribute("href", "#iban");
  await expectNoAxeViolations(page);
  // Following a link by keyboard focuses its field with the field's label in view, and leaves the
  // address (and so the history) as it was.
  const before = page.url();
  await summary.getByRole("link", { name: /controlegetal/ }).press("Enter");
  await expect(page.getByLabel("IBAN")).toBeFocused();
  await expect(page.locator('label[for="iban"]')).toBeInViewport();
  expect(page.url()).toBe(before);

  await page.getByLabel("KvK-nummer").fill(randomKvk());
  await page.getByLabel("IBAN").fill("NL91 ABNA 0417 1643 00");
  await page.getByRole("button", { name: "Aanmelden" }).click();
  // Nothing is made before the address is confirmed (ADR 0029): the page says to check the mail,
  // and the test takes the mail's link.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Controleer uw e-mail");
  await expectNoAxeViolations(page);
  const signUpToken = await knownSignUpToken(founder);
  await open(page, `/registreren/bevestigen/${signUpToken}`);
  await expect(page.getByRole("main")).toContainText(orgName);
  await expectNoAxeViolations(page);
  // Whoever filled in the form chose the password: the link alone does not make the account.
  const confirmPassword = page.getByLabel("Wachtwoord dat u bij de aanmelding heeft gekozen");
  await confirmPassword.fill("Niet-het-goede-wachtwoord-1");
  await page.getByRole("button", { name: "Aanmelding bevestigen" }).click();
  await expect(page.locator("#foutmeldingen")).toBeFocused();
  await expectNoAxeViolations(page);
  await confirmPassword.fill(PASSWORD);
  await page.getByRole("button", { name: "Aanmelding bevestigen" }).click();
  await expect(page).toHaveURL(/\/aanvrager$/);

  // The founder invites a colleague.
  await open(page, "/aanvrager/organisatie");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(orgName);
  await expect(page.getByRole("row").filter({ hasText: founder })).toContainText("ja");
  await expectNoAxeViolations(page);
  await page.getByLabel("E-mailadres van uw collega").fill(colleague);
  await page.getByRole("button", { name: "Uitnodiging versturen" }).click();
  await expect(page.getByRole("status")).toContainText(`uitnodiging gestuurd naar ${colleague}`);

  // The colleague follows the link, chooses a name and password, and lands on the dashboard.
  const token = await knownInvitationToken(colleague);
  const other = await (await browser.newContext()).newPage();
  await open(other, `/uitnodiging/${token}`);
  await expect(other.getByText(orgName)).toBeVisible();
  await other.getByLabel("Uw naam").fill("Cor Collega");
  await other.getByLabel("Wachtwoord", { exact: true }).fill(PASSWORD);
  await other.getByLabel("Herhaal het wachtwoord").fill(PASSWORD);
  await other.getByRole("button", { name: "Account aanmaken" }).click();
  await expect(other).toHaveURL(/\/aanvrager$/);
  await other.goto("/aanvrager/organisatie");
  await expect(other.getByRole("row").filter({ hasText: colleague })).toContainText("nee");

  // The link is single use: a second visit says so, without an error page.
  const third = await (await browser.newContext()).newPage();
  const again = await third.goto(`/uitnodiging/${token}`);
  expect(again?.status()).toBe(410);
  await expect(third.getByText("Deze uitnodiging is al gebruikt.")).toBeVisible();
  const unknown = await third.goto(`/uitnodiging/${"A".repeat(43)}`);
  expect(unknown?.status()).toBe(410);
});

test("a colleague who is not a signatory sends the plan for sign-off instead of submitting it", async ({
  browser,
}) => {
  test.setTimeout(test.info().timeout * 1.5);
  const { start, end } = nextYearPeriod();
  const page = await loginAs(browser, COLLEAGUE_METAAL, null);
  const planId = await draftPlan(page);
  await preparePlan(
    page,
    {
      title: `Ter ondertekening e2e ${Date.now()}`,
      summary: "Scholing van vakkrachten.",
      start,
      end,
      measures: [
        ["Bijscholing", "120"],
        ["Van werk naar werk", "40"],
      ],
    },
    await minimalPdf(),
    planId,
  );
  await expect(page.getByRole("button", { name: "Plan indienen" })).toHaveCount(0);
  await page.locator("#truthful").check();
  await page.locator("#stateAid").check();
  await page.getByRole("button", { name: "Ter ondertekening aanbieden" }).click();
  await expect(page.getByRole("status").filter({ hasText: "tekenbevoegden" })).toContainText(
    "tekenbevoegden van uw organisatie hebben een bericht gekregen",
  );
  // Still a draft: the plan page sends it back to the wizard.
  await page.goto(page.url().replace(/\/stap\/indienen$/, ""));
  await expect(page).toHaveURL(/\/stap\/indienen$/);

  // The signatory of OOM sees it behind the bell.
  const signatory = await loginAs(browser, "aanvrager.metaal@example.nl", "/meldingen");
  await expect(signatory.getByText(/Ter ondertekening: SP-/).first()).toBeVisible();
});

test("an admin creates a staff user; the change is in the audit trail", async ({ browser }) => {
  const page = await loginAs(browser, ADMIN, "/beheer/gebruikers");
  await expectNoAxeViolations(page);
  const email = `adviseur-${Date.now()}@e2e.example.nl`;

  await page.getByRole("button", { name: "Medewerker toevoegen" }).click();
  await expect(page.locator("#foutmeldingen")).toBeFocused();
  await expect(page.locator("#foutmeldingen")).toContainText("Kies minstens één rol.");

  await page.getByLabel("Naam", { exact: true }).fill("Ada Adviseur");
  await page.getByLabel("E-mailadres").fill(email);
  await page.locator("#new-role-ADVISER").check();
  await page.getByRole("button", { name: "Medewerker toevoegen" }).click();
  await expect(page.getByRole("status")).toContainText("Het account van Ada Adviseur is gemaakt.");
  await expect(page.getByTestId(`user-${email}`)).toContainText("actief");
  // The trail names the action and its subject in words, and its details as stored.
  const row = page.getByRole("row").filter({ hasText: "Medewerker toegevoegd" }).first();
  await expect(row).toContainText(`Ada Adviseur (${email})`);
  await expect(row).toContainText("ADVISER");
  await expectNoAxeViolations(page);
});
