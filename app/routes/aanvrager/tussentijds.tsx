import {
  FormDataParseError,
  MaxFileSizeExceededError,
  MaxTotalSizeExceededError,
  MultipartParseError,
  parseFormData,
} from "@remix-run/form-data-parser";
import { Button, FormField, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { type FormEvent, useState } from "react";
import {
  data,
  Form,
  Link as RouterLink,
  redirect,
  type ShouldRevalidateFunctionArgs,
  useActionData,
  useNavigation,
} from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { ATTACHMENT_MAX_BYTES } from "../../domain/attachments/detect.ts";
import { ConflictError, DomainError, NotFoundError, RuleViolation } from "../../domain/errors.ts";
import { uploadInterimAuditReport } from "../../domain/interim/audit-report.server.ts";
import {
  AUDIT_REPORT_EMPTY,
  AUDIT_REPORT_TOO_LARGE,
  AUDIT_REPORT_UNREADABLE,
} from "../../domain/interim/audit-report.ts";
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
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { formatFileSize } from "../../ui/format.ts";
import { Link } from "../../ui/link.tsx";
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
      audit: view.audit,
      // From here rather than imported by the component: detect.ts pulls file-type into the bundle.
      auditLimits: {
        maxBytes: ATTACHMENT_MAX_BYTES,
        tooLarge: AUDIT_REPORT_TOO_LARGE,
        empty: AUDIT_REPORT_EMPTY,
      },
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

/**
 * The answer to the controleverklaring's upload form. A refusal carries empty `errors`: the
 * declaration's step form (which reads every answer of this route) then clears what it showed and
 * lists nothing of it, so that the page has one error summary, the upload form's own.
 */
type AuditActionResult =
  | { ok: true; intent: "save"; audit: "saved"; version: number; savedAt: string }
  | { ok: false; audit: "refused"; auditError: string; errors: Record<string, never>; conflict?: true };

function auditRefusal(message: string, status: number) {
  return data<AuditActionResult>(
    { ok: false, audit: "refused", auditError: message, errors: {} },
    { status },
  );
}

/**
 * A post read as a form. Multipart (the controleverklaring's form, art. 5.4 lid 4) is read with a
 * size limit per file, so that a 2 GB upload is cut off at 10 MB instead of filling the memory (as
 * the plan's attachments, wizard/bijlagen.tsx); the step forms post urlencoded.
 */
async function readForm(request: Request): Promise<FormData | Response | ReturnType<typeof auditRefusal>> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data"))
    return request.formData();
  try {
    return await parseFormData(request, {
      maxFiles: 1,
      maxParts: 2_000,
      maxFileSize: ATTACHMENT_MAX_BYTES,
      maxTotalSize: ATTACHMENT_MAX_BYTES + 1024 * 1024,
    });
  } catch (err) {
    if (err instanceof MaxFileSizeExceededError || err instanceof MaxTotalSizeExceededError)
      return auditRefusal(AUDIT_REPORT_TOO_LARGE, 413);
    if (err instanceof FormDataParseError || err instanceof MultipartParseError)
      return auditRefusal(AUDIT_REPORT_UNREADABLE, 400);
    throw err;
  }
}

/** The controleverklaring's upload, on the last step only. */
async function auditAction(
  form: FormData,
  actor: Parameters<typeof uploadInterimAuditReport>[0],
  planId: string,
  months: 12 | 24,
) {
  const meta = readAuditMeta(form);
  if (!meta) return auditRefusal("Het formulier is niet volledig verstuurd. Probeer het opnieuw.", 400);
  const file = form.get("auditReport");
  if (!(file instanceof File) || file.size === 0) return auditRefusal(AUDIT_REPORT_EMPTY, 400);
  try {
    const saved = await uploadInterimAuditReport(actor, planId, months, meta.expectedVersion, {
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    return data<AuditActionResult>({
      ok: true,
      intent: "save",
      audit: "saved",
      version: saved.version,
      savedAt: new Date().toISOString(),
    });
  } catch (err) {
    if (err instanceof ConflictError)
      return data<AuditActionResult>(
        { ok: false, audit: "refused", auditError: err.message, errors: {}, conflict: true },
        { status: 409 },
      );
    if (err instanceof DomainError && err.status < 500 && err.status !== 404)
      return auditRefusal(err.message, err.status);
    throwAsPage(err);
  }
}

const readAuditMeta = planActionMeta(["audit"] as const);

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  const step = reportStepBySlug(params.stap);
  const months = interimMonthsOf(params.maanden);
  const formData = await readForm(request);
  if (!(formData instanceof FormData)) return formData;
  // The controleverklaring's own form, on the last step.
  if (formData.get("intent") === "audit" && step?.key === "submit" && months)
    return auditAction(formData, user.actor, params.planId, months);
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
                <Paragraph style={{ whiteSpace: "pre-wrap" }} lang="nl">
                  {report.reviewNote}
                </Paragraph>
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
      {data.audit.required ? <AuditReportUpload data={data} /> : null}
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

/** The file input's id: the declaration form's summary links to it when a submit lacks the file. */
const AUDIT_INPUT = "auditReport";

/**
 * The accountant's controleverklaring (art. 5.4 lid 4) on the last step, when the grant requires
 * it: what is there, and a form to add or replace it. On this step rather than a step of its own:
 * the steps are the realisation report's (REPORT_STEPS), shared with a report that asks none, and
 * the file belongs with the declaration it is submitted with.
 */
function AuditReportUpload({ data: page }: { data: PageData }) {
  const { t, dt, date, lng } = useI18n();
  const busy = useNavigation().state !== "idle";
  const answer = useActionData() as
    | AuditActionResult
    | { ok: false; errors?: Record<string, { message?: unknown } | undefined> }
    | undefined;
  // Checked in the browser before sending, so that nobody waits for 40 MB to be refused.
  const [clientError, setClientError] = useState<{ message: string; at: number } | null>(null);
  const uploadRefusal = answer && "audit" in answer && !answer.ok ? answer.auditError : undefined;
  // A submission refused for want of the file: the declaration form's summary lists it, linked here.
  const submitRefusal =
    answer && !answer.ok && !("audit" in answer) ? answer.errors?.[AUDIT_INPUT]?.message : undefined;
  const error =
    clientError?.message ?? uploadRefusal ?? (typeof submitRefusal === "string" ? submitRefusal : undefined);
  const saved = !clientError && answer && "audit" in answer && answer.ok;
  const doc = page.audit.document;
  const limits = page.auditLimits;
  const describedBy = [`${AUDIT_INPUT}-desc`, error ? `${AUDIT_INPUT}-error` : null]
    .filter(Boolean)
    .join(" ");

  const checkBeforeSending = (event: FormEvent<HTMLFormElement>) => {
    const input = event.currentTarget.elements.namedItem(AUDIT_INPUT);
    const chosen = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    const message =
      !chosen || chosen.size === 0 ? limits.empty : chosen.size > limits.maxBytes ? limits.tooLarge : null;
    if (!message) {
      setClientError(null);
      return;
    }
    event.preventDefault();
    setClientError({ message, at: Date.now() });
  };

  return (
    <section aria-labelledby="controleverklaring" className="sp-stack" data-testid="interim-audit-report">
      <Heading level={2} id="controleverklaring">
        {t("interim.audit.heading")}
      </Heading>
      {/* Only the upload's own refusal: the declaration form has the summary for a refused submit. */}
      <ErrorSummary
        errors={clientError || uploadRefusal ? [{ id: AUDIT_INPUT, message: error ?? "" }] : []}
        focusKey={clientError?.at ?? answer}
      />
      <Paragraph>{t("interim.audit.intro")}</Paragraph>
      {saved ? <Paragraph role="status">{t("interim.audit.saved")}</Paragraph> : null}
      {doc ? (
        <Paragraph>
          {t("interim.audit.current", { date: date(doc.createdAt), size: formatFileSize(doc.byteSize, lng) })}{" "}
          <Link href={`/documenten/${doc.id}`} download>
            {t("interim.audit.download")}
          </Link>
        </Paragraph>
      ) : (
        <Paragraph>{t("interim.audit.none")}</Paragraph>
      )}
      <Form
        method="post"
        encType="multipart/form-data"
        noValidate
        className="sp-stack"
        onSubmit={checkBeforeSending}
      >
        <input type="hidden" name="intent" value="audit" />
        <input type="hidden" name="expectedVersion" value={page.report?.version ?? 0} />
        <FormField
          id={AUDIT_INPUT}
          label={doc ? t("interim.audit.replaceLabel") : t("interim.audit.label")}
          descriptionId={`${AUDIT_INPUT}-desc`}
          invalid={!!error}
          errorMessage={error ? dt(error) : undefined}
          errorMessageId={`${AUDIT_INPUT}-error`}
          statusId={`${AUDIT_INPUT}-status`}
          input={
            <>
              <div className="utrecht-form-field-description" id={`${AUDIT_INPUT}-desc`}>
                {t("interim.audit.description")}
                {doc ? <> {t("interim.audit.replaceDescription")}</> : null}
              </div>
              <input
                id={AUDIT_INPUT}
                name={AUDIT_INPUT}
                type="file"
                accept=".pdf,application/pdf"
                aria-describedby={describedBy}
                aria-invalid={error ? true : undefined}
                required={!doc}
              />
            </>
          }
        />
        <div>
          <Button appearance="secondary-action-button" type="submit" disabled={busy}>
            {doc ? t("interim.audit.replace") : t("interim.audit.upload")}
          </Button>
        </div>
      </Form>
    </section>
  );
}
