import {
  Heading,
  Paragraph,
  TableBody,
  TableCaption,
  TableFooter,
  TableHeader,
} from "@rijkshuisstijl-community/components-react";
import { data } from "react-router";
import { prisma } from "../../db/client.server.ts";
import { formatEuro } from "../../domain/money.ts";
import { grantedTable } from "../../domain/opendata/granted.server.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { Link } from "../../ui/link.tsx";
import { Table } from "../../ui/table.tsx";
import { TableCell, TableRow } from "../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../ui/table-header-cell.tsx";
import type { Route } from "./+types/index";

export const meta: Route.MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "openData.title") }];

export function headers() {
  // The page's language follows a cookie, not the address: a shared cache must not serve one
  // visitor's language to another. The CSV and JSON files carry no language and stay public.
  return { "Cache-Control": "private, max-age=300", Vary: "Cookie" };
}

// Public: no login. Amounts are formatted here so that no bigint crosses to the browser.
export async function loader() {
  const table = await grantedTable(prisma);
  const amount = (cents: bigint | undefined) => (cents === undefined ? null : formatEuro(cents));
  return data({
    // Dates and labels are put into words by the page, in its language.
    generatedAt: table.generatedAt.toISOString(),
    years: table.years,
    plans: table.plans.map((p) => ({
      reference: p.reference,
      title: p.title,
      sectors: p.sectors,
      regions: p.regions,
      leadApplicant: p.leadApplicant,
      period: p.periodStart && p.periodEnd ? { start: p.periodStart, end: p.periodEnd } : null,
      status: p.status,
      years: table.years.map((y) => amount(p.years.get(y))),
      total: formatEuro(p.totalCents),
      // What the vaststelling (or an intrekking, at nil) set: beside the granted amount, never over it.
      settled:
        p.settledCents === null || p.settledOn === null
          ? null
          : { amount: formatEuro(p.settledCents), on: p.settledOn },
    })),
    totals: {
      years: table.years.map((y) => formatEuro(table.totals.years.get(y) ?? 0n)),
      total: formatEuro(table.totals.totalCents),
      settled: formatEuro(table.totals.settledCents),
    },
  });
}

export default function OpenData({ loaderData }: Route.ComponentProps) {
  const { plans, years, totals, generatedAt } = loaderData;
  const { t, dt, date, dateTime } = useI18n();
  return (
    <div className="sp-stack">
      <Heading level={1}>{t("openData.title")}</Heading>
      <Paragraph>{t("openData.intro")}</Paragraph>
      <Paragraph>{t("openData.columns")}</Paragraph>
      <Paragraph>
        {t("openData.download")}{" "}
        <Link href="/open-data/toegekend.csv" download>
          toegekend.csv
        </Link>{" "}
        {t("openData.csvNote")} <Link href="/open-data/toegekend.json">toegekend.json</Link>{" "}
        {t("openData.jsonNote", { date: dateTime(generatedAt) })}
      </Paragraph>
      {plans.length === 0 ? (
        <Paragraph>{t("openData.none")}</Paragraph>
      ) : (
        <div>
          <Table>
            <TableCaption>{t("openData.caption", { number: plans.length })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("openData.reference")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("openData.planAndSector")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("openData.leadApplicant")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("openData.period")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("openData.status")}</TableHeaderCell>
                {years.map((y) => (
                  <TableHeaderCell key={y} scope="col" className="sp-money">
                    {y}
                  </TableHeaderCell>
                ))}
                <TableHeaderCell scope="col" className="sp-money">
                  {t("openData.total")}
                </TableHeaderCell>
                <TableHeaderCell scope="col" className="sp-money">
                  {t("openData.settled")}
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {plans.map((p) => (
                <TableRow key={p.reference} data-testid={`open-data-${p.reference}`}>
                  <TableHeaderCell scope="row" className="sp-nowrap">
                    {p.reference}
                  </TableHeaderCell>
                  <TableCell>
                    {p.title}
                    <br />
                    {p.sectors.map(dt).join(", ")}
                    {p.regions.length > 0 ? (
                      // A regional plan has no sector: where it applies is its labour-market regions.
                      <span data-testid={`open-data-${p.reference}-regions`}>
                        {t("openData.regions", { regions: p.regions.join(", ") })}
                      </span>
                    ) : null}
                  </TableCell>
                  <TableCell>{p.leadApplicant}</TableCell>
                  <TableCell>{p.period ? `${date(p.period.start)} – ${date(p.period.end)}` : ""}</TableCell>
                  <TableCell>{t(`openData.statuses.${p.status}`)}</TableCell>
                  {p.years.map((a, i) => (
                    <TableCell key={years[i]} className="sp-money">
                      {a ?? "—"}
                    </TableCell>
                  ))}
                  <TableCell className="sp-money">{p.total}</TableCell>
                  <TableCell className="sp-money" data-testid={`open-data-${p.reference}-settled`}>
                    {p.settled ? (
                      <>
                        {p.settled.amount}
                        <br />
                        {t("openData.settledOn", { date: date(p.settled.on) })}
                      </>
                    ) : (
                      "—"
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
            <TableFooter>
              <TableRow>
                <TableHeaderCell scope="row" colSpan={5}>
                  {t("openData.total")}
                </TableHeaderCell>
                {totals.years.map((a, i) => (
                  <TableCell key={years[i]} className="sp-money">
                    {a}
                  </TableCell>
                ))}
                <TableCell className="sp-money" data-testid="open-data-total">
                  {totals.total}
                </TableCell>
                <TableCell className="sp-money">{totals.settled}</TableCell>
              </TableRow>
            </TableFooter>
          </Table>
        </div>
      )}
    </div>
  );
}
