// Type-only import: case-file.server.ts imports this module's value, so no value may flow back.

import { csvBytes, csvCell } from "../csv-cell.ts";
import type { CaseFileEntry, CaseFilePart } from "../documents/case-file.server.ts";
import { readDocument } from "../documents/store.server.ts";
import { centsToDecimalString } from "../money.ts";
import { isLate } from "../settlement/terms.ts";
import { formatDateNl, formatDateTimeNl, localDateFromDb } from "../time/index.ts";

/**
 * A cell of a report's CSV: text through csvCell (the summary and the note are the applicant's and
 * the handler's own words), an amount the code formatted itself as a bare decimal-comma number, so
 * that a spreadsheet adds it up (as the payment batch's CSV writes its amounts).
 */
type Cell = string | { euroCents: bigint } | number;

function cell(c: Cell): string {
  if (typeof c === "number") return String(c);
  if (typeof c === "string") return csvCell(c);
  return centsToDecimalString(c.euroCents, ",");
}

function csv(rows: Cell[][]): Uint8Array {
  return csvBytes(rows.map((r) => r.map(cell)));
}

type ReportCost = {
  year: number;
  actualCents: bigint;
  participants: number;
  measure: { id: string; position: number; title: string };
};

/**
 * The figures of one report: the participants per measure (the report keeps them on one year's
 * row, so they are summed over its rows) and the costs per measure and year, each with its total.
 */
function figureRows(costs: ReportCost[]): Cell[][] {
  const sorted = [...costs].sort(
    (a, b) =>
      a.measure.position - b.measure.position || a.measure.id.localeCompare(b.measure.id) || a.year - b.year,
  );
  const measures = [...new Map(sorted.map((c) => [c.measure.id, c.measure])).values()];
  const participantsOf = (id: string) =>
    sorted.filter((c) => c.measure.id === id).reduce((n, c) => n + c.participants, 0);
  const total = (list: ReportCost[]) => ({ euroCents: list.reduce((s, c) => s + c.actualCents, 0n) });
  return [
    ["Deelnemers per maatregel"],
    ["maatregel", "deelnemers"],
    ...measures.map((m): Cell[] => [m.title, participantsOf(m.id)]),
    ["totaal", sorted.reduce((n, c) => n + c.participants, 0)],
    [],
    ["Werkelijke kosten per maatregel en jaar"],
    ["maatregel", "jaar", "kosten (EUR)"],
    ...sorted.map((c): Cell[] => [c.measure.title, c.year, { euroCents: c.actualCents }]),
    ...measures.map((m): Cell[] => [
      m.title,
      "alle jaren",
      total(sorted.filter((c) => c.measure.id === m.id)),
    ]),
    ["totaal", "alle jaren", total(sorted)],
  ];
}

function submissionRows(
  r: { submittedAt: Date; dueOn: Date | null; participantsReached: number | null; summary: string },
  submittedBy: string,
): Cell[][] {
  const due = r.dueOn ? localDateFromDb(r.dueOn) : null;
  return [
    ["ingediend (UTC)", r.submittedAt.toISOString()],
    ["ingediend (Nederlandse tijd)", formatDateTimeNl(r.submittedAt)],
    ["ingediend door", submittedBy],
    ["uiterste datum", due ? formatDateNl(due) : "geen"],
    ["te laat ingediend", due && isLate(due, r.submittedAt) ? "ja" : "nee"],
    ["deelnemers bereikt (totaal)", r.participantsReached ?? 0],
    ["samenvatting", r.summary],
  ];
}

const costsSelect = {
  orderBy: [{ year: "asc" as const }],
  select: {
    year: true,
    actualCents: true,
    participants: true,
    measure: { select: { id: true, position: true, title: true } },
  },
};

/**
 * The reports the organisation handed in (regulation art. 5.4 and 5.5): each interim report and
 * the realisation report, one CSV each, with the handler's reading of an interim report. Drafts
 * are the organisation's work in progress, not part of the record, and are left out.
 */
export const reportsPart: CaseFilePart = {
  name: "Verslagen",
  async entries({ db, store, plan }) {
    const [interims, realisation] = await Promise.all([
      db.interimReport.findMany({
        where: { planId: plan.id, submittedAt: { not: null } },
        orderBy: { afterMonths: "asc" },
        select: {
          afterMonths: true,
          dueOn: true,
          participantsReached: true,
          summary: true,
          submittedAt: true,
          submittedById: true,
          reviewedAt: true,
          reviewedById: true,
          reviewNote: true,
          auditReportDocumentId: true,
          costs: costsSelect,
        },
      }),
      db.realisationReport.findFirst({
        where: { planId: plan.id, submittedAt: { not: null } },
        select: {
          dueOn: true,
          participantsReached: true,
          summary: true,
          submittedAt: true,
          submittedById: true,
          costs: costsSelect,
        },
      }),
    ]);
    const userIds = [
      ...interims.flatMap((r) => [r.submittedById, r.reviewedById]),
      realisation?.submittedById,
    ].filter((id): id is string => !!id);
    const users =
      userIds.length === 0
        ? []
        : await db.user.findMany({
            where: { id: { in: [...new Set(userIds)] } },
            select: { id: true, name: true },
          });
    const name = new Map(users.map((u) => [u.id, u.name]));
    const nameOf = (id: string | null | undefined) => (id ? (name.get(id) ?? "") : "");

    const out: CaseFileEntry[] = [];
    for (const r of interims) {
      if (!r.submittedAt) continue;
      const title = `Tussentijds voortgangsverslag na de ${r.afterMonths}e maand`;
      const late = isLate(localDateFromDb(r.dueOn), r.submittedAt);
      const reading: Cell[][] = r.reviewedAt
        ? [
            ["gelezen door de behandelaar (UTC)", r.reviewedAt.toISOString()],
            ["gelezen door de behandelaar (Nederlandse tijd)", formatDateTimeNl(r.reviewedAt)],
            ["gelezen door", nameOf(r.reviewedById)],
            ["opmerking bij het lezen", r.reviewNote ?? ""],
          ]
        : [["gelezen door de behandelaar", "nog niet"]];
      out.push({
        path: `verslagen/tussentijds-verslag-na-${r.afterMonths}-maanden.csv`,
        bytes: csv([
          ["verslag", `${title} (art. 5.4)`],
          ["sectorplan", plan.reference],
          ...submissionRows({ ...r, submittedAt: r.submittedAt }, nameOf(r.submittedById)),
          ...reading,
          [],
          ...figureRows(r.costs),
        ]),
        description: `${title}, ingediend ${formatDateTimeNl(r.submittedAt)}${late ? " (te laat)" : ""}${
          r.reviewedAt ? `, gelezen ${formatDateTimeNl(r.reviewedAt)}` : ", nog niet gelezen"
        }`,
        // The file holds the reading too: its time is the last thing it records.
        at: r.reviewedAt ?? r.submittedAt,
      });
      // The accountant's controleverklaring handed in with it (art. 5.4 lid 4), its hash checked.
      if (r.auditReportDocumentId) {
        const { doc, bytes } = await readDocument(r.auditReportDocumentId, db, store);
        out.push({
          path: `verslagen/controleverklaring-tussentijds-verslag-na-${r.afterMonths}-maanden.pdf`,
          bytes,
          description: `${doc.title}, toegevoegd ${formatDateTimeNl(doc.createdAt)}`,
          at: r.submittedAt,
        });
      }
    }
    if (realisation?.submittedAt) {
      const late = !!realisation.dueOn && isLate(localDateFromDb(realisation.dueOn), realisation.submittedAt);
      out.push({
        path: "verslagen/realisatieverslag.csv",
        bytes: csv([
          ["verslag", "Realisatieverslag (art. 5.5)"],
          ["sectorplan", plan.reference],
          ...submissionRows(
            { ...realisation, submittedAt: realisation.submittedAt },
            nameOf(realisation.submittedById),
          ),
          [],
          ...figureRows(realisation.costs),
        ]),
        description: `Realisatieverslag, ingediend ${formatDateTimeNl(realisation.submittedAt)}${late ? " (te laat)" : ""}`,
        at: realisation.submittedAt,
      });
    }
    return out;
  },
};
