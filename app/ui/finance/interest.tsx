import { Paragraph } from "@rijkshuisstijl-community/components-react";
import { formatEuro, formatRateBp } from "../../domain/money.ts";
import { halfYearList, type InterestLine } from "../../domain/settlement/interest.ts";
import { formatDateNl, type LocalDate } from "../../domain/time/index.ts";
import { Alert } from "../alert.tsx";
import { Link } from "../link.tsx";
import { TableScroll } from "../table.tsx";

/** halfYearRateCheck's answer, formatted on the server. */
export type RateCheckView = {
  halfYearStart: string;
  /** Every half-year without a rate, in a sentence ("1 januari 2025, 1 juli 2025 en …"). */
  missing: string;
  latest: { rate: string; from: string } | null;
} | null;

export function rateCheckView(
  check: {
    halfYearStart: LocalDate;
    missing: readonly LocalDate[];
    latest: { validFrom: LocalDate; rateBp: number } | null;
  } | null,
): RateCheckView {
  if (!check) return null;
  return {
    halfYearStart: formatDateNl(check.halfYearStart),
    missing: halfYearList(check.missing),
    latest: check.latest
      ? { rate: formatRateBp(check.latest.rateBp), from: formatDateNl(check.latest.validFrom) }
      : null,
  };
}

/**
 * On the finance pages that compute wettelijke rente: half-years without a recorded rate. The
 * interest to date runs on with the last rate, which may since have changed; a receipt over such a
 * half-year is recorded without its interest until the rate is there.
 */
export function InterestRateWarning({ check, linkToRates }: { check: RateCheckView; linkToRates: boolean }) {
  if (!check) return null;
  return (
    <Alert type="warning">
      <Paragraph>
        Voor deze halfjaren is nog geen wettelijke rente vastgelegd: {check.missing}. Alleen financiën kan in
        het Besluit vaststelling wettelijke rente nagaan welk tarief geldt, ook als het gelijk is gebleven.{" "}
        {check.latest
          ? `Tot dan rekent het portaal de rente tot vandaag met het laatst vastgelegde tarief, ${check.latest.rate} vanaf ${check.latest.from}`
          : "Er is nog geen enkel tarief vastgelegd"}
        , en wordt bij een ontvangst over zo'n halfjaar de rente pas berekend als het tarief er is.{" "}
        {linkToRates ? <Link href="/financien/wettelijke-rente">Wettelijke rente vastleggen</Link> : null}
      </Paragraph>
    </Alert>
  );
}

export type InterestLineView = {
  from: string;
  until: string;
  days: number;
  rate: string;
  base: string;
  interest: string;
};

/** A computation's lines, as statutoryInterest gives them or as the audit row stores them (cents as strings). */
export function interestLinesView(
  lines: readonly (Omit<InterestLine, "baseCents" | "interestCents"> & {
    baseCents: bigint | string;
    interestCents: bigint | string;
  })[],
): InterestLineView[] {
  return lines.map((l) => ({
    from: formatDateNl(l.from),
    until: formatDateNl(l.until),
    days: l.days,
    rate: formatRateBp(l.rateBp),
    base: formatEuro(BigInt(l.baseCents)),
    interest: formatEuro(BigInt(l.interestCents)),
  }));
}

/** The segments of a computation: how the amount came about, per rate and year of verzuim. */
export function InterestLines({ caption, lines }: { caption: string; lines: InterestLineView[] }) {
  return (
    <TableScroll>
      <table className="utrecht-table">
        <caption className="utrecht-table__caption">{caption}</caption>
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th scope="col" className="utrecht-table__header-cell">
              Van
            </th>
            <th scope="col" className="utrecht-table__header-cell">
              Tot en met
            </th>
            <th scope="col" className="utrecht-table__header-cell">
              Dagen
            </th>
            <th scope="col" className="utrecht-table__header-cell">
              Rente per jaar
            </th>
            <th scope="col" className="utrecht-table__header-cell">
              Over
            </th>
            <th scope="col" className="utrecht-table__header-cell">
              Rente
            </th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {lines.map((l) => (
            <tr className="utrecht-table__row" key={l.from}>
              <td className="utrecht-table__cell">{l.from}</td>
              <td className="utrecht-table__cell">{l.until}</td>
              <td className="utrecht-table__cell">{l.days}</td>
              <td className="utrecht-table__cell">{l.rate}</td>
              <td className="utrecht-table__cell">{l.base}</td>
              <td className="utrecht-table__cell">{l.interest}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
