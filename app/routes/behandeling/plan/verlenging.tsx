import { zodResolver } from "@hookform/resolvers/zod";
import {
  Button,
  Heading,
  Paragraph,
  TableBody,
  TableCaption,
  TableHeader,
} from "@rijkshuisstijl-community/components-react";
import { useMemo, useRef } from "react";
import { type FieldErrors, get, useForm } from "react-hook-form";
import { data, Form, useNavigation, useSubmit } from "react-router";
import type { z } from "zod";
import { requireRole } from "../../../auth/session.server.ts";
import { prisma } from "../../../db/client.server.ts";
import { now } from "../../../domain/clock.ts";
import { ForbiddenError } from "../../../domain/errors.ts";
import { decideExtension, loadExtensions } from "../../../domain/extension/extension.server.ts";
import { EXTENSION_STATUS_LABEL, extensionDecisionSchema } from "../../../domain/extension/rules.ts";
import { extensionTermsOfPlan, recordDefaultNotice } from "../../../domain/review/deadlines.server.ts";
import { noticeSubjectOf } from "../../../domain/review/decision-term.ts";
import { isOverdue, parseLocalDate } from "../../../domain/time/index.ts";
import { Alert } from "../../../ui/alert.tsx";
import { ErrorSummary, flattenErrors } from "../../../ui/error-summary.tsx";
import { type ExtensionRowData, extensionRowData, isDecided } from "../../../ui/extension.tsx";
import { SelectField, TextareaField } from "../../../ui/fields.tsx";
import { formatDate, formatDateTime, formatEuro } from "../../../ui/format.ts";
import { Link } from "../../../ui/link.tsx";
import { ActionDone } from "../../../ui/review/action-done.tsx";
import { DefaultNoticeForm, penaltyText } from "../../../ui/review/default-notice-form.tsx";
import { errorAt, summaryOf } from "../../../ui/review/form-helpers.ts";
import { Table } from "../../../ui/table.tsx";
import { TableCell, TableRow } from "../../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../../ui/table-header-cell.tsx";
import {
  type ActionFailure,
  actionFailure,
  planActionMeta,
  throwAsPage,
  validationFailure,
} from "../../respond.server.ts";
import { validatedForm } from "../../validated-form.server.ts";
import type { Route } from "./+types/verlenging";

// The staff's Verlenging tab (regulation art. 1.2a): the applicant's requests and, for the decision
// maker while one is open, the decision. The rules (four eyes, months, reasons) are the domain's.
// A request is an aanvraag for a besluit (Awb 4:17): the case handler records the applicant's
// ingebrekestelling here when its besluit is late, and the tab shows the penalty.

/** Who reads the tab: the case handler and the decision maker, and finance, which pays the plan. */
const EXTENSION_READERS = ["CASE_HANDLER", "DECISION_MAKER", "FINANCE"] as const;

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, [...EXTENSION_READERS]);
  try {
    const view = await loadExtensions(user.actor, params.planId);
    const open = view.open ? extensionRowData(view.open) : null;
    // After loadExtensions: it refused a plan this actor may not see.
    const terms = await extensionTermsOfPlan(prisma, view.plan.id);
    const openTerm = view.open ? terms.find((t) => t.extensionId === view.open?.id) : undefined;
    return {
      plan: {
        id: view.plan.id,
        version: view.plan.version,
        periodStart: view.plan.periodStart,
        periodEnd: view.plan.periodEnd,
        granted: view.granted?.newPeriodEnd
          ? { previousPeriodEnd: view.granted.previousPeriodEnd, newPeriodEnd: view.granted.newPeriodEnd }
          : null,
      },
      maxMonths: view.maxMonths,
      rows: view.rows.map(extensionRowData),
      open,
      openOverdue: view.open ? isOverdue(view.open.decisionDueOn, now()) : false,
      canDecide: view.canDecide?.ok === true,
      // A decision maker barred from this plan (four eyes) reads why instead of the form.
      cannotDecide: view.canDecide && !view.canDecide.ok ? view.canDecide.reason : null,
      /** Per request: the ingebrekestelling and the penalty it brought (Awb 4:17), amounts in euro. */
      notices: Object.fromEntries(
        terms
          .filter((t) => t.noticeReceivedOn)
          .map((t) => [
            t.extensionId,
            {
              receivedOn: t.noticeReceivedOn,
              penalty: t.exposure?.firstDay
                ? {
                    firstDay: t.exposure.firstDay,
                    days: t.exposure.days,
                    amount: formatEuro(t.exposure.cents),
                    capped: t.exposure.capped,
                  }
                : null,
            },
          ]),
      ),
      canRecordNotice: !!openTerm?.noticeOpen && user.actor.roles.includes("CASE_HANDLER"),
    };
  } catch (err) {
    throwAsPage(err);
  }
}

const readMeta = planActionMeta(["decide", "default_notice"] as const);

export async function action({ request, params }: Route.ActionArgs) {
  const staff = await requireRole(request, ["CASE_HANDLER", "DECISION_MAKER"]);
  const formData = await request.formData();
  // The case handler records a notice; everything else here is the decision maker's.
  const user =
    formData.get("intent") === "default_notice" ? staff : await requireRole(request, ["DECISION_MAKER"]);
  const meta = readMeta(formData);
  if (!meta)
    return data<ActionFailure>(
      { ok: false, formError: "Het formulier is niet volledig verstuurd. Laad de pagina opnieuw." },
      { status: 400 },
    );
  const { intent, expectedVersion } = meta;
  if (intent === "default_notice") {
    try {
      await recordDefaultNotice(
        user.actor,
        params.planId,
        String(formData.get("receivedOn") ?? "").trim(),
        expectedVersion,
        noticeSubjectOf("EXTENSION", formData.get("extensionId")) ?? { kind: "EXTENSION", extensionId: "" },
        formData.has("shownReceivedOn") ? String(formData.get("shownReceivedOn")) : undefined,
      );
      return { ok: true as const, form: intent, message: "De ingebrekestelling is vastgelegd." };
    } catch (err) {
      return actionFailure(err, intent);
    }
  }
  try {
    const view = await loadExtensions(user.actor, params.planId);
    const extensionId = String(formData.get("extensionId") ?? "");
    // The request the form was made for: decided, withdrawn or lapsed since, it has no open decision.
    if (!view.open || view.open.id !== extensionId)
      return data<ActionFailure>(
        {
          ok: false,
          form: intent,
          formError:
            "Over dit verzoek om verlenging kan niet meer worden beslist: het is intussen afgehandeld of ingetrokken. Laad de pagina opnieuw.",
        },
        { status: 409 },
      );
    const v = await validatedForm(
      formData.entries(),
      zodResolver(extensionDecisionSchema(view.open.requestedMonths)),
    );
    if (v.errors) return validationFailure(v.errors, intent);
    await decideExtension(user.actor, params.planId, expectedVersion, extensionId, v.data);
    return {
      ok: true as const,
      form: intent,
      message:
        v.data.outcome === "GRANT"
          ? "De verlenging is toegekend en de looptijd aangepast. De brief wordt gemaakt en naar de aanvrager gestuurd."
          : "De verlenging is geweigerd. De brief wordt gemaakt en naar de aanvrager gestuurd.",
    };
  } catch (err) {
    // Four eyes: a decision maker who handled or advised on the plan reads why on the tab.
    if (err instanceof ForbiddenError)
      return data<ActionFailure>({ ok: false, form: intent, formError: err.message }, { status: 403 });
    return actionFailure(err, intent);
  }
}

const months = (n: number) => (n === 1 ? "1 maand" : `${n} maanden`);

export default function ExtensionTab({ loaderData, actionData }: Route.ComponentProps) {
  const { plan, maxMonths, rows, open, openOverdue, canDecide, cannotDecide, canRecordNotice } = loaderData;
  // Page data rendered without the notices (an older tab's data, a test stub) reads as "none".
  const notices: typeof loaderData.notices = loaderData.notices ?? {};
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  return (
    <div className="sp-stack">
      <ActionDone message={success} />
      <Heading level={2}>Verlenging</Heading>
      <dl className="sp-dl">
        <div className="sp-dl__item">
          <dt>Looptijd</dt>
          <dd>
            {plan.periodStart && plan.periodEnd
              ? `${formatDate(plan.periodStart)} tot en met ${formatDate(plan.granted ? plan.granted.previousPeriodEnd : plan.periodEnd)}`
              : "—"}
            {plan.granted ? `, verlengd tot en met ${formatDate(plan.granted.newPeriodEnd)}` : null}
          </dd>
        </div>
        <div className="sp-dl__item">
          <dt>Ten hoogste te verlengen</dt>
          <dd>{maxMonths > 0 ? months(maxMonths) : "niet (de beschikking staat geen verlenging toe)"}</dd>
        </div>
      </dl>
      {open ? (
        <section aria-labelledby="open-verzoek" className="sp-stack">
          <Heading level={3} id="open-verzoek">
            Open verzoek
          </Heading>
          <Paragraph>
            {open.requestedByName} vraagt op {formatDateTime(open.requestedAt)} om{" "}
            {months(open.requestedMonths)} verlenging, na de huidige einddatum{" "}
            {formatDate(open.previousPeriodEnd)}.
          </Paragraph>
          <Paragraph>
            Beslissen uiterlijk op <strong>{formatDate(open.decisionDueOn)}</strong> (acht weken na ontvangst,
            Awb 4:13)
            {openOverdue ? (
              <>
                {" "}
                — <strong className="sp-overdue">overschreden</strong>
              </>
            ) : null}
            .
          </Paragraph>
          <NoticeLine notice={notices[open.id]} />
          <Heading level={4}>Motivering van de aanvrager</Heading>
          <Paragraph style={{ whiteSpace: "pre-wrap" }}>{open.motivation}</Paragraph>
        </section>
      ) : null}
      {canRecordNotice && open ? (
        <DefaultNoticeForm
          key={`notice-${open.id}`}
          planVersion={plan.version}
          subject={{ kind: "EXTENSION", extensionId: open.id }}
          receivedOn={notices[open.id]?.receivedOn ?? null}
          failure={failure?.form === "default_notice" ? failure : undefined}
          busy={busy}
          level={3}
          term={{ state: "ends", due: parseLocalDate(open.decisionDueOn) }}
        />
      ) : null}
      {canDecide && open ? (
        <DecisionForm
          key={open.id}
          planId={plan.id}
          planVersion={plan.version}
          open={open}
          failure={failure?.form === "default_notice" ? undefined : failure}
          busy={busy}
        />
      ) : null}
      {cannotDecide ? (
        <Alert type="info">
          <Paragraph>{cannotDecide}</Paragraph>
        </Alert>
      ) : null}
      <Requests rows={rows} notices={notices} />
    </div>
  );
}

type Notice = Route.ComponentProps["loaderData"]["notices"][string];

/** The applicant's ingebrekestelling on a request and what it costs (Awb 4:17). */
function NoticeLine({ notice }: { notice: Notice | undefined }) {
  if (!notice) return null;
  return (
    <Paragraph>
      Ingebrekestelling ontvangen op {formatDate(notice.receivedOn)}
      {notice.penalty ? `; dwangsom (Awb 4:17): ${penaltyText(notice.penalty)}` : ""}.
    </Paragraph>
  );
}

function NoticeNote({ notice }: { notice: Notice | undefined }) {
  if (!notice) return null;
  return (
    <span className="sp-cell-note">
      Ingebrekestelling ontvangen op {formatDate(notice.receivedOn)}
      {notice.penalty ? `; dwangsom ${penaltyText(notice.penalty)}` : ""}
    </span>
  );
}

function Requests({ rows, notices }: { rows: ExtensionRowData[]; notices: Record<string, Notice> }) {
  if (rows.length === 0) return <Paragraph>De aanvrager heeft (nog) geen verlenging gevraagd.</Paragraph>;
  return (
    <Table>
      <TableCaption>Verzoeken om verlenging, nieuwste eerst</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">Ingediend</TableHeaderCell>
          <TableHeaderCell scope="col">Gevraagd</TableHeaderCell>
          <TableHeaderCell scope="col">Status</TableHeaderCell>
          <TableHeaderCell scope="col">Besluit</TableHeaderCell>
          <TableHeaderCell scope="col">Brief</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id} data-status={r.status}>
            <TableCell>
              <span className="sp-nowrap">{formatDate(r.requestedAt)}</span> door {r.requestedByName}
            </TableCell>
            <TableCell>{months(r.requestedMonths)}</TableCell>
            <TableCell>{EXTENSION_STATUS_LABEL[r.status]}</TableCell>
            <TableCell>
              {r.status === "REQUESTED"
                ? `Beslissen uiterlijk op ${formatDate(r.decisionDueOn)}`
                : r.status === "GRANTED"
                  ? `${months(r.grantedMonths ?? 0)} toegekend, tot en met ${formatDate(r.newPeriodEnd)}`
                  : r.status === "REFUSED"
                    ? "Geweigerd"
                    : `Op ${formatDate(r.closedAt)}`}
              {r.decidedByName && r.decidedAt ? (
                <span className="sp-cell-note">
                  {r.decidedByName}, {formatDate(r.decidedAt)}
                </span>
              ) : null}
              {r.decisionReason ? (
                <span className="sp-cell-note" style={{ whiteSpace: "pre-wrap" }}>
                  Reden: {r.decisionReason}
                </span>
              ) : null}
              <NoticeNote notice={notices[r.id]} />
            </TableCell>
            <TableCell>
              {r.letterDocumentId ? (
                <Link href={`/documenten/${r.letterDocumentId}`}>Besluit (PDF)</Link>
              ) : isDecided(r.status) ? (
                "wordt gemaakt"
              ) : (
                "—"
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

type DecisionInput = z.input<ReturnType<typeof extensionDecisionSchema>>;

function DecisionForm({
  planId,
  planVersion,
  open,
  failure,
  busy,
}: {
  planId: string;
  planVersion: number;
  open: ExtensionRowData;
  failure?: ActionFailure;
  busy: boolean;
}) {
  const schema = useMemo(() => extensionDecisionSchema(open.requestedMonths), [open.requestedMonths]);
  const form = useForm<DecisionInput, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { outcome: "GRANT", months: String(open.requestedMonths), reason: "" } as DecisionInput,
    shouldFocusError: false,
  });
  const formRef = useRef<HTMLFormElement>(null);
  const submit = useSubmit();
  const onSubmit = form.handleSubmit(() => {
    if (formRef.current) submit(formRef.current);
  });
  const outcome = form.watch("outcome");
  const values = form.watch();
  const clientErrors = form.formState.errors as FieldErrors;
  const hasClientErrors = Object.keys(clientErrors).length > 0;
  const err = (path: string): string | undefined => {
    if (hasClientErrors) return (get(clientErrors, path) as { message?: string } | undefined)?.message;
    return errorAt(failure, path);
  };
  const summary = hasClientErrors
    ? flattenErrors(clientErrors).map((e) => ({ id: `decide-${e.id}`, message: e.message }))
    : summaryOf(failure, "decide");
  const options = Array.from({ length: open.requestedMonths }, (_, i) => ({
    value: String(i + 1),
    label: months(i + 1),
  }));
  return (
    <section aria-labelledby="verlenging-besluit" className="sp-stack">
      <Heading level={3} id="verlenging-besluit">
        Besluit over de verlenging
      </Heading>
      <ErrorSummary errors={summary} focusKey={hasClientErrors ? form.formState.submitCount : failure} />
      <Form method="post" noValidate className="sp-stack" ref={formRef} onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="expectedVersion" value={planVersion} />
        <input type="hidden" name="extensionId" value={open.id} />
        <fieldset
          id="decide-outcome"
          className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${err("outcome") ? " utrecht-form-fieldset--invalid" : ""}`}
          aria-describedby={err("outcome") ? "decide-outcome-error" : undefined}
        >
          <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
            Besluit
          </legend>
          {err("outcome") ? (
            <p id="decide-outcome-error" className="utrecht-form-field-error-message">
              {err("outcome")}
            </p>
          ) : null}
          {(
            [
              ["GRANT", "Verlengen"],
              ["REFUSE", "Weigeren"],
            ] as const
          ).map(([value, label]) => (
            <div key={value} className="utrecht-form-field utrecht-form-field--radio">
              <input
                type="radio"
                id={`decide-outcome-${value}`}
                value={value}
                className="utrecht-radio-button utrecht-radio-button--html-input"
                {...form.register("outcome")}
              />{" "}
              <label
                htmlFor={`decide-outcome-${value}`}
                className="utrecht-form-label utrecht-form-label--radio"
              >
                {label}
              </label>
            </div>
          ))}
        </fieldset>
        <div hidden={outcome === "REFUSE"}>
          <SelectField
            id="decide-months"
            label="Aantal maanden verlenging"
            description={`Gevraagd: ${months(open.requestedMonths)}. Minder dan gevraagd is een gedeeltelijke weigering: motiveer die (Awb 3:46).`}
            options={options}
            error={err("months")}
            {...form.register("months")}
          />
        </div>
        <TextareaField
          id="decide-reason"
          label={outcome === "REFUSE" ? "Reden van de weigering" : "Motivering"}
          description={
            outcome === "REFUSE"
              ? "Verplicht; de reden komt in de brief aan de aanvrager."
              : "Verplicht als u minder maanden toekent dan gevraagd; de motivering komt in de brief."
          }
          rows={5}
          error={err("reason")}
          {...form.register("reason")}
        />
        <div className="sp-row">
          <Button appearance="primary-action-button" type="submit" disabled={busy}>
            Besluit nemen
          </Button>
          <Button appearance="secondary-action-button" type="submit" form="extension-preview">
            Voorbeeld van de brief (opent in een nieuw tabblad)
          </Button>
        </div>
      </Form>
      {/* The preview posts the form's current values to the letter route in a new tab; nothing is stored. */}
      <form
        id="extension-preview"
        method="post"
        action={`/behandeling/plannen/${planId}/verlenging/voorbeeld`}
        target="_blank"
        hidden
        rel="noopener"
      >
        <input type="hidden" name="extensionId" value={open.id} />
        <input type="hidden" name="outcome" value={outcome ?? ""} />
        <input
          type="hidden"
          name="months"
          value={String(("months" in values ? values.months : undefined) ?? "")}
        />
        <input type="hidden" name="reason" value={values.reason ?? ""} />
      </form>
    </section>
  );
}
