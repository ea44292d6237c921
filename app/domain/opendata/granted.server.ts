import { stringify } from "csv-stringify/sync";
import type { PrismaClient, Tx } from "../../db/client.server.ts";
import { now } from "../clock.ts";
import { defuseFormula, QUOTE_LINE_BREAKS } from "../csv-cell.ts";
import { extensionLetterKey } from "../extension/rules.ts";
import { centsToDecimalString } from "../money.ts";
import { amsterdamDate, type LocalDate, localDateFromDb } from "../time/local-date.ts";
import { WITH_GRANT_STATUSES } from "../workflow/labels.ts";

/**
 * The open-data table of granted sector plans: the table the ministry publishes. By applying,
 * the lead applicant agreed that the subsidy file is made public except personal data (regulation
 * art. 2.3 lid 7; domain-facts.md §5), so it carries only what the decision says about the plan
 * and the organisation — never contact persons, e-mail addresses or bank accounts.
 *
 * A register of subsidies shows both decisions that fix the money: the verlening (what the grant
 * decision gave, per year: the "Toegekend" columns, as they always were) and, once taken, the
 * vaststelling (what the state finally owes, with its date: its own columns, never written over
 * the granted amount, which consumers read by name). A revoked grant (intrekking, art. 5.2) stays in
 * the register as revoked, settled at nil on the day of the intrekking — as the ledger books it
 * (settleAtNilOnRevocation) — rather than vanishing from it as if it had never been granted.
 *
 * Only what was made known is published: a besluit has no effect before its bekendmaking (Awb
 * 3:40), and the applicant must not read its outcome in a public register before its own letter.
 * So a grant appears once its beschikking was made available (Decision.announcedAt), a
 * vaststelling once its letter was (Settlement.announcedAt), and an intrekking once its beschikking
 * tot intrekking was stored (the REVOCATION_DECISION document: there is no revocation row, and
 * plan/view.server.ts revocationOf takes the same document as its bekendmaking). Until then the
 * register shows the last state that was made known: a settled plan as "vaststelling aangevraagd"
 * (settle comes only from SETTLEMENT_REQUESTED), a revoked one as the grant it still was.
 */

/** Plans with a grant in force (WITH_GRANT_STATUSES). */
export const PUBLISHED_STATUSES = WITH_GRANT_STATUSES;

/**
 * The published status: the plan's own, or REVOKED for a revoked grant — in the database a revoked
 * plan is WITHDRAWN like a withdrawn application (workflow/labels.ts), its revoke event tells them apart.
 */
export type PublishedStatus = (typeof PUBLISHED_STATUSES)[number] | "REVOKED";

export const STATUS_LABEL: Record<PublishedStatus, string> = {
  GRANTED: "toegekend",
  PARTIALLY_GRANTED: "gedeeltelijk toegekend",
  IN_EXECUTION: "in uitvoering",
  SETTLEMENT_REQUESTED: "vaststelling aangevraagd",
  SETTLED: "vastgesteld",
  REVOKED: "ingetrokken",
};

export type GrantedPlan = {
  reference: string;
  title: string;
  regulation: string;
  /** The labels of the plan's sectors, from its regulation's list (bijlage 3). */
  sectors: string[];
  /** The labels of the labour-market regions a regional plan covers (then sectors is empty). */
  regions: string[];
  leadApplicant: string;
  periodStart: LocalDate | null;
  periodEnd: LocalDate | null;
  status: PublishedStatus;
  /** Granted cents per calendar year, by the grant decision (also for a revoked grant: what it gave). */
  years: Map<number, bigint>;
  totalCents: bigint;
  /** The settled amount once the vaststelling is taken (0 for a revoked grant); null before. */
  settledCents: bigint | null;
  /** The day (Dutch time) of the vaststelling, or of the intrekking that set the grant at nil. */
  settledOn: LocalDate | null;
  /** The day (Dutch time) the grant was revoked; null when it was not. */
  revokedOn: LocalDate | null;
};

export type GrantedTable = {
  generatedAt: Date;
  /** Every year that has a granted amount in some plan, ascending: one column each. */
  years: number[];
  plans: GrantedPlan[];
  /** settledCents: the sum over the plans that have a settled amount (revoked ones at nil). */
  totals: { years: Map<number, bigint>; totalCents: bigint; settledCents: bigint };
};

type Row = {
  reference: string;
  title: string;
  regulation: string;
  sectors: string[] | null;
  regions: string[] | null;
  leadApplicant: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  status: (typeof PUBLISHED_STATUSES)[number] | "WITHDRAWN";
  /** The grant decision's outcome: what a revoked plan was before its intrekking was made known. */
  outcome: "GRANTED" | "PARTIALLY_GRANTED";
  years: { year: number; cents: string }[];
  settledCents: string | null;
  settledAt: Date | null;
  revokedAt: Date | null;
  revocationAnnouncedAt: Date | null;
};

/**
 * One query for the whole table: plans, their sector and region labels, their granted years, their
 * settlement and their revocation, in order of kenmerk number; each decision only once made known.
 * A WITHDRAWN plan is published only when a revoke event made it so (with its grant decision): a
 * withdrawn application was never granted.
 */
export async function grantedTable(db: PrismaClient | Tx, at: Date = now()): Promise<GrantedTable> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT p.reference,
           p.title,
           r.title AS regulation,
           (SELECT array_agg(s.elem->>'label' ORDER BY array_position(p."sectorCodes", s.elem->>'code'))
              FROM jsonb_array_elements(r.sectors) AS s(elem)
             WHERE s.elem->>'code' = ANY(p."sectorCodes")) AS sectors,
           (SELECT array_agg(g.elem->>'label' ORDER BY array_position(p."regionCodes", g.elem->>'code'))
              FROM jsonb_array_elements(r.regions) AS g(elem)
             WHERE g.elem->>'code' = ANY(p."regionCodes")) AS regions,
           o.name AS "leadApplicant",
           p."periodStart",
           -- A verlenging is public with its letter (Awb 3:40): until then the period it extended.
           COALESCE(
             (SELECT x."previousPeriodEnd"
                FROM "PlanExtension" x
               WHERE x."planId" = p.id AND x.status = 'GRANTED'
                 AND NOT EXISTS (SELECT 1 FROM "Document" doc
                                  WHERE doc."idempotencyKey" = ${extensionLetterKey("")} || x.id)
               ORDER BY x."decidedAt" ASC
               LIMIT 1),
             p."periodEnd") AS "periodEnd",
           p.status::text AS status,
           d.outcome::text AS outcome,
           COALESCE(
             json_agg(json_build_object('year', dy.year, 'cents', dy."grantedCents"::text) ORDER BY dy.year)
               FILTER (WHERE dy.year IS NOT NULL),
             '[]'::json) AS years,
           st."settledCents"::text AS "settledCents",
           st."settledAt",
           rv."revokedAt",
           rv."revocationAnnouncedAt"
      FROM "Plan" p
      JOIN "Organisation" o ON o.id = p."organisationId"
      JOIN "Regulation" r ON r.id = p."regulationId"
      JOIN "Decision" d ON d."planId" = p.id AND d.outcome IN ('GRANTED', 'PARTIALLY_GRANTED')
                       AND d."announcedAt" IS NOT NULL
      LEFT JOIN "DecisionYear" dy ON dy."decisionId" = d.id
      LEFT JOIN "Settlement" st ON st."planId" = p.id AND st."settledAt" IS NOT NULL
                               AND st."announcedAt" IS NOT NULL
      LEFT JOIN LATERAL (
        SELECT max(e."createdAt") AS "revokedAt",
               (SELECT min(doc."createdAt")
                  FROM "Document" doc
                 WHERE doc."planId" = p.id AND doc.kind = 'REVOCATION_DECISION') AS "revocationAnnouncedAt"
          FROM "WorkflowEvent" e
         WHERE e."planId" = p.id AND e.event = 'revoke'
      ) rv ON true
     WHERE (p.status::text = ANY(${[...PUBLISHED_STATUSES]}::text[])
            OR (p.status = 'WITHDRAWN' AND rv."revokedAt" IS NOT NULL))
       -- The demonstration regulation's grants are no grants of the state.
       AND NOT r."isDemonstration"
     GROUP BY p.id, r.id, o.id, d.id, st.id, rv."revokedAt", rv."revocationAnnouncedAt"
     ORDER BY p.number`;

  const totalsByYear = new Map<number, bigint>();
  let grandTotal = 0n;
  let settledTotal = 0n;
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
    // An intrekking sets the grant at nil on its day (the ledger settles it at 0 in the same event),
    // once made known; before that the grant is still what the public was told.
    const revokedOn =
      row.status === "WITHDRAWN" && row.revokedAt && row.revocationAnnouncedAt
        ? amsterdamDate(row.revokedAt)
        : null;
    const settledCents = revokedOn ? 0n : row.settledCents === null ? null : BigInt(row.settledCents);
    const settledOn = revokedOn ?? (row.settledAt ? amsterdamDate(row.settledAt) : null);
    if (settledCents !== null) settledTotal += settledCents;
    let status: PublishedStatus;
    if (row.status === "WITHDRAWN") status = revokedOn ? "REVOKED" : row.outcome;
    else if (row.status === "SETTLED" && settledCents === null) status = "SETTLEMENT_REQUESTED";
    else status = row.status;
    return {
      reference: row.reference,
      title: row.title,
      regulation: row.regulation,
      sectors: row.sectors ?? [],
      regions: row.regions ?? [],
      leadApplicant: row.leadApplicant,
      periodStart: row.periodStart ? localDateFromDb(row.periodStart) : null,
      periodEnd: row.periodEnd ? localDateFromDb(row.periodEnd) : null,
      status,
      years,
      totalCents: total,
      settledCents,
      settledOn: settledCents === null ? null : settledOn,
      revokedOn,
    };
  });
  const years = [...totalsByYear.keys()].sort((a, b) => a - b);
  return {
    generatedAt: at,
    years,
    plans,
    totals: { years: totalsByYear, totalCents: grandTotal, settledCents: settledTotal },
  };
}

/**
 * The CSV. Dutch government open data (CBS StatLine, DUO, data.overheid.nl downloads) is mostly
 * published with `;` between fields and a decimal comma, because that is what Excel with Dutch
 * regional settings reads as columns and numbers on a double click; a `,`-separated file with
 * decimal points opens there as one column or with amounts misread as thousands. Hence `;`, a
 * decimal comma without thousands separators (so a parser only swaps one character), UTF-8 with
 * a BOM (Excel otherwise reads it as Windows-1252 and mangles "ë"), CRLF line ends (RFC 4180).
 * The JSON carries the same figures with decimal points for programs. The last row holds the totals.
 * Columns added later come after the existing ones, so a reader by name or by position keeps working.
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
    "Vastgesteld totaal (EUR)",
    "Vaststellingsdatum",
    "Intrekkingsdatum",
    // A regional plan (coverage REGIONS) has no sector: where it applies is its regions.
    "Arbeidsmarktregio",
  ];
  const amount = (cents: bigint | undefined) => centsToDecimalString(cents ?? 0n, ",");
  // Not yet settled is an empty cell, not 0,00: nil is a decision, "not yet" is none.
  const settled = (cents: bigint | null) => (cents === null ? "" : amount(cents));
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
    settled(p.settledCents),
    p.settledOn ?? "",
    p.revokedOn ?? "",
    defuseFormula(p.regions.join(", ")),
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
    amount(table.totals.settledCents),
    "",
    "",
    "",
  ];
  return stringify([header, ...records, totals], {
    delimiter: ";",
    bom: true,
    record_delimiter: "windows",
    quoted_match: QUOTE_LINE_BREAKS,
  });
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
      "Toegekende sectorplannen: toegekend bedrag per kalenderjaar volgens de subsidiebeschikking (grantedPerYear, grantedTotal) en, zodra de subsidie is vastgesteld, het vastgestelde bedrag met de datum van de vaststelling (settledTotal, settledOn; null zolang niet vastgesteld). Een ingetrokken verlening heeft status REVOKED, het toegekende bedrag zoals verleend, settledTotal 0.00 en de datum van de intrekking (revokedOn). Een besluit staat hier pas zodra het aan de aanvrager bekend is gemaakt. Een regionaal sectorplan heeft geen sector maar arbeidsmarktregio's (regions). Bedragen in euro als decimale tekenreeks.",
    years: table.years,
    plans: table.plans.map((p) => ({
      reference: p.reference,
      title: p.title,
      regulation: p.regulation,
      sectors: p.sectors,
      regions: p.regions,
      leadApplicant: p.leadApplicant,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      status: p.status,
      statusLabel: STATUS_LABEL[p.status],
      grantedPerYear: perYear(p.years),
      grantedTotal: centsToDecimalString(p.totalCents),
      settledTotal: p.settledCents === null ? null : centsToDecimalString(p.settledCents),
      settledOn: p.settledOn,
      revokedOn: p.revokedOn,
    })),
    totals: {
      grantedPerYear: perYear(table.totals.years),
      grantedTotal: centsToDecimalString(table.totals.totalCents),
      settledTotal: centsToDecimalString(table.totals.settledCents),
    },
  };
}

/** Public data that changes only with a decision: caches may keep it a few minutes. */
export const OPEN_DATA_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=600";
