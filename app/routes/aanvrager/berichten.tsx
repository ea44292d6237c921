import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { MESSAGE_MAX } from "../../domain/casefile/limits.ts";
import { listMessages, postMessage } from "../../domain/casefile/messages.server.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { pageTitle } from "../../i18n/translate.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { TextareaField } from "../../ui/fields.tsx";
import { Link } from "../../ui/link.tsx";
import { ActionDone } from "../../ui/review/action-done.tsx";
import { errorAt, summaryOf } from "../../ui/review/form-helpers.ts";
import { Thread } from "../../ui/review/thread.tsx";
import { actionFailure, throwAsPage, validationFailure } from "../respond.server.ts";
import type { Route } from "./+types/berichten";

// The applicant's side of the message thread with the handler: own organisation only, any state
// after submission. Staff notes are never loaded here.

export const meta: Route.MetaFunction = ({ data, matches }) => [
  { title: pageTitle(matches, "planPage.messages.title", { reference: data?.plan.reference ?? "" }) },
];

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  try {
    const thread = await listMessages(user.actor, params.planId, "aanvrager");
    return {
      plan: thread.plan,
      messages: thread.messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
    };
  } catch (err) {
    throwAsPage(err);
  }
}

const Input = z.object({
  tekst: z
    .string()
    .trim()
    .min(1, "Schrijf een bericht.")
    .max(MESSAGE_MAX, `Een bericht is hooguit ${MESSAGE_MAX} tekens.`),
});

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  const form = await request.formData();
  const parsed = Input.safeParse({ tekst: String(form.get("tekst") ?? "") });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return validationFailure({
      tekst: { type: "server", message: issue?.message ?? "Schrijf een bericht." },
    });
  }
  try {
    await postMessage(user.actor, params.planId, "aanvrager", parsed.data.tekst);
    // A key: the page says it in its own language.
    return { ok: true as const, message: "planPage.messages.sent" as const };
  } catch (err) {
    return actionFailure(err);
  }
}

export default function ApplicantMessages({ loaderData, actionData }: Route.ComponentProps) {
  const { plan, messages } = loaderData;
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? actionData : undefined;
  const { t, dateTime } = useI18n();
  return (
    <div className="sp-stack">
      <Paragraph>
        <Link href={`/aanvrager/plannen/${plan.id}`}>
          {t("planPage.messages.back", { reference: plan.reference })}
        </Link>
      </Paragraph>
      <Heading level={1}>{t("planPage.messages.heading", { reference: plan.reference })}</Heading>
      <Paragraph>{t("planPage.messages.intro")}</Paragraph>
      <Thread
        entries={messages.map((m) => ({
          ...m,
          who: m.fromStaff ? t("planPage.messages.handler") : m.authorName,
          // The handler writes Dutch; the applicant's own messages are in whatever they wrote.
          lang: m.fromStaff ? ("nl" as const) : undefined,
        }))}
        label={t("planPage.messages.list")}
        empty={t("planPage.messages.empty")}
        formatAt={dateTime}
      />
      <Form method="post" className="sp-stack" noValidate>
        <ErrorSummary errors={summaryOf(failure, "bericht")} focusKey={failure} />
        <ActionDone message={actionData?.ok ? t(actionData.message) : undefined} />
        <TextareaField
          id="bericht-tekst"
          name="tekst"
          label={t("planPage.messages.newMessage")}
          maxLength={MESSAGE_MAX}
          rows={5}
          error={errorAt(failure, "tekst")}
        />
        <Button type="submit" appearance="primary-action-button" disabled={busy}>
          {t("planPage.messages.send")}
        </Button>
      </Form>
    </div>
  );
}
