import { type Browser, expect, type Page } from "@playwright/test";

export const PASSWORD = "Sectorplan!2026";

export const USERS = {
  metaal: "aanvrager.metaal@example.nl",
  bouw: "aanvrager.bouw@example.nl",
  behandelaar: "behandelaar@example.nl",
  adviseur: "adviseur@example.nl",
  beslisser: "beslisser@example.nl",
} as const;

/** Logs in through the UI in a fresh browser context (one per user: their own cookie jar). */
export async function loginAs(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(PASSWORD);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

/** "YYYY-MM-DD" in UTC. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A one-year plan period starting on the first of next month. */
export function nextYearPeriod(today = new Date()): { start: string; end: string } {
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1));
  const end = new Date(Date.UTC(start.getUTCFullYear() + 1, start.getUTCMonth(), 0));
  return { start: isoDate(start), end: isoDate(end) };
}

/** Fetches a URL inside the page (its cookies, its origin) and returns status, type and bytes. */
export async function fetchInPage(page: Page, url: string) {
  const r = await page.evaluate(async (u) => {
    const res = await fetch(u, { credentials: "same-origin" });
    const buf = new Uint8Array(await res.arrayBuffer());
    let bin = "";
    for (const b of buf) bin += String.fromCharCode(b);
    return {
      status: res.status,
      contentType: res.headers.get("content-type"),
      disposition: res.headers.get("content-disposition"),
      base64: btoa(bin),
    };
  }, url);
  return { ...r, bytes: new Uint8Array(Buffer.from(r.base64, "base64")) };
}

/**
 * "Nieuw sectorplan" on the dashboard leads to the eligibility check (issue 4); answering yes to
 * its three questions creates the draft and opens the plan form.
 */
export async function startNewPlan(page: Page): Promise<void> {
  if (!new URL(page.url()).pathname.endsWith("/aanvrager")) await page.goto("/aanvrager");
  await page.getByRole("link", { name: "Nieuw sectorplan" }).click();
  await expect(page).toHaveURL(/\/aanvrager\/nieuw$/);
  for (const group of ["#employersOrganisation", "#employeesOrganisation", "#meetsMinimum"]) {
    await page.locator(group).check();
  }
  await page.getByRole("button", { name: "Sectorplan beginnen" }).click();
  await expect(page).toHaveURL(/\/aanvrager\/plannen\/[0-9a-f-]{36}$/);
}

/**
 * Fills the one-page plan form with a valid plan of two measures over `start`–`end`: costs of
 * € 400.000 and € 200.000 a year, € 300.000 requested a year (within 50% and above the minimum).
 * Returns the number of calendar years the form asked amounts for.
 */
export async function fillPlanForm(
  page: Page,
  plan: { title: string; summary: string; start: string; end: string; measures: [string, string][] },
): Promise<number> {
  await page.locator("#title").fill(plan.title);
  await page.locator("#summary").fill(plan.summary);
  await page.locator("#sectorCode").selectOption({ index: 1 });
  await page.locator("#periodStart").fill(plan.start);
  await page.locator("#periodEnd").fill(plan.end);
  for (const [i, [title, participants]] of plan.measures.entries()) {
    if (i > 0) await page.getByRole("button", { name: "Maatregel toevoegen" }).click();
    await page.locator(`#measures-${i}-theme`).selectOption({ index: i + 1 });
    await page.locator(`#measures-${i}-title`).fill(title);
    await page.locator(`#measures-${i}-participants`).fill(participants);
  }
  const years = await page.locator('[id^="requested-"][id$="-amount"]').count();
  for (let j = 0; j < years; j++) {
    await page.locator(`#measures-0-costs-${j}-amount`).fill("400.000,00");
    await page.locator(`#measures-1-costs-${j}-amount`).fill("200.000,00");
    await page.locator(`#requested-${j}-amount`).fill("300.000,00");
  }
  return years;
}
