import { Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import type { InterimReportStatus } from "../domain/interim/status.ts";
import { useI18n } from "../i18n/hooks.ts";
import { Link } from "./link.tsx";

/**
 * The interim progress reports the grant letter asks for (art. 5.4), on the period as it stands:
 * per report its last day, where it stands, whether it is late, and the way to write or read it.
 */
export function InterimReports({ plan }: { plan: { id: string; interimReports: InterimReportStatus[] } }) {
  const { t, date } = useI18n();
  if (plan.interimReports.length === 0) return null;
  // A moment (submission, reading) by its day in Amsterdam, as formatDateIn writes it.
  const day = date;
  return (
    <section aria-labelledby="tussentijds-verslag" className="sp-stack" data-testid="interim-reports">
      <Heading level={2} id="tussentijds-verslag">
        {t("planPage.interim.heading")}
      </Heading>
      <Paragraph>{t("planPage.interim.intro")}</Paragraph>
      <ul>
        {plan.interimReports.map((r) => {
          const href = `/aanvrager/plannen/${plan.id}/tussentijds/${r.afterMonths}`;
          const months = { months: r.afterMonths };
          return (
            <li key={r.afterMonths}>
              {t("planPage.interim.due", { months: r.afterMonths, date: date(r.dueOn) })}.{" "}
              {r.stage === "NOT_YET" ? t("interim.section.notYet", { date: date(r.opensOn) }) : null}
              {r.stage === "TO_WRITE" ? t("interim.section.toWrite") : null}
              {r.stage === "DRAFT" ? t("interim.section.draft") : null}
              {r.stage === "SUBMITTED" && r.submittedAt
                ? t("interim.section.submitted", { date: day(r.submittedAt) })
                : null}
              {r.stage === "READ" && r.submittedAt && r.reviewedAt
                ? r.reviewNote
                  ? // The handler's note is their own Dutch words: marked so, on an English page too.
                    [
                      t("interim.section.readNote", {
                        submitted: day(r.submittedAt),
                        date: day(r.reviewedAt),
                      }),
                      " ",
                      <span key="note" lang="nl">
                        {r.reviewNote}
                      </span>,
                    ]
                  : t("interim.section.read", { submitted: day(r.submittedAt), date: day(r.reviewedAt) })
                : null}
              {r.late ? (
                <>
                  {" "}
                  <strong className="sp-overdue">{t("interim.section.late")}</strong>
                </>
              ) : null}
              {r.stage === "NOT_YET" ? null : (
                <>
                  {" "}
                  <Link href={href}>
                    {r.stage === "TO_WRITE"
                      ? t("interim.section.write", months)
                      : r.stage === "DRAFT"
                        ? t("interim.section.continue", months)
                        : t("interim.section.view", months)}
                  </Link>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
