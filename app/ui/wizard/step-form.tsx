import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Paragraph } from "@rijkshuisstijl-community/components-react";
import { type FormEvent, type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import {
  type FieldErrors,
  type FieldValues,
  get,
  type Path,
  type UseFormReturn,
  useForm,
} from "react-hook-form";
import {
  Form,
  useActionData,
  useBlocker,
  useFetcher,
  useLocation,
  useNavigation,
  useSubmit,
} from "react-router";
import type { z } from "zod";
import { useI18n } from "../../i18n/hooks.ts";
import type { StepActionResult } from "../../routes/aanvrager/wizard/step-action.server.ts";
import { Alert } from "../alert.tsx";
import { ErrorSummary, flattenErrors } from "../error-summary.tsx";

/** How long typing must pause before the draft is saved. */
const AUTOSAVE_DELAY_MS = 1200;

export type ErrorAt = (path: string) => string | undefined;

export function errorAtOf(errors: FieldErrors<FieldValues>): ErrorAt {
  return (path) => {
    const e = get(errors, path) as { message?: unknown; root?: { message?: unknown } } | undefined;
    const m = e?.message ?? e?.root?.message;
    return typeof m === "string" ? m : undefined;
  };
}

/** "14:32" in Dutch time, the same text on the server and in the browser. */
export function clockTime(iso: string): string {
  return new Intl.DateTimeFormat("nl-NL", {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/Amsterdam",
  }).format(new Date(iso));
}

type Props<T extends FieldValues> = {
  // biome-ignore lint/suspicious/noExplicitAny: the schema's output type differs per step; only its input matters here.
  schema: z.ZodType<any, T>;
  defaultValues: T;
  version: number;
  savedAt: string;
  first?: boolean;
  /**
   * The last form step has its own buttons (submit, sign-off); `actions` replaces Next. Given as a
   * function they get `busy`, to be disabled by as Previous and Save are (see `busy` below): a
   * submit button given as a plain node can post the empty fields before hydration.
   */
  actions?: ReactNode | ((state: { busy: boolean }) => ReactNode);
  children: (form: UseFormReturn<T>, errorAt: ErrorAt) => ReactNode;
};

/**
 * One wizard step's form. react-hook-form checks a field with the step's zod schema when it is
 * left; the server checks again on "Next". What is typed is saved while typing (debounced, through
 * a fetcher that does not reload the page) and when the page is left (a beacon), each time with
 * the version the page knows: a newer version elsewhere (another tab, a colleague) is refused and
 * the page says so, with a way to reload. Posting is a real form post, so the buttons work without
 * JavaScript too.
 */
export function StepForm<T extends FieldValues>({
  schema,
  defaultValues,
  version: loadedVersion,
  savedAt: loadedSavedAt,
  first = false,
  actions,
  children,
}: Props<T>) {
  const { t, dt } = useI18n();
  const location = useLocation();
  const navigation = useNavigation();
  const actionData = useActionData() as StepActionResult | undefined;
  const fetcher = useFetcher<StepActionResult>();
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const form = useForm<T>({
    // biome-ignore lint/suspicious/noExplicitAny: see Props.schema.
    resolver: zodResolver(schema as any),
    defaultValues: defaultValues as never,
    mode: "onTouched",
    // The error summary takes the focus instead (NL Design System pattern).
    shouldFocusError: false,
  });

  const [version, setVersion] = useState(loadedVersion);
  const [savedAt, setSavedAt] = useState(loadedSavedAt);
  const [conflict, setConflict] = useState<string | null>(null);
  const [focusTick, setFocusTick] = useState(0);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const versionRef = useRef(version);
  versionRef.current = version;
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pendingIntent = useRef<string | null>(null);
  // Set when an autosave is sent, cleared when its answer is in: fetcher.state of the last render
  // can still say "idle" in the same tick, and a button sent then would carry the old version.
  const inFlight = useRef(false);

  useEffect(() => {
    setVersion(loadedVersion);
    setSavedAt(loadedSavedAt);
  }, [loadedVersion, loadedSavedAt]);

  const formDataWith = useCallback((intent: string) => {
    const fd = new FormData(formRef.current ?? undefined);
    fd.set("intent", intent);
    fd.set("expectedVersion", String(versionRef.current));
    return fd;
  }, []);

  const autosave = useCallback(() => {
    clearTimeout(timer.current);
    if (!dirty.current || conflict) return;
    if (fetcher.state !== "idle" || inFlight.current) {
      timer.current = setTimeout(autosave, AUTOSAVE_DELAY_MS);
      return;
    }
    dirty.current = false;
    inFlight.current = true;
    fetcher.submit(formDataWith("autosave"), { method: "post" });
  }, [fetcher, formDataWith, conflict]);

  useEffect(() => {
    const sub = form.watch(() => {
      dirty.current = true;
      clearTimeout(timer.current);
      timer.current = setTimeout(autosave, AUTOSAVE_DELAY_MS);
    });
    return () => sub.unsubscribe();
  }, [form, autosave]);

  // Leaving the page (closing the tab, another site) still saves what was typed.
  useEffect(() => {
    const onHide = () => {
      if (!dirty.current || conflict) return;
      dirty.current = false;
      navigator.sendBeacon(location.pathname, formDataWith("autosave"));
    };
    window.addEventListener("pagehide", onHide);
    return () => window.removeEventListener("pagehide", onHide);
  }, [location.pathname, formDataWith, conflict]);

  useEffect(() => {
    const d = fetcher.data;
    if (!d) return;
    if (d.ok) {
      // The ref at once, so that a button sent before the next render carries this version.
      versionRef.current = d.version;
      setVersion(d.version);
      setSavedAt(d.savedAt);
    } else if (d.conflict) setConflict(d.formError ?? "");
  }, [fetcher.data]);

  // The answer to the last save, so that its arrival is seen even when fetcher.state seems not to
  // change: React Router's updates are transitions, and on a busy machine React may render
  // "submitting", "loading" and "idle" as one. inFlight then stayed set, and every later autosave
  // and button waited for a save that had long landed (a "Volgende stap" that did nothing).
  const answer = fetcher.data;
  const seenAnswer = useRef(answer);
  useEffect(() => {
    const fresh = answer !== seenAnswer.current;
    seenAnswer.current = answer;
    if (fetcher.state === "idle" || fresh) inFlight.current = false;
  }, [fetcher.state, answer]);

  // Following a link (the step list, the menu) while typing: save first, then go, so that the next
  // page is loaded after the save and knows its version.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty.current && !conflict && currentLocation.pathname !== nextLocation.pathname,
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new answer must run this again (see `answer` above)
  useEffect(() => {
    if (blocker.state !== "blocked" || fetcher.state !== "idle" || inFlight.current) return;
    if (dirty.current && !conflict) autosave();
    else blocker.proceed();
  }, [blocker, fetcher.state, answer, autosave, conflict]);

  // A button pressed while an autosave was on its way is sent once that save has landed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new answer must run this again (see `answer` above)
  useEffect(() => {
    if (fetcher.state === "idle" && !inFlight.current && pendingIntent.current) {
      const intent = pendingIntent.current;
      pendingIntent.current = null;
      submit(formDataWith(intent), { method: "post" });
    }
  }, [fetcher.state, answer, submit, formDataWith]);

  useEffect(() => {
    if (!actionData || actionData.ok) return;
    if (actionData.version) setVersion(actionData.version);
    if (actionData.conflict) setConflict(actionData.formError ?? "");
    // A reply with `errors` is the server's check of the whole step on what was posted, so it
    // replaces every message: one the user has since fixed (a sum fixed in another field than the
    // one it is shown at) would otherwise stay, and be listed again. A reply without (a conflict,
    // a closed window) checked nothing, so the messages on the page still stand.
    if (actionData.errors) form.clearErrors();
    for (const e of flattenErrors(actionData.errors)) {
      form.setError(e.id.replace(/-/g, ".").replace(/\.root$/, "") as Path<T>, {
        type: "server",
        message: e.message,
      });
    }
    setFocusTick((n) => n + 1);
  }, [actionData, form]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    clearTimeout(timer.current);
    dirty.current = false;
    if (fetcher.state !== "idle" || inFlight.current) {
      event.preventDefault();
      const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
      pendingIntent.current = submitter?.value ?? "save";
    }
  };

  const errors = form.formState.errors;
  const showSummary = !!actionData && !actionData.ok;
  const summary = showSummary ? flattenErrors(errors) : [];
  const formError = !actionData?.ok ? actionData?.formError : undefined;
  if (formError && !conflict) summary.unshift({ id: "", message: formError });
  // The fields get their values from react-hook-form once the page runs its script; a post before
  // that would save the empty server-rendered fields over the draft, so the buttons wait for it.
  const busy = navigation.state !== "idle" || !hydrated;

  return (
    <Form method="post" noValidate ref={formRef} onSubmit={onSubmit} className="sp-stack">
      {conflict ? (
        <Alert type="warning">
          <Paragraph>{dt(conflict)}</Paragraph>
          <Paragraph>
            {/* A plain anchor: a full reload, so the page shows what is stored now. */}
            <a className="utrecht-link" href={location.pathname}>
              {t("wizard.reload")}
            </a>
          </Paragraph>
        </Alert>
      ) : null}
      <ErrorSummary errors={summary} focusKey={focusTick} />
      <input type="hidden" name="expectedVersion" value={version} />
      {children(form, errorAtOf(errors as FieldErrors<FieldValues>))}
      <p className="sp-autosave" role="status" aria-live="polite">
        {fetcher.state !== "idle" ? t("wizard.saving") : t("wizard.savedAt", { time: clockTime(savedAt) })}
      </p>
      <div className="sp-actions">
        {first ? null : (
          <Button
            appearance="secondary-action-button"
            type="submit"
            name="intent"
            value="previous"
            disabled={busy}
          >
            {t("wizard.previous")}
          </Button>
        )}
        <Button appearance="secondary-action-button" type="submit" name="intent" value="save" disabled={busy}>
          {t("wizard.save")}
        </Button>
        {typeof actions === "function" ? (
          actions({ busy })
        ) : actions ? (
          actions
        ) : (
          <Button appearance="primary-action-button" type="submit" name="intent" value="next" disabled={busy}>
            {t("wizard.next")}
          </Button>
        )}
      </div>
    </Form>
  );
}
