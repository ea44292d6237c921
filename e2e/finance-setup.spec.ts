import { randomUUID } from "node:crypto";
import { expect, test } from "./fixtures.ts";
import { axeViolations, loginAs, open, sql, USERS } from "./helpers.ts";

/**
 * Issue 6, set-up and open data: a finance user raises the subsidieplafond of a window that has
 * opened (raising is allowed, lowering is not: Awb 4:27) and sees the new figure; anyone, without
 * logging in, reads the open-data table and downloads its CSV.
 */

/**
 * A regulation of its own with one open window, so the seeded figures stay as they are. The window
 * opened long before the seeded demonstration window: a new draft goes to the regulation whose
 * window opened last, and this one (no themes, no sectors) must never be it. Opened "yesterday",
 * it was, for every test after it once the run passed midnight in Amsterdam.
 */
async function regulationWithOpenWindow(): Promise<{ code: string; windowId: string }> {
  const tag = randomUUID().slice(0, 8);
  const code = `E2E-${tag}`;
  const regulationId = randomUUID();
  const potId = randomUUID();
  const windowId = randomUUID();
  await sql(
    `INSERT INTO "Regulation" (id, code, title, "citationTitle", "legalBasis", publication, fund,
       "cofinancingRateBp", "minimumRequestCents", "maxDurationMonths", "overheadTiers", themes, sectors,
       regions, criteria, "objectionAuthority", "objectionAddress")
     VALUES ($1, $2, $3, $3, 'test', 'test', $2, 5000, 25000000, 24, '[]', '[]', '[]', '[]', '[]', 'test', 'test')`,
    [regulationId, code, `Testregeling ${tag}`],
  );
  await sql(
    `INSERT INTO "BudgetPot" (id, kind, name, "ceilingCents", "updatedAt") VALUES ($1, 'WINDOW', $2, 10000000000, now())`,
    [potId, `Subsidieplafond ${code}`],
  );
  await sql(
    `INSERT INTO "ApplicationWindow" (id, "regulationId", name, "opensAt", "closesAt", "potId")
     VALUES ($1, $2, $3, timestamptz '2020-01-01 00:00+01', now() + interval '60 days', $4)`,
    [windowId, regulationId, `Tijdvak ${tag}`, potId],
  );
  return { code, windowId };
}

test("finance raises an open window's ceiling; anyone downloads the open data", async ({ browser }) => {
  const { code, windowId } = await regulationWithOpenWindow();
  const finance = await loginAs(browser, USERS.financien, "/financien/regelingen");
  await expect(finance.getByTestId(`windows-${code}`)).toContainText("€ 100.000.000,00");

  await finance.getByTestId(`regeling-link-${code}`).click();
  await expect(finance.getByRole("heading", { level: 1 })).toContainText(code);
  const section = finance.getByTestId(`window-${windowId}`);
  const ceiling = section.getByLabel(/^Subsidieplafond Tijdvak/);

  // Lowering an open window is refused with the reason, next to the field.
  await ceiling.fill("90.000.000");
  await section.getByRole("button", { name: /wijzigen$/ }).click();
  await expect(finance.locator("#foutmeldingen")).toContainText("Awb 4:27");
  await expect(finance.getByTestId(`window-${windowId}-ceiling`)).toHaveText("€ 100.000.000,00");

  await ceiling.fill("125.000.000");
  await section.getByRole("button", { name: /wijzigen$/ }).click();
  await expect(finance.getByRole("status").first()).toContainText(
    "verhoogd van € 100.000.000,00 naar € 125.000.000,00",
  );
  await expect(finance.getByTestId(`window-${windowId}-ceiling`)).toHaveText("€ 125.000.000,00");
  // axe on the set-up page of this regulation: the list grows with every test regulation in the database.
  expect(await axeViolations(finance)).toEqual([]);

  // No login: a fresh context without cookies.
  const anonymous = await (await browser.newContext()).newPage();
  await open(anonymous, "/open-data");
  await expect(anonymous.getByRole("heading", { level: 1 })).toHaveText(
    "Open data: toegekende sectorplannen",
  );
  await expect(anonymous.getByTestId("open-data-total")).toContainText("€");
  expect(await axeViolations(anonymous)).toEqual([]);
  const [download] = await Promise.all([
    anonymous.waitForEvent("download"),
    anonymous.getByRole("link", { name: "toegekend.csv" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("toegekend.csv");
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  expect(text.startsWith("\uFEFFKenmerk;Naam sectorplan;")).toBe(true);
  expect(text).toMatch(/\r\nTotaal;/);
});
