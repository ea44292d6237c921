import {
  Heading,
  Paragraph,
  TableBody,
  TableCaption,
  TableFooter,
  TableHeader,
} from "@rijkshuisstijl-community/components-react";
import { data } from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { PLAN_READER_ROLES } from "../../domain/actor.ts";
import {
  codeLabel,
  DRILL_PAGE_SIZE,
  drillDown,
  MEASURE_LABEL,
  parseDrillParams,
  parseScope,
} from "../../domain/budget/dashboard.server.ts";
import { formatEuro } from "../../domain/money.ts";
import { ExportLinks } from "../../ui/finance/export-links.tsx";
import { type DrillLink, drillBackHref, drillHref } from "../../ui/finance/links.ts";
import { formatDateTime } from "../../ui/format.ts";
import { Link } from "../../ui/link.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { Table } from "../../ui/table.tsx";
import { TableCell, TableRow } from "../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../ui/table-header-cell.tsx";
import type { Route } from "./+types/plannen";

export const meta: Route.MetaFunction = () => [{ title: "Plannen achter het bedrag — Sectorplanportaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["FINANCE", "DECISION_MAKER"]);
  const search = new URL(request.url).searchParams;
  const parsed = parseDrillParams(search);
  if (!parsed.ok) throw data(parsed.message, { status: 400 });
  const params = parsed.value;
  // The dashboard's filter, where a begrotingsjaar's link filters on none (DrillLink.dashboardRegeling).
  // It only leads back, so an edited, unusable one is dropped rather than refused.
  const back = parseScope(new URLSearchParams({ regeling: search.get("dashboardRegeling") ?? "" }));
  const result = await drillDown(params);
  if (params.potId && result.potName === null) throw data("Deze pot bestaat niet.", { status: 404 });
  const [sectorLabel, themeLabel] = await Promise.all([
    params.sector ? codeLabel("sectors", params.sector, params.regulationId) : undefined,
    params.theme ? codeLabel("themes", params.theme, params.regulationId) : undefined,
  ]);
  const link: DrillLink = {
    pot: params.potId,
    potKind: params.potKind,
    measure: params.measure,
    sector: params.sector,
    theme: params.theme,
    regeling: params.regulationId,
    dashboardRegeling: back.ok ? back.value.regulationId : undefined,
    sort: params.sort,
  };
  return {
    link,
    result,
    measureLabel: MEASURE_LABEL[params.measure],
    sectorLabel,
    themeLabel,
    canOpenPlan: user.roles.some((r) => PLAN_READER_ROLES.includes(r)),
    pageSize: DRILL_PAGE_SIZE,
  };
}

const KIND = { WINDOW: "alle tijdvakken", YEAR: "alle begrotingsjaren" } as const;

export default function DrillDown({ loaderData }: Route.ComponentProps) {
  const { link, result, measureLabel, sectorLabel, themeLabel, canOpenPlan, pageSize } = loaderData;
  const where = [
    result.potName ?? (link.potKind ? KIND[link.potKind] : ""),
    sectorLabel ? `sector ${sectorLabel}` : null,
    themeLabel ? `thema ${themeLabel}` : null,
  ]
    .filter(Boolean)
    .join(", ");
  const first = (result.page - 1) * pageSize + 1;
  const last = first + result.rows.length - 1;
  const isRequest = link.measure === "waiting" || link.measure === "pipeline";
  const sortLink = (sort: "amount" | "receipt") => drillHref({ ...link, sort, page: 1 });
  // The export counts what the page counts; the way back is no part of it.
  const { page: _page, dashboardRegeling: _back, ...exportParams } = link;

  return (
    <div className="sp-stack">
      <Paragraph>
        <Link href={drillBackHref(link)}>Terug naar het dashboard</Link>
      </Paragraph>
      <Heading level={1}>
        {measureLabel}: {where}
      </Heading>
      <Paragraph>
        {result.total} {result.total === 1 ? "plan" : "plannen"}, samen{" "}
        <strong>{formatEuro(result.totalCents)}</strong>
        {isRequest
          ? " (het aangevraagde bedrag)."
          : link.measure === "held"
            ? " (gereserveerd plus verplicht)."
            : "."}
      </Paragraph>
      <nav aria-label="Sorteren">
        <ul className="sp-tabs-list">
          <li>
            <Link href={sortLink("amount")} aria-current={link.sort === "amount" ? "page" : undefined}>
              Op bedrag
            </Link>
          </li>
          <li>
            <Link href={sortLink("receipt")} aria-current={link.sort === "receipt" ? "page" : undefined}>
              Op volgorde van ontvangst
            </Link>
          </li>
        </ul>
      </nav>
      {result.total === 0 ? (
        <Paragraph>Geen plannen.</Paragraph>
      ) : (
        <Table>
          <TableCaption>
            Plannen {first} tot en met {last} van {result.total}, pagina {result.page} van {result.pageCount},{" "}
            {link.sort === "amount" ? "hoogste bedrag eerst" : "in volgorde van ontvangst"}
          </TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Kenmerk</TableHeaderCell>
              <TableHeaderCell scope="col">Aanvrager</TableHeaderCell>
              <TableHeaderCell scope="col">Status</TableHeaderCell>
              <TableHeaderCell scope="col">Ontvangen</TableHeaderCell>
              <TableHeaderCell scope="col" className="sp-money">
                {measureLabel}
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {result.rows.map((r) => (
              <TableRow key={r.planId}>
                <TableHeaderCell scope="row">
                  {canOpenPlan ? (
                    <Link href={`/behandeling/plannen/${r.planId}`} className="sp-nowrap">
                      {r.reference}
                    </Link>
                  ) : (
                    r.reference
                  )}
                  <br />
                  <small>{r.title}</small>
                </TableHeaderCell>
                <TableCell>{r.organisationName}</TableCell>
                <TableCell>{r.statusLabel}</TableCell>
                <TableCell>{formatDateTime(r.receivedAt)}</TableCell>
                <TableCell className="sp-money">{formatEuro(r.amountCents)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
          <TableFooter>
            <TableRow>
              <TableHeaderCell scope="row" colSpan={4}>
                Totaal van alle {result.total} plannen
              </TableHeaderCell>
              <TableCell className="sp-money" data-testid="drill-total">
                {formatEuro(result.totalCents)}
              </TableCell>
            </TableRow>
          </TableFooter>
        </Table>
      )}
      <Pagination
        page={result.page}
        pageCount={result.pageCount}
        href={(n) => drillHref({ ...link, page: n })}
      />
      <ExportLinks table="plans" what="deze plannen" params={exportParams} />
    </div>
  );
}
