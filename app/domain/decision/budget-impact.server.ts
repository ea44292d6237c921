import type { PrismaClient, Tx } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { planBudgetPosition } from "../budget/reports.server.ts";
import { LINE_ORDER } from "../budget/waiting-list.server.ts";
import { STATUS_LABEL } from "../workflow/labels.ts";
import type { ImpactPot } from "./impact.ts";

type Db = PrismaClient | Tx;

/** Undecided, with their application complete: what may still take money before or after this plan. */
const UNDECIDED: PlanStatus[] = ["IN_ASSESSMENT", "INFO_REQUESTED", "ADVISED", "WAITING_FOR_BUDGET"];
const EARLIER_SHOWN = 25;

export type BudgetImpact = {
  /** The window's ceiling pot first, then each year's envelope pot of the plan. */
  pots: ImpactPot[];
  /**
   * Plans ahead of this one in its fund's line (ADR 0011: every window of the fund, order of
   * complete receipt, then plan number) and still undecided.
   */
  earlier: {
    id: string;
    reference: string;
    /** The name of the plan's window when it is another window than this plan's, else null. */
    otherWindowName: string | null;
    organisationName: string;
    statusLabel: string;
    completeReceivedAt: Date;
    requestedCents: bigint;
  }[];
  earlierCount: number;
};

/**
 * The pots a decision on `planId` books against — its window's pot and the envelope of each of its
 * years — with their balance rows and what the plan holds reserved in each (from the ledger), and
 * the plans ahead of it in its fund's line that are not yet decided (design.md §2 and §7): the line
 * the engine decides by (waiting-list.server.ts LINE_ORDER), so the page names every plan the
 * end-of-window rule makes it wait for, whichever window of the fund it came in through.
 */
export async function budgetImpact(db: Db, planId: string): Promise<BudgetImpact> {
  const plan = await db.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      windowId: true,
      completeReceivedAt: true,
      number: true,
      window: { select: { potId: true } },
      regulation: { select: { fund: true } },
      years: { select: { year: true }, orderBy: { year: "asc" } },
    },
  });
  const envelopes = await db.budgetEnvelope.findMany({
    where: { fund: plan.regulation.fund, year: { in: plan.years.map((y) => y.year) } },
    select: { year: true, potId: true },
  });
  const potIds = [...(plan.window ? [plan.window.potId] : []), ...envelopes.map((e) => e.potId)];
  const [rows, held] = await Promise.all([
    db.budgetPot.findMany({
      where: { id: { in: potIds } },
      select: { id: true, name: true, ceilingCents: true, reservedCents: true, committedCents: true },
    }),
    planBudgetPosition(db, planId),
  ]);
  const yearOf = new Map(envelopes.map((e) => [e.potId, e.year]));
  const pots: ImpactPot[] = rows
    .map((r) => ({
      potId: r.id,
      name: r.name,
      year: yearOf.get(r.id) ?? null,
      ceilingCents: r.ceilingCents,
      reservedCents: r.reservedCents,
      committedCents: r.committedCents,
      planReservedCents: held.find((h) => h.potId === r.id)?.reservedCents ?? 0n,
    }))
    .sort((a, b) => (a.year ?? -1) - (b.year ?? -1));

  if (!plan.windowId) return { pots, earlier: [], earlierCount: 0 };
  const received = plan.completeReceivedAt;
  const where = {
    regulation: { fund: plan.regulation.fund },
    id: { not: planId },
    status: { in: UNDECIDED },
    ...(received
      ? {
          OR: [
            { completeReceivedAt: { lt: received } },
            { completeReceivedAt: received, number: { lt: plan.number } },
          ],
        }
      : { completeReceivedAt: { not: null } }),
  };
  const [earlier, earlierCount] = await Promise.all([
    db.plan.findMany({
      where,
      orderBy: LINE_ORDER,
      take: EARLIER_SHOWN,
      select: {
        id: true,
        reference: true,
        windowId: true,
        window: { select: { name: true } },
        status: true,
        completeReceivedAt: true,
        organisation: { select: { name: true } },
        years: { select: { requestedCents: true } },
      },
    }),
    db.plan.count({ where }),
  ]);
  return {
    pots,
    earlier: earlier.map((p) => ({
      id: p.id,
      reference: p.reference,
      otherWindowName: p.windowId === plan.windowId ? null : (p.window?.name ?? null),
      organisationName: p.organisation.name,
      statusLabel: STATUS_LABEL[p.status],
      completeReceivedAt: p.completeReceivedAt as Date,
      requestedCents: p.years.reduce((s, y) => s + y.requestedCents, 0n),
    })),
    earlierCount,
  };
}
