import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { prisma } from "../../db/client.server.ts";
import { defuseFormula, QUOTE_LINE_BREAKS } from "../csv-cell.ts";
import { centsToDecimalString } from "../money.ts";
import { amsterdamDateTimeText } from "../time/local-date.ts";
import {
  type BreakdownRow,
  breakdown,
  type DashboardScope,
  type DrillParams,
  drillDown,
  type PotRow,
  potRows,
  timeline,
} from "./dashboard.server.ts";
import type { Db } from "./reports.server.ts";

/**
 * CSV and XLSX of every dashboard table (issue 6). Amounts are euros with exactly two decimals:
 * - CSV: the decimal text "1234567.89" (dot, no grouping), written from the cents as text, so it
 *   is the exact amount; centsFromEuroText reads it back.
 * - XLSX: a numeric cell (so spreadsheets can add it up) holding cents/100 as a double, shown with
 *   the number format '#,##0.00'. The double is built from the decimal text, so it is the double
 *   nearest that decimal; exceljs writes it back out as its shortest round-trip text, which is that
 *   same decimal (a double holds 15 significant digits exactly: up to 9.999.999.999.999,99 euros).
 *   centsFromEuroNumber reverses it without floating-point arithmetic: it parses that text.
 */

export const TABLES = ["windows", "years", "sectors", "themes", "timeline", "plans"] as const;
export type TableName = (typeof TABLES)[number];

type ColumnType = "text" | "euro" | "int";
type Cell = string | bigint | number | null;
export type ExportTable = {
  /** The file name without extension. */
  name: string;
  title: string;
  columns: { header: string; type: ColumnType }[];
  rows: Cell[][];
};

/** 10^15 cents: beyond it a double no longer holds every cent (we are far below: ~10^11). */
const MAX_EXACT_CENTS = 10n ** 15n;

export function euroText(cents: bigint): string {
  if (cents >= MAX_EXACT_CENTS || cents <= -MAX_EXACT_CENTS)
    throw new RangeError(`Bedrag te groot: ${cents}`);
  return centsToDecimalString(cents);
}

export function centsFromEuroText(text: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new RangeError(`Geen bedrag: ${text}`);
  const cents = BigInt(m[2] ?? "0") * 100n + BigInt((m[3] ?? "0").padEnd(2, "0"));
  return m[1] === "-" ? -cents : cents;
}

export function centsFromEuroNumber(value: number): bigint {
  // String(0.1 + 0.2) is "0.30000000000000004": such a double never came from euroText.
  return centsFromEuroText(String(value));
}

const POT_COLUMNS = [
  { header: "Plafond (EUR)", type: "euro" },
  { header: "Gereserveerd (EUR)", type: "euro" },
  { header: "Verplicht (EUR)", type: "euro" },
  { header: "Betaald (EUR)", type: "euro" },
  { header: "Beschikbaar (EUR)", type: "euro" },
  { header: "Wachtlijst (plannen)", type: "int" },
  { header: "Wachtlijst aangevraagd (EUR)", type: "euro" },
  { header: "In behandeling, niet volledig (plannen)", type: "int" },
  { header: "In behandeling aangevraagd (EUR)", type: "euro" },
] as const;

function potCells(p: PotRow): Cell[] {
  return [
    p.ceilingCents,
    p.reservedCents,
    p.committedCents,
    p.disbursedCents,
    p.availableCents,
    p.waitingCount,
    p.waitingCents,
    p.pipelineCount,
    p.pipelineCents,
  ];
}

/** The page's footnote to its "*" (financien/dashboard.tsx), in the year table's Budget column. */
const ILLUSTRATIVE = "Illustratief: niet het werkelijke budget van dat jaar";

const KIND_LABEL = { WINDOW: "Tijdvak (subsidieplafond)", YEAR: "Begrotingsjaar" } as const;

function breakdownTable(name: string, title: string, dimension: string, rows: BreakdownRow[]): ExportTable {
  return {
    name,
    title,
    columns: [
      { header: "Soort pot", type: "text" },
      { header: `${dimension} (code)`, type: "text" },
      { header: dimension, type: "text" },
      { header: "Gereserveerd (EUR)", type: "euro" },
      { header: "Verplicht (EUR)", type: "euro" },
      { header: "Betaald (EUR)", type: "euro" },
      { header: "Aantal plannen", type: "int" },
      { header: "In behandeling, niet volledig (plannen)", type: "int" },
      { header: "In behandeling aangevraagd (EUR)", type: "euro" },
    ],
    rows: rows.map((r) => [
      KIND_LABEL[r.potKind],
      r.code,
      r.label,
      r.reservedCents,
      r.committedCents,
      r.disbursedCents,
      r.planCount,
      r.pipelineCount,
      r.pipelineCents,
    ]),
  };
}

/** The table as the dashboard (or, for "plans", the drill-down with its filters) shows it. */
export async function buildTable(
  table: TableName,
  args: { scope: DashboardScope; drill?: DrillParams },
  db: Db = prisma,
): Promise<ExportTable> {
  if (table === "plans") {
    if (!args.drill) throw new RangeError("De lijst van plannen heeft een pot of soort pot nodig.");
    const result = await drillDown(args.drill, { db, limit: null });
    return {
      name: "plannen",
      title: "Plannen achter het bedrag",
      columns: [
        { header: "Kenmerk", type: "text" },
        { header: "Titel", type: "text" },
        { header: "Aanvrager", type: "text" },
        { header: "Status", type: "text" },
        // Dutch time, as the drill-down page shows it: in UTC a plan received at 00:30 on 1 April
        // would read as received on 31 March, the day before a window's or a term's boundary.
        { header: "Ontvangen (Nederlandse tijd)", type: "text" },
        { header: "Bedrag (EUR)", type: "euro" },
      ],
      rows: result.rows.map((r) => [
        r.reference,
        r.title,
        r.organisationName,
        r.statusLabel,
        r.receivedAt ? amsterdamDateTimeText(r.receivedAt) : null,
        r.amountCents,
      ]),
    };
  }
  // Only the query behind the table asked for: the whole dashboard would run all four aggregates.
  switch (table) {
    case "windows":
      return {
        name: "tijdvakken",
        title: "Per tijdvak",
        columns: [{ header: "Tijdvak", type: "text" }, { header: "Regeling", type: "text" }, ...POT_COLUMNS],
        rows: (await potRows(db, args.scope))
          .filter((p) => p.kind === "WINDOW")
          .map((p) => [p.name, p.regulationCode, ...potCells(p)]),
      };
    case "years":
      return {
        name: "begrotingsjaren",
        title: "Per begrotingsjaar",
        columns: [
          { header: "Begrotingsjaar", type: "int" },
          { header: "Fonds", type: "text" },
          { header: "Pot", type: "text" },
          // The figures are the fund's, also when the export is limited to one regulation.
          { header: "Fonds gedeeld met", type: "text" },
          // As the page's "*": a placeholder budget is not the cabinet's figure for that year (design §2).
          { header: "Budget", type: "text" },
          ...POT_COLUMNS,
        ],
        rows: (await potRows(db, args.scope))
          .filter((p) => p.kind === "YEAR")
          .map((p) => [
            p.year,
            p.fund,
            p.name,
            p.sharedWith.map((r) => r.code).join(", "),
            p.illustrative ? ILLUSTRATIVE : "Werkelijk",
            ...potCells(p),
          ]),
      };
    case "sectors":
      return breakdownTable(
        "sectoren",
        "Per sector (hoofdsector)",
        "Sector",
        await breakdown(db, "sector", args.scope),
      );
    case "themes":
      return breakdownTable(
        "themas",
        "Per thema (niet optelbaar)",
        "Thema",
        await breakdown(db, "theme", args.scope),
      );
    case "timeline":
      return {
        name: "verloop",
        title: "Verplichtingen en betalingen per maand",
        columns: [
          { header: "Maand", type: "text" },
          { header: "Verplicht in de maand (EUR)", type: "euro" },
          { header: "Betaald in de maand (EUR)", type: "euro" },
          { header: "Verplicht cumulatief (EUR)", type: "euro" },
          { header: "Betaald cumulatief (EUR)", type: "euro" },
        ],
        rows: (await timeline(db, args.scope)).map((t) => [
          t.month,
          t.committedCents,
          t.disbursedCents,
          t.cumulativeCommittedCents,
          t.cumulativeDisbursedCents,
        ]),
      };
  }
}

/**
 * Text columns carry plan titles and organisation names typed by applicants, so they are defused
 * against spreadsheet formulas; euro and int columns are the code's own digits and stay numbers
 * (a negative amount "-100.00" too).
 */
export function toCsv(table: ExportTable): string {
  return stringify(
    [
      table.columns.map((c) => c.header),
      ...table.rows.map((row) =>
        row.map((cell, i) => {
          if (cell === null) return "";
          const type = table.columns[i]?.type;
          if (type === "euro" && typeof cell === "bigint") return euroText(cell);
          if (type === "euro" || type === "int") return String(cell);
          return defuseFormula(String(cell));
        }),
      ),
    ],
    // A BOM so that spreadsheet programs read the UTF-8 (ë, é in names) as UTF-8.
    { bom: true, record_delimiter: "windows", quoted_match: QUOTE_LINE_BREAKS },
  );
}

export async function toXlsx(table: ExportTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Sectorplanportaal";
  const sheet = workbook.addWorksheet(table.title.slice(0, 31));
  sheet.columns = table.columns.map((c) => ({
    header: c.header,
    width: Math.max(12, Math.min(48, c.header.length + 2)),
    style: c.type === "euro" ? { numFmt: "#,##0.00" } : c.type === "int" ? { numFmt: "0" } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  for (const row of table.rows) {
    sheet.addRow(
      row.map((cell, i) => {
        if (cell === null) return null;
        const type = table.columns[i]?.type;
        if (type === "euro" && typeof cell === "bigint") return Number(euroText(cell));
        if (type === "int") return Number(cell);
        // A string becomes a text cell, never a formula (exceljs writes one only from { formula }),
        // so an applicant's "=…" needs no apostrophe here.
        return String(cell);
      }),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
