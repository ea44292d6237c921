import {
  Heading,
  Paragraph,
  TableBody,
  TableHeader,
  UnorderedList,
  UnorderedListItem,
} from "@rijkshuisstijl-community/components-react";
import { Link as RouterLink } from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { listOrganisationPlanOverview } from "../../domain/plan/dashboard.server.ts";
import { offersDeletion } from "../../domain/plan/delete-draft.server.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { Link } from "../../ui/link.tsx";
import { ActionDone } from "../../ui/review/action-done.tsx";
import { Table } from "../../ui/table.tsx";
import { TableCell, TableRow } from "../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../ui/table-header-cell.tsx";
import type { Route } from "./+types/dashboard";

export const meta: Route.MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "dashboard.title") }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  const plans = await listOrganisationPlanOverview(user.actor);
  // After a deletion (verwijderen.tsx): the kenmerk of the draft that went, shown only as a kenmerk.
  const deleted = new URL(request.url).searchParams.get("verwijderd");
  return {
    deleted: deleted && /^SP-\d{4}-\d{6}$/.test(deleted) ? deleted : null,
    // Someone in more than one organisation sees whose each plan is; for the others it says nothing new.
    showOrganisation: user.organisationIds.length > 1,
    plans: plans.map((p) => ({
      id: p.id,
      reference: p.reference,
      title: p.title,
      organisationName: p.organisationName,
      statusLabel: p.statusLabel,
      deletable: offersDeletion(p),
      nextDeadline: p.nextDeadline,
      letters: p.letters.map((l) => ({ id: l.id, title: l.title, href: l.href })),
    })),
  };
}

// A new plan starts with the eligibility check (/aanvrager/nieuw), which creates the draft.
const DEADLINE_TEXT = {
  DECISION_TERM: "dashboard.decisionTerm",
  SUPPLEMENT_TERM: "dashboard.supplementTerm",
  INTERIM_REPORT_DUE: "dashboard.interimReportDue",
  REPORT_DUE: "dashboard.reportDue",
  UNDERSPENDING_CHECK: "dashboard.underspendingCheck",
} as const;

export default function Dashboard({ loaderData }: Route.ComponentProps) {
  const { plans, deleted, showOrganisation } = loaderData;
  const { t, dt, date } = useI18n();
  const daysText = (days: number) =>
    days > 0
      ? t("dashboard.daysLeft", { count: days })
      : days === 0
        ? t("dashboard.lastDay")
        : t("dashboard.overdue");
  return (
    <div className="sp-stack">
      <Heading level={1}>{t("dashboard.title")}</Heading>
      <ActionDone message={deleted ? t("draftDelete.deleted", { reference: deleted }) : undefined} />
      <Paragraph>
        {/* A client-side link styled as the NL Design System button link: no full page load. */}
        <RouterLink
          to="/aanvrager/nieuw"
          className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
        >
          {t("dashboard.newPlan")}
        </RouterLink>
      </Paragraph>
      {plans.length === 0 ? (
        <Paragraph>{t("dashboard.empty")}</Paragraph>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("dashboard.reference")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("dashboard.planTitle")}</TableHeaderCell>
              {showOrganisation ? (
                <TableHeaderCell scope="col">{t("dashboard.organisation")}</TableHeaderCell>
              ) : null}
              <TableHeaderCell scope="col">{t("dashboard.status")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("dashboard.nextDeadline")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("dashboard.letters")}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {plans.map((p) => (
              <TableRow key={p.id}>
                <TableCell>
                  <Link href={`/aanvrager/plannen/${p.id}`} className="sp-nowrap">
                    {p.reference}
                  </Link>
                </TableCell>
                <TableCell>{p.title || t("common.noTitle")}</TableCell>
                {showOrganisation ? <TableCell>{p.organisationName}</TableCell> : null}
                <TableCell>
                  {dt(p.statusLabel)}
                  {/* A secondary action on its own line, named with the plan's kenmerk for a screen reader. */}
                  {p.deletable ? (
                    <div>
                      <Link
                        href={`/aanvrager/plannen/${p.id}/verwijderen?van=overzicht`}
                        className="sp-nowrap"
                      >
                        {t("draftDelete.link")}
                        <span className="sp-visually-hidden"> {p.reference}</span>
                      </Link>
                    </div>
                  ) : null}
                </TableCell>
                <TableCell>
                  {p.nextDeadline ? (
                    <>
                      {t(DEADLINE_TEXT[p.nextDeadline.kind], {
                        date: date(p.nextDeadline.date),
                        months: p.nextDeadline.afterMonths,
                        n: p.nextDeadline.halfYear,
                      })}{" "}
                      ({daysText(p.nextDeadline.daysLeft)})
                    </>
                  ) : (
                    <NoneMark label={t("dashboard.none")} />
                  )}
                </TableCell>
                <TableCell>
                  {p.letters.length === 0 ? (
                    <NoneMark label={t("dashboard.none")} />
                  ) : (
                    <UnorderedList>
                      {p.letters.map((l) => (
                        <UnorderedListItem key={l.id}>
                          <Link href={l.href} lang="nl">
                            {l.title}
                          </Link>
                        </UnorderedListItem>
                      ))}
                    </UnorderedList>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

/** "—" on screen; a word for a screen reader, which would otherwise read a dash or nothing. */
function NoneMark({ label }: { label: string }) {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="sp-visually-hidden">{label}</span>
    </>
  );
}
