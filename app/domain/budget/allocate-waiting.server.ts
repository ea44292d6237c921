import { prisma } from "../../db/client.server.ts";
import { BudgetShortfallError, ConflictError, DomainError } from "../errors.ts";
import { applyEvent } from "../workflow/apply-event.server.ts";
import { BUDGET_SYSTEM_ACTOR, WAITING_REASON } from "./waiting-list.server.ts";

/**
 * The budget worker's job (queue `budget`, job allocateWaiting): serve one fund's waiting line
 * after money was released. Kept apart from waiting-list.server.ts because it calls applyEvent,
 * whose workflow table imports the waiting-list effects (no import cycle that way).
 *
 * Each plan moves with the workflow event budget_available in its own transaction, with the
 * version it was read at, so the WorkflowEvent chain records it and a plan changed meanwhile
 * (withdrawn, say) is read again instead of moved. It stops at the first plan that does not fit
 * (head of line; see waiting-list.server.ts). Running it twice has the effect of running it once:
 * the second run finds the line moved on or its head still not fitting.
 */

export type AllocationResult = {
  /** References of the plans that got their reservation, in order. */
  reserved: string[];
  stillWaiting: number;
  /** Why the line stopped at its head, when it was not for lack of money (e.g. a missing envelope). */
  stoppedBy?: string;
};

const TX_OPTIONS = { maxWait: 30_000, timeout: 60_000 } as const;
const LINE_ORDER = [{ completeReceivedAt: "asc" as const }, { number: "asc" as const }];

export async function allocateWaitingList(fund: string): Promise<AllocationResult> {
  const where = { status: "WAITING_FOR_BUDGET" as const, regulation: { fund } };
  const reserved: string[] = [];
  let stoppedBy: string | undefined;
  let conflicts = 0;
  for (;;) {
    const head = await prisma.plan.findFirst({
      where,
      orderBy: LINE_ORDER,
      select: { id: true, reference: true, version: true },
    });
    if (!head) break;
    try {
      await prisma.$transaction(
        (tx) =>
          applyEvent(tx, {
            planId: head.id,
            event: "budget_available",
            actor: BUDGET_SYSTEM_ACTOR,
            expectedVersion: head.version,
            input: { reason: WAITING_REASON },
          }),
        TX_OPTIONS,
      );
      reserved.push(head.reference);
    } catch (err) {
      if (err instanceof BudgetShortfallError) break;
      // The head changed between reading and locking it (withdrawn, decided, moved by another
      // worker): read the line again. Bounded, so a plan changing endlessly cannot spin the job.
      if (err instanceof ConflictError && conflicts < 20) {
        conflicts += 1;
        continue;
      }
      if (err instanceof DomainError) {
        stoppedBy = `${head.reference}: ${err.message}`;
        break;
      }
      throw err;
    }
  }
  const stillWaiting = await prisma.plan.count({ where });
  return { reserved, stillWaiting, ...(stoppedBy ? { stoppedBy } : {}) };
}
