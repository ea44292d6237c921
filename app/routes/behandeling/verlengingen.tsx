import {
  Heading,
  Paragraph,
  TableBody,
  TableCaption,
  TableHeader,
} from "@rijkshuisstijl-community/components-react";
import { requireRole } from "../../auth/session.server.ts";
import { listOpenExtensions } from "../../domain/extension/extension.server.ts";
import { formatDate } from "../../ui/format.ts";
import { Link } from "../../ui/link.tsx";
import { Table } from "../../ui/table.tsx";
import { TableCell, TableRow } from "../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../ui/table-header-cell.tsx";
import { throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/verlengingen";

// Open requests for a verlenging (regulation art. 1.2a), oldest first, with their decision term
// (eight weeks, Awb 4:13): for the case handler and the decision maker, and finance reads along.

export const meta: Route.MetaFunction = () => [
  { title: "Verzoeken om verlenging — Behandeling — Sectorplanportaal" },
];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["CASE_HANDLER", "DECISION_MAKER", "FINANCE"]);
  try {
    const rows = await listOpenExtensions(user.actor);
    return {
      rows: rows.map((r) => ({
        id: r.id,
        planId: r.planId,
        reference: r.reference,
        title: r.title,
        organisationName: r.organisationName,
        requestedAt: r.requestedAt.toISOString(),
        requestedMonths: r.requestedMonths,
        previousPeriodEnd: r.previousPeriodEnd,
        decisionDueOn: r.decisionDueOn,
        overdue: r.overdue,
      })),
    };
  } catch (err) {
    throwAsPage(err);
  }
}

export default function OpenExtensions({ loaderData }: Route.ComponentProps) {
  const { rows } = loaderData;
  return (
    <div className="sp-stack">
      <Heading level={1}>Verzoeken om verlenging</Heading>
      <Paragraph>
        Verzoeken om verlenging van de looptijd waarover nog niet is beslist, oudste eerst. De beslistermijn
        is acht weken na ontvangst (Awb 4:13).
      </Paragraph>
      {rows.length === 0 ? (
        <Paragraph>Er staan geen verzoeken om verlenging open.</Paragraph>
      ) : (
        <Table>
          <TableCaption>Open verzoeken om verlenging ({rows.length}), oudste eerst</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Kenmerk en titel</TableHeaderCell>
              <TableHeaderCell scope="col">Aanvrager</TableHeaderCell>
              <TableHeaderCell scope="col">Ingediend</TableHeaderCell>
              <TableHeaderCell scope="col">Gevraagd</TableHeaderCell>
              <TableHeaderCell scope="col">Huidige einddatum</TableHeaderCell>
              <TableHeaderCell scope="col">Beslissen uiterlijk</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.id} data-overdue={r.overdue ? "ja" : undefined}>
                <TableHeaderCell scope="row">
                  <Link href={`/behandeling/plannen/${r.planId}/verlenging`} className="sp-nowrap">
                    {r.reference}
                  </Link>
                  <span className="sp-cell-note">{r.title}</span>
                </TableHeaderCell>
                <TableCell>{r.organisationName}</TableCell>
                <TableCell>
                  <span className="sp-nowrap">{formatDate(r.requestedAt)}</span>
                </TableCell>
                <TableCell>{r.requestedMonths === 1 ? "1 maand" : `${r.requestedMonths} maanden`}</TableCell>
                <TableCell>
                  <span className="sp-nowrap">{formatDate(r.previousPeriodEnd)}</span>
                </TableCell>
                <TableCell>
                  <span className="sp-nowrap">{formatDate(r.decisionDueOn)}</span>
                  {r.overdue ? (
                    <>
                      <br />
                      <strong className="sp-overdue">overschreden</strong>
                    </>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
