import { Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data } from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { loadTimeline, parseScope } from "../../domain/budget/dashboard.server.ts";
import { ExportLinks } from "../../ui/finance/export-links.tsx";
import { dashboardHref } from "../../ui/finance/links.ts";
import { TimelineTable } from "../../ui/finance/timeline-chart.tsx";
import { Link } from "../../ui/link.tsx";
import type { Route } from "./+types/verloop";

export const meta: Route.MetaFunction = () => [{ title: "Financiën: verloop per maand — Sectorplanportaal" }];

/** The dashboard chart's figures as a table: who may see the dashboard may see this. */
export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, ["FINANCE", "DECISION_MAKER"]);
  const scope = parseScope(new URL(request.url).searchParams);
  if (!scope.ok) throw data(scope.message, { status: 400 });
  const { rows, regulationLabel } = await loadTimeline(scope.value);
  return { rows, regulationLabel, regeling: scope.value.regulationId };
}

export default function Verloop({ loaderData }: Route.ComponentProps) {
  const { rows, regulationLabel, regeling } = loaderData;
  return (
    <div className="sp-stack">
      <Heading level={1}>Verloop van verplichtingen en betalingen per maand</Heading>
      <Paragraph>
        {regulationLabel ? `Regeling ${regulationLabel}` : "Alle regelingen"}: per maand en cumulatief, op de
        subsidieplafonds van de tijdvakken, verplicht na vrijvallen en betaald na terugvorderingen. Dit zijn
        de cijfers van de grafiek op het <Link href={dashboardHref(regeling)}>budgetoverzicht</Link>.
      </Paragraph>
      {rows.length === 0 ? (
        <Paragraph>Er zijn nog geen verplichtingen of betalingen.</Paragraph>
      ) : (
        <TimelineTable rows={rows} />
      )}
      <ExportLinks table="timeline" what="het verloop per maand" params={{ regeling }} />
    </div>
  );
}
