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
import { formatDateTime } from "../../ui/format.ts";
import { actionFailure } from "../respond.server.ts";
import type { Route } from "./+types/dashboard";

export const meta: Route.MetaFunction = () => [{ title: "Mijn sectorplannen — Sectorplanportaal" }];

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
  return (
    <div className="sp-stack">
      <Heading level={1}>Mijn sectorplannen</Heading>
      {actionData && "formError" in actionData && actionData.formError ? (
        <Paragraph role="alert">{actionData.formError}</Paragraph>
      ) : null}
      <Form method="post">
        <Button appearance="primary-action-button" type="submit">
          Nieuw sectorplan
        </Button>
      </Form>
      {plans.length === 0 ? (
        <Paragraph>Uw organisatie heeft nog geen sectorplannen.</Paragraph>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Kenmerk</TableHeaderCell>
              <TableHeaderCell scope="col">Titel</TableHeaderCell>
              <TableHeaderCell scope="col">Status</TableHeaderCell>
              <TableHeaderCell scope="col">Ingediend</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {plans.map((p) => (
              <TableRow key={p.id}>
                <TableCell>
                  <Link href={`/aanvrager/plannen/${p.id}`}>{p.reference}</Link>
                </TableCell>
                <TableCell>{p.title || "(nog geen titel)"}</TableCell>
                <TableCell>{p.statusLabel}</TableCell>
                <TableCell>{p.submittedAt ? formatDateTime(p.submittedAt) : "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
