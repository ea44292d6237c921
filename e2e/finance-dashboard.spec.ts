import ExcelJS from "exceljs";
import { centsFromEuroNumber } from "../app/domain/budget/export.server.ts";
import { formatEuro } from "../app/domain/money.ts";
import { expect, test } from "./fixtures.ts";
import { hydrated, loginAs, seriousViolations, USERS } from "./helpers.ts";

// The seeded historic window (2013) holds commitments of granted plans; other specs work in the
// demonstration window, so its figures stay put while this runs.
const WINDOW = "Subsidieplafond Tijdvak 1 (2013)";

test("finance sees the budget dashboard, drills down from a figure to its plans and exports it as XLSX", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.financien);
  await page.goto("/financien");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Financiën: budget" })).toBeVisible();
  const windows = page.getByRole("table", { name: "Subsidieplafond per tijdvak" });
  await expect(windows).toBeVisible();
  await expect(page.getByRole("img", { name: /Lijngrafiek: verplichtingen en betalingen/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // The figure on the page, then the plans behind it: their total is that figure.
  const committedLink = windows.getByRole("link", { name: new RegExp(`${escapeRegExp(WINDOW)}, verplicht`) });
  // The link's text is the amount, then (visually hidden) what it is.
  const figure = ((await committedLink.textContent()) ?? "").split(" (")[0]?.trim() ?? "";
  expect(figure).toMatch(/^€/);
  await committedLink.click();
  await expect(page).toHaveURL(/\/financien\/plannen\?.*measure=committed/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Verplicht: ${WINDOW}`);
  await expect(page.getByTestId("drill-total")).toHaveText(figure);
  await expect(
    page
      .getByRole("table")
      .getByRole("rowheader", { name: /SP-2013-/ })
      .first(),
  ).toBeVisible();

  // Back to the dashboard: the table per window as XLSX, read back, carries the same figure.
  await page.goto("/financien");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Excel (XLSX) van de tabel per tijdvak" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^tijdvakken-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  const sheet = workbook.worksheets[0];
  const header = ((sheet?.getRow(1).values ?? []) as unknown[]).slice(1);
  const committedColumn = header.indexOf("Verplicht (EUR)") + 1;
  expect(committedColumn).toBeGreaterThan(0);
  let cell: unknown;
  sheet?.eachRow((row) => {
    if (row.getCell(1).value === WINDOW) cell = row.getCell(committedColumn).value;
  });
  expect(typeof cell).toBe("number");
  expect(formatEuro(centsFromEuroNumber(cell as number))).toBe(figure);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
