import { prisma } from "../../db/client.server.ts";
import { type Actor, REVIEW_ROLES } from "../actor.ts";
import { now } from "../clock.ts";
import { NotFoundError, RuleViolation } from "../errors.ts";
import { visiblePlans } from "../plan/access.server.ts";
import { NOTE_MAX } from "./limits.ts";
import { MESSAGE_REPEAT_MS } from "./messages.server.ts";

/**
 * Staff-only notes on a plan (issue 5). Only reviewing staff read or write them: to anyone else,
 * an applicant of the plan's own organisation included, the notes of a plan do not exist (404).
 */
export { NOTE_MAX };

const NOT_FOUND = "Dit plan bestaat niet of u heeft er geen toegang toe.";

function isReviewer(actor: Actor): boolean {
  return actor.roles.some((r) => REVIEW_ROLES.includes(r));
}

async function assertStaffPlan(actor: Actor, planId: string) {
  if (!isReviewer(actor)) throw new NotFoundError(NOT_FOUND);
  const plan = await prisma.plan.findFirst({
    where: { AND: [{ id: planId }, visiblePlans(actor), { status: { not: "DRAFT" } }] },
    select: { id: true },
  });
  if (!plan) throw new NotFoundError(NOT_FOUND);
}

export type NoteView = { id: string; text: string; authorName: string; createdAt: Date };

export async function listNotes(actor: Actor, planId: string): Promise<NoteView[]> {
  await assertStaffPlan(actor, planId);
  const notes = await prisma.planNote.findMany({
    where: { planId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 200,
  });
  const users = await prisma.user.findMany({
    where: { id: { in: [...new Set(notes.map((n) => n.authorId))] } },
    select: { id: true, name: true },
  });
  const name = new Map(users.map((u) => [u.id, u.name]));
  return notes.map((n) => ({
    id: n.id,
    text: n.text,
    authorName: name.get(n.authorId) ?? "",
    createdAt: n.createdAt,
  }));
}

export async function addNote(actor: Actor, planId: string, text: string) {
  const body = text.trim();
  if (body === "") throw new RuleViolation("Schrijf een notitie.", "tekst");
  if (body.length > NOTE_MAX) throw new RuleViolation(`Een notitie is hooguit ${NOTE_MAX} tekens.`, "tekst");
  await assertStaffPlan(actor, planId);
  return prisma.$transaction(async (tx) => {
    // As postMessage: the plan's row locked so a second POST of the same form (a double click, a
    // browser resending it) waits for the first and then finds its note, instead of adding it again.
    await tx.$queryRaw`SELECT id FROM "Plan" WHERE id = ${planId} FOR NO KEY UPDATE`;
    const at = now();
    const repeat = await tx.planNote.findFirst({
      where: {
        planId,
        authorId: actor.userId,
        text: body,
        createdAt: { gte: new Date(at.getTime() - MESSAGE_REPEAT_MS) },
      },
      orderBy: { createdAt: "desc" },
    });
    if (repeat) return repeat;
    return tx.planNote.create({ data: { planId, authorId: actor.userId, text: body, createdAt: at } });
  });
}
