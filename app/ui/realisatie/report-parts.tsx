import { Paragraph } from "@rijkshuisstijl-community/components-react";
import { Link as RouterLink } from "react-router";
import { REPORT_STEPS, type ReportStepKey } from "../../domain/settlement/report-schemas.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { Alert } from "../alert.tsx";
import { TableScroll } from "../table.tsx";

/**
 * The report's steps, like the plan wizard's step list; the current one is marked for screen
 * readers. `base`: where the steps live (the realisatieverslag's by default; the tussentijds
 * voortgangsverslag has the same steps under its own path and heading).
 */
export function ReportSteps({
  planId,
  current,
  base = `/aanvrager/plannen/${planId}/realisatie`,
  heading,
}: {
  planId: string;
  current: ReportStepKey;
  base?: string;
  heading?: string;
}) {
  const { t } = useI18n();
  return (
    <nav className="sp-wizard__steps" aria-labelledby="verslag-stappen-kop">
      <p id="verslag-stappen-kop" className="sp-wizard__steps-heading">
        {heading ?? t("realisation.stepsHeading")}
      </p>
      <ol>
        {REPORT_STEPS.map((s, i) => (
          <li
            key={s.key}
            className={`sp-wizard__step sp-wizard__step--${s.key === current ? "current" : "todo"}`}
          >
            <RouterLink to={`${base}/${s.slug}`} aria-current={s.key === current ? "step" : undefined}>
              <span className="sp-wizard__number">{i + 1}.</span> {t(`realisation.steps.${s.key}`)}
            </RouterLink>
          </li>
        ))}
      </ol>
    </nav>
  );
}

export type OverviewRow = {
  measure: string;
  years: { year: number; planned: string; actual: string }[];
  planned: string;
  actual: string;
};

/** As the vaststelling will measure the realisation (reportOverview); null until both steps are complete. */
export type OverviewSettlement = {
  realisation: string;
  counted: string;
  eligible: string;
  threshold: string;
  belowThreshold: boolean;
};

/**
 * Planned against actual costs per measure and year, and the realisation the vaststelling measures.
 * No percentage of all actual against all planned: it is not the 60% rule's figure (art. 5.1).
 */
export function ReportOverview({
  years,
  rows,
  total,
  settlement,
  labels,
}: {
  years: number[];
  rows: OverviewRow[];
  total: { planned: string; actual: string };
  settlement: OverviewSettlement | null;
  /** Another report's words for its caption and columns (the interim report's "so far"). */
  labels?: { caption: string; year: (year: number) => string; totalActual: string };
}) {
  const { t } = useI18n();
  return (
    <>
      <div className="sp-table-scroll">
        <TableScroll>
          <table className="utrecht-table">
            <caption className="utrecht-table__caption">
              {labels?.caption ?? t("realisation.overview.caption")}
            </caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th scope="col" className="utrecht-table__header-cell">
                  {t("realisation.overview.measure")}
                </th>
                {years.map((y) => (
                  <th key={y} scope="col" className="utrecht-table__header-cell">
                    {labels?.year(y) ?? t("realisation.overview.year", { year: y })}
                  </th>
                ))}
                <th scope="col" className="utrecht-table__header-cell">
                  {t("realisation.overview.totalPlanned")}
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  {labels?.totalActual ?? t("realisation.overview.totalActual")}
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {rows.map((r) => (
                <tr key={r.measure} className="utrecht-table__row">
                  <th scope="row" className="utrecht-table__header-cell">
                    {r.measure}
                  </th>
                  {r.years.map((y) => (
                    <td key={y.year} className="utrecht-table__cell">
                      {y.planned} / {y.actual}
                    </td>
                  ))}
                  <td className="utrecht-table__cell">{r.planned}</td>
                  <td className="utrecht-table__cell">{r.actual}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="utrecht-table__row">
                <th scope="row" className="utrecht-table__header-cell" colSpan={years.length + 1}>
                  {t("realisation.overview.total")}
                </th>
                <td className="utrecht-table__cell">{total.planned}</td>
                <td className="utrecht-table__cell">{total.actual}</td>
              </tr>
            </tfoot>
          </table>
        </TableScroll>
      </div>
      {settlement ? (
        <Paragraph>
          {t("realisation.overview.settlementRealisation", {
            realisation: settlement.realisation,
            counted: settlement.counted,
            eligible: settlement.eligible,
            threshold: settlement.threshold,
          })}
        </Paragraph>
      ) : null}
      {settlement?.belowThreshold ? (
        <Alert type="warning">
          <Paragraph>
            {t("realisation.overview.belowThreshold", { threshold: settlement.threshold })}
          </Paragraph>
        </Alert>
      ) : null}
    </>
  );
}
