import { Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import type { PlanView } from "../domain/plan/plans.server.ts";
import { OBJECTION_TERM_WEEKS } from "../domain/time/terms.ts";
import { useI18n } from "../i18n/hooks.ts";

/**
 * The intrekking of the grant (regulation art. 5.2) as the plan's latest besluit, on every role's
 * plan page: its own bekendmaking and objection term (Awb 6:7, 6:8), shown once the beschikking tot
 * intrekking has been made available; until then the term has not started.
 */
export function RevocationDecision({ plan }: { plan: PlanView }) {
  const { t, dateTime, date } = useI18n();
  const r = plan.revocation;
  if (!r) return null;
  const a = r.announcement;
  return (
    <section aria-labelledby="intrekking" className="sp-stack" data-testid="revocation">
      <Heading level={2} id="intrekking">
        {t("planPage.revocation.heading")}
      </Heading>
      <Paragraph data-testid="revocation-outcome">
        {t("planPage.revocation.revokedOn", { date: dateTime(r.revokedAt) })}
      </Paragraph>
      {a ? (
        <dl className="sp-dl" data-testid="revocation-objection-term">
          <div className="sp-dl__item">
            <dt>{t("planPage.revocation.announced")}</dt>
            <dd>{dateTime(a.announcedAt)}</dd>
          </div>
          <div className="sp-dl__item">
            <dt>{t("planPage.revocation.objectionUntil")}</dt>
            <dd>
              <span data-testid="revocation-objection-end">{date(a.objectionEnd)}</span>{" "}
              {t("planPage.revocation.objectionWeeks", { weeks: OBJECTION_TERM_WEEKS })}
            </dd>
          </div>
        </dl>
      ) : (
        <Paragraph>{t("planPage.revocation.letterPending")}</Paragraph>
      )}
      {r.reason ? (
        // The decision maker writes in Dutch (ADR 0008): marked so on an English page.
        <Paragraph className="sp-pre" lang="nl">
          {r.reason}
        </Paragraph>
      ) : null}
    </section>
  );
}

/**
 * The grant under a revocation is history: "(ingetrokken op …)" after its outcome, and its
 * bekendmaking without an objection term, which belongs to the current besluit (above).
 */
export function RevokedGrant({ plan, part }: { plan: PlanView; part: "outcome" | "announcement" }) {
  const { t, dateTime } = useI18n();
  const r = plan.revocation;
  if (!r) return null;
  if (part === "outcome")
    return (
      <>
        {" "}
        <span data-testid="grant-revoked">
          {t("planPage.revocation.grantRevoked", { date: dateTime(r.revokedAt) })}
        </span>
      </>
    );
  return plan.announcement ? (
    <Paragraph>
      {t("planPage.revocation.grantAnnounced", { date: dateTime(plan.announcement.announcedAt) })}
    </Paragraph>
  ) : null;
}
