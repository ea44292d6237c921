import {
  Heading,
  Link,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableFooter,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@rijkshuisstijl-community/components-react";
import { data } from "react-router";
import { prisma } from "../../db/client.server.ts";
import { formatEuro } from "../../domain/money.ts";
import { grantedTable, OPEN_DATA_CACHE_CONTROL, STATUS_LABEL } from "../../domain/opendata/granted.server.ts";
import { formatDateNl, formatDateTimeNl } from "../../domain/time/index.ts";
import type { Route } from "./+types/index";

export const meta: Route.MetaFunction = () => [
  { title: "Open data: toegekende sectorplannen — Sectorplanportaal" },
];

export function headers() {
  return { "Cache-Control": OPEN_DATA_CACHE_CONTROL };
}

// Public: no login. Amounts are formatted here so that no bigint crosses to the browser.
export async function loader() {
  const table = await grantedTable(prisma);
  const amount = (cents: bigint | undefined) => (cents === undefined ? null : formatEuro(cents));
  return data({
    generatedAt: formatDateTimeNl(table.generatedAt),
    years: table.years,
    plans: table.plans.map((p) => ({
      reference: p.reference,
      title: p.title,
      sectors: p.sectors.join(", "),
      leadApplicant: p.leadApplicant,
      period:
        p.periodStart && p.periodEnd ? `${formatDateNl(p.periodStart)} – ${formatDateNl(p.periodEnd)}` : "",
      status: STATUS_LABEL[p.status],
      years: table.years.map((y) => amount(p.years.get(y))),
      total: formatEuro(p.totalCents),
    })),
    totals: {
      years: table.years.map((y) => formatEuro(table.totals.years.get(y) ?? 0n)),
      total: formatEuro(table.totals.totalCents),
    },
  });
}

export default function OpenData({ loaderData }: Route.ComponentProps) {
  const { plans, years, totals, generatedAt } = loaderData;
  return (
    <div className="sp-stack">
      <Heading level={1}>Open data: toegekende sectorplannen</Heading>
      <Paragraph>
        Elk sectorplan waarvoor cofinanciering is toegekend, met de hoofdaanvrager, de looptijd en het
        toegekende bedrag per kalenderjaar volgens de subsidiebeschikking. Wie een sectorplan indient, stemt
        ermee in dat het subsidiedossier openbaar wordt, behalve persoonsgegevens; daarom staan hier geen
        contactpersonen of rekeningnummers.
      </Paragraph>
      <Paragraph>
        Downloaden:{" "}
        <Link href="/open-data/toegekend.csv" download>
          toegekend.csv
        </Link>{" "}
        (puntkomma als scheidingsteken, decimale komma, UTF-8) of{" "}
        <Link href="/open-data/toegekend.json">toegekend.json</Link> (bedragen als decimale tekenreeks in
        euro). Stand van {generatedAt}.
      </Paragraph>
      {plans.length === 0 ? (
        <Paragraph>Er zijn nog geen sectorplannen toegekend.</Paragraph>
      ) : (
        <div>
          <Table>
            <TableCaption>
              Toegekende sectorplannen ({plans.length}), bedragen in euro per kalenderjaar
            </TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Kenmerk</TableHeaderCell>
                <TableHeaderCell scope="col">Sectorplan en sector</TableHeaderCell>
                <TableHeaderCell scope="col">Hoofdaanvrager</TableHeaderCell>
                <TableHeaderCell scope="col">Looptijd</TableHeaderCell>
                <TableHeaderCell scope="col">Status</TableHeaderCell>
                {years.map((y) => (
                  <TableHeaderCell key={y} scope="col" className="sp-money">
                    {y}
                  </TableHeaderCell>
                ))}
                <TableHeaderCell scope="col" className="sp-money">
                  Totaal
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {plans.map((p) => (
                <TableRow key={p.reference} data-testid={`open-data-${p.reference}`}>
                  <TableHeaderCell scope="row">{p.reference}</TableHeaderCell>
                  <TableCell>
                    {p.title}
                    <br />
                    {p.sectors}
                  </TableCell>
                  <TableCell>{p.leadApplicant}</TableCell>
                  <TableCell>{p.period}</TableCell>
                  <TableCell>{p.status}</TableCell>
                  {p.years.map((a, i) => (
                    <TableCell key={years[i]} className="sp-money">
                      {a ?? "—"}
                    </TableCell>
                  ))}
                  <TableCell className="sp-money">{p.total}</TableCell>
                </TableRow>
              ))}
            </TableBody>
            <TableFooter>
              <TableRow>
                <TableHeaderCell scope="row" colSpan={5}>
                  Totaal
                </TableHeaderCell>
                {totals.years.map((a, i) => (
                  <TableCell key={years[i]} className="sp-money">
                    {a}
                  </TableCell>
                ))}
                <TableCell className="sp-money" data-testid="open-data-total">
                  {totals.total}
                </TableCell>
              </TableRow>
            </TableFooter>
          </Table>
        </div>
      )}
    </div>
  );
}
