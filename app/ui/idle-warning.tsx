import { useEffect, useRef, useState } from "react";
import { useFetcher, useLocation } from "react-router";
import { useI18n } from "../i18n/hooks.ts";

/** How long before the end the warning shows (at most half the idle period, for very short settings). */
const WARN_BEFORE_MS = 2 * 60_000;

/**
 * Warns before the server ends an idle session (SESSION_IDLE_MINUTES) and offers to stay logged
 * in, which pings the server (any request counts as activity). The server decides; this
 * only tells. Time is counted from `remainingMs` as the server computed it at render, so a
 * browser clock that is off (or a server started with PORTAL_CLOCK) does not matter.
 */
export function IdleWarning({ remainingMs, idleMs }: { remainingMs: number; idleMs: number }) {
  const location = useLocation();
  const [endsAt, setEndsAt] = useState<number | null>(null);
  const [left, setLeft] = useState<number | null>(null);
  const warnBefore = Math.min(WARN_BEFORE_MS, idleMs / 2);

  // A fresh deadline with every root loader run (each navigation and each ping revalidates it).
  useEffect(() => {
    setEndsAt(performance.now() + remainingMs);
  }, [remainingMs]);

  useEffect(() => {
    if (endsAt === null) return;
    const tick = () => {
      const rest = endsAt - performance.now();
      if (rest <= 0) {
        const back = `${location.pathname}${location.search}`;
        window.location.assign(`/login?${new URLSearchParams({ redirectTo: back, reden: "inactief" })}`);
        return;
      }
      setLeft(rest <= warnBefore ? rest : null);
    };
    tick();
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [endsAt, warnBefore, location.pathname, location.search]);

  if (left === null) return null;
  return <IdleWarningNotice minutes={Math.max(1, Math.ceil(left / 60_000))} />;
}

/**
 * The warning itself, in the page's language. It mounts when the warning starts, so the button
 * takes focus once then and not with every second's tick.
 */
export function IdleWarningNotice({ minutes }: { minutes: number }) {
  const { t } = useI18n();
  const fetcher = useFetcher<{ idleDeadline: string | null }>();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    button.current?.focus();
  }, []);

  return (
    <div
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="idle-warning-title"
      aria-describedby="idle-warning-text"
      className="sp-idle-warning utrecht-alert utrecht-alert--warning"
    >
      <p id="idle-warning-title" className="utrecht-paragraph">
        <strong>{t("idle.title", { count: minutes })}</strong>
      </p>
      <p id="idle-warning-text" className="utrecht-paragraph">
        {t("idle.text")}
      </p>
      <fetcher.Form method="post" action="/sessie">
        <button ref={button} type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("idle.stay")}
        </button>
      </fetcher.Form>
    </div>
  );
}
