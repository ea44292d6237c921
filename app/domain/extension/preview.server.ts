import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import {
  type ExtensionLetterInput,
  loadExtensionLetterInput,
  renderExtensionLetter,
} from "../documents/extension-letter.server.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import { decideExtensionIn, NOT_FOUND } from "./extension.server.ts";
import { EXTENSION_HANDLED, NO_OPEN_EXTENSION } from "./rules.ts";

/** Thrown to roll back the trial besluit of previewExtensionLetter; carries the letter's input. */
class TrialRollback extends Error {
  constructor(readonly input: ExtensionLetterInput) {
    super("trial extension decision rolled back");
  }
}

/**
 * The besluit op het verzoek om verlenging as it would be for the form's values, rendered and
 * returned — no PlanExtension change, no Document, no outbox message is kept (design.md §4: a
 * besluit is seen before it is signed). The values go through decideExtension's own path in a
 * transaction that is always rolled back, and the letter's input is read inside it the way the
 * letters worker reads it after the real besluit: the same new end, report dates, added interim
 * report and signatory, dated now. So the preview refuses what the besluit would refuse (four
 * eyes, the plan's state, the months and reasons), in the besluit's own words.
 *
 * `extensionId`, when the form names its request: a request handled since then is a conflict,
 * as it is for the besluit. Without it: the plan's open request.
 */
export async function previewExtensionLetter(
  actor: Actor,
  planId: string,
  values: unknown,
  extensionId?: string,
): Promise<{ filename: string; bytes: Uint8Array }> {
  if (!actor.roles.includes("DECISION_MAKER")) throw new ForbiddenError();
  const plan = await prisma.plan.findFirst({
    where: planWhereForActor(actor, planId),
    select: { reference: true, extensions: { where: { status: "REQUESTED" }, select: { id: true } } },
  });
  if (!plan) throw new NotFoundError(NOT_FOUND);
  const open = plan.extensions[0]?.id;
  // Nothing to decide is a conflict (409), not a refusal of this actor as the event's guard has it.
  if (!open) throw new ConflictError(NO_OPEN_EXTENSION, "NO_OPEN_EXTENSION");
  if (extensionId && extensionId !== open) throw new ConflictError(EXTENSION_HANDLED, "EXTENSION_HANDLED");
  let input: ExtensionLetterInput | undefined;
  try {
    await prisma.$transaction(async (tx) => {
      await decideExtensionIn(tx, actor, planId, null, open, values);
      throw new TrialRollback(await loadExtensionLetterInput(tx, open));
    });
  } catch (e) {
    if (!(e instanceof TrialRollback)) throw e;
    input = e.input;
  }
  if (!input) throw new Error("trial extension decision was not rolled back");
  return {
    filename: `voorbeeld-besluit-verlenging-${plan.reference}.pdf`,
    bytes: await renderExtensionLetter({ ...input, preview: true }),
  };
}
