import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { markRecoveryReceived, openRecoveryClaims } from "../../domain/settlement/recovery.server.ts";
import { formatDateNl } from "../../domain/time/index.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ActionDone } from "../../ui/review/action-done.tsx";
import { summaryOf } from "../../ui/review/form-helpers.ts";
import { TableScroll } from "../../ui/table.tsx";
import { type ActionFailure, actionFailure, throwAsPage, validationFailure } from "../respond.server.ts";
import type { Route } from "./+types/terugvorderingen";

export const meta = () => [{ title: "Terugvorderingen — Financiën — Sectorplanportaal" }];

const PAGE_SIZE = 50;
const Query = z.object({ pagina: z.coerce.number().int().min(1).max(10_000).catch(1) });

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, ["FINANCE"]);
  const { pagina } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  try {
    const { rows, total } = await openRecoveryClaims({ skip: (pagina - 1) * PAGE_SIZE, take: PAGE_SIZE });
    return { claims: rows, total, page: pagina, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
  } catch (err) {
    throwAsPage(err);
  }
}

const Received = z.object({ intent: z.literal("received"), claimId: z.uuid() });

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, ["FINANCE"]);
  const parsed = Received.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return validationFailure({}, "received");
  try {
    await markRecoveryReceived(user.actor, parsed.data.claimId);
    return { ok: true as const, message: "De terugbetaling is geregistreerd." };
  } catch (err) {
    return actionFailure(err, "received");
  }
}

export default function RecoveryClaims({ loaderData, actionData }: Route.ComponentProps) {
  const { claims, total, page, pageCount } = loaderData;
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  return (
    <div className="sp-stack">
      <Heading level={1}>Terugvorderingen</Heading>
      <Paragraph>
        Voorschotten die hoger waren dan het vastgestelde bedrag. De terugvordering is bij de vaststelling
        geboekt; registreer hier wanneer het geld is terugontvangen.
      </Paragraph>
      <ActionDone message={success} />
      <ErrorSummary errors={summaryOf(failure, "received")} focusKey={failure} />
      {claims.length === 0 ? (
        <Paragraph>Er zijn geen openstaande terugvorderingen.</Paragraph>
      ) : (
        <TableScroll>
          <table className="utrecht-table">
            <caption className="utrecht-table__caption">
              Openstaande terugvorderingen, de eerst vervallende bovenaan ({total} in totaal
              {pageCount > 1 ? `, pagina ${page} van ${pageCount}` : ""})
            </caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th scope="col" className="utrecht-table__header-cell">
                  Plan
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Organisatie
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Bedrag
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Te betalen uiterlijk
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  Actie
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {claims.map((c) => (
                <tr className="utrecht-table__row" key={c.id}>
                  <th scope="row" className="utrecht-table__header-cell">
                    <Link to={`/behandeling/plannen/${c.planId}`} className="sp-nowrap">
                      {c.reference}
                    </Link>
                  </th>
                  <td className="utrecht-table__cell">{c.organisation}</td>
                  <td className="utrecht-table__cell">{c.amount}</td>
                  <td className="utrecht-table__cell">{formatDateNl(c.dueOn)}</td>
                  <td className="utrecht-table__cell">
                    <Form method="post">
                      <input type="hidden" name="intent" value="received" />
                      <input type="hidden" name="claimId" value={c.id} />
                      <Button type="submit" appearance="secondary-action-button" disabled={busy}>
                        Ontvangen<span className="sp-visually-hidden"> ({c.reference})</span>
                      </Button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pagination page={page} pageCount={pageCount} href={(n) => `?pagina=${n}`} />
    </div>
  );
}
