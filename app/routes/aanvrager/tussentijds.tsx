import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, Link as RouterLink, redirect, type ShouldRevalidateFunctionArgs } from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { ConflictError, DomainError, NotFoundError, RuleViolation } from "../../domain/errors.ts";
import {
  getInterimReport,
  interimOverview,
  NOT_FOUND,
  openInterimReport,
  saveInterimStep,
  submitInterimReport,
} from "../../domain/interim/report.server.ts";
import { interimMonthsOf } from "../../domain/interim/status.ts";
import { formatEuro } from "../../domain/money.ts";
import { unflattenForm } from "../../domain/plan/steps/form-data.ts";
import {
  costsStepSchema,
  REPORT_STEPS,
  type ReportStepKey,
  reportStepBySlug,
  resultsStepSchema,
  submitStepSchema,
} from "../../domain/settlement/report-schemas.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { fixedT, languageFromMatches, pageTitle } from "../../i18n/translate.ts";
import { Alert } from "../../ui/alert.tsx";
import { CostsFields, ResultsFields } from "../../ui/realisatie/report-fields.tsx";
import { ReportOverview, ReportSteps } from "../../ui/realisatie/report-parts.tsx";
import { CheckboxField } from "../../ui/wizard/choice.tsx";
import { StepForm } from "../../ui/wizard/step-form.tsx";
import { errorTree, planActionMeta, throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/tussentijds";
import type { StepActionResult } from "./wizard/step-action.server.ts";

/**
 * The tussentijds voortgangsverslag (regulation art. 5.4) after month 12 (24): the realisation
 * report's steps, schemas and fields (settlement/report-schemas.ts, ui/realisatie/), over the
 * figures so far. Each step its own title (WCAG 2.4.2), as the realisation report's.
 */
export const meta: Route.MetaFunction = ({ data, matches, params }) => {
  const reference = data?.plan.reference ?? "";
  const months = params.maanden ?? "";
  const key = data?.step ?? reportStepBySlug(params.stap)?.key;
  const at = REPORT_STEPS.findIndex((s) => s.key === key);
  const step = REPORT_STEPS[at];
  if (!step) return [{ title: pageTitle(matches, "interim.pageTitle", { reference, months }) }];
  const name = fixedT(languageFromMatches(matches))(`realisation.steps.${step.key}`);
  return [{ title: pageTitle(matches, "interim.stepPageTitle", { step: String(at + 1), name, reference }) }];
};

const base = (planId: string, months: number) => `/aanvrager/plannen/${planId}/tussentijds/${months}`;
const url = (planId: string, months: number, slug: string) => `${base(planId, months)}/${slug}`;

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  try {
    const months = interimMonthsOf(params.maanden);
    if (!months) throw new NotFoundError(NOT_FOUND);
    const view = await openInterimReport(user.actor, params.planId, months);
    const step = reportStepBySlug(params.stap);
    if (!step)
      throw redirect(url(params.planId, months, view.report?.submittedAt ? "indienen" : "resultaten"));
    const overview = interimOverview(view);
    return {
      plan: view.plan,
      months,
      // The step form keeps its copy for a reload under the signed-in user (step-form.tsx).
      userId: user.id,
      step: step.key as ReportStepKey,
      open: view.open,
      closedReason: view.closedReason,
      dueOn: view.dueOn,
      isSignatory: view.isSignatory,
      years: view.years,
      measures: view.measures.map((m) => ({
        id: m.id,
        title: m.title,
        plannedParticipants: m.plannedParticipants,
      })),
      report: view.report,
      overview: {
        complete: overview.complete,
        rows: overview.rows.map((r) => ({
          measure: r.measure.title,
          years: r.years.map((y) => ({
            year: y.year,
            planned: formatEuro(y.plannedCents),
            actual: y.actualCents === null ? "—" : formatEuro(y.actualCents),
          })),
          planned: formatEuro(r.plannedCents),
          actual: formatEuro(r.actualCents),
        })),
        total: { planned: formatEuro(overview.plannedCents), actual: formatEuro(overview.actualCents) },
      },
    };
  } catch (err) {
    if (err instanceof Response) throw err;
    throwAsPage(err);
  }
}

/** An autosave changes nothing the page shows but the status line, which the form keeps itself. */
export function shouldRevalidate({ formData, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formData?.get("intent") === "autosave" ? false : defaultShouldRevalidate;
}

const readMeta = planActionMeta(["autosave", "save", "next", "previous", "submit"] as const);

function failure(body: Extract<StepActionResult, { ok: false }>, status: number) {
  return data<StepActionResult>(body, { status });
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  const step = reportStepBySlug(params.stap);
  const months = interimMonthsOf(params.maanden);
  const formData = await request.formData();
  const meta = readMeta(formData);
  if (!step || !months || !meta)
    return failure(
      { ok: false, formError: "Het formulier is niet volledig verstuurd. Probeer het opnieuw." },
      400,
    );
  const { intent, expectedVersion } = meta;
  const index = REPORT_STEPS.findIndex((s) => s.key === step.key);
  const go = (at: number) => redirect(url(params.planId, months, REPORT_STEPS[at]?.slug ?? "indienen"));
  try {
    if (step.key === "submit") {
      if (intent === "previous") return go(index - 1);
      if (intent !== "submit") {
        const view = await getInterimReport(user.actor, params.planId, months);
        return data<StepActionResult>({
          ok: true,
          intent: intent === "autosave" ? "autosave" : "save",
          version: view.report?.version ?? expectedVersion,
          savedAt: view.report?.savedAt ?? new Date().toISOString(),
        });
      }
      await submitInterimReport(
        user.actor,
        params.planId,
        months,
        expectedVersion,
        !!formData.get("declaration"),
      );
      return go(index);
    }
    const raw = unflattenForm(formData.entries(), ["intent", "expectedVersion"]);
    const saved = await saveInterimStep(user.actor, params.planId, months, expectedVersion, step.key, raw, {
      // As the realisation report: a reloaded page's autosave may repeat what its beacon carried.
      acceptUnchanged: intent === "autosave",
    });
    if (intent === "autosave" || intent === "save")
      return data<StepActionResult>({ ok: true, intent, version: saved.version, savedAt: saved.savedAt });
    if (intent === "previous") return go(Math.max(index - 1, 0));
    if (saved.issues.length > 0)
      return failure({ ok: false, version: saved.version, errors: errorTree(saved.issues) }, 400);
    return go(index + 1);
  } catch (err) {
    if (err instanceof ConflictError)
      return failure({ ok: false, conflict: true, formError: err.message }, 409);
    if (err instanceof RuleViolation)
      return failure(
        err.field
          ? { ok: false, errors: { [err.field]: { type: "server", message: err.message } } }
          : { ok: false, formError: err.message },
        400,
      );
    // A refusal of the workflow's (403: not a signatory) is said on the page too.
    if (err instanceof DomainError && err.status < 500 && err.status !== 404)
      return failure({ ok: false, formError: err.message }, err.status);
    throwAsPage(err);
  }
}

export default function InterimReportPage({ loaderData }: Route.ComponentProps) {
  const { plan, step, report, open, closedReason, dueOn, months } = loaderData;
  const { t, dt, date } = useI18n();
  const current = REPORT_STEPS.find((s) => s.key === step) ?? REPORT_STEPS[0];
  const submitted = !!report?.submittedAt;
  return (
    <div className="sp-wizard">
      <ReportSteps
        planId={plan.id}
        current={step}
        base={base(plan.id, months)}
        heading={t("interim.stepsHeading")}
      />
      <div className="sp-wizard__main sp-stack">
        <Paragraph className="sp-wizard__caption">
          {t("interim.caption", {
            months,
            reference: plan.reference,
            step: REPORT_STEPS.indexOf(current) + 1,
            count: REPORT_STEPS.length,
          })}
        </Paragraph>
        <Heading level={1}>{t(`realisation.steps.${current.key}`)}</Heading>
        {dueOn ? (
          <Paragraph>
            {t("interim.due")} <strong>{date(dueOn)}</strong> {t("interim.dueRest", { months })}
            {/* Once submitted (or closed), there is nothing left to hand in late. */}
            {open && !submitted ? <> {t("interim.lateAccepted")}</> : null}
          </Paragraph>
        ) : null}
        {submitted && report?.submittedAt ? (
          <Alert type="ok">
            <Paragraph>
              {t(report.late ? "interim.submittedLate" : "interim.submitted", {
                date: date(report.submittedAt),
              })}
            </Paragraph>
            {report.reviewedAt ? (
              <Paragraph>{t("interim.read", { date: date(report.reviewedAt) })}</Paragraph>
            ) : null}
            {report.reviewNote ? (
              <>
                <Paragraph>{t("interim.readNote")}</Paragraph>
                <Paragraph style={{ whiteSpace: "pre-wrap" }}>{report.reviewNote}</Paragraph>
              </>
            ) : null}
          </Alert>
        ) : null}
        {!open && !submitted ? (
          <Alert type="info">
            <Paragraph>{dt(closedReason ?? "")}</Paragraph>
            <Paragraph>
              <RouterLink to={`/aanvrager/plannen/${plan.id}`}>{t("interim.backToPlan")}</RouterLink>
            </Paragraph>
          </Alert>
        ) : null}
        {/* Keyed by step: each step is its own form, with its own defaults (the route stays mounted). */}
        {open && report ? <StepBody key={loaderData.step} data={loaderData} /> : null}
        {submitted ? <Overview data={loaderData} /> : null}
      </div>
    </div>
  );
}

type PageData = Route.ComponentProps["loaderData"];

function Overview({ data }: { data: PageData }) {
  const { t } = useI18n();
  return (
    <ReportOverview
      years={data.years}
      rows={data.overview.rows}
      total={data.overview.total}
      settlement={null}
      labels={{
        caption: t("interim.overviewCaption"),
        year: (year) => t("interim.overviewYear", { year }),
        totalActual: t("interim.overviewActual"),
      }}
    />
  );
}

function StepBody({ data }: { data: PageData }) {
  const { report, measures, years, step } = data;
  const { t } = useI18n();
  if (!report) return null;
  if (step === "results")
    return (
      <StepForm
        schema={resultsStepSchema}
        defaultValues={report.draft.results}
        version={report.version}
        savedAt={report.savedAt}
        userId={data.userId}
        first
      >
        {(form, errorAt) => (
          <ResultsFields
            form={form}
            errorAt={errorAt}
            measures={measures}
            intro={t("interim.resultsIntro")}
          />
        )}
      </StepForm>
    );
  if (step === "costs")
    return (
      <StepForm
        schema={costsStepSchema}
        defaultValues={report.draft.costs}
        version={report.version}
        savedAt={report.savedAt}
        userId={data.userId}
      >
        {(form, errorAt) => (
          <CostsFields
            form={form}
            errorAt={errorAt}
            measures={measures}
            years={years}
            intro={t("interim.costsIntro")}
            yearLabel={(year) => t("interim.costsYear", { year })}
          />
        )}
      </StepForm>
    );
  return (
    <>
      <Overview data={data} />
      {data.overview.complete ? null : (
        <Alert type="warning">
          <Paragraph>
            {t("interim.incomplete")}{" "}
            <RouterLink to={url(data.plan.id, data.months, "kosten")}>
              {t("interim.incompleteLink")}
            </RouterLink>{" "}
            {t("interim.incompleteRest")}
          </Paragraph>
        </Alert>
      )}
      {data.isSignatory ? null : <Paragraph>{t("interim.signatoryOnly")}</Paragraph>}
      <StepForm
        schema={submitStepSchema}
        defaultValues={{ declaration: false }}
        version={report.version}
        savedAt={report.savedAt}
        userId={data.userId}
        actions={({ busy }) => (
          <Button
            appearance="primary-action-button"
            type="submit"
            name="intent"
            value="submit"
            disabled={busy}
          >
            {t("interim.submit")}
          </Button>
        )}
      >
        {(form, errorAt) => (
          <CheckboxField
            id="declaration"
            label={t("realisation.declaration")}
            error={errorAt("declaration")}
            registration={form.register("declaration")}
          />
        )}
      </StepForm>
    </>
  );
}
