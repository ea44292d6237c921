import { data, redirect } from "react-router";
import { requireRole, type SessionUser } from "../../../auth/session.server.ts";
import { ConflictError } from "../../../domain/errors.ts";
import { rememberStep, saveStep } from "../../../domain/plan/plans.server.ts";
import { unflattenForm } from "../../../domain/plan/steps/form-data.ts";
import {
  type FormStepKey,
  STEPS,
  type StepKey,
  stepByKey,
  stepSchema,
} from "../../../domain/plan/steps/wizard.ts";
import { getWizard, wizardAccess } from "../../../domain/plan/wizard.server.ts";
import { actionFailure, errorTree, planActionMeta, throwAsPage } from "../../respond.server.ts";

export { errorTree };

/** What the wizard's forms post besides their fields. */
const readMeta = planActionMeta(["autosave", "save", "next", "previous", "submit", "sign-off"] as const);

export type StepActionResult =
  | { ok: true; intent: "autosave" | "save"; version: number; savedAt: string }
  | { ok: false; version?: number; conflict?: true; formError?: string; errors?: Record<string, unknown> };

export function stepUrl(planId: string, slug: string): string {
  return `/aanvrager/plannen/${planId}/stap/${slug}`;
}

/** The loader every step shares: the applicant's wizard, resumed at this step next time. */
export async function stepLoader(request: Request, planId: string, step: StepKey) {
  const user = await requireRole(request, ["APPLICANT"]);
  await openStep(user, planId, step);
  return { step };
}

/**
 * A step opens only while the plan is editable and the step is (re)opened; it is remembered as
 * where the writer left off. Otherwise a redirect: to the plan page, or to step 7.
 */
export async function openStep(user: SessionUser, planId: string, step: StepKey): Promise<void> {
  try {
    const access = await wizardAccess(user.actor, planId);
    if (!access.editable) throw redirect(`/aanvrager/plannen/${planId}`);
    // After a supplement request only the reopened steps are forms; step 7 shows the rest.
    if (!access.editableSteps.includes(step)) throw redirect(stepUrl(planId, "indienen"));
    if (access.lastStep !== step) await rememberStep(user.actor, planId, step);
  } catch (err) {
    if (err instanceof Response) throw err;
    throwAsPage(err);
  }
}

/**
 * The action every form step shares. Whatever the intent, what was typed is saved first (drafts may
 * be invalid: "Back" and autosave never lose anything). "Next" then checks this step with its schema
 * and answers 400 with the errors, or goes on. A save over a newer version is refused (409), but for
 * an autosave that would store nothing new (saveStep's acceptUnchanged).
 */
export async function stepAction(
  request: Request,
  planId: string,
  step: FormStepKey,
  /** Step 7's own intents (submit, sign-off), run after the save with the new version. */
  finish?: (args: { user: SessionUser; intent: "submit" | "sign-off"; version: number }) => Promise<unknown>,
) {
  const user = await requireRole(request, ["APPLICANT"]);
  const formData = await request.formData();
  const meta = readMeta(formData);
  if (!meta)
    return data<StepActionResult>(
      { ok: false, formError: "Het formulier is niet volledig verstuurd. Probeer het opnieuw." },
      { status: 400 },
    );
  const { intent, expectedVersion } = meta;
  const index = STEPS.findIndex((s) => s.key === step);
  const target = intent === "next" ? STEPS[index + 1] : intent === "previous" ? STEPS[index - 1] : undefined;
  try {
    const raw = unflattenForm(formData.entries(), ["intent", "expectedVersion"]);
    const saved = await saveStep(user.actor, planId, expectedVersion, step, raw, {
      lastStep: target?.key ?? step,
      // A reloaded page saves the keystrokes its beacon also carries (step-form.tsx); whichever
      // lands second finds them stored already. Buttons keep the strict check.
      acceptUnchanged: intent === "autosave",
    });
    if (intent === "submit" || intent === "sign-off") {
      if (!finish)
        return data<StepActionResult>({ ok: false, formError: "Onbekende handeling." }, { status: 400 });
      return await finish({ user, intent, version: saved.version });
    }
    if (intent === "autosave" || intent === "save")
      return { ok: true as const, intent, version: saved.version, savedAt: saved.savedAt.toISOString() };
    if (intent === "next") {
      const wizard = await getWizard(user.actor, user.id, planId);
      const check = stepSchema(step, wizard.rules, wizard.context).safeParse(wizard.draft[step]);
      if (!check.success) {
        const issues = check.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
        return data<StepActionResult>(
          { ok: false, version: saved.version, errors: errorTree(issues) },
          { status: 400 },
        );
      }
    }
    return redirect(stepUrl(planId, (target ?? stepByKey(step)).slug));
  } catch (err) {
    if (err instanceof ConflictError)
      return data<StepActionResult>({ ok: false, conflict: true, formError: err.message }, { status: 409 });
    return actionFailure(err);
  }
}
