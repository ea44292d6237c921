import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { loadFourEyesFacts } from "../decision/engine.server.ts";
import { type EventName, type PlanFacts, WORKFLOW, whyNot } from "./definition.server.ts";

/**
 * Why `actor` may not fire a staff event on the plan now, as applyEvent's guards would answer it,
 * for a page deciding whether to offer the event's form: the advisers and the four-eyes history
 * read as lockPlan reads them, without the lock (the event checks again under it). Not for events
 * whose guards need the organisation's signatories or the regulation's settings: those are not read.
 */
export async function staffEventRefusal(
  plan: Pick<PlanFacts, "id" | "status" | "version" | "organisationId" | "handlerId">,
  event: EventName,
  actor: Actor,
): Promise<string | null> {
  const [advices, fourEyes] = await Promise.all([
    prisma.advice.findMany({ where: { planId: plan.id }, select: { adviserId: true } }),
    loadFourEyesFacts(prisma, plan.id),
  ]);
  const facts: PlanFacts = { ...plan, adviserIds: advices.map((a) => a.adviserId), ...fourEyes };
  return whyNot(event, facts, actor);
}

/**
 * Whether a case handler may mark a submitted report read on a staff tab (the interim report, the
 * melding onderbesteding), and why not: the role, the plan's phase (the event's origins), then the
 * event's own guards (four-eyes: who advises on the plan does not handle it). The tab says why
 * rather than offering a form the event refuses.
 */
export async function reportReadRefusal(
  plan: Pick<PlanFacts, "id" | "status" | "version" | "organisationId" | "handlerId">,
  event: "review_interim_report" | "review_underspending_report",
  actor: Actor,
  messages: { notAHandler: string; phase: string },
): Promise<string | null> {
  if (!actor.roles.includes("CASE_HANDLER")) return messages.notAHandler;
  if (!WORKFLOW[event].from.includes(plan.status)) return messages.phase;
  return staffEventRefusal(plan, event, actor);
}
