import {
  FormDataParseError,
  MaxFileSizeExceededError,
  MaxTotalSizeExceededError,
  MultipartParseError,
  parseFormData,
} from "@remix-run/form-data-parser";
import { Button, FormField, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { type FormEvent, useState } from "react";
import { data, Form, Link as RouterLink, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../../auth/session.server.ts";
import {
  canEditAttachments,
  listAttachments,
  removeAttachment,
  uploadAttachment,
} from "../../../domain/attachments/attachments.server.ts";
import {
  ATTACHMENT_KIND_VALUES,
  ATTACHMENT_KINDS,
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES,
  MSG_EMPTY,
  MSG_KIND,
  MSG_NOT_FOUND,
  MSG_TOO_LARGE,
  MSG_UNREADABLE,
} from "../../../domain/attachments/detect.ts";
import { NotFoundError } from "../../../domain/errors.ts";
import { useI18n } from "../../../i18n/hooks.ts";
import { pageTitle } from "../../../i18n/translate.ts";
import { AttachmentList } from "../../../ui/attachment-list.tsx";
import { ErrorSummary, type SummaryError } from "../../../ui/error-summary.tsx";
import { type ActionFailure, actionFailure, throwAsPage, validationFailure } from "../../respond.server.ts";
import type { Route } from "./+types/bijlagen";

export const meta: Route.MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "attachments.title") }];

const Params = z.object({ planId: z.uuid() });
const Kind = z.enum(ATTACHMENT_KIND_VALUES, { error: MSG_KIND });
const Fields = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("upload"), kind: Kind }),
  z.object({ intent: z.literal("remove"), attachmentId: z.uuid() }),
]);

function planIdOf(params: unknown): string {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw data("Dit plan bestaat niet of u heeft er geen toegang toe.", { status: 404 });
  return parsed.data.planId;
}

/** The input of one kind's upload form: the error summary links to it. */
function fileInputId(kind: string): string {
  return `file-${kind}`;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  const planId = planIdOf(params);
  try {
    const [attachments, editable] = await Promise.all([
      listAttachments(user.actor, planId),
      canEditAttachments(user.actor, planId),
    ]);
    return {
      attachments,
      editable,
      // From here rather than imported by the component: detect.ts pulls file-type into the bundle.
      kinds: ATTACHMENT_KINDS.map((k) => ({ ...k })),
      accept: ATTACHMENT_TYPES.flatMap((t) => [`.${t.ext}`, t.mimeType]).join(","),
      limits: { maxBytes: ATTACHMENT_MAX_BYTES, tooLarge: MSG_TOO_LARGE, empty: MSG_EMPTY },
    };
  } catch (err) {
    throwAsPage(err);
  }
}

/** A refusal of the upload form of `kind`, shown next to its file input and in the summary. */
function fileFailure(message: string, kind: string | undefined) {
  return validationFailure({ file: { type: "upload", message } }, kind);
}

/**
 * Multipart, read with a size limit per file, so that a 2 GB upload is cut off at 10 MB instead of
 * filling the memory. `?soort=` in the form's action says which form failed when the limit stops
 * the parser before the kind field is known; the body's `kind` is what counts.
 */
export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  const planId = planIdOf(params);
  const hint = Kind.safeParse(new URL(request.url).searchParams.get("soort")).data;

  let form: FormData;
  try {
    form = await parseFormData(request, {
      maxFiles: 1,
      maxParts: 10,
      maxFileSize: ATTACHMENT_MAX_BYTES,
      maxTotalSize: ATTACHMENT_MAX_BYTES + 64 * 1024,
    });
  } catch (err) {
    if (err instanceof MaxFileSizeExceededError || err instanceof MaxTotalSizeExceededError)
      return fileFailure(MSG_TOO_LARGE, hint);
    if (err instanceof FormDataParseError || err instanceof MultipartParseError)
      return fileFailure(MSG_UNREADABLE, hint);
    throw err;
  }

  const fields = Fields.safeParse({
    intent: form.get("intent"),
    kind: form.get("kind") ?? undefined,
    attachmentId: form.get("attachmentId") ?? undefined,
  });
  if (!fields.success) {
    if (form.get("intent") === "upload") return fileFailure(MSG_KIND, hint);
    // Only a tampered form gets here: a remove without a valid id, or no intent at all.
    const message = form.get("intent") === "remove" ? MSG_NOT_FOUND : MSG_UNREADABLE;
    return data<ActionFailure>({ ok: false, formError: message }, { status: 400 });
  }
  const back = `/aanvrager/plannen/${planId}/stap/bijlagen`;

  if (fields.data.intent === "remove") {
    try {
      await removeAttachment(user.actor, planId, fields.data.attachmentId);
    } catch (err) {
      // Removed already (a second tab, a double click): say so instead of an error page.
      if (err instanceof NotFoundError && err.message === MSG_NOT_FOUND)
        return data<ActionFailure>({ ok: false, form: "remove", formError: err.message }, { status: 404 });
      return actionFailure(err, "remove");
    }
    return redirect(back);
  }

  const { kind } = fields.data;
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return fileFailure(MSG_EMPTY, kind);
  try {
    await uploadAttachment(user.actor, planId, {
      kind,
      filename: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
  } catch (err) {
    return actionFailure(err, kind);
  }
  return redirect(back);
}

function messageOf(errors: Record<string, unknown> | undefined): string | undefined {
  for (const value of Object.values(errors ?? {})) {
    const message = (value as { message?: unknown } | undefined)?.message;
    if (typeof message === "string") return message;
  }
  return undefined;
}

export default function AttachmentsStep({ loaderData, actionData }: Route.ComponentProps) {
  const { attachments, editable, kinds, accept, limits } = loaderData;
  const { t, dt } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  // Checked in the browser before sending, so that nobody waits for 40 MB to be refused.
  const [clientError, setClientError] = useState<{ kind: string; message: string; at: number } | null>(null);

  const failure = actionData && !actionData.ok ? actionData : undefined;
  const serverMessage = messageOf(failure?.errors);
  const fieldError =
    clientError ??
    (serverMessage ? { kind: failure?.form ?? kinds[0]?.kind ?? "", message: serverMessage } : null);
  const summary: SummaryError[] = [
    ...(failure?.formError && !clientError ? [{ id: "", message: failure.formError }] : []),
    ...(fieldError ? [{ id: fileInputId(fieldError.kind), message: fieldError.message }] : []),
  ];

  const checkBeforeSending = (kind: string) => (event: FormEvent<HTMLFormElement>) => {
    const input = event.currentTarget.elements.namedItem("file");
    const chosen = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    const message =
      !chosen || chosen.size === 0 ? limits.empty : chosen.size > limits.maxBytes ? limits.tooLarge : null;
    if (!message) {
      setClientError(null);
      return;
    }
    event.preventDefault();
    setClientError({ kind, message, at: Date.now() });
  };

  const hasRequired = kinds
    .filter((k) => k.required)
    .every((k) => attachments.some((a) => a.kind === k.kind));

  return (
    <div className="sp-stack">
      <ErrorSummary errors={summary} focusKey={clientError?.at ?? actionData} />
      <Paragraph>{t("attachments.intro")}</Paragraph>
      <Paragraph>{t("attachments.contentNote")}</Paragraph>
      {!editable ? (
        <div role="status" className="utrecht-alert utrecht-alert--info">
          <Paragraph>{t("attachments.readOnly")}</Paragraph>
        </div>
      ) : null}
      {editable && !hasRequired ? <Paragraph>{t("attachments.missingRequired")}</Paragraph> : null}

      {editable ? (
        <section aria-labelledby="bijlage-toevoegen" className="sp-stack">
          <Heading level={2} id="bijlage-toevoegen">
            {t("attachments.addHeading")}
          </Heading>
          {kinds.map((k) => {
            const id = fileInputId(k.kind);
            const error = fieldError?.kind === k.kind ? fieldError.message : undefined;
            const describedBy = [`${id}-desc`, error ? `${id}-error` : null].filter(Boolean).join(" ");
            return (
              <Form
                key={k.kind}
                method="post"
                encType="multipart/form-data"
                action={`?soort=${k.kind}`}
                noValidate
                className="sp-stack"
                onSubmit={checkBeforeSending(k.kind)}
                data-testid={`upload-${k.kind}`}
              >
                <input type="hidden" name="intent" value="upload" />
                <input type="hidden" name="kind" value={k.kind} />
                <FormField
                  id={id}
                  label={
                    <>
                      {dt(k.label)}
                      {k.required ? ` (${t("attachments.required")})` : null}
                    </>
                  }
                  descriptionId={`${id}-desc`}
                  invalid={!!error}
                  errorMessage={error ? dt(error) : undefined}
                  errorMessageId={`${id}-error`}
                  statusId={`${id}-status`}
                  input={
                    <>
                      <div className="utrecht-form-field-description" id={`${id}-desc`}>
                        {t("attachments.hint")}
                      </div>
                      <input
                        id={id}
                        name="file"
                        type="file"
                        accept={accept}
                        aria-describedby={describedBy}
                        aria-invalid={error ? true : undefined}
                        required={k.required}
                      />
                    </>
                  }
                />
                <div>
                  <Button appearance="secondary-action-button" type="submit" disabled={busy}>
                    {t("attachments.upload")}
                    <span className="sp-visually-hidden">: {dt(k.label)}</span>
                  </Button>
                </div>
              </Form>
            );
          })}
        </section>
      ) : null}

      <section aria-labelledby="bijlagen-lijst" className="sp-stack">
        <Heading level={2} id="bijlagen-lijst">
          {t("attachments.uploadedHeading")}
        </Heading>
        <AttachmentList attachments={attachments} onRemove={editable} />
      </section>

      <nav className="sp-actions" aria-label={t("wizard.heading")}>
        <RouterLink
          to="../maatregelen"
          className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
        >
          {t("wizard.previous")}
        </RouterLink>
        <RouterLink
          to="../indienen"
          className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
        >
          {t("wizard.next")}
        </RouterLink>
      </nav>
    </div>
  );
}
