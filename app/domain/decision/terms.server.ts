import type { PrismaClient, Tx } from "../../db/client.server.ts";
import { NotFoundError } from "../errors.ts";
import {
  type GrantTerms,
  PLAN_TERMS_SELECT,
  REGULATION_TERMS_SELECT,
  termsFromRegulation,
  termsOf,
} from "./terms.ts";

type Db = PrismaClient | Tx;

/** The terms a decision on the plan taken now is made on: its regulation's, as they stand. */
export async function regulationTermsForPlan(db: Db, planId: string): Promise<GrantTerms> {
  const { regulation } = await db.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { regulation: { select: REGULATION_TERMS_SELECT } },
  });
  return termsFromRegulation(regulation);
}

/**
 * The terms a decision on the plan is made on, with its regulation's row held FOR SHARE until the
 * transaction ends: a parameter change (updateRegulationParameters, changeMeasureCategory, both
 * FOR UPDATE) committed before is read here, one begun after waits for the decision. So the terms
 * that cap the amounts (checkDecisionValues) are the terms written on Decision.terms, read once.
 * Lock order: the regulation's row before the plan's row (lockPlan) and the pots, so a decision
 * and a parameter change never wait for each other in a cycle; decisions only share it.
 */
export async function lockedRegulationTermsForPlan(tx: Tx, planId: string): Promise<GrantTerms> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT g.id FROM "Regulation" g JOIN "Plan" p ON p."regulationId" = g.id
    WHERE p.id = ${planId} FOR SHARE OF g`;
  if (locked.length === 0) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  // A statement of its own after the lock: it sees what a change committed while we waited.
  return regulationTermsForPlan(tx, planId);
}

/** The terms that govern the plan now: its decision's once decided, else its regulation's (termsOf). */
export async function planTerms(db: Db, planId: string): Promise<GrantTerms> {
  return termsOf(await db.plan.findUniqueOrThrow({ where: { id: planId }, select: PLAN_TERMS_SELECT }));
}
