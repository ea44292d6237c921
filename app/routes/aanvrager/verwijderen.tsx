import {
  Button,
  Heading,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from "@rijkshuisstijl-community/components-react";
import { data, Form, redirect, useNavigation } from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { deleteDraft, draftDeletionView } from "../../domain/plan/delete-draft.server.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { Alert } from "../../ui/alert.tsx";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { formatFileSize } from "../../ui/format.ts";
import { Link } from "../../ui/link.tsx";
import { summaryOf } from "../../ui/review/form-helpers.ts";
import { type ActionFailure, actionFailure, planActionMeta, throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/verwijderen";

// Deleting a draft (design.md §4: "a DRAFT is simply deleted"): the draft's title and what goes
// with it, and one button. Who may and when is the domain's (plan/delete-draft.server.ts).

export const meta: Route.MetaFunction = ({ data, matches }) => [
  { title: pageTitle(matches, "draftDelete.pageTitle", { reference: data?.plan.reference ?? "" }) },
];

/** The dashboard links here with ?van=overzicht: "Annuleren" goes back there, else to the draft. */
const FROM_DASHBOARD = "overzicht";

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  let view: Awaited<ReturnType<typeof draftDeletionView>>;
  try {
    view = await draftDeletionView(user.actor, params.planId);
  } catch (err) {
    throwAsPage(err);
  }
  const fromDashboard = new URL(request.url).searchParams.get("van") === FROM_DASHBOARD;
  return {
    plan: { id: view.id, reference: view.reference, title: view.title, version: view.version },
    stepsSaved: view.stepsSaved,
    attachments: view.attachments.map((a) => ({
      filename: a.filename,
      kindLabel: a.kindLabel,
      byteSize: a.byteSize,
    })),
    refusal: view.refusal,
    cancelHref: fromDashboard ? "/aanvrager" : `/aanvrager/plannen/${view.id}`,
  };
}

const readMeta = planActionMeta(["delete"] as const);
// The wording the other applicant forms use, which has its English (domain-messages.ts).
const INCOMPLETE = "Het formulier is niet volledig verstuurd. Probeer het opnieuw.";

/**
 * intent=delete with the plan version the page was read at. The form is read before the plan is
 * looked up (an empty post is a 400 for any id); a refusal (submitted meanwhile, changed by a
 * colleague) is shown on the page; another organisation's plan is the 404 page.
 */
export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  const meta = readMeta(await request.formData());
  if (!meta) return data<ActionFailure>({ ok: false, formError: INCOMPLETE }, { status: 400 });
  try {
    const { reference } = await deleteDraft(user.actor, params.planId, meta.expectedVersion);
    return redirect(`/aanvrager?verwijderd=${encodeURIComponent(reference)}`);
  } catch (err) {
    return actionFailure(err);
  }
}

export default function DeleteDraftPage({ loaderData, actionData }: Route.ComponentProps) {
  const { plan, stepsSaved, attachments, refusal, cancelHref } = loaderData;
  const { t, dt, lng } = useI18n();
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const title = plan.title || t("common.noTitle");
  return (
    <div className="sp-stack">
      <Paragraph className="sp-wizard__caption">
        {t("draftDelete.caption", { reference: plan.reference })}
      </Paragraph>
      <Heading level={1}>{t("draftDelete.heading")}</Heading>
      {refusal ? (
        <>
          <Alert type="info">
            <Paragraph>
              {t("draftDelete.cannot")} {dt(refusal)}
            </Paragraph>
          </Alert>
          <Paragraph>
            <Link href={`/aanvrager/plannen/${plan.id}`}>
              {t("draftDelete.back", { reference: plan.reference })}
            </Link>
          </Paragraph>
        </>
      ) : (
        <Form method="post" noValidate className="sp-stack">
          <ErrorSummary errors={summaryOf(failure, "verwijderen")} focusKey={failure} />
          <Paragraph>
            <strong>{t("draftDelete.question", { title, reference: plan.reference })}</strong>{" "}
            {t("draftDelete.consequences")}
          </Paragraph>
          <section aria-labelledby="wat-verwijderd" className="sp-stack">
            <Heading level={2} id="wat-verwijderd">
              {t("draftDelete.whatGoes")}
            </Heading>
            {stepsSaved.length === 0 ? (
              <Paragraph>{t("draftDelete.noSteps")}</Paragraph>
            ) : (
              <>
                <Paragraph>{t("draftDelete.steps", { count: stepsSaved.length })}</Paragraph>
                <UnorderedList>
                  {stepsSaved.map((step) => (
                    <UnorderedListItem key={step}>{t(`wizard.steps.${step}`)}</UnorderedListItem>
                  ))}
                </UnorderedList>
              </>
            )}
            {attachments.length === 0 ? (
              <Paragraph>{t("draftDelete.noAttachments")}</Paragraph>
            ) : (
              <>
                <Paragraph>{t("draftDelete.attachments", { count: attachments.length })}</Paragraph>
                <UnorderedList>
                  {attachments.map((a, i) => (
                    // Two uploads may share a name: the position keeps the keys apart.
                    // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed for the page's life
                    <UnorderedListItem key={`${i}:${a.filename}`}>
                      {dt(a.kindLabel)}: {a.filename} ({formatFileSize(a.byteSize, lng)})
                    </UnorderedListItem>
                  ))}
                </UnorderedList>
              </>
            )}
          </section>
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="expectedVersion" value={plan.version} />
          <div className="sp-actions">
            <Button type="submit" appearance="primary-action-button" hint="danger" disabled={busy}>
              {t("draftDelete.submit")}
            </Button>
            <Link href={cancelHref}>{t("draftDelete.cancel")}</Link>
          </div>
        </Form>
      )}
    </div>
  );
}
