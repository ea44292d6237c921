import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, Link as RouterLink, redirect, type ShouldRevalidateFunctionArgs } from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { ConflictError, DomainError, RuleViolation } from "../../domain/errors.ts";
import { formatEuro } from "../../domain/money.ts";
import { unflattenForm } from "../../domain/plan/steps/form-data.ts";
import {
  getRealisationReport,
  openRealisationReport,
  reportOverview,
  saveReportStep,
  submitRealisationReport,
} from "../../domain/settlement/report.server.ts";
import {
  costsStepSchema,
  REPORT_STEPS,
  type ReportStepKey,
  reportStepBySlug,
  resultsStepSchema,
  submitStepSchema,
} from "../../domain/settlement/report-schemas.ts";
import { INTERIM_REPORT_WEEKS, reportDueOn } from "../../domain/settlement/terms.ts";
import { localDateToDb } from "../../domain/time/index.ts";
import { formatRateIn } from "../../i18n/format.ts";
import { useI18n } from "../../i18n/hooks.ts";
import type { Language } from "../../i18n/resources.ts";
import { fixedT, languageFromMatches, pageTitle } from "../../i18n/translate.ts";
import { Alert } from "../../ui/alert.tsx";
import { CostsFields, ResultsFields } from "../../ui/realisatie/report-fields.tsx";
import { ReportOverview, ReportSteps } from "../../ui/realisatie/report-parts.tsx";
import { CheckboxField } from "../../ui/wizard/choice.tsx";
import { StepForm } from "../../ui/wizard/step-form.tsx";
import { errorTree, planActionMeta, throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/realisatie";
import type { StepActionResult } from "./wizard/step-action.server.ts";

// Each step its own title, as in the plan wizard: three pages with one title are one page to a
// screen reader's list of tabs and to the browser's history (WCAG 2.4.2).
export const meta: Route.MetaFunction = ({ data, matches, params }) => {
  const reference = data?.plan.reference ?? "";
  const key = data?.step ?? reportStepBySlug(params.stap)?.key;
  const at = REPORT_STEPS.findIndex((s) => s.key === key);
  const step = REPORT_STEPS[at];
  if (!step) return [{ title: pageTitle(matches, "realisation.pageTitle", { reference }) }];
  const name = fixedT(languageFromMatches(matches))(`realisation.steps.${step.key}`);
  return [
    { title: pageTitle(matches, "realisation.stepPageTitle", { step: String(at + 1), name, reference }) },
  ];
};

const url = (planId: string, slug: string) => `/aanvrager/plannen/${planId}/realisatie/${slug}`;

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  try {
    const view = await openRealisationReport(user.actor, params.planId);
    const step = reportStepBySlug(params.stap);
    if (!step) throw redirect(url(params.planId, view.report?.submittedAt ? "indienen" : "resultaten"));
    const overview = reportOverview(view);
    return {
      plan: view.plan,
      // The step form keeps its copy for a reload under the signed-in user (step-form.tsx).
      userId: user.id,
      step: step.key as ReportStepKey,
      open: view.open,
      closedReason: view.closedReason,
      dueOn: view.dueOn,
      // A verlenging refused late moved the day to 8 weeks after its besluit (ADR 0026): the page
      // must not explain that day as the weeks after the plan's end.
      dueAfterRefusal:
        !!view.dueOn &&
        !!view.plan.periodEnd &&
        view.dueOn !== reportDueOn(localDateToDb(view.plan.periodEnd), view.dueWeeks),
      dueWeeks: view.dueWeeks,
      extensionNote: view.extensionNote,
      isSignatory: view.isSignatory,
      extensionOpen: view.extensionOpen,
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
        total: {
          planned: formatEuro(overview.plannedCents),
          actual: formatEuro(overview.actualCents),
        },
        // The realisation the vaststelling measures (art. 5.1 lid 3), not all actual against all planned.
        settlement:
          overview.realisationBp !== null &&
          overview.countedCents !== null &&
          overview.eligibleCents !== null &&
          overview.thresholdBp !== null
            ? {
                // Rates as numbers: the page writes them in its own language (overviewIn).
                realisationBp: overview.realisationBp,
                counted: formatEuro(overview.countedCents),
                eligible: formatEuro(overview.eligibleCents),
                thresholdBp: overview.thresholdBp,
                belowThreshold: overview.belowThreshold,
              }
            : null,
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
  const formData = await request.formData();
  const meta = readMeta(formData);
  if (!step || !meta)
    return failure(
      { ok: false, formError: "Het formulier is niet volledig verstuurd. Probeer het opnieuw." },
      400,
    );
  const { intent, expectedVersion } = meta;
  const index = REPORT_STEPS.findIndex((s) => s.key === step.key);
  try {
    if (step.key === "submit") {
      if (intent === "previous")
        return redirect(url(params.planId, REPORT_STEPS[index - 1]?.slug ?? "resultaten"));
      if (intent !== "submit") {
        const view = await getRealisationReport(user.actor, params.planId);
        return data<StepActionResult>({
          ok: true,
          intent: intent === "autosave" ? "autosave" : "save",
          version: view.report?.version ?? expectedVersion,
          savedAt: view.report?.savedAt ?? new Date().toISOString(),
        });
      }
      const declaration = !!formData.get("declaration");
      await submitRealisationReport(user.actor, params.planId, expectedVersion, declaration);
      return redirect(`/aanvrager/plannen/${params.planId}?vaststelling=aangevraagd`);
    }
    const raw = unflattenForm(formData.entries(), ["intent", "expectedVersion"]);
    const saved = await saveReportStep(user.actor, params.planId, expectedVersion, step.key, raw, {
      // As the wizard's steps: a reloaded page saves the keystrokes its beacon also carries
      // (step-form.tsx); buttons keep the strict check.
      acceptUnchanged: intent === "autosave",
    });
    if (intent === "autosave" || intent === "save")
      return data<StepActionResult>({ ok: true, intent, version: saved.version, savedAt: saved.savedAt });
    if (intent === "previous")
      return redirect(url(params.planId, REPORT_STEPS[index - 1]?.slug ?? "resultaten"));
    if (saved.issues.length > 0)
      return failure({ ok: false, version: saved.version, errors: errorTree(saved.issues) }, 400);
    return redirect(url(params.planId, REPORT_STEPS[index + 1]?.slug ?? "indienen"));
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
    // A refusal of the workflow's (403: not a signatory, a verlenging still asked) is said on the page too.
    if (err instanceof DomainError && err.status < 500 && err.status !== 404)
      return failure({ ok: false, formError: err.message }, err.status);
    throwAsPage(err);
  }
}

export default function RealisationReportPage({ loaderData }: Route.ComponentProps) {
  const { plan, step, report, open, closedReason, dueOn, dueAfterRefusal, dueWeeks, extensionNote } =
    loaderData;
  const { t, dt, date, lng } = useI18n();
  const current = REPORT_STEPS.find((s) => s.key === step) ?? REPORT_STEPS[0];
  const submitted = !!report?.submittedAt;
  return (
    <div className="sp-wizard">
      <ReportSteps planId={plan.id} current={step} />
      <div className="sp-wizard__main sp-stack">
        <Paragraph className="sp-wizard__caption">
          {t("realisation.caption", {
            reference: plan.reference,
            step: REPORT_STEPS.indexOf(current) + 1,
            count: REPORT_STEPS.length,
          })}
        </Paragraph>
        <Heading level={1}>{t(`realisation.steps.${current.key}`)}</Heading>
        {dueOn ? (
          <Paragraph>
            {t("realisation.due")} <strong>{date(dueOn)}</strong>{" "}
            {dueAfterRefusal
              ? t("realisation.dueRestAfterRefusal", { weeks: INTERIM_REPORT_WEEKS })
              : t("realisation.dueRest", { weeks: dueWeeks })}
          </Paragraph>
        ) : null}
        {/* After a verlenging: the costs of its months go in the last year's column. */}
        {extensionNote ? <Paragraph>{dt(extensionNote)}</Paragraph> : null}
        {submitted ? (
          <Alert type="ok">
            <Paragraph>
              {report?.late ? t("realisation.submittedLate") : t("realisation.submitted")}
            </Paragraph>
          </Alert>
        ) : null}
        {!open && !submitted ? (
          <Alert type="info">
            <Paragraph>{dt(closedReason ?? "")}</Paragraph>
            <Paragraph>
              <RouterLink to={`/aanvrager/plannen/${plan.id}`}>{t("realisation.backToPlan")}</RouterLink>
            </Paragraph>
          </Alert>
        ) : null}
        {/* Keyed by step: each step is its own form, with its own defaults (the route stays mounted). */}
        {open && report ? <StepBody key={loaderData.step} data={loaderData} /> : null}
        {submitted ? (
          <ReportOverview years={loaderData.years} {...overviewIn(loaderData.overview, lng)} />
        ) : null}
      </div>
    </div>
  );
}

type PageData = Route.ComponentProps["loaderData"];

/** The overview with its rates written in the page's language ("72,5%", "72.5%"). */
function overviewIn(overview: PageData["overview"], lng: Language) {
  const s = overview.settlement;
  return {
    ...overview,
    settlement: s
      ? {
          realisation: formatRateIn(lng, s.realisationBp),
          counted: s.counted,
          eligible: s.eligible,
          threshold: formatRateIn(lng, s.thresholdBp),
          belowThreshold: s.belowThreshold,
        }
      : null,
  };
}

function StepBody({ data }: { data: PageData }) {
  const { report, measures, years, step } = data;
  const { t, lng } = useI18n();
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
            intro={t("realisation.resultsIntro")}
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
            intro={t("realisation.costsIntro")}
            yearLabel={(year) => t("realisation.costsYear", { year })}
          />
        )}
      </StepForm>
    );
  return (
    <>
      <ReportOverview years={years} {...overviewIn(data.overview, lng)} />
      {data.overview.complete ? null : (
        <Alert type="warning">
          <Paragraph>
            {t("realisation.incomplete")}{" "}
            <RouterLink to={url(data.plan.id, "kosten")}>{t("realisation.incompleteLink")}</RouterLink>{" "}
            {t("realisation.incompleteRest")}
          </Paragraph>
        </Alert>
      )}
      {data.isSignatory ? null : <Paragraph>{t("realisation.signatoryOnly")}</Paragraph>}
      {data.extensionOpen ? (
        <Alert type="warning">
          <Paragraph>{t("realisation.extensionOpen")}</Paragraph>
          <Paragraph>
            <RouterLink to={`/aanvrager/plannen/${data.plan.id}/verlenging`}>
              {t("realisation.extensionLink")}
            </RouterLink>
          </Paragraph>
        </Alert>
      ) : null}
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
            {t("realisation.submit")}
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
