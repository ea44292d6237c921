import { Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import type { MeldingStatus } from "../domain/underspending/rules.ts";
import { useI18n } from "../i18n/hooks.ts";
import { Link } from "./link.tsx";

/**
 * The meldingen onderbesteding (art. 5.3) on the applicant's plan page, for a plan in scope: per
 * half-year that ended, its last day, where its melding stands, and the way to make or read it.
 */
export function UnderspendingMeldingen({
  planId,
  meldingen,
}: {
  planId: string;
  meldingen: MeldingStatus[];
}) {
  const { t, date } = useI18n();
  if (meldingen.length === 0) return null;
  return (
    <section aria-labelledby="onderbesteding" className="sp-stack" data-testid="underspending-meldingen">
      <Heading level={2} id="onderbesteding">
        {t("underspending.section.heading")}
      </Heading>
      <Paragraph>{t("underspending.section.intro")}</Paragraph>
      <ul>
        {meldingen.map((m) => {
          const href = `/aanvrager/plannen/${planId}/onderbesteding/${m.n}`;
          return (
            <li key={m.n}>
              {t("underspending.section.line", {
                n: m.n,
                start: date(m.startsOn),
                end: date(m.endsOn),
                due: date(m.dueOn),
              })}{" "}
              {m.stage === "TO_CHECK" ? t("underspending.section.toCheck") : null}
              {m.stage === "DRAFT" ? t("underspending.section.draft") : null}
              {m.stage === "SUBMITTED" && m.submittedAt
                ? t("underspending.section.submitted", { date: date(m.submittedAt) })
                : null}
              {m.stage === "READ" && m.submittedAt && m.reviewedAt
                ? m.reviewNote
                  ? // The handler's note is their own Dutch words: marked so, on an English page too.
                    [
                      t("underspending.section.readNote", {
                        submitted: date(m.submittedAt),
                        date: date(m.reviewedAt),
                      }),
                      " ",
                      <span key="note" lang="nl">
                        {m.reviewNote}
                      </span>,
                    ]
                  : t("underspending.section.read", {
                      submitted: date(m.submittedAt),
                      date: date(m.reviewedAt),
                    })
                : null}
              {m.late ? (
                <>
                  {" "}
                  <strong className="sp-overdue">{t("underspending.section.late")}</strong>
                </>
              ) : m.termPassed ? (
                <> {t("underspending.section.termPassed")}</>
              ) : null}{" "}
              <Link href={href}>
                {m.stage === "TO_CHECK"
                  ? t("underspending.section.write", { n: m.n })
                  : m.stage === "DRAFT"
                    ? t("underspending.section.continue", { n: m.n })
                    : t("underspending.section.view", { n: m.n })}
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
