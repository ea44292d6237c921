import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../../auth/session.server.ts";
import { REVIEW_ROLES } from "../../../domain/actor.ts";
import { MESSAGE_MAX, NOTE_MAX } from "../../../domain/casefile/limits.ts";
import { listMessages, postMessage } from "../../../domain/casefile/messages.server.ts";
import { addNote, listNotes } from "../../../domain/casefile/notes.server.ts";
import { ErrorSummary } from "../../../ui/error-summary.tsx";
import { TextareaField } from "../../../ui/fields.tsx";
import { ActionDone } from "../../../ui/review/action-done.tsx";
import { errorAt, summaryOf } from "../../../ui/review/form-helpers.ts";
import { Thread } from "../../../ui/review/thread.tsx";
import { actionFailure, throwAsPage, validationFailure } from "../../respond.server.ts";
import type { Route } from "./+types/berichten";

// Staff tab: internal notes (never shown to the applicant) and the message thread with the
// applicant's organisation.

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, [...REVIEW_ROLES]);
  try {
    const [notes, thread] = await Promise.all([
      listNotes(user.actor, params.planId),
      listMessages(user.actor, params.planId, "behandeling"),
    ]);
    return {
      notes: notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
      messages: thread.messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
    };
  } catch (err) {
    throwAsPage(err);
  }
}

const Input = z.object({
  intent: z.enum(["notitie", "bericht"]),
  tekst: z.string().trim().min(1, "Schrijf een tekst.").max(4000, "Hooguit 4000 tekens."),
});

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, [...REVIEW_ROLES]);
  const form = await request.formData();
  const intent = form.get("intent") === "bericht" ? "bericht" : "notitie";
  const parsed = Input.safeParse({ intent: form.get("intent"), tekst: String(form.get("tekst") ?? "") });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return validationFailure(
      { tekst: { type: "server", message: issue?.message ?? "Schrijf een tekst." } },
      intent,
    );
  }
  try {
    if (parsed.data.intent === "notitie") {
      await addNote(user.actor, params.planId, parsed.data.tekst);
      return { ok: true as const, form: intent, message: "De notitie is opgeslagen." };
    }
    await postMessage(user.actor, params.planId, "behandeling", parsed.data.tekst);
    return {
      ok: true as const,
      form: intent,
      message: "Het bericht is verstuurd; de aanvrager krijgt een melding.",
    };
  } catch (err) {
    return actionFailure(err, intent);
  }
}

export default function StaffMessages({ loaderData, actionData }: Route.ComponentProps) {
  const { notes, messages } = loaderData;
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? actionData : undefined;
  const noteFailure = failure?.form === "notitie" ? failure : undefined;
  const messageFailure = failure?.form === "bericht" ? failure : undefined;
  const done = actionData?.ok ? actionData : undefined;

  return (
    <div className="sp-stack">
      <section aria-labelledby="notities" className="sp-stack">
        <Heading level={2} id="notities">
          Interne notities
        </Heading>
        <Paragraph>Alleen zichtbaar voor de behandeling; de aanvrager ziet deze notities nooit.</Paragraph>
        <Thread
          entries={notes.map((n) => ({ ...n, who: n.authorName }))}
          label="Notities, nieuwste eerst"
          empty="Er zijn nog geen notities."
        />
        <Form method="post" className="sp-stack" noValidate>
          <ErrorSummary errors={summaryOf(noteFailure, "notitie")} focusKey={noteFailure} />
          {done?.form === "notitie" ? <ActionDone message={done.message} /> : null}
          <input type="hidden" name="intent" value="notitie" />
          <TextareaField
            id="notitie-tekst"
            name="tekst"
            label="Nieuwe notitie"
            maxLength={NOTE_MAX}
            rows={4}
            error={errorAt(noteFailure, "tekst")}
          />
          <Button type="submit" appearance="secondary-action-button" disabled={busy}>
            Notitie opslaan
          </Button>
        </Form>
      </section>

      <section aria-labelledby="berichten" className="sp-stack">
        <Heading level={2} id="berichten">
          Berichten met de aanvrager
        </Heading>
        <Paragraph>
          Voor vragen en afstemming buiten een formeel verzoek om aanvulling. De aanvrager ziet deze
          berichten.
        </Paragraph>
        <Thread
          entries={messages.map((m) => ({
            ...m,
            who: m.fromStaff ? `Behandeling (${m.authorName})` : `Aanvrager (${m.authorName})`,
          }))}
          label="Berichten, oudste eerst"
          empty="Er zijn nog geen berichten."
        />
        <Form method="post" className="sp-stack" noValidate>
          <ErrorSummary errors={summaryOf(messageFailure, "bericht")} focusKey={messageFailure} />
          {done?.form === "bericht" ? <ActionDone message={done.message} /> : null}
          <input type="hidden" name="intent" value="bericht" />
          <TextareaField
            id="bericht-tekst"
            name="tekst"
            label="Bericht aan de aanvrager"
            maxLength={MESSAGE_MAX}
            rows={4}
            error={errorAt(messageFailure, "tekst")}
          />
          <Button type="submit" appearance="primary-action-button" disabled={busy}>
            Bericht versturen
          </Button>
        </Form>
      </section>
    </div>
  );
}
