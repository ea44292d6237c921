import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { loadFourEyesFacts } from "../decision/engine.server.ts";
import { type EventName, type PlanFacts, whyNot } from "./definition.server.ts";

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
