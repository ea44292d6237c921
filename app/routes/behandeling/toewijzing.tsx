import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import {
  assignAdviser,
  assignmentOverview,
  claimPlan,
  removeAssignment,
} from "../../domain/assessment/assignment.server.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { SelectField, TextField } from "../../ui/fields.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ActionDone } from "../../ui/review/action-done.tsx";
import { summaryOf } from "../../ui/review/form-helpers.ts";
import { TableScroll } from "../../ui/table.tsx";
import {
  type ActionFailure,
  actionFailure,
  incompleteForm,
  throwAsPage,
  validationFailure,
} from "../respond.server.ts";
import type { Route } from "./+types/toewijzing";

// The Actieteam's assignment page: every adviser claims here; the coordinator also assigns,
// takes advisers off (absence, a declared conflict) and sees the declared conflicts.

export const meta = () => [{ title: "Toewijzing adviseurs — Sectorplanportaal" }];

/** ?pagina= as the staff lists; ?plan= (from the adviser's queue) opens the page holding that plan. */
const Query = z.object({
  pagina: z.coerce.number().int().min(1).max(10_000).catch(1),
  plan: z.uuid().optional().catch(undefined),
});

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["ADVISER"]);
  const { pagina, plan } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  try {
    return { overview: await assignmentOverview(user.actor, { page: pagina, plan }), me: user.actor.userId };
  } catch (err) {
    throwAsPage(err);
  }
}

const STATUS_LABEL = {
  PENDING_DECLARATION: "verklaring open",
  ACTIVE: "actief",
  CONFLICT: "mogelijk belang gemeld",
  REMOVED: "van het plan gehaald",
} as const;

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, ["ADVISER"]);
  const f = await request.formData();
  const intent = String(f.get("intent") ?? "");
  const planId = String(f.get("planId") ?? "");
  try {
    if (intent === "claim") {
      await claimPlan(user.actor, planId);
      return {
        ok: true as const,
        message: "U heeft het plan opgepakt. Verklaar eerst of u een belang heeft.",
      };
    }
    if (intent === "assign") {
      const adviserId = String(f.get("adviserId") ?? "");
      if (!adviserId)
        return validationFailure({ adviserId: { message: "Kies een adviseur." } }, `assign-${planId}`);
      await assignAdviser(user.actor, planId, adviserId);
      return { ok: true as const, message: "De adviseur is toegewezen." };
    }
    if (intent === "remove") {
      const assignmentId = String(f.get("assignmentId") ?? "");
      const reason = String(f.get("reason") ?? "").trim();
      if (!reason)
        return validationFailure({ reason: { message: "Geef de reden." } }, `remove-${assignmentId}`);
      await removeAssignment(user.actor, assignmentId, reason);
      return { ok: true as const, message: "De adviseur is van het plan gehaald." };
    }
    return incompleteForm();
  } catch (err) {
    return actionFailure(
      err,
      intent === "remove" ? `remove-${String(f.get("assignmentId"))}` : `${intent}-${planId}`,
    );
  }
}

export default function Assignments({ loaderData, actionData }: Route.ComponentProps) {
  const { overview, me } = loaderData;
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  return (
    <div className="sp-stack">
      <Heading level={1}>Toewijzing adviseurs</Heading>
      <ActionDone message={success} />
      <ErrorSummary errors={summaryOf(failure, failure?.form ?? "x")} focusKey={failure} />
      {overview.coordinator && overview.conflicts.length > 0 ? (
        <section aria-labelledby="conflicts-title" className="sp-stack">
          <Heading level={2} id="conflicts-title">
            Gemelde belangenverstrengeling
          </Heading>
          <TableScroll>
            <table className="utrecht-table">
              <caption className="utrecht-table__caption">Adviseurs die een mogelijk belang meldden</caption>
              <thead className="utrecht-table__header">
                <tr className="utrecht-table__row">
                  <th className="utrecht-table__header-cell" scope="col">
                    Kenmerk
                  </th>
                  <th className="utrecht-table__header-cell" scope="col">
                    Adviseur
                  </th>
                  <th className="utrecht-table__header-cell" scope="col">
                    Toelichting
                  </th>
                </tr>
              </thead>
              <tbody className="utrecht-table__body">
                {overview.conflicts.map((c) => (
                  <tr key={c.assignmentId} className="utrecht-table__row">
                    <th className="utrecht-table__header-cell sp-nowrap" scope="row">
                      {c.reference}
                    </th>
                    <td className="utrecht-table__cell">{c.adviserName}</td>
                    <td className="utrecht-table__cell">{c.explanation}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}
      <section aria-labelledby="plans-title" className="sp-stack">
        <Heading level={2} id="plans-title">
          Plannen in beoordeling
        </Heading>
        <Paragraph>
          Ook een plan dat op budget wacht, krijgt adviseurs: na de sluiting van het tijdvak wordt het alleen
          op advies (gedeeltelijk) verleend.
        </Paragraph>
        {overview.plans.length === 0 ? (
          <Paragraph>Er zijn geen plannen in beoordeling.</Paragraph>
        ) : overview.pageCount > 1 ? (
          <Paragraph>
            Pagina {overview.page} van {overview.pageCount}; {overview.total} plannen in beoordeling of
            wachtend op budget.
          </Paragraph>
        ) : null}
        <TableScroll>
          <table className="utrecht-table">
            <caption className="utrecht-table__caption">
              Plannen in beoordeling en plannen die op budget wachten, in volgorde van ontvangst
            </caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th className="utrecht-table__header-cell" scope="col">
                  Kenmerk
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  Organisatie
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  Adviseurs
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  Handeling
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {overview.plans.map((p) => (
                <tr key={p.id} id={`plan-${p.id}`} className="utrecht-table__row">
                  <th className="utrecht-table__header-cell" scope="row">
                    {p.mine ? (
                      <Link to={`/behandeling/plannen/${p.id}/verklaring`} className="sp-nowrap">
                        {p.reference}
                      </Link>
                    ) : (
                      p.reference
                    )}
                    <br />
                    {p.title}
                    {p.waitingForBudget ? (
                      <>
                        <br />
                        <em>Wacht op budget</em>
                      </>
                    ) : null}
                  </th>
                  <td className="utrecht-table__cell">{p.organisationName}</td>
                  <td className="utrecht-table__cell">
                    {p.advisers.length === 0 ? "niemand" : null}
                    <ul>
                      {p.advisers.map((a) => (
                        <li key={a.assignmentId}>
                          {a.adviserId === me ? "u" : a.name} ({STATUS_LABEL[a.status]}
                          {a.absent ? ", afwezig" : ""})
                          {overview.coordinator ? (
                            <Form method="post" className="sp-row">
                              <input type="hidden" name="intent" value="remove" />
                              <input type="hidden" name="assignmentId" value={a.assignmentId} />
                              <TextField
                                id={`remove-${a.assignmentId}-reason`}
                                name="reason"
                                label={`Reden om ${a.name} van ${p.reference} te halen`}
                              />
                              <Button type="submit" appearance="secondary-action-button" disabled={busy}>
                                Van het plan halen
                              </Button>
                            </Form>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="utrecht-table__cell">
                    {p.openSeats > 0 && !p.mine ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="claim" />
                        <input type="hidden" name="planId" value={p.id} />
                        <Button type="submit" appearance="secondary-action-button" disabled={busy}>
                          Oppakken: {p.reference}
                        </Button>
                      </Form>
                    ) : null}
                    {overview.coordinator ? (
                      <Form method="post" className="sp-row">
                        <input type="hidden" name="intent" value="assign" />
                        <input type="hidden" name="planId" value={p.id} />
                        <SelectField
                          id={`assign-${p.id}-adviserId`}
                          name="adviserId"
                          label={`Adviseur voor ${p.reference}`}
                          options={[
                            { value: "", label: "Kies een adviseur" },
                            ...overview.advisers.map((a) => ({
                              value: a.id,
                              label: `${a.name}${a.absent ? " (afwezig)" : ""}`,
                            })),
                          ]}
                        />
                        <Button type="submit" appearance="secondary-action-button" disabled={busy}>
                          Toewijzen
                        </Button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <Pagination page={overview.page} pageCount={overview.pageCount} href={(n) => `?pagina=${n}`} />
      </section>
    </div>
  );
}
