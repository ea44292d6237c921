/** The plan use cases that routes call; each authorises the actor itself. */
export { createDraftPlan, rememberStep, saveStep, submitPlan } from "./drafts.server.ts";
export { decidePlan, markComplete, recordAdvice } from "./review.server.ts";
export {
  canAccessDocument,
  getPlanView,
  listOrganisationPlans,
  type PlanAction,
  type PlanView,
} from "./view.server.ts";
