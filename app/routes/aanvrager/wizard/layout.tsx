import { Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import {
  Outlet,
  Link as RouterLink,
  redirect,
  type ShouldRevalidateFunctionArgs,
  useLocation,
} from "react-router";
import { requireRole } from "../../../auth/session.server.ts";
import { STEPS, stepBySlug } from "../../../domain/plan/steps/wizard.ts";
import { getWizard } from "../../../domain/plan/wizard.server.ts";
import { useI18n } from "../../../i18n/hooks.ts";
import { pageTitle } from "../../../i18n/translate.ts";
import { Alert } from "../../../ui/alert.tsx";
import { throwAsPage } from "../../respond.server.ts";
import type { Route } from "./+types/layout";

export const meta: Route.MetaFunction = ({ data, matches, location }) => {
  const slug = location.pathname.split("/").pop();
  const step = STEPS.find((s) => s.slug === slug);
  return [
    {
      title: pageTitle(matches, "wizard.pageTitle", {
        step: step ? String(step.number) : "",
        reference: data?.plan.reference ?? "",
      }),
    },
  ];
};

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["APPLICANT"]);
  try {
    const wizard = await getWizard(user.actor, user.id, params.planId);
    // Submitted (and not reopened): the plan page shows it read-only.
    if (!wizard.editable) throw redirect(`/aanvrager/plannen/${params.planId}`);
    return wizard;
  } catch (err) {
    if (err instanceof Response) throw err;
    throwAsPage(err);
  }
}

/** An autosave changes nothing the page shows but the status line, which the form keeps itself. */
export function shouldRevalidate({ formData, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formData?.get("intent") === "autosave" ? false : defaultShouldRevalidate;
}

export const WIZARD_ROUTE_ID = "routes/aanvrager/wizard/layout";

export default function WizardLayout({ loaderData }: Route.ComponentProps) {
  const { plan, states, issues, supplement, editableSteps } = loaderData;
  const { t, date } = useI18n();
  const location = useLocation();
  // The step is the last part of the URL: every step route sits directly under this layout.
  const step = stepBySlug(location.pathname.split("/").pop()) ?? STEPS[0];
  return (
    <div className="sp-wizard">
      <nav className="sp-wizard__steps" aria-labelledby="stappen-kop">
        {/* Not a heading: the page's h1 (the step) must come first in the outline. */}
        <p id="stappen-kop" className="sp-wizard__steps-heading">
          {t("wizard.stepsHeading")}
        </p>
        <ol>
          {STEPS.map((s) => {
            const state = s.key === step.key ? "current" : states[s.key];
            const count = issues[s.key].length;
            if (!editableSteps.includes(s.key) && s.key !== "attachments")
              return (
                <li key={s.key} className="sp-wizard__step sp-wizard__step--closed">
                  <span className="sp-wizard__number">{s.number}.</span> {t(`wizard.steps.${s.key}`)}{" "}
                  <span className="sp-wizard__state">{t("wizard.state.closed")}</span>
                </li>
              );
            return (
              <li key={s.key} className={`sp-wizard__step sp-wizard__step--${state}`}>
                <RouterLink
                  to={`/aanvrager/plannen/${plan.id}/stap/${s.slug}`}
                  aria-current={s.key === step.key ? "step" : undefined}
                >
                  <span className="sp-wizard__number">{s.number}.</span> {t(`wizard.steps.${s.key}`)}
                </RouterLink>{" "}
                <span className="sp-wizard__state">
                  {state === "current"
                    ? t("wizard.state.current")
                    : state === "errors"
                      ? t("wizard.state.errors", { count })
                      : state === "done"
                        ? t("wizard.state.done")
                        : t("wizard.state.todo")}
                </span>
              </li>
            );
          })}
        </ol>
      </nav>
      <div className="sp-wizard__main sp-stack">
        <Paragraph className="sp-wizard__caption">
          {t("wizard.caption", { reference: plan.reference, step: step.number, count: STEPS.length })}
        </Paragraph>
        <Heading level={1}>{t(`wizard.steps.${step.key}`)}</Heading>
        {supplement ? (
          <Alert type="info">
            <Heading level={2}>{t("wizard.supplement.heading", { date: date(supplement.dueAt) })}</Heading>
            {/* Staff write in Dutch (ADR 0008): marked so on an English page. */}
            <Paragraph className="sp-pre" lang="nl">
              {supplement.text}
            </Paragraph>
            <Paragraph>
              {t("wizard.supplement.steps", {
                steps: supplement.steps.map((k) => t(`wizard.steps.${k}`)).join(", "),
              })}
            </Paragraph>
            {/* The wizard has no letters, messages or withdrawal: the plan page has them (design.md §4). */}
            <Paragraph>
              <RouterLink to={`/aanvrager/plannen/${plan.id}`}>
                {t("wizard.supplement.backToPlan")}
              </RouterLink>
            </Paragraph>
          </Alert>
        ) : null}
        <Outlet />
      </div>
    </div>
  );
}
