import { TableBody, TableCaption, TableHeader } from "@rijkshuisstijl-community/components-react";
import type { PotRow } from "../../domain/budget/dashboard.server.ts";
import { formatEuro, formatEuroDigits } from "../../domain/money.ts";
import { formatDate } from "../format.ts";
import { Link } from "../link.tsx";
import { Table } from "../table.tsx";
import { TableCell, TableRow } from "../table-cell.tsx";
import { TableHeaderCell } from "../table-header-cell.tsx";
import { type DrillLink, drillHref } from "./links.ts";

type Format = (cents: bigint) => string;

/** An amount that opens the plans behind it; a zero needs no drill-down. */
export function Figure({
  cents,
  link,
  what,
  format = formatEuro,
}: {
  cents: bigint;
  link: DrillLink;
  what: string;
  format?: Format;
}) {
  if (cents === 0n) return <>{format(cents)}</>;
  return (
    <Link href={drillHref(link)}>
      {format(cents)}
      <span className="sp-visually-hidden"> ({what}: toon de plannen)</span>
    </Link>
  );
}

/** The three ledger figures of a row (reserved, committed, disbursed), each a drill-down link. */
export function LedgerCells({
  row,
  base,
  what,
  format,
}: {
  row: { reservedCents: bigint; committedCents: bigint; disbursedCents: bigint };
  base: Omit<DrillLink, "measure">;
  what: string;
  format?: Format;
}) {
  const cells = [
    ["reserved", row.reservedCents, "gereserveerd"],
    ["committed", row.committedCents, "verplicht"],
    ["disbursed", row.disbursedCents, "betaald"],
  ] as const;
  return (
    <>
      {cells.map(([measure, cents, label]) => (
        <TableCell key={measure} className="sp-money">
          <Figure cents={cents} link={{ ...base, measure }} what={`${what}, ${label}`} format={format} />
        </TableCell>
      ))}
    </>
  );
}

function CountAndAmount({
  count,
  cents,
  link,
  what,
}: {
  count: number;
  cents: bigint;
  link: DrillLink;
  what: string;
}) {
  const text = `${count} ${count === 1 ? "plan" : "plannen"}`;
  return count === 0 ? (
    <>—</>
  ) : (
    <>
      <Link href={drillHref(link)}>
        {text}
        <span className="sp-visually-hidden"> ({what}: toon de plannen)</span>
      </Link>
      <br />
      {formatEuroDigits(cents)}
    </>
  );
}

/**
 * Per tijdvak or per begrotingsjaar: the balance row of each pot, the waiting list and the pipeline.
 * Seven amount columns: with compact cells and the euro sign once in the caption instead of in
 * every cell, the table fits a 1280 px laptop screen (it scrolled its last two columns, the
 * waiting list and the pipeline, out of sight). The amounts stay exact to the cent. Each row's
 * links filter as its figures count (PotRow.drillRegulationId): a year row is its fund's.
 */
export function PotTable({
  caption,
  rows,
  kind,
  regeling,
}: {
  caption: string;
  rows: PotRow[];
  kind: "WINDOW" | "YEAR";
  /** The dashboard's regulation filter: the drill-down's way back keeps it (DrillLink.dashboardRegeling). */
  regeling?: string;
}) {
  return (
    <Table className="sp-table--compact">
      <TableCaption>
        {caption} <small>(bedragen in euro)</small>
      </TableCaption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">{kind === "WINDOW" ? "Tijdvak" : "Begrotingsjaar"}</TableHeaderCell>
          <TableHeaderCell scope="col" className="sp-money">
            Plafond
          </TableHeaderCell>
          <TableHeaderCell scope="col" className="sp-money">
            Gereserveerd
          </TableHeaderCell>
          <TableHeaderCell scope="col" className="sp-money">
            Verplicht
          </TableHeaderCell>
          <TableHeaderCell scope="col" className="sp-money">
            Betaald
          </TableHeaderCell>
          <TableHeaderCell scope="col" className="sp-money">
            Beschikbaar
          </TableHeaderCell>
          <TableHeaderCell scope="col" className="sp-money">
            Wachtlijst
          </TableHeaderCell>
          <TableHeaderCell scope="col" className="sp-money">
            Ingediend, nog niet volledig
          </TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((p) => {
          const base = {
            pot: p.potId,
            regeling: p.drillRegulationId ?? undefined,
            dashboardRegeling: regeling,
          };
          const name =
            kind === "WINDOW"
              ? p.name
              : `${p.year}${p.fund ? ` (${p.fund})` : ""}${p.illustrative ? " *" : ""}`;
          // The window's own name ("Tijdvak 2 (2014)"): the caption already says these are the
          // windows' subsidieplafonds, so the pot's name would repeat it in every row. The links'
          // hidden texts keep the pot's name, which the drill-down page's heading repeats.
          const label = kind === "WINDOW" ? (p.windowName ?? p.name) : name;
          return (
            <TableRow key={p.potId}>
              <TableHeaderCell scope="row">
                {label}
                {kind === "WINDOW" && p.opensAt && p.lastDay ? (
                  <small className="sp-cell-note">
                    {p.regulationCode}, {formatDate(p.opensAt)} – {formatDate(p.lastDay)}
                  </small>
                ) : null}
                {p.sharedWith.length > 0 ? (
                  <small className="sp-cell-note">
                    hele fonds, gedeeld met {p.sharedWith.map((r) => r.code).join(", ")}
                  </small>
                ) : null}
              </TableHeaderCell>
              <TableCell className="sp-money">{formatEuroDigits(p.ceilingCents)}</TableCell>
              <LedgerCells row={p} base={base} what={name} format={formatEuroDigits} />
              <TableCell className="sp-money">{formatEuroDigits(p.availableCents)}</TableCell>
              <TableCell className="sp-money">
                <CountAndAmount
                  count={p.waitingCount}
                  cents={p.waitingCents}
                  link={{ ...base, measure: "waiting", sort: "receipt" }}
                  what={`${name}, wachtlijst`}
                />
              </TableCell>
              <TableCell className="sp-money">
                <CountAndAmount
                  count={p.pipelineCount}
                  cents={p.pipelineCents}
                  link={{ ...base, measure: "pipeline", sort: "receipt" }}
                  what={`${name}, ingediend`}
                />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
