import { minimalPdf } from "../app/test/files.ts";
import { expect, type Page, test } from "./fixtures.ts";
import { hydrated, nextYearPeriod, onStep, PASSWORD, USERS } from "./helpers.ts";

// One plan from login to submission with the keyboard alone: Tab and Shift+Tab to move, typing,
// Space for radio buttons and checkboxes, arrow keys in a select, Enter on buttons and links. No
// click, fill or check: if a control cannot be reached or used this way, this test fails.

type Target = { id: string } | { text: string; tag: "A" | "BUTTON" };

function nameOf(target: Target): string {
  return "id" in target ? `#${target.id}` : `${target.tag} "${target.text}"`;
}

/** Presses Tab (or Shift+Tab) until `target` has the focus. */
async function tabTo(page: Page, target: Target, backwards = false): Promise<void> {
  for (let presses = 0; presses < 250; presses++) {
    const there = await page.evaluate((t) => {
      const el = document.activeElement;
      if (!el) return false;
      if ("id" in t) return el.id === t.id;
      return el.tagName === t.tag && (el.textContent ?? "").replace(/\s+/g, " ").trim() === t.text;
    }, target);
    if (there) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  throw new Error(`Tab never reached ${nameOf(target)}`);
}

async function typeInto(page: Page, id: string, text: string, backwards = false): Promise<void> {
  await tabTo(page, { id }, backwards);
  await page.keyboard.type(text);
  await expect(page.locator(`#${id}`)).toHaveValue(text);
}

const isFocused = (page: Page, id: string) => page.evaluate((i) => document.activeElement?.id === i, id);

/**
 * A date input takes its parts in the order of the browser's own locale, which need not be the
 * page's (Chromium shows mm/dd/jjjj under an English interface): each likely order is tried from
 * the first part (Shift+Tab out of the input, Tab back in) until the value is the date meant.
 */
async function typeDate(page: Page, id: string, iso: string): Promise<void> {
  await tabTo(page, { id });
  const [year, month, day] = iso.split("-") as [string, string, string];
  const parts: Record<string, string> = { year, month, day };
  const orders = [
    ["day", "month", "year"],
    ["month", "day", "year"],
    ["year", "month", "day"],
  ];
  for (const order of orders) {
    while (await isFocused(page, id)) await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    for (const part of order) await page.keyboard.type(parts[part] as string);
    if ((await page.locator(`#${id}`).inputValue()) === iso) return;
  }
  await expect(page.locator(`#${id}`)).toHaveValue(iso);
}

/** Space on a focused checkbox or radio button. */
async function tick(page: Page, id: string): Promise<void> {
  await tabTo(page, { id });
  await page.keyboard.press("Space");
  await expect(page.locator(`#${id}`)).toBeChecked();
}

async function pressButton(page: Page, text: string, backwards = false): Promise<void> {
  await tabTo(page, { text, tag: "BUTTON" }, backwards);
  await page.keyboard.press("Enter");
}

async function nextStep(page: Page, slug: string): Promise<void> {
  await pressButton(page, "Volgende stap");
  await onStep(page, slug);
}

test("a whole plan, filled in and submitted with the keyboard alone", async ({ page }) => {
  // Typing every character is slow on a busy machine; the limit only guards against a hang.
  test.setTimeout(test.info().timeout * 5);
  const { start, end } = nextYearPeriod();
  const title = `Toetsenbordplan e2e ${Date.now()}`;

  await page.goto("/login");
  await hydrated(page);
  await typeInto(page, "email", USERS.metaal);
  await tabTo(page, { id: "password" });
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/aanvrager$/);

  // The dashboard's "Nieuw sectorplan", then the eligibility check: yes, yes, yes.
  await tabTo(page, { text: "Nieuw sectorplan", tag: "A" });
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/aanvrager\/nieuw$/);
  for (const id of ["employersOrganisation", "employeesOrganisation", "meetsMinimum"]) await tick(page, id);
  await pressButton(page, "Sectorplan beginnen");
  await onStep(page, "aanvrager");

  // Step 1 (the organisation's own data is filled in already).
  await typeInto(page, "title", title);
  await typeInto(page, "summary", "Bijscholing van vakkrachten, alleen met het toetsenbord ingevuld.");
  await typeDate(page, "periodStart", start);
  await typeDate(page, "periodEnd", end);
  await tick(page, "securityKind");
  await typeInto(page, "securityAmount", "1.000.000,00");
  await tick(page, "sectorCodes-2");
  await typeInto(page, "employeesInScope", "150000");
  await nextStep(page, "samenwerking");

  // Step 2: the two organisations the form starts with.
  const partners = [
    ["Koninklijke Metaalunie", "Jan Smit", "j.smit@metaalunie.example.nl"],
    ["FNV Metaal", "Fatma Yilmaz", "f.yilmaz@fnv.example.nl"],
  ] as const;
  for (const [i, [name, contact, email]] of partners.entries()) {
    await typeInto(page, `partners-${i}-name`, name);
    await typeInto(page, `partners-${i}-contactName`, contact);
    await typeInto(page, `partners-${i}-contactEmail`, email);
  }
  await nextStep(page, "analyse");

  // Step 3.
  for (const key of [
    "bottlenecksNow",
    "bottlenecksExpected",
    "targetGroups",
    "goals",
    "organisation",
    "continuation",
  ]) {
    await typeInto(page, key, `Toelichting bij ${key}, getypt.`);
  }
  await nextStep(page, "maatregelen");

  // Step 4: two measures with different themes (arrow keys in the select).
  const years = await page.locator('[id^="measures-0-costs-"][id$="-amount"]').count();
  expect(years).toBeGreaterThanOrEqual(1);
  const measures = [
    ["Bijscholing CNC-techniek", "120", "400.000,00"],
    ["Van werk naar werk", "40", "200.000,00"],
  ] as const;
  for (const [i, [measureTitle, participants, costs]] of measures.entries()) {
    if (i > 0) {
      // "Maatregel toevoegen" sits below the measures: add, then back up with Shift+Tab.
      await pressButton(page, "Maatregel toevoegen");
      await expect(page.locator(`#measures-${i}-theme`)).toBeVisible();
      await tabTo(page, { id: `measures-${i}-theme` }, true);
    } else {
      await tabTo(page, { id: `measures-${i}-theme` });
    }
    for (let n = 0; n <= i; n++) await page.keyboard.press("ArrowDown");
    await expect(page.locator(`#measures-${i}-theme`)).not.toHaveValue("");
    await typeInto(page, `measures-${i}-title`, measureTitle);
    await typeInto(page, `measures-${i}-description`, `Beschrijving van ${measureTitle}.`);
    await typeInto(page, `measures-${i}-executingParty`, "Opleidingsbedrijf Metaal");
    await typeInto(page, `measures-${i}-participants`, participants);
    for (let j = 0; j < years; j++) await typeInto(page, `measures-${i}-costs-${j}-amount`, costs);
  }
  const themes = await page
    .locator('select[id$="-theme"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value));
  expect(new Set(themes).size).toBe(2);
  await nextStep(page, "begroting");

  // Step 5: € 300.000 a year requested, the rest own contribution, and the declaration.
  for (let j = 0; j < years; j++) {
    await typeInto(page, `rows-${j}-requested`, "300.000,00");
    await typeInto(page, `rows-${j}-ownContribution`, "300.000,00");
  }
  await tick(page, "noDoubleFunding");
  await tick(page, "advancesRequested");
  await nextStep(page, "bijlagen");

  // Step 6: the file chooser opened from the keyboard.
  await tabTo(page, { id: "file-PARTNERSHIP_AGREEMENT" });
  const chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Space");
  await (await chooser).setFiles({
    name: "samenwerkingsovereenkomst.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from(await minimalPdf()),
  });
  await pressButton(page, "Uploaden: Ondertekende samenwerkingsovereenkomst");
  await expect(page.getByTestId("attachment-list")).toContainText("samenwerkingsovereenkomst.pdf");
  await tabTo(page, { text: "Volgende stap", tag: "A" });
  await page.keyboard.press("Enter");
  await onStep(page, "indienen");

  // Step 7: the summary, both declarations, submit.
  await expect(
    page.getByRole("heading", { level: 2, name: "Alle stappen zijn volledig ingevuld" }),
  ).toBeVisible();
  await expect(page.getByText(title, { exact: true })).toBeVisible();
  await tick(page, "truthful");
  await tick(page, "stateAid");
  await pressButton(page, "Plan indienen");
  await expect(page).toHaveURL(/\/aanvrager\/plannen\/[0-9a-f-]{36}\?ingediend=1$/);
  await expect(page.getByTestId("plan-status")).toHaveText("Ingediend");
});
