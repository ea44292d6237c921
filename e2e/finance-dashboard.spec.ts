import ExcelJS from "exceljs";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { balancesFromEntries } from "../app/domain/budget/balances.ts";
import { potRows } from "../app/domain/budget/dashboard.server.ts";
import { centsFromEuroNumber } from "../app/domain/budget/export.server.ts";
import { checkLedger } from "../app/domain/budget/reports.server.ts";
import { formatEuroDigits } from "../app/domain/money.ts";
import { expect, test } from "./fixtures.ts";
import { axeViolations, hydrated, loginAs, USERS } from "./helpers.ts";

// The seeded historic window (2013) holds commitments of granted plans; other specs work in the
// demonstration window, so its figures stay put while this runs.
const WINDOW = "Subsidieplafond Tijdvak 1 (2013)";

test.afterAll(async () => {
  await disconnectPrisma();
});

// On the seeded database (the browser tests run on it): every pot figure of the dashboard equals
// what ledger:check computes from the entries, read in one snapshot while other tests book.
test("on the seeded data the dashboard's figures are those ledger:check computes", async () => {
  const { rows, sums, problems } = await prisma.$transaction(
    async (tx) => ({
      rows: await potRows(tx),
      sums: await tx.ledgerEntry.groupBy({ by: ["potId", "kind", "releases"], _sum: { amountCents: true } }),
      problems: await checkLedger(tx),
    }),
    { isolationLevel: "RepeatableRead", timeout: 60_000 },
  );
  expect(problems).toEqual([]);
  // The seed books every kind of entry: reservations (waiting list), commitments, releases,
  // disbursements (paid batches); a dashboard of zeros would prove nothing.
  expect([...new Set(sums.map((s) => s.kind))]).toEqual(
    expect.arrayContaining(["RESERVATION", "COMMITMENT", "RELEASE", "DISBURSEMENT"]),
  );
  expect(rows.length).toBeGreaterThan(5);
  for (const row of rows) {
    const fromEntries = balancesFromEntries(
      sums
        .filter((s) => s.potId === row.potId)
        .map((s) => ({ kind: s.kind, releases: s.releases, amountCents: s._sum.amountCents ?? 0n })),
    );
    expect({ pot: row.name, ...fromEntries }).toEqual({
      pot: row.name,
      reservedCents: row.reservedCents,
      committedCents: row.committedCents,
      disbursedCents: row.disbursedCents,
    });
    expect(row.availableCents).toBe(row.ceilingCents - row.reservedCents - row.committedCents);
  }
});

test("finance sees the budget dashboard, drills down from a figure to its plans, exports it as XLSX and reads the chart as a table", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.financien, "/financien");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Financiën: budget" })).toBeVisible();
  const windows = page.getByRole("table", { name: "Subsidieplafond per tijdvak (bedragen in euro)" });
  await expect(windows).toBeVisible();
  await expect(page.getByRole("img", { name: /Lijngrafiek: verplichtingen en betalingen/ })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // The figure on the page, then the plans behind it: their total is that figure.
  const committedLink = windows.getByRole("link", { name: new RegExp(`${escapeRegExp(WINDOW)}, verplicht`) });
  // The link's text is the amount (the caption says it is in euros), then (visually hidden) what it is.
  const figure = ((await committedLink.textContent()) ?? "").split(" (")[0]?.trim() ?? "";
  expect(figure).toMatch(/^\d{1,3}(\.\d{3})*,\d\d$/);
  await committedLink.click();
  await expect(page).toHaveURL(/\/financien\/plannen\?.*measure=committed/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Verplicht: ${WINDOW}`);
  await expect(page.getByTestId("drill-total")).toHaveText(`€\u00a0${figure}`);
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
  expect(formatEuroDigits(centsFromEuroNumber(cell as number))).toBe(figure);

  // The chart's figures are a table of their own, ending on the figures the chart's name gives.
  // Scoped to the real scheme, whose windows are closed: other specs grant in the demonstration
  // regulation meanwhile, and once did between reading the chart and opening its table.
  await page
    .getByLabel("Regeling")
    .selectOption({ label: "RCS-2013 — Regeling cofinanciering sectorplannen" });
  await page.getByRole("button", { name: "Toon" }).click();
  await expect(page).toHaveURL(/\/financien\?regeling=/);
  // The address changes before React has rendered the filtered figures (CI once read the chart of
  // all regulations here). The chart's link to its table is rendered with the chart, in the same
  // commit, so once it carries the regulation the chart shows that regulation's figures.
  const tableLink = page.getByRole("link", { name: "De cijfers van de grafiek als tabel" });
  await expect(tableLink).toHaveAttribute("href", /\/financien\/verloop\?regeling=/);
  // On a laptop's screen both pot tables fit: all eight columns in view, nothing to scroll.
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const name of [
    "Subsidieplafond per tijdvak (bedragen in euro)",
    "Budget per begrotingsjaar (bedragen in euro)",
  ]) {
    const overflow = await page
      .getByRole("table", { name })
      .evaluate((table) => table.getBoundingClientRect().width - (table.parentElement?.clientWidth ?? 0));
    expect(overflow, name).toBeLessThanOrEqual(1);
  }
  const chartName = (await page.getByRole("img", { name: /Lijngrafiek/ }).getAttribute("aria-label")) ?? "";
  const end = /eind: verplicht (.+), betaald (.+)\.$/.exec(chartName);
  expect(end).not.toBeNull();
  await tableLink.click();
  await expect(page).toHaveURL(/\/financien\/verloop\?regeling=/);
  const months = page.getByRole("table", { name: "Verplicht en betaald per maand en cumulatief" });
  await expect(months).toBeVisible();
  // Month, then in the month (twice), then cumulative committed and paid.
  const lastMonth = months.getByRole("row").last();
  await expect(lastMonth.getByRole("cell").nth(2)).toHaveText(end?.[1] ?? "?");
  await expect(lastMonth.getByRole("cell").nth(3)).toHaveText(end?.[2] ?? "?");
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole("link", { name: "budgetoverzicht" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Financiën: budget" })).toBeVisible();
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

test("the drill-down without a chosen amount says what to do, titled, with a way back", async ({
  browser,
}) => {
  const finance = await loginAs(browser, USERS.financien, null);
  const response = await finance.goto("/financien/plannen");
  expect(response?.status()).toBe(400);
  await expect(finance.getByRole("heading", { level: 1 })).toHaveText("Er ging iets mis (400)");
  await expect(
    finance.getByText("Kies een bedrag van het dashboard (bijvoorbeeld verplicht)."),
  ).toBeVisible();
  await expect(finance).toHaveTitle("Er ging iets mis (400) — Sectorplanportaal");
  await finance.getByRole("main").getByRole("link", { name: "Naar de startpagina" }).click();
  await expect(finance).toHaveURL(/:\d+\/$/);
});
