import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Paragraph } from "@rijkshuisstijl-community/components-react";
import { type FormEvent, type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import {
  type FieldErrors,
  type FieldValues,
  get,
  type Path,
  type UseFormRegisterReturn,
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
import { forgetStash, putStash, takeStash } from "./unsaved-stash.ts";

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

/**
 * A field registered with react-hook-form that also carries its value into the server-rendered
 * HTML. react-hook-form puts the values in only in the browser (its ref callbacks), so a bare
 * `register` renders empty fields: before the script has run, or where it never runs, the page
 * would show (and post) nothing of the draft. The value is the form's value at render time, which
 * on the first render is the loaded draft, as on the server (no hydration mismatch), and later the
 * current one: a field that mounts later (a row added, a group shown) starts where the form is.
 * For text inputs, textareas and selects; hidden inputs keep their own `value`.
 */
export function field<T extends FieldValues, N extends Path<T>>(
  form: UseFormReturn<T>,
  name: N,
): UseFormRegisterReturn<N> & { defaultValue: string } {
  const value: unknown = form.getValues(name);
  return {
    ...form.register(name),
    defaultValue: value === undefined || value === null ? "" : String(value),
  };
}

/** A registration for checkboxes and radios, with the value they are ticked from (choice.tsx). */
export type ChoiceRegistration<N extends string = string> = UseFormRegisterReturn<N> & { checkedBy: unknown };

/**
 * `field` for a checkbox, a checkbox group or a radio group: CheckboxField, CheckboxChoice and
 * RadioChoice tick the options the value names (`defaultChecked`), so the server HTML shows them.
 */
export function choice<T extends FieldValues, N extends Path<T>>(
  form: UseFormReturn<T>,
  name: N,
): ChoiceRegistration<N> {
  return { ...form.register(name), checkedBy: form.getValues(name) };
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
  /**
   * The signed-in user's id: the copy a page leaves for a reload is kept under it, so that another
   * user's page in the same tab never puts it back (unsaved-stash.ts).
   */
  userId: string;
  first?: boolean;
  /**
   * Every field of the form carries its value in the server HTML (`field`, `choice`), so the
   * buttons may post before the page's script has run, or without it. A form whose fields use a
   * bare `register` leaves this off: its fields are empty until hydration, and its buttons wait
   * for it, or a post would save those empty fields over the draft.
   */
  valuesInHtml?: boolean;
  /**
   * The last form step has its own buttons (submit, sign-off); `actions` replaces Next. Given as a
   * function they get `busy`, to be disabled by as Previous and Save are (see `busy` below): a
   * button given as a plain node stays enabled while the page's own post is on its way.
   */
  actions?: ReactNode | ((state: { busy: boolean }) => ReactNode);
  /** Fields are spread with `field(form, name)` / `choice(form, name)`, not a bare `register`. */
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
  userId,
  first = false,
  valuesInHtml = false,
  actions,
  children,
}: Props<T>) {
  const { t, dt } = useI18n();
  const location = useLocation();
  const navigation = useNavigation();
  const actionData = useActionData() as StepActionResult | undefined;
  const fetcher = useFetcher<StepActionResult>();
  const fetcherSubmit = fetcher.submit;
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
  // The action reply whose messages are in react-hook-form (the effect below). Until then (on the
  // server, and in the browser's first render) the page shows them from the reply itself: without
  // JavaScript that render is all there is, and a bad post must still list its errors.
  const [applied, setApplied] = useState<StepActionResult | undefined>(undefined);
  // What the posts carry, kept apart from rendering: a render with an older `version` (one that
  // does not yet include the latest answer) must not take the page back to that version.
  const versionRef = useRef(loadedVersion);
  const conflictRef = useRef(false);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The autosave on its way, from its post until its answer is in versionRef: the promise
  // fetcher.submit returns, which settles when the fetcher is done. Buttons and links wait for it
  // through this promise, not through fetcher.state: React Router's state updates are transitions
  // that React may batch or delay, and fetcher.data is read from a map that changes before they
  // render, so effects keyed on the two could see the answer without ever seeing the save end, and
  // a button that waited for it stayed unsent.
  const saving = useRef<Promise<void> | null>(null);
  // The save whose promise has settled: set as state, so that a render follows in which fetcher.data
  // is its answer, and the effect below applies it before anything that waited is sent.
  const [settled, setSettled] = useState<Promise<void> | null>(null);
  const pendingIntent = useRef<string | null>(null);
  // The fields the server's last check put a message on (issue 3): they are checked again on every change.
  const serverPaths = useRef<Path<T>[]>([]);

  /** Plan versions only grow: the highest one seen is the newest this page knows of. */
  const knowVersion = useCallback((v: number) => {
    if (v > versionRef.current) versionRef.current = v;
    setVersion(versionRef.current);
  }, []);

  useEffect(() => {
    knowVersion(loadedVersion);
    setSavedAt(loadedSavedAt);
  }, [loadedVersion, loadedSavedAt, knowVersion]);

  const formDataWith = useCallback((intent: string) => {
    const fd = new FormData(formRef.current ?? undefined);
    fd.set("intent", intent);
    fd.set("expectedVersion", String(versionRef.current));
    return fd;
  }, []);

  const autosave = useCallback(() => {
    clearTimeout(timer.current);
    if (!dirty.current || conflictRef.current) return;
    if (saving.current) {
      timer.current = setTimeout(autosave, AUTOSAVE_DELAY_MS);
      return;
    }
    dirty.current = false;
    const sent = fetcherSubmit(formDataWith("autosave"), { method: "post" });
    saving.current = sent;
    const done = () => setSettled(sent);
    sent.then(done, done);
  }, [fetcherSubmit, formDataWith]);

  useEffect(() => {
    const sub = form.watch(() => {
      dirty.current = true;
      clearTimeout(timer.current);
      timer.current = setTimeout(autosave, AUTOSAVE_DELAY_MS);
      // Live checking (onTouched) checks only the field being edited; a server message caused by
      // another field (a sum, a rule across fields) would stay until the next post. The step's own
      // schema decides again for those fields: a fixed message goes, a true one stays.
      if (serverPaths.current.length > 0) void form.trigger(serverPaths.current);
    });
    return () => sub.unsubscribe();
  }, [form, autosave]);

  // Leaving the page (closing the tab, a reload, another site) still saves what was typed.
  useEffect(() => {
    const path = location.pathname;
    const onHide = () => {
      if (conflictRef.current || !(dirty.current || saving.current)) return;
      // A reload's loader can read the draft before the beacon (or the autosave on its way) has
      // landed: the tab keeps a copy for the page that comes next (see the restore below). Storage
      // full or refused: the beacon alone.
      putStash(userId, path, { version: versionRef.current, values: form.getValues(), at: Date.now() });
      if (!dirty.current) return;
      dirty.current = false;
      navigator.sendBeacon(location.pathname, formDataWith("autosave"));
    };
    // Back from the back/forward cache: the page is as it was left, the copy is not needed.
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) forgetStash(userId, path);
    };
    window.addEventListener("pagehide", onHide);
    window.addEventListener("pageshow", onShow);
    return () => {
      window.removeEventListener("pagehide", onHide);
      window.removeEventListener("pageshow", onShow);
    };
  }, [location.pathname, userId, formDataWith, form]);

  // The copy the previous page of this tab left (pagehide above), if this user left it. When it was
  // based on the version loaded now, its save had not landed when the loader read the draft: what
  // was typed goes back into the form and is saved at once. A save that lands in between holds the
  // same values, which the server answers as saved (autosave.server.ts: the wizard's saveStep and
  // the report's saveReportStep), not as a conflict. Based on another version, the page already
  // shows that save, or a newer one.
  const [restored, setRestored] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for the page as loaded
  useEffect(() => {
    const values = takeStash(userId, location.pathname, loadedVersion);
    if (values === null) return;
    // keepFieldsRef: the values are put into the fields as they are. Re-registered fields would
    // read a ticked box's state back from the page (react-hook-form does so for an input with
    // `defaultChecked`, which `choice` renders), which still shows the loaded draft.
    form.reset(values as T, { keepDefaultValues: true, keepFieldsRef: true });
    dirty.current = true;
    setRestored(true);
  }, []);
  // After the render that shows the restored values: the autosave posts the fields as rendered.
  useEffect(() => {
    if (restored) autosave();
  }, [restored, autosave]);

  // Following a link (the step list, the menu) while typing or while a save is on its way: save
  // first, then go, so that the next page is loaded after the save and knows its version.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      (dirty.current || saving.current !== null) &&
      !conflictRef.current &&
      currentLocation.pathname !== nextLocation.pathname,
  );

  // A settled autosave: its answer first (the version the next post must carry), and only then is
  // the save over for whatever waited for it. fetcher.data holds the answer from the moment the
  // promise settles; a press in between still finds the save on its way, and waits.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per settled save
  useEffect(() => {
    if (settled === null || settled !== saving.current) return;
    const d = fetcher.data;
    if (d?.ok) {
      knowVersion(d.version);
      setSavedAt(d.savedAt);
    } else if (d?.conflict) {
      conflictRef.current = true;
      setConflict(d.formError ?? "");
    }
    saving.current = null;
    const intent = pendingIntent.current;
    if (intent) {
      pendingIntent.current = null;
      submit(formDataWith(intent), { method: "post" });
    }
  }, [settled]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a settled save must run this again
  useEffect(() => {
    if (blocker.state !== "blocked" || saving.current) return;
    if (dirty.current && !conflictRef.current) autosave();
    else blocker.proceed();
  }, [blocker, settled, autosave]);

  useEffect(() => {
    if (!actionData) return;
    setApplied(actionData);
    if (actionData.version) knowVersion(actionData.version);
    if (actionData.ok) return;
    if (actionData.conflict) {
      conflictRef.current = true;
      setConflict(actionData.formError ?? "");
    }
    // A reply with `errors` is the server's check of the whole step on what was posted, so it
    // replaces every message: one the user has since fixed (a sum fixed in another field than the
    // one it is shown at) would otherwise stay, and be listed again. A reply without (a conflict,
    // a closed window) checked nothing, so the messages on the page still stand.
    if (actionData.errors) {
      form.clearErrors();
      serverPaths.current = [];
    }
    for (const e of flattenErrors(actionData.errors)) {
      const path = e.id.replace(/-/g, ".").replace(/\.root$/, "") as Path<T>;
      form.setError(path, { type: "server", message: e.message });
      // A form-wide message belongs to no field the schema could check again.
      if (path !== "root" && !path.startsWith("root.")) serverPaths.current.push(path);
    }
    setFocusTick((n) => n + 1);
  }, [actionData, form, knowVersion]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    clearTimeout(timer.current);
    dirty.current = false;
    // Posted from here rather than by <Form>: the hidden expectedVersion field shows the version of
    // the last render, which may not include an answer that has just come in.
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const intent = submitter?.value ?? "save";
    // The versions this render shows may not be in versionRef yet: effects run after the paint, and
    // a press can come before them.
    versionRef.current = Math.max(versionRef.current, loadedVersion, actionData?.version ?? 0);
    // A button pressed while an autosave is on its way is sent once that save has landed.
    if (saving.current) pendingIntent.current = intent;
    else submit(formDataWith(intent), { method: "post" });
  };

  const pending = actionData && !actionData.ok && actionData !== applied ? actionData : undefined;
  const errors = (pending?.errors ?? form.formState.errors) as FieldErrors<FieldValues>;
  const conflictShown = conflict ?? (pending?.conflict ? (pending.formError ?? "") : null);
  const showSummary = !!actionData && !actionData.ok;
  const summary = showSummary ? flattenErrors(errors) : [];
  const formError = !actionData?.ok ? actionData?.formError : undefined;
  if (formError && conflictShown === null) summary.unshift({ id: "", message: formError });
  // With the values in the server HTML (`valuesInHtml`), a post before the script has run (or
  // without it) sends the draft as shown plus what was typed: the buttons work from the start, and
  // wait only for a post of this page on its way. Without them, they wait for hydration too.
  const busy = navigation.state !== "idle" || (!valuesInHtml && !hydrated);

  return (
    <Form method="post" noValidate ref={formRef} onSubmit={onSubmit} className="sp-stack">
      {conflictShown !== null ? (
        <Alert type="warning">
          <Paragraph>{dt(conflictShown)}</Paragraph>
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
      {children(form, errorAtOf(errors))}
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
