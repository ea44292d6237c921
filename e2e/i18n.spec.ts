import { expect, test } from "./fixtures.ts";
import {
  axeViolations,
  hydrated,
  isAppConsoleError,
  loginAs,
  open,
  PASSWORD,
  press,
  USERS,
} from "./helpers.ts";

test.describe("with a browser that prefers English", () => {
  test.use({ locale: "en-GB", extraHTTPHeaders: { "Accept-Language": "en-GB,en;q=0.9" } });

  test("the portal is still Dutch by default", async ({ page }) => {
    const response = await page.goto("/login");
    // The server-rendered HTML, before any script: Dutch whatever Accept-Language says.
    const html = (await response?.text()) ?? "";
    expect(html).toMatch(/<html lang="nl"/);
    expect(html).toContain("Log in met het e-mailadres en wachtwoord");
    await expect(page.locator("html")).toHaveAttribute("lang", "nl");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inloggen");
    await expect(page).toHaveTitle("Inloggen — Sectorplanportaal");
    // The switch offers English, and says so in English.
    const toEnglish = page.getByTestId("language-switch");
    await expect(toEnglish).toHaveText("English");
    await expect(toEnglish.locator("span")).toHaveAttribute("lang", "en");
  });
});

test("switching to English shows English on the login page and the dashboard, and it sticks", async ({
  page,
}) => {
  await open(page, "/login");
  await page.getByTestId("language-switch").click();
  await expect(page).toHaveURL(/\/login\?lng=en$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in");
  await expect(page).toHaveTitle("Log in — Sector Plan Portal");
  const toDutch = page.getByTestId("language-switch");
  await expect(toDutch).toHaveText("Nederlands");
  await expect(toDutch.locator("span")).toHaveAttribute("lang", "nl");
  expect(await axeViolations(page)).toEqual([]);

  // A wrong password: the server's message in English too.
  await page.getByLabel("E-mail address").fill(USERS.metaal);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.locator("#foutmeldingen")).toContainText(
    "The combination of e-mail address and password is incorrect.",
  );

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/aanvrager$/);
  // No ?lng= in this URL: the cookie carried the choice.
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My sector plans");
  await expect(page.getByRole("link", { name: "New sector plan" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Reference" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Notifications" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Log out" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Accessibility" })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // A full page load (server render) of another page stays English.
  await page.goto("/meldingen");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();

  // And back to Dutch.
  await hydrated(page);
  await page.getByTestId("language-switch").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Meldingen");
  await page.goto("/aanvrager");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mijn sectorplannen");
});

test("the wizard and its error summary in English", async ({ page }) => {
  // A hydration mismatch (server and browser in different languages) shows up as a console error.
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (isAppConsoleError(m)) consoleErrors.push(m.text());
  });
  await open(page, "/login?lng=en");
  await page.getByLabel("E-mail address").fill(USERS.metaal);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/aanvrager$/);
  // The eligibility check first (issue 4), in English too.
  await page.getByRole("link", { name: "New sector plan" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Can you apply for a sector plan?");
  await page.locator("#employersOrganisation").check();
  await page.locator("#employeesOrganisation").check();
  await page.locator("#meetsMinimum-1").check();
  await page.getByRole("button", { name: "Start a sector plan" }).click();
  await expect(page.locator("#niet-aanvragen")).toContainText("The regulation grants from €");
  await page.locator("#meetsMinimum").check();
  await page.getByRole("button", { name: "Start a sector plan" }).click();
  await expect(page).toHaveURL(/\/stap\/aanvrager$/);
  await expect(page.getByLabel("Title of the plan")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Applicant and plan");
  await expect(page.getByText(/^SP-\d{4}-\d+ · step 1 of 7$/)).toBeVisible();
  const steps = page.getByRole("navigation", { name: "Steps" });
  await expect(steps.getByRole("link", { name: "4. Measures" })).toBeVisible();
  // Sector names from the regulation's data, in English.
  await expect(page.getByRole("group", { name: "Sectors", exact: true })).toBeVisible();

  // No title: "Next step" is refused by the server, its messages from the domain schema in English.
  await page.getByLabel("Title of the plan").fill("");
  await press(page, "Next step");
  const summary = page.locator("#foutmeldingen");
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("heading", { level: 2 })).toHaveText(
    /^There (is 1 problem|are \d+ problems)$/,
  );
  await expect(summary.getByRole("link", { name: "Enter the title of the plan." })).toHaveAttribute(
    "href",
    "#title",
  );
  await expect(page.locator("#title-error")).toContainText("Enter the title of the plan.");
  await expect(summary).not.toContainText("Vul ");
  expect(await axeViolations(page)).toEqual([]);

  // Step 4: theme names from the regulation's data, in English.
  await steps.getByRole("link", { name: "4. Measures" }).click();
  await expect(page).toHaveURL(/\/stap\/maatregelen$/);
  await expect(page.getByRole("group", { name: "Measure 1", exact: true })).toBeVisible();
  await expect(page.locator("#measures-0-theme option", { hasText: "Training" })).toHaveCount(1);
  expect(consoleErrors).toEqual([]);
});

test("a page that does not exist, in English", async ({ page }) => {
  const response = await page.goto("/bestaat-niet?lng=en");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expect(page.getByText("The page you are looking for does not exist.")).toBeVisible();
  // The title says what the page is, not only the portal's name (WCAG 2.4.2).
  await expect(page).toHaveTitle("Page not found — Sector Plan Portal");
  await page.goto("/bestaat-niet?lng=nl");
  await expect(page).toHaveTitle("Pagina niet gevonden — Sectorplanportaal");
});

test("a plan in execution and its messages with the handler, in English; the start date as a date", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.metaal, "/aanvrager?lng=en");
  await page.getByRole("link", { name: "SP-2013-000001", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sector plan SP-2013-000001");
  // The seeded plan started on 2014-04-28: written as a date, in the page's language.
  await expect(page.getByRole("heading", { level: 2, name: "Execution" })).toBeVisible();
  await expect(page.getByText("You reported that the execution started on 28 April 2014.")).toBeVisible();
  // Granted on 14 April 2014 and made known that day (the seed sends its letters as of then), so
  // the objection term ended six weeks later, not six weeks after the demo was started.
  await expect(page.getByTestId("objection-end")).toHaveText("26 May 2014");
  // The history names every event in English, the reported start too.
  const history = page.getByRole("region", { name: "History", exact: true });
  await expect(history).toContainText("Start of execution reported");
  await expect(history).toContainText("Started on 28 April 2014");
  await expect(history).not.toContainText(/\b(gemeld|Gestart)\b/);
  // A letter keeps the Dutch title it was written with, marked as Dutch on the English page.
  await expect(page.locator("tr[data-kind] td").first().locator('span[lang="nl"]')).toContainText(/\S/);
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole("link", { name: "Messages with the case handler" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Messages about SP-2013-000001");
  await expect(page).toHaveTitle("Messages SP-2013-000001 — Sector Plan Portal");
  await hydrated(page);
  // An empty message is refused with an English message, in the summary and at the field.
  await page.getByRole("button", { name: "Send the message" }).click();
  await expect(page.locator("#foutmeldingen")).toContainText("Write a message.");
  await expect(page.getByLabel("New message")).toHaveAttribute("aria-invalid", "true");
  expect(await axeViolations(page)).toEqual([]);

  // In Dutch the same date reads as a Dutch date.
  await open(page, `${new URL(page.url()).pathname.replace(/\/berichten$/, "")}?lng=nl`);
  await expect(
    page.getByText("U heeft gemeld dat de uitvoering is begonnen op 28 april 2014."),
  ).toBeVisible();
});

test("signing up and a forgotten password, in English", async ({ page }) => {
  await open(page, "/registreren?lng=en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Register your organisation");
  await expect(page).toHaveTitle("Register your organisation — Sector Plan Portal");
  expect(await axeViolations(page)).toEqual([]);
  await open(page, "/wachtwoord-vergeten");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Forgot your password");
  // No Dutch left in the page's main text.
  await expect(page.getByRole("main")).not.toContainText(/\b(uw|wachtwoord|vergeten)\b/i);
});

test("the organisation's page in English: users, signatories and an invitation refused in English", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.metaal, "/aanvrager/organisatie?lng=en");
  await expect(page).toHaveTitle("Organisation and colleagues — Sector Plan Portal");
  await expect(page.getByRole("heading", { level: 2, name: "Users" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Make signatory: Ruben Kramer" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("Chamber of Commerce number");
  await hydrated(page);
  await page.getByLabel("Your colleague's e-mail address").fill("geen-adres");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.locator("#foutmeldingen")).toContainText("Enter a valid e-mail address");
  // No Dutch left in the page's own words (names and addresses are data).
  await expect(page.getByRole("main")).not.toContainText(
    /\b(uw|Gebruikers|Tekenbevoegd|uitnodigen|Wijzigen|geldig)\b/,
  );
  expect(await axeViolations(page)).toEqual([]);
});

test("the staff's pages are Dutch and say so, also for a user who chose English; the choice is kept", async ({
  browser,
}) => {
  const handler = await loginAs(browser, USERS.behandelaar, "/meldingen?lng=en");
  await expect(handler.locator("html")).toHaveAttribute("lang", "en");
  await expect(handler.getByTestId("language-switch")).toBeVisible();

  // The case handler's queue has Dutch texts only: its page is marked Dutch, with no switch to offer.
  await open(handler, "/behandeling");
  await expect(handler.locator("html")).toHaveAttribute("lang", "nl");
  await expect(handler.getByRole("navigation", { name: "Hoofdmenu" })).toBeVisible();
  await expect(handler.getByTestId("language-switch")).toHaveCount(0);
  expect(await axeViolations(handler)).toEqual([]);

  // Back outside the staff's area, the choice made before still holds.
  await open(handler, "/meldingen");
  await expect(handler.locator("html")).toHaveAttribute("lang", "en");
});
