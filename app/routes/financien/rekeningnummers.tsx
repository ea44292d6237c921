import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { prisma } from "../../db/client.server.ts";
import {
  decideIbanChange,
  FOUR_EYES_IBAN,
  isFirstIban,
  isHolderChange,
  pendingIbanChanges,
} from "../../domain/payments/iban.server.ts";
import { formatIban } from "../../domain/payments/iban.ts";
import { formatDateTimeNl } from "../../domain/time/index.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { TextareaField } from "../../ui/fields.tsx";
import { namesInBrief } from "../../ui/format.ts";
import { ActionDone } from "../../ui/review/action-done.tsx";
import { errorAt, summaryOf } from "../../ui/review/form-helpers.ts";
import {
  type ActionFailure,
  actionFailure,
  incompleteForm,
  throwAsPage,
  validationFailure,
} from "../respond.server.ts";
import type { Route } from "./+types/rekeningnummers";

export const meta = () => [{ title: "Wijzigingen van rekeningnummers — Financiën — Sectorplanportaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["FINANCE"]);
  try {
    const pending = await pendingIbanChanges(prisma);
    return {
      pending: pending.map((r) => ({
        id: r.id,
        organisationName: r.organisationName,
        // The account given at signup (or after a rejected one): nothing to compare it with, and
        // nothing is paid to the organisation until it is approved.
        first: isFirstIban(r),
        previousIban: formatIban(r.previousIban),
        iban: formatIban(r.iban),
        accountHolder: r.accountHolder,
        currentHolder: r.currentHolder,
        // Only the holder's name put right: the number stays.
        sameIban: isHolderChange(r),
        requested: `${r.requestedBy}, ${formatDateTimeNl(r.requestedAt)}`,
        requestedByMe: r.requestedById === user.id,
        fourEyesNote: FOUR_EYES_IBAN,
        sharedWith: namesInBrief(r.sharedWith, 5),
      })),
    };
  } catch (err) {
    throwAsPage(err);
  }
}

const Decide = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), requestId: z.uuid() }),
  z.object({
    intent: z.literal("reject"),
    requestId: z.uuid(),
    reason: z
      .string()
      .trim()
      .min(1, "Schrijf waarom u de wijziging afwijst.")
      .max(1000, "Ten hoogste 1000 tekens."),
  }),
]);

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, ["FINANCE"]);
  const raw = Object.fromEntries(await request.formData());
  const form = `req-${String(raw.requestId ?? "")}`;
  const parsed = Decide.safeParse(raw);
  if (!parsed.success) {
    const reason = parsed.error.issues.find((i) => i.path[0] === "reason");
    return reason ? validationFailure({ reason: { message: reason.message } }, form) : incompleteForm(form);
  }
  try {
    const d = parsed.data;
    await decideIbanChange(
      user.actor,
      d.requestId,
      d.intent === "approve" ? { approve: true } : { approve: false, reason: d.reason },
    );
    return {
      ok: true as const,
      message:
        d.intent === "approve"
          ? "Goedgekeurd: dit rekeningnummer geldt vanaf nu en betalingen aan de organisatie kunnen worden voorbereid."
          : "Afgewezen: de organisatie is op de hoogte gebracht, met de reden. Het afgewezen rekeningnummer wordt niet gebruikt.",
    };
  } catch (err) {
    return actionFailure(err, form);
  }
}

export default function IbanChanges({ loaderData, actionData }: Route.ComponentProps) {
  const { pending } = loaderData;
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  return (
    <div className="sp-stack">
      <Heading level={1}>Wijzigingen van rekeningnummers</Heading>
      <Paragraph>
        Een nieuw rekeningnummer geldt pas als een andere medewerker van Financiën dan de aanvrager het heeft
        goedgekeurd. Zolang een wijziging openstaat, worden de betalingen aan die organisatie aangehouden.
      </Paragraph>
      <Paragraph>
        Ook het eerste rekeningnummer van een organisatie, opgegeven bij de aanmelding, wordt pas gebruikt als
        het hier is goedgekeurd: controleer vóór de eerste betaling of de rekening op naam van de organisatie
        staat (bankafschrift of naamcontrole). Tot dan wordt aan die organisatie niets betaald.
      </Paragraph>
      <ActionDone message={success} />
      <ErrorSummary errors={summaryOf(failure, failure?.form ?? "req")} focusKey={failure} />
      {pending.length === 0 ? <Paragraph>Er staan geen wijzigingen open.</Paragraph> : null}
      {pending.map((r) => {
        const form = `req-${r.id}`;
        const mine = failure?.form === form ? failure : undefined;
        return (
          <section key={r.id} aria-labelledby={`${form}-title`} className="sp-stack sp-card">
            <Heading level={2} id={`${form}-title`}>
              {r.organisationName}
            </Heading>
            <dl className="sp-facts">
              <dt>Huidig IBAN</dt>
              <dd>{r.first ? "geen: eerste rekeningnummer, nog niet gecontroleerd" : r.previousIban}</dd>
              <dt>{r.first ? "Opgegeven IBAN" : r.sameIban ? "IBAN (ongewijzigd)" : "Nieuw IBAN"}</dt>
              <dd>
                <span className="sp-nowrap">{r.iban}</span>
                {r.sharedWith ? (
                  <strong className="sp-block"> IBAN komt ook voor bij {r.sharedWith}</strong>
                ) : null}
              </dd>
              {r.first ? null : (
                <>
                  <dt>Huidige rekeninghouder</dt>
                  <dd>{r.currentHolder}</dd>
                </>
              )}
              <dt>{r.first ? "Rekeninghouder" : "Nieuwe rekeninghouder"}</dt>
              <dd>{r.accountHolder}</dd>
              <dt>Aangevraagd door</dt>
              <dd>{r.requested}</dd>
            </dl>
            {r.requestedByMe ? (
              <Paragraph>{r.fourEyesNote}</Paragraph>
            ) : (
              <>
                <Form method="post">
                  <input type="hidden" name="requestId" value={r.id} />
                  <input type="hidden" name="intent" value="approve" />
                  <Button appearance="primary-action-button" type="submit" disabled={busy}>
                    Goedkeuren: {r.organisationName}
                  </Button>
                </Form>
                <Form method="post" className="sp-stack" noValidate>
                  <input type="hidden" name="requestId" value={r.id} />
                  <input type="hidden" name="intent" value="reject" />
                  <TextareaField
                    id={`${form}-reason`}
                    name="reason"
                    label="Reden van afwijzing"
                    error={errorAt(mine, "reason")}
                  />
                  <Button appearance="secondary-action-button" type="submit" disabled={busy}>
                    Afwijzen: {r.organisationName}
                  </Button>
                </Form>
              </>
            )}
          </section>
        );
      })}
    </div>
  );
}
