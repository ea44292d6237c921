import { prisma, type Tx } from "../../db/client.server.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { NotFoundError } from "../errors.ts";
import { endOfAmsterdamDay, termEnd } from "../time/index.ts";
import { applyEvent } from "../workflow/apply-event.server.ts";
import { planWhereForActor } from "./access.server.ts";
import { emptyDeclarations } from "./steps/declarations.ts";
import { readDraft, type StepKey } from "./steps/wizard.ts";
import type { SupplementRequestOutput } from "./supplement.ts";

/**
 * The handler asks for a supplement (Awb 4:5): the request (text, steps, hersteltermijn, and the
 * status the plan returns to) and the status change in one transaction. The request is written
 * first so that the event's effects find it: they stop the decision term (Awb 4:15), schedule the
 * hersteltermijn's reminders and queue the letter; the applicant is told (bell + e-mail). The
 * declarations are cleared, so the applicant declares again for what is sent back. A plan asked
 * for a supplement before anyone took it up gets the asking handler as its handler, who is then
 * told when the term lapses.
 */
export async function requestSupplement(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  input: SupplementRequestOutput,
): Promise<{ version: number }> {
  return prisma.$transaction(async (tx) => {
    const at = now();
    // The plan's version is checked by applyEvent under its lock: a status read here that is no
    // longer current makes that check fail, and the whole transaction (this row too) rolls back.
    const current = await tx.plan.findFirst({
      where: { ...planWhereForActor(actor, planId) },
      select: { status: true, handlerId: true },
    });
    if (!current) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
    await tx.supplementRequest.create({
      data: {
        planId,
        requestedById: actor.userId,
        text: input.text,
        steps: input.steps,
        dueAt: endOfAmsterdamDay(termEnd(at, { days: input.termDays })),
        requestedAt: at,
        fromStatus: current.status === "IN_ASSESSMENT" ? "IN_ASSESSMENT" : "SUBMITTED",
      },
    });
    const result = await applyEvent(tx, { planId, event: "request_info", actor, expectedVersion });
    // biome-ignore lint/plugin/plan-scope: staff only (the case handler's supplement request), after applyEvent checked the plan for the actor
    const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId }, select: { draftData: true } });
    const draft = readDraft(plan.draftData);
    const next = { ...draft, submit: emptyDeclarations(), saved: draft.saved.filter((s) => s !== "submit") };
    // biome-ignore lint/plugin/plan-scope: the same plan, in the same staff transaction
    await tx.plan.update({
      where: { id: planId },
      data: {
        draftData: next as unknown as Prisma.InputJsonValue,
        ...(current.handlerId ? {} : { handlerId: actor.userId }),
      },
    });
    return result;
  });
}

/** The request the applicant is answering, if the plan waits for one. */
export async function openSupplementRequest(db: Tx | typeof prisma, planId: string) {
  return db.supplementRequest.findFirst({
    where: { planId, answeredAt: null },
    orderBy: { requestedAt: "desc" },
    select: { id: true, text: true, steps: true, dueAt: true, requestedAt: true },
  });
}

/** The steps an applicant may change now: all while a draft, the named ones (and step 7) after a request. */
export function editableSteps(status: string, request: { steps: string[] } | null): StepKey[] | "all" | [] {
  if (status === "DRAFT") return "all";
  if (status === "INFO_REQUESTED" && request) return [...(request.steps as StepKey[]), "submit"];
  return [];
}
