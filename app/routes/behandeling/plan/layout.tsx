import { Heading } from "@rijkshuisstijl-community/components-react";
import { NavLink, Outlet } from "react-router";
import { requireRole } from "../../../auth/session.server.ts";
import { PLAN_READER_ROLES, REVIEW_ROLES } from "../../../domain/actor.ts";
import { getPlanView } from "../../../domain/plan/plans.server.ts";
import type { PlanStatus, Role } from "../../../generated/prisma/enums.ts";
import { PlanHeader } from "../../../ui/plan-summary.tsx";
import { throwAsPage } from "../../respond.server.ts";
import type { Route } from "./+types/layout";

// The staff plan page: the plan's header and one tab per part of the review; each tab is its own
// route with its own loader and action, so each role's work stays in its own module.

/** The tab in the title too, so that two tabs of one plan differ in the browser's tabs and history. */
export const meta: Route.MetaFunction = ({ data, params, location }) => {
  const segment = location.pathname.slice(`/behandeling/plannen/${params.planId}/`.length);
  const tab = TABS.find((t) => t.to === segment)?.label;
  const plan = data?.plan.reference ?? "Sectorplan";
  return [{ title: `${tab ? `${tab} — ` : ""}${plan} — Behandeling — Sectorplanportaal` }];
};

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, [...PLAN_READER_ROLES]);
  try {
    return { plan: await getPlanView(user.actor, params.planId), roles: user.roles };
  } catch (err) {
    throwAsPage(err);
  }
}

type Tab = {
  to: string;
  label: string;
  roles: readonly Role[];
  statuses?: readonly PlanStatus[];
  /** Also on a grant the minister revoked (WITHDRAWN with a revocation). */
  revoked?: true;
};

const TABS: Tab[] = [
  { to: "", label: "Overzicht", roles: PLAN_READER_ROLES },
  { to: "volledigheid", label: "Volledigheid", roles: ["CASE_HANDLER"] },
  { to: "beoordeling", label: "Beoordeling", roles: ["ADVISER", "CASE_HANDLER"] },
  { to: "besluit", label: "Besluit", roles: ["DECISION_MAKER"] },
  { to: "berichten", label: "Notities en berichten", roles: REVIEW_ROLES },
  // The vaststelling once execution has started: the report, the proposal and the settlement.
  {
    to: "vaststelling",
    label: "Vaststelling",
    roles: ["CASE_HANDLER", "DECISION_MAKER"],
    statuses: ["IN_EXECUTION", "SETTLEMENT_REQUESTED", "SETTLED"],
  },
  // Requests to extend a granted plan's period (art. 1.2a); the decision maker decides on the tab.
  {
    to: "verlenging",
    label: "Verlenging",
    roles: ["CASE_HANDLER", "DECISION_MAKER", "FINANCE"],
    statuses: ["GRANTED", "PARTIALLY_GRANTED", "IN_EXECUTION", "SETTLEMENT_REQUESTED", "SETTLED"],
    // A request open when the grant was revoked lapsed: it stays readable with the plan.
    revoked: true,
  },
  // The interim progress reports (art. 5.4) while the grant runs, and read afterwards.
  {
    to: "tussentijds",
    label: "Tussentijds verslag",
    roles: ["CASE_HANDLER", "DECISION_MAKER"],
    statuses: ["GRANTED", "PARTIALLY_GRANTED", "IN_EXECUTION", "SETTLEMENT_REQUESTED", "SETTLED"],
    revoked: true,
  },
  // The meldingen onderbesteding (art. 5.3), likewise.
  {
    to: "onderbesteding",
    label: "Onderbesteding",
    roles: ["CASE_HANDLER", "DECISION_MAKER"],
    statuses: ["GRANTED", "PARTIALLY_GRANTED", "IN_EXECUTION", "SETTLEMENT_REQUESTED", "SETTLED"],
    revoked: true,
  },
];

/** The tabs a staff member sees on a plan: by their roles and the plan's state. */
export function visibleTabs(
  plan: { status: PlanStatus; revocation: unknown },
  roles: readonly Role[],
): { to: string; label: string }[] {
  return TABS.filter(
    (t) =>
      t.roles.some((r) => roles.includes(r)) &&
      (!t.statuses || t.statuses.includes(plan.status) || (!!t.revoked && plan.revocation !== null)),
  );
}

export default function StaffPlanLayout({ loaderData }: Route.ComponentProps) {
  const { plan, roles } = loaderData;
  const base = `/behandeling/plannen/${plan.id}`;
  return (
    <div className="sp-stack">
      <Heading level={1}>Sectorplan {plan.reference}</Heading>
      <PlanHeader plan={plan} />
      <nav aria-label="Onderdelen van de behandeling" className="sp-tabs">
        <ul>
          {visibleTabs(plan, roles).map((t) => (
            <li key={t.to}>
              <NavLink to={t.to ? `${base}/${t.to}` : base} end prefetch="intent">
                {t.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
