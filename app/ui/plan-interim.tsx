import { Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import type { PlanView } from "../domain/plan/plans.server.ts";
import { useI18n } from "../i18n/hooks.ts";

/**
 * The interim progress reports the grant letter asks for (art. 5.4), on the period as it stands:
 * their dates only, as there is no form for them in the portal.
 */
export function InterimReports({ plan }: { plan: Pick<PlanView, "interimReports"> }) {
  const { t, date } = useI18n();
  if (plan.interimReports.length === 0) return null;
  return (
    <section aria-labelledby="tussentijds-verslag" className="sp-stack" data-testid="interim-reports">
      <Heading level={2} id="tussentijds-verslag">
        {t("planPage.interim.heading")}
      </Heading>
      <Paragraph>{t("planPage.interim.intro")}</Paragraph>
      <ul>
        {plan.interimReports.map((r) => (
          <li key={r.afterMonths}>
            {t("planPage.interim.due", { months: r.afterMonths, date: date(r.dueOn) })}
          </li>
        ))}
      </ul>
    </section>
  );
}
