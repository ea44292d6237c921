import { useEffect, useRef, useState } from "react";
import { useFetcher, useLocation } from "react-router";

/** How long before the end the warning shows (at most half the idle period, for very short settings). */
const WARN_BEFORE_MS = 2 * 60_000;

/**
 * Warns before the server ends an idle session (SESSION_IDLE_MINUTES) and offers "Ingelogd
 * blijven", which pings the server (any request counts as activity). The server decides; this
 * only tells. Time is counted from `remainingMs` as the server computed it at render, so a
 * browser clock that is off (or a server started with PORTAL_CLOCK) does not matter.
 */
export function IdleWarning({ remainingMs, idleMs }: { remainingMs: number; idleMs: number }) {
  const fetcher = useFetcher<{ idleDeadline: string | null }>();
  const location = useLocation();
  const [endsAt, setEndsAt] = useState<number | null>(null);
  const [left, setLeft] = useState<number | null>(null);
  const button = useRef<HTMLButtonElement>(null);
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

  const showing = left !== null;
  useEffect(() => {
    if (showing) button.current?.focus();
  }, [showing]);

  if (left === null) return null;
  const minutes = Math.max(1, Math.ceil(left / 60_000));
  return (
    <div
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="idle-warning-title"
      aria-describedby="idle-warning-text"
      className="sp-idle-warning utrecht-alert utrecht-alert--warning"
    >
      <p id="idle-warning-title" className="utrecht-paragraph">
        <strong>
          U wordt over {minutes} {minutes === 1 ? "minuut" : "minuten"} uitgelogd
        </strong>
      </p>
      <p id="idle-warning-text" className="utrecht-paragraph">
        U heeft een tijd niets gedaan in het portaal. Wat u nog niet heeft opgeslagen, gaat dan verloren.
      </p>
      <fetcher.Form method="post" action="/sessie">
        <button ref={button} type="submit" className="utrecht-button utrecht-button--primary-action">
          Ingelogd blijven
        </button>
      </fetcher.Form>
    </div>
  );
}
