import type { PrismaClient, Tx } from "../../db/client.server.ts";
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

/** The terms that govern the plan now: its decision's once decided, else its regulation's (termsOf). */
export async function planTerms(db: Db, planId: string): Promise<GrantTerms> {
  return termsOf(await db.plan.findUniqueOrThrow({ where: { id: planId }, select: PLAN_TERMS_SELECT }));
}
