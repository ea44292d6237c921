import {
  Heading,
  Paragraph,
  TableBody,
  TableCaption,
  TableHeader,
} from "@rijkshuisstijl-community/components-react";
import { requireRole } from "../../auth/session.server.ts";
import { prisma } from "../../db/client.server.ts";
import { formatEuro } from "../../domain/money.ts";
import { regulationsOverview } from "../../domain/regulation/setup.server.ts";
import { formatDateNl, localDateFromDb } from "../../domain/time/index.ts";
import { Link } from "../../ui/link.tsx";
import { Table } from "../../ui/table.tsx";
import { TableCell, TableRow } from "../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../ui/table-header-cell.tsx";
import type { Route } from "./+types/regelingen";

export const meta: Route.MetaFunction = () => [
  { title: "Regelingen en budget — Financiën — Sectorplanportaal" },
];

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, ["FINANCE", "ADMIN"]);
  const regulations = await regulationsOverview(prisma);
  // Formatted on the server: no bigint crosses to the browser.
  return {
    regulations: regulations.map((r) => ({
      id: r.id,
      code: r.code,
      title: r.title,
      fund: r.fund,
      isDemonstration: r.isDemonstration,
      publication: r.publishedOn
        ? `${r.publication}, gepubliceerd op ${formatDateNl(localDateFromDb(r.publishedOn))}`
        : `${r.publication}; geen publicatiedatum: een plan kan beginnen vanaf het eerste begrotingsjaar`,
      windows: r.windows.map((w) => ({
        id: w.id,
        name: w.name,
        firstDay: formatDateNl(w.firstDay),
        lastDay: formatDateNl(w.lastDay),
        status: w.status,
        ceiling: formatEuro(w.ceilingCents),
        held: formatEuro(w.reservedCents + w.committedCents),
        available: formatEuro(w.availableCents),
      })),
      envelopes: r.envelopes.map((e) => ({
        id: e.id,
        year: e.year,
        illustrative: e.illustrative,
        note: e.note,
        ceiling: formatEuro(e.ceilingCents),
        reserved: formatEuro(e.reservedCents),
        committed: formatEuro(e.committedCents),
        disbursed: formatEuro(e.disbursedCents),
        available: formatEuro(e.availableCents),
      })),
    })),
  };
}

export default function Regulations({ loaderData }: Route.ComponentProps) {
  return (
    <div className="sp-stack">
      <Heading level={1}>Regelingen, tijdvakken en begrotingsjaren</Heading>
      <Paragraph>
        Per regeling de tijdvakken met hun subsidieplafond en de jaarbudgetten (begrotingsjaren) van het fonds
        waaruit de regeling betaalt. Een plafond kan niet lager dan wat al gereserveerd en verplicht is; het
        plafond van een geopend tijdvak kan alleen nog omhoog (Awb 4:27).
      </Paragraph>
      {loaderData.regulations.map((r) => (
        <section key={r.id} className="sp-stack" aria-labelledby={`regeling-${r.id}`}>
          <Heading level={2} id={`regeling-${r.id}`}>
            {r.title} ({r.code}){r.isDemonstration ? " — demonstratie" : ""}
          </Heading>
          <Paragraph data-testid={`publication-${r.code}`}>Bekendmaking: {r.publication}.</Paragraph>
          <Paragraph>
            <Link href={`/financien/regelingen/${r.id}`} data-testid={`regeling-link-${r.code}`}>
              Parameters, tijdvakken en begrotingsjaren van {r.code} wijzigen
            </Link>
          </Paragraph>
          <Table data-testid={`windows-${r.code}`}>
            <TableCaption>Tijdvakken van {r.code}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Tijdvak</TableHeaderCell>
                <TableHeaderCell scope="col">Opent</TableHeaderCell>
                <TableHeaderCell scope="col">Laatste dag</TableHeaderCell>
                <TableHeaderCell scope="col" className="sp-money">
                  Subsidieplafond
                </TableHeaderCell>
                <TableHeaderCell scope="col" className="sp-money">
                  Gereserveerd + verplicht
                </TableHeaderCell>
                <TableHeaderCell scope="col" className="sp-money">
                  Beschikbaar
                </TableHeaderCell>
                <TableHeaderCell scope="col">Status</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {r.windows.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={7}>Nog geen tijdvakken.</TableCell>
                </TableRow>
              ) : null}
              {r.windows.map((w) => (
                <TableRow key={w.id} data-testid={`window-${w.id}`}>
                  <TableHeaderCell scope="row">{w.name}</TableHeaderCell>
                  <TableCell>{w.firstDay}</TableCell>
                  <TableCell>{w.lastDay}</TableCell>
                  <TableCell className="sp-money">{w.ceiling}</TableCell>
                  <TableCell className="sp-money">{w.held}</TableCell>
                  <TableCell className="sp-money">{w.available}</TableCell>
                  <TableCell>{w.status}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Table>
            <TableCaption>Begrotingsjaren van fonds {r.fund}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Jaar</TableHeaderCell>
                <TableHeaderCell scope="col" className="sp-money">
                  Jaarbudget
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
                <TableHeaderCell scope="col">Bron</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {r.envelopes.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={7}>Nog geen begrotingsjaren.</TableCell>
                </TableRow>
              ) : null}
              {r.envelopes.map((e) => (
                <TableRow key={e.id}>
                  <TableHeaderCell scope="row">{e.year}</TableHeaderCell>
                  <TableCell className="sp-money">{e.ceiling}</TableCell>
                  <TableCell className="sp-money">{e.reserved}</TableCell>
                  <TableCell className="sp-money">{e.committed}</TableCell>
                  <TableCell className="sp-money">{e.disbursed}</TableCell>
                  <TableCell className="sp-money">{e.available}</TableCell>
                  <TableCell>
                    {e.illustrative ? "illustratief" : "werkelijk"}
                    {e.note ? ` — ${e.note}` : ""}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      ))}
    </div>
  );
}
