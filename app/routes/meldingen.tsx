import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import { requireUser } from "../auth/session.server.ts";
import { listNotifications, markAllRead, markRead } from "../domain/notifications/inbox.server.ts";
import { useI18n } from "../i18n/hooks.ts";
import { getRequestT } from "../i18n/i18n.server.ts";
import { pageTitle } from "../i18n/translate.ts";
import { Alert } from "../ui/alert.tsx";
import { Link } from "../ui/link.tsx";
import type { Route } from "./+types/meldingen";
import { actionFailure } from "./respond.server.ts";

export const meta: Route.MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "notifications.title") },
];

/** Links in notifications are paths in the portal; anything else is not rendered as a link. */
function localPath(link: string | null): string | null {
  return link?.startsWith("/") && !link.startsWith("//") && !link.startsWith("/\\") ? link : null;
}

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const items = await listNotifications(user.id, { take: 100 });
  return {
    items: items.map((n) => ({
      id: n.id,
      title: n.title,
      body: n.body,
      link: localPath(n.link),
      createdAt: n.createdAt.toISOString(),
      unread: n.readAt === null,
    })),
  };
}

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.string().uuid() }),
  z.object({ intent: z.literal("read-all") }),
]);

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const parsed = Intent.safeParse({ intent: form.get("intent"), id: form.get("id") ?? undefined });
  if (!parsed.success) throw data((await getRequestT(request))("errors.badRequest"), { status: 400 });
  try {
    if (parsed.data.intent === "read") {
      await markRead(user.id, parsed.data.id);
      return { ok: true as const, message: "notifications.markedRead", count: 1 };
    }
    const n = await markAllRead(user.id);
    // A key and a count, not a text: the page renders it in its current language.
    return { ok: true as const, message: "notifications.markedAllRead", count: n };
  } catch (err) {
    return actionFailure(err);
  }
}

export default function Notifications({ loaderData, actionData }: Route.ComponentProps) {
  const { items } = loaderData;
  const busy = useNavigation().state !== "idle";
  const { t, dateTime } = useI18n();
  const unread = items.filter((n) => n.unread).length;
  const message =
    actionData && "message" in actionData ? t(actionData.message, { count: actionData.count }) : undefined;

  return (
    <div className="sp-stack">
      <Heading level={1}>{t("notifications.title")}</Heading>
      {message ? (
        // The ok Alert is a status live region itself: no wrapper role, or it is announced twice.
        <Alert type="ok">
          <Paragraph>{message}</Paragraph>
        </Alert>
      ) : null}
      {items.length === 0 ? (
        <Paragraph>{t("notifications.empty")}</Paragraph>
      ) : (
        <>
          <Paragraph>
            {unread === 0 ? t("notifications.allRead") : t("notifications.unread", { count: unread })}
          </Paragraph>
          {unread > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="read-all" />
              <Button appearance="secondary-action-button" type="submit" disabled={busy}>
                {t("notifications.markAllRead")}
              </Button>
            </Form>
          ) : null}
          <ol className="sp-notifications" aria-label={t("notifications.listLabel")}>
            {items.map((n) => (
              <li key={n.id} className={`sp-notification${n.unread ? " sp-notification--unread" : ""}`}>
                <article aria-labelledby={`melding-${n.id}`}>
                  <h2 id={`melding-${n.id}`} className="sp-notification__title">
                    {n.unread ? <span className="sp-notification__new">{t("notifications.new")}</span> : null}
                    {/* Stored at the event, in Dutch (ADR 0008): marked so on an English page (WCAG 3.1.2). */}
                    <span lang="nl">{n.link ? <Link href={n.link}>{n.title}</Link> : n.title}</span>
                  </h2>
                  <Paragraph lang="nl">{n.body}</Paragraph>
                  <Paragraph className="sp-notification__meta">
                    <time dateTime={n.createdAt}>{dateTime(n.createdAt)}</time>
                    {n.unread ? null : t("notifications.read")}
                  </Paragraph>
                  {n.unread ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="read" />
                      <input type="hidden" name="id" value={n.id} />
                      {/* The name says which melding; the title is Dutch, so it is content (an
                          aria-label cannot carry lang): hidden from view, marked Dutch (WCAG 3.1.2). */}
                      <Button appearance="subtle-button" type="submit" disabled={busy}>
                        {t("notifications.markRead")}
                        <span className="sp-visually-hidden">
                          {": "}
                          <span lang="nl">{n.title}</span>
                        </span>
                      </Button>
                    </Form>
                  ) : null}
                </article>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
