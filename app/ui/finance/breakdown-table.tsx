import { TableBody, TableCaption, TableHeader } from "@rijkshuisstijl-community/components-react";
import type { BreakdownRow } from "../../domain/budget/dashboard.server.ts";
import { formatEuro } from "../../domain/money.ts";
import { Link } from "../link.tsx";
import { Table } from "../table.tsx";
import { TableCell, TableRow } from "../table-cell.tsx";
import { TableHeaderCell } from "../table-header-cell.tsx";
import { drillHref } from "./links.ts";
import { LedgerCells } from "./pot-table.tsx";

const KIND = { WINDOW: "Tijdvakken", YEAR: "Begrotingsjaren" } as const;

/**
 * Per sector or theme, per kind of pot: what the plans hold and what is still in the pipeline
 * (submitted, not yet complete: design.md §5), each figure a link to its plans.
 */
export function BreakdownTable({
  caption,
  by,
  rows,
  regeling,
}: {
  caption: string;
  by: "sector" | "theme";
  rows: BreakdownRow[];
  regeling?: string;
}) {
  const dimension = by === "sector" ? "Sector" : "Thema";
  return (
    <Table>
      <TableCaption>{caption}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">Pot</TableHeaderCell>
          <TableHeaderCell scope="col">{dimension}</TableHeaderCell>
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
            Plannen
          </TableHeaderCell>
          <TableHeaderCell scope="col" className="sp-money">
            Ingediend, nog niet volledig
          </TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.length === 0 ? (
          <TableRow>
            <TableCell colSpan={7}>Nog geen boekingen en geen ingediende plannen.</TableCell>
          </TableRow>
        ) : null}
        {rows.map((r) => {
          const base = {
            potKind: r.potKind,
            regeling,
            ...(by === "sector" ? { sector: r.code } : { theme: r.code }),
          };
          const what = `${KIND[r.potKind]}, ${r.label}`;
          return (
            <TableRow key={`${r.potKind}-${r.code}`}>
              <TableCell>{KIND[r.potKind]}</TableCell>
              <TableHeaderCell scope="row">{r.label}</TableHeaderCell>
              <LedgerCells row={r} base={base} what={what} />
              <TableCell className="sp-money">
                {r.planCount === 0 ? (
                  "0"
                ) : (
                  <Link href={drillHref({ ...base, measure: "held" })}>
                    {r.planCount}
                    <span className="sp-visually-hidden"> plannen ({what}): toon de plannen</span>
                  </Link>
                )}
              </TableCell>
              <TableCell className="sp-money">
                {r.pipelineCount === 0 ? (
                  "—"
                ) : (
                  <>
                    <Link href={drillHref({ ...base, measure: "pipeline" })}>
                      {r.pipelineCount} {r.pipelineCount === 1 ? "plan" : "plannen"}
                      <span className="sp-visually-hidden">
                        {" "}
                        ({what}, ingediend, nog niet volledig: toon de plannen)
                      </span>
                    </Link>
                    <br />
                    {formatEuro(r.pipelineCents)}
                  </>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
