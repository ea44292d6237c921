import {
  Button,
  Heading,
  Link,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@rijkshuisstijl-community/components-react";
import { Form, redirect } from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { createDraftPlan, listOrganisationPlans } from "../../domain/plan/plans.server.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { actionFailure } from "../respond.server.ts";
import type { Route } from "./+types/dashboard";

export const meta: Route.MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "dashboard.title") }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  const plans = await listOrganisationPlans(user.actor);
  return {
    plans: plans.map((p) => ({
      id: p.id,
      reference: p.reference,
      title: p.title,
      statusLabel: p.statusLabel,
      updatedAt: p.updatedAt.toISOString(),
      submittedAt: p.submittedAt?.toISOString() ?? null,
    })),
  };
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  try {
    const { id } = await createDraftPlan(user.actor);
    return redirect(`/aanvrager/plannen/${id}`);
  } catch (err) {
    return actionFailure(err);
  }
}

export default function Dashboard({ loaderData, actionData }: Route.ComponentProps) {
  const { plans } = loaderData;
  const { t, dt, dateTime } = useI18n();
  return (
    <div className="sp-stack">
      <Heading level={1}>{t("dashboard.title")}</Heading>
      {actionData && "formError" in actionData && actionData.formError ? (
        <Paragraph role="alert">{dt(actionData.formError)}</Paragraph>
      ) : null}
      <Form method="post">
        <Button appearance="primary-action-button" type="submit">
          {t("dashboard.newPlan")}
        </Button>
      </Form>
      {plans.length === 0 ? (
        <Paragraph>{t("dashboard.empty")}</Paragraph>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("dashboard.reference")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("dashboard.planTitle")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("dashboard.status")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("dashboard.submitted")}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {plans.map((p) => (
              <TableRow key={p.id}>
                <TableCell>
                  <Link href={`/aanvrager/plannen/${p.id}`}>{p.reference}</Link>
                </TableCell>
                <TableCell>{p.title || t("common.noTitle")}</TableCell>
                <TableCell>{dt(p.statusLabel)}</TableCell>
                <TableCell>{p.submittedAt ? dateTime(p.submittedAt) : "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
