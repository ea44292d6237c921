import { useRouteLoaderData } from "react-router";
import type { Wizard } from "../../domain/plan/wizard.server.ts";

/** The wizard layout's data (plan, rules, draft, issues), for the step routes inside it. */
export function useWizard(): Wizard {
  const data = useRouteLoaderData("routes/aanvrager/wizard/layout") as Wizard | undefined;
  if (!data) throw new Error("useWizard outside the wizard layout");
  return data;
}
