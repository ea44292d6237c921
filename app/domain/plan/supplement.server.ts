import { prisma, type Tx } from "../../db/client.server.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { endOfAmsterdamDay, termEnd } from "../time/index.ts";
import { applyEvent } from "../workflow/apply-event.server.ts";
import { emptyDeclarations } from "./steps/declarations.ts";
import { readDraft, type StepKey } from "./steps/wizard.ts";
import type { SupplementRequestOutput } from "./supplement.ts";

/**
 * The handler asks for a supplement: the request (text, steps, hersteltermijn) and the status
 * change in one transaction; the applicant is told by the workflow's effect (bell + e-mail). The
 * declarations are cleared, so the applicant declares again for what is sent back.
 */
export async function requestSupplement(
  actor: Actor,
  planId: string,
  expectedVersion: number,
  input: SupplementRequestOutput,
): Promise<{ version: number }> {
  return prisma.$transaction(async (tx) => {
    const at = now();
    const result = await applyEvent(tx, { planId, event: "request_info", actor, expectedVersion });
    await tx.supplementRequest.create({
      data: {
        planId,
        requestedById: actor.userId,
        text: input.text,
        steps: input.steps,
        dueAt: endOfAmsterdamDay(termEnd(at, { days: input.termDays })),
        requestedAt: at,
      },
    });
    const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId }, select: { draftData: true } });
    const draft = readDraft(plan.draftData);
    const next = { ...draft, submit: emptyDeclarations(), saved: draft.saved.filter((s) => s !== "submit") };
    await tx.plan.update({
      where: { id: planId },
      data: { draftData: next as unknown as Prisma.InputJsonValue },
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
