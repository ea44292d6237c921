import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, Link as RouterLink, redirect, type ShouldRevalidateFunctionArgs } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { ConflictError, DomainError, NotFoundError, RuleViolation } from "../../domain/errors.ts";
import { formatEuro, parseEuroInput } from "../../domain/money.ts";
import {
  getMelding,
  NOT_FOUND,
  saveMeldingDraft,
  submitMelding,
} from "../../domain/underspending/melding.server.ts";
import { halfYearOf, meldingOwed, spentPercent } from "../../domain/underspending/rules.ts";
import { type MeldingInput, meldingSchema } from "../../domain/underspending/schema.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { Alert } from "../../ui/alert.tsx";
import { TextareaField, TextField } from "../../ui/fields.tsx";
import { StepForm } from "../../ui/wizard/step-form.tsx";
import { errorTree, throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/onderbesteding";
import type { StepActionResult } from "./wizard/step-action.server.ts";

/**
 * The melding onderbesteding (regulation art. 5.3) over one half-year: one form, saved as typed
 * (StepForm: autosave, the version the page knows) and submitted by a signatory when the costs
 * stayed at or below 75% of plan. The schema is the one the action checks (underspending/schema.ts).
 */
export const meta: Route.MetaFunction = ({ data, matches, params }) => [
  {
    title: pageTitle(matches, "underspending.pageTitle", {
      n: params.halfjaar ?? "",
      reference: data?.plan.reference ?? "",
    }),
  },
];

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  try {
    const n = halfYearOf(params.halfjaar);
    if (!n) throw new NotFoundError(NOT_FOUND);
    const view = await getMelding(user.actor, params.planId, n);
    // The form keeps its copy for a reload under the signed-in user (step-form.tsx).
    return { ...view, userId: user.id };
  } catch (err) {
    throwAsPage(err);
  }
}

/** An autosave changes nothing the page shows but the status line, which the form keeps itself. */
export function shouldRevalidate({ formData, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formData?.get("intent") === "autosave" ? false : defaultShouldRevalidate;
}

// Version 0: nothing saved yet (the first save creates the melding).
const Meta = z.object({
  intent: z.enum(["autosave", "save", "submit"]),
  expectedVersion: z.coerce.number().int().nonnegative(),
});

function failure(body: Extract<StepActionResult, { ok: false }>, status: number) {
  return data<StepActionResult>(body, { status });
}

const fieldsOf = (formData: FormData) => ({
  actual: String(formData.get("actual") ?? ""),
  causes: String(formData.get("causes") ?? ""),
  outlook: String(formData.get("outlook") ?? ""),
});

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  const formData = await request.formData();
  const n = halfYearOf(params.halfjaar);
  const meta = Meta.safeParse({
    intent: formData.get("intent"),
    expectedVersion: formData.get("expectedVersion"),
  });
  if (!n || !meta.success)
    return failure(
      { ok: false, formError: "Het formulier is niet volledig verstuurd. Probeer het opnieuw." },
      400,
    );
  const { intent, expectedVersion } = meta.data;
  const values = fieldsOf(formData);
  // The version the draft has after this post's save: every answer carries it, also a refusal of
  // the submission after the save (the 75% rule, a signing right), or the page's next post would
  // carry the version before the save and be refused as changed elsewhere.
  let version: number | undefined;
  try {
    // What was typed is kept first, also when the submission is refused below.
    const saved = await saveMeldingDraft(user.actor, params.planId, n, expectedVersion, values, {
      acceptUnchanged: intent === "autosave",
    });
    version = saved.version;
    if (intent === "autosave") return data<StepActionResult>({ ok: true, intent, ...saved });
    if (intent === "save") {
      if (saved.issues.length > 0)
        return failure(
          {
            ok: false,
            version: saved.version,
            errors: errorTree(saved.issues.map((i) => ({ path: i.path.join("."), message: i.message }))),
          },
          400,
        );
      return data<StepActionResult>({ ok: true, intent, version: saved.version, savedAt: saved.savedAt });
    }
    const check = meldingSchema.safeParse(values);
    if (!check.success)
      return failure(
        {
          ok: false,
          version: saved.version,
          errors: errorTree(check.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }))),
        },
        400,
      );
    await submitMelding(user.actor, params.planId, n, saved.version, values);
    return redirect(`/aanvrager/plannen/${params.planId}/onderbesteding/${n}`);
  } catch (err) {
    if (err instanceof ConflictError)
      return failure({ ok: false, conflict: true, formError: err.message }, 409);
    if (err instanceof RuleViolation)
      return failure(
        err.field
          ? { ok: false, version, errors: { [err.field]: { type: "server", message: err.message } } }
          : { ok: false, version, formError: err.message },
        400,
      );
    // A refusal of the workflow's (403: not a signatory) is said on the page too.
    if (err instanceof DomainError && err.status < 500 && err.status !== 404)
      return failure({ ok: false, version, formError: err.message }, err.status);
    throwAsPage(err);
  }
}

export default function UnderspendingPage({ loaderData }: Route.ComponentProps) {
  const { plan, n, half, melding, open, closedReason } = loaderData;
  const { t, dt, date } = useI18n();
  const submitted = !!melding?.submittedAt;
  return (
    <div className="sp-stack">
      <Paragraph className="sp-wizard__caption">
        {t("underspending.caption", { reference: plan.reference })}
      </Paragraph>
      <Heading level={1}>{t("underspending.heading", { n })}</Heading>
      {half ? (
        <>
          <Paragraph>
            {t(half.ended ? "underspending.period" : "underspending.periodRunning", {
              n,
              start: date(half.startsOn),
              end: date(half.endsOn),
            })}{" "}
            {t("underspending.intro")}
          </Paragraph>
          <Paragraph data-testid="underspending-planned">
            {t("underspending.planned", { amount: formatEuro(BigInt(half.plannedCents)) })}{" "}
            {t("underspending.plannedHow")}
          </Paragraph>
          <Paragraph>
            {t("underspending.due")} <strong>{date(half.dueOn)}</strong>.
            {open && !submitted ? <> {t("underspending.lateAccepted")}</> : null}
          </Paragraph>
        </>
      ) : null}
      {submitted && melding?.submittedAt ? (
        <Alert type="ok">
          <Paragraph>
            {t(melding.late ? "underspending.submittedLate" : "underspending.submitted", {
              date: date(melding.submittedAt),
            })}
          </Paragraph>
          {melding.actualCents !== null && melding.plannedCents !== null ? (
            <Paragraph>
              {t("underspending.figures", {
                actual: formatEuro(BigInt(melding.actualCents)),
                planned: formatEuro(BigInt(melding.plannedCents)),
                percent: melding.percent ?? "—",
              })}
            </Paragraph>
          ) : null}
          {melding.reviewedAt ? (
            <Paragraph>{t("underspending.read", { date: date(melding.reviewedAt) })}</Paragraph>
          ) : null}
          {melding.reviewNote ? (
            <>
              <Paragraph>{t("underspending.readNote")}</Paragraph>
              <Paragraph style={{ whiteSpace: "pre-wrap" }} lang="nl">
                {melding.reviewNote}
              </Paragraph>
            </>
          ) : null}
        </Alert>
      ) : null}
      {!open && !submitted ? (
        <Alert type="info">
          <Paragraph>{dt(closedReason ?? "")}</Paragraph>
          <Paragraph>
            <RouterLink to={`/aanvrager/plannen/${plan.id}`}>{t("underspending.backToPlan")}</RouterLink>
          </Paragraph>
        </Alert>
      ) : null}
      {open && half ? <MeldingForm data={loaderData} plannedCents={BigInt(half.plannedCents)} /> : null}
    </div>
  );
}

type PageData = Route.ComponentProps["loaderData"];

function MeldingForm({ data, plannedCents }: { data: PageData; plannedCents: bigint }) {
  const { t } = useI18n();
  return (
    <StepForm<MeldingInput>
      schema={meldingSchema}
      defaultValues={data.values}
      version={data.version}
      savedAt={data.savedAt}
      userId={data.userId}
      first
      actions={({ busy }) => (
        <Button appearance="primary-action-button" type="submit" name="intent" value="submit" disabled={busy}>
          {t("underspending.submit")}
        </Button>
      )}
    >
      {(form, errorAt) => {
        // The 75% line said as the amount is typed; the action checks it again on submit.
        const cents = parseEuroInput(form.watch("actual") ?? "");
        const percent = cents === null ? null : spentPercent(cents, plannedCents);
        return (
          <>
            <TextField
              id="actual"
              label={t("underspending.actual")}
              description={t("underspending.actualHint")}
              inputMode="decimal"
              error={errorAt("actual")}
              {...form.register("actual")}
            />
            {cents !== null && percent !== null ? (
              <Alert type={meldingOwed(cents, plannedCents) ? "info" : "warning"}>
                <Paragraph data-testid="underspending-check">
                  {t(meldingOwed(cents, plannedCents) ? "underspending.owed" : "underspending.notOwed", {
                    percent,
                  })}
                </Paragraph>
              </Alert>
            ) : null}
            <TextareaField
              id="causes"
              label={t("underspending.causes")}
              description={t("underspending.causesHint")}
              rows={5}
              error={errorAt("causes")}
              {...form.register("causes")}
            />
            <TextareaField
              id="outlook"
              label={t("underspending.outlook")}
              rows={5}
              error={errorAt("outlook")}
              {...form.register("outlook")}
            />
            {data.isSignatory ? null : <Paragraph>{t("underspending.signatoryOnly")}</Paragraph>}
          </>
        );
      }}
    </StepForm>
  );
}
