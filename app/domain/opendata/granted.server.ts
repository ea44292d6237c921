import { stringify } from "csv-stringify/sync";
import type { PrismaClient, Tx } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { now } from "../clock.ts";
import { defuseFormula } from "../csv-cell.ts";
import { centsToDecimalString } from "../money.ts";
import { type LocalDate, localDateFromDb } from "../time/local-date.ts";

/**
 * The open-data table of granted sector plans: the table the ministry publishes. By applying,
 * the lead applicant agreed that the subsidy file is made public except personal data (regulation
 * art. 2.3 lid 7; domain-facts.md §5), so it carries only what the decision says about the plan
 * and the organisation — never contact persons, e-mail addresses or bank accounts.
 */

/** Plans with a grant in force: granted in full or in part, in execution, in or after settlement. */
export const PUBLISHED_STATUSES = [
  "GRANTED",
  "PARTIALLY_GRANTED",
  "IN_EXECUTION",
  "SETTLEMENT_REQUESTED",
  "SETTLED",
] as const satisfies readonly PlanStatus[];

export const STATUS_LABEL: Record<(typeof PUBLISHED_STATUSES)[number], string> = {
  GRANTED: "toegekend",
  PARTIALLY_GRANTED: "gedeeltelijk toegekend",
  IN_EXECUTION: "in uitvoering",
  SETTLEMENT_REQUESTED: "vaststelling aangevraagd",
  SETTLED: "vastgesteld",
};

export type GrantedPlan = {
  reference: string;
  title: string;
  regulation: string;
  /** The labels of the plan's sectors, from its regulation's list (bijlage 3). */
  sectors: string[];
  leadApplicant: string;
  periodStart: LocalDate | null;
  periodEnd: LocalDate | null;
  status: (typeof PUBLISHED_STATUSES)[number];
  /** Granted cents per calendar year, by the grant decision. */
  years: Map<number, bigint>;
  totalCents: bigint;
};

export type GrantedTable = {
  generatedAt: Date;
  /** Every year that has a granted amount in some plan, ascending: one column each. */
  years: number[];
  plans: GrantedPlan[];
  totals: { years: Map<number, bigint>; totalCents: bigint };
};

type Row = {
  reference: string;
  title: string;
  regulation: string;
  sectors: string[] | null;
  leadApplicant: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  status: GrantedPlan["status"];
  years: { year: number; cents: string }[];
};

/** One query for the whole table: plans, their sector labels and their granted years, in order of kenmerk number. */
export async function grantedTable(db: PrismaClient | Tx, at: Date = now()): Promise<GrantedTable> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT p.reference,
           p.title,
           r.title AS regulation,
           (SELECT array_agg(s.elem->>'label' ORDER BY array_position(p."sectorCodes", s.elem->>'code'))
              FROM jsonb_array_elements(r.sectors) AS s(elem)
             WHERE s.elem->>'code' = ANY(p."sectorCodes")) AS sectors,
           o.name AS "leadApplicant",
           p."periodStart",
           p."periodEnd",
           p.status::text AS status,
           COALESCE(
             json_agg(json_build_object('year', dy.year, 'cents', dy."grantedCents"::text) ORDER BY dy.year)
               FILTER (WHERE dy.year IS NOT NULL),
             '[]'::json) AS years
      FROM "Plan" p
      JOIN "Organisation" o ON o.id = p."organisationId"
      JOIN "Regulation" r ON r.id = p."regulationId"
      JOIN "Decision" d ON d."planId" = p.id AND d.outcome IN ('GRANTED', 'PARTIALLY_GRANTED')
      LEFT JOIN "DecisionYear" dy ON dy."decisionId" = d.id
     WHERE p.status::text = ANY(${[...PUBLISHED_STATUSES]}::text[])
     GROUP BY p.id, r.id, o.id
     ORDER BY p.number`;

  const totalsByYear = new Map<number, bigint>();
  let grandTotal = 0n;
  const plans = rows.map((row): GrantedPlan => {
    const years = new Map<number, bigint>();
    let total = 0n;
    for (const y of row.years) {
      const cents = BigInt(y.cents);
      years.set(y.year, cents);
      total += cents;
      totalsByYear.set(y.year, (totalsByYear.get(y.year) ?? 0n) + cents);
    }
    grandTotal += total;
    return {
      reference: row.reference,
      title: row.title,
      regulation: row.regulation,
      sectors: row.sectors ?? [],
      leadApplicant: row.leadApplicant,
      periodStart: row.periodStart ? localDateFromDb(row.periodStart) : null,
      periodEnd: row.periodEnd ? localDateFromDb(row.periodEnd) : null,
      status: row.status,
      years,
      totalCents: total,
    };
  });
  const years = [...totalsByYear.keys()].sort((a, b) => a - b);
  return { generatedAt: at, years, plans, totals: { years: totalsByYear, totalCents: grandTotal } };
}

/**
 * The CSV. Dutch government open data (CBS StatLine, DUO, data.overheid.nl downloads) is mostly
 * published with `;` between fields and a decimal comma, because that is what Excel with Dutch
 * regional settings reads as columns and numbers on a double click; a `,`-separated file with
 * decimal points opens there as one column or with amounts misread as thousands. Hence `;`, a
 * decimal comma without thousands separators (so a parser only swaps one character), UTF-8 with
 * a BOM (Excel otherwise reads it as Windows-1252 and mangles "ë"), CRLF line ends (RFC 4180).
 * The JSON carries the same figures with decimal points for programs. The last row holds the totals.
 */
export function grantedCsv(table: GrantedTable): string {
  const header = [
    "Kenmerk",
    "Naam sectorplan",
    "Regeling",
    "Sector",
    "Hoofdaanvrager",
    "Begindatum",
    "Einddatum",
    "Status",
    ...table.years.map((y) => `Toegekend ${y} (EUR)`),
    "Toegekend totaal (EUR)",
  ];
  const amount = (cents: bigint | undefined) => centsToDecimalString(cents ?? 0n, ",");
  // The title and the organisation name are the applicant's own text: defused, so that a
  // spreadsheet never runs them as a formula. The amounts stay numbers.
  const records = table.plans.map((p) => [
    defuseFormula(p.reference),
    defuseFormula(p.title),
    defuseFormula(p.regulation),
    defuseFormula(p.sectors.join(", ")),
    defuseFormula(p.leadApplicant),
    p.periodStart ?? "",
    p.periodEnd ?? "",
    STATUS_LABEL[p.status],
    ...table.years.map((y) => amount(p.years.get(y))),
    amount(p.totalCents),
  ]);
  const totals = [
    "Totaal",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    ...table.years.map((y) => amount(table.totals.years.get(y))),
    amount(table.totals.totalCents),
  ];
  return stringify([header, ...records, totals], { delimiter: ";", bom: true, record_delimiter: "windows" });
}

/** The JSON: amounts as exact decimal strings in euros ("1234567.89"), never as floats. */
export function grantedJson(table: GrantedTable) {
  const perYear = (m: Map<number, bigint>) =>
    Object.fromEntries(
      [...m].sort(([a], [b]) => a - b).map(([y, c]) => [String(y), centsToDecimalString(c)]),
    );
  return {
    generatedAt: table.generatedAt.toISOString(),
    currency: "EUR",
    description:
      "Toegekende sectorplannen: toegekend bedrag per kalenderjaar volgens de subsidiebeschikking. Bedragen in euro als decimale tekenreeks.",
    years: table.years,
    plans: table.plans.map((p) => ({
      reference: p.reference,
      title: p.title,
      regulation: p.regulation,
      sectors: p.sectors,
      leadApplicant: p.leadApplicant,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      status: p.status,
      statusLabel: STATUS_LABEL[p.status],
      grantedPerYear: perYear(p.years),
      grantedTotal: centsToDecimalString(p.totalCents),
    })),
    totals: {
      grantedPerYear: perYear(table.totals.years),
      grantedTotal: centsToDecimalString(table.totals.totalCents),
    },
  };
}

/** Public data that changes only with a decision: caches may keep it a few minutes. */
export const OPEN_DATA_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=600";
