import type { PrismaClient, Tx } from "../../db/client.server.ts";
import type { PotKind } from "../../generated/prisma/enums.ts";
import {
  addBalances,
  availableCents,
  type Balances,
  balancesFromEntries,
  entryProblem,
  invariantBreaches,
  ZERO_BALANCES,
} from "./balances.ts";

/** Reading the budget: figures per pot and per plan, and the ledger's own consistency check. */

export type Db = PrismaClient | Tx;

export type PlanPotPosition = Balances & {
  potId: string;
  potName: string;
  kind: PotKind;
  /** The envelope's year; null for the window pot, which holds the plan's whole amount. */
  year: number | null;
};

/** What a plan holds in each pot (reserved, committed, disbursed), derived from its ledger entries. Window pot first, then by year. */
export async function planBudgetPosition(db: Db, planId: string): Promise<PlanPotPosition[]> {
  const sums = await db.ledgerEntry.groupBy({
    by: ["potId", "kind", "releases"],
    where: { planId },
    _sum: { amountCents: true },
  });
  if (sums.length === 0) return [];
  const pots = await db.budgetPot.findMany({
    where: { id: { in: [...new Set(sums.map((s) => s.potId))] } },
    select: { id: true, name: true, kind: true, envelope: { select: { year: true } } },
  });
  return pots
    .map((pot) => ({
      potId: pot.id,
      potName: pot.name,
      kind: pot.kind,
      year: pot.envelope?.year ?? null,
      ...balancesFromEntries(
        sums
          .filter((s) => s.potId === pot.id)
          .map((s) => ({ kind: s.kind, releases: s.releases, amountCents: s._sum.amountCents ?? 0n })),
      ),
    }))
    .sort((a, b) => (a.year ?? -1) - (b.year ?? -1) || a.potName.localeCompare(b.potName));
}

export type PotSummary = Balances & {
  potId: string;
  kind: PotKind;
  name: string;
  ceilingCents: bigint;
  availableCents: bigint;
  window: {
    id: string;
    name: string;
    opensAt: Date;
    closesAt: Date;
    regulationId: string;
    regulationCode: string;
    regulationTitle: string;
  } | null;
  envelope: { id: string; fund: string; year: number; illustrative: boolean; note: string | null } | null;
};

/** Every pot with its balance row: windows by opening date, then envelopes by fund and year. */
export async function potSummaries(db: Db): Promise<PotSummary[]> {
  const pots = await db.budgetPot.findMany({
    select: {
      id: true,
      kind: true,
      name: true,
      ceilingCents: true,
      reservedCents: true,
      committedCents: true,
      disbursedCents: true,
      window: {
        select: {
          id: true,
          name: true,
          opensAt: true,
          closesAt: true,
          regulation: { select: { id: true, code: true, title: true } },
        },
      },
      envelope: { select: { id: true, fund: true, year: true, illustrative: true, note: true } },
    },
  });
  const summaries: PotSummary[] = pots.map((p) => ({
    potId: p.id,
    kind: p.kind,
    name: p.name,
    ceilingCents: p.ceilingCents,
    reservedCents: p.reservedCents,
    committedCents: p.committedCents,
    disbursedCents: p.disbursedCents,
    availableCents: availableCents(p),
    window: p.window
      ? {
          id: p.window.id,
          name: p.window.name,
          opensAt: p.window.opensAt,
          closesAt: p.window.closesAt,
          regulationId: p.window.regulation.id,
          regulationCode: p.window.regulation.code,
          regulationTitle: p.window.regulation.title,
        }
      : null,
    envelope: p.envelope,
  }));
  return summaries.sort(comparePots);
}

function comparePots(a: PotSummary, b: PotSummary): number {
  if (a.window && b.window)
    return a.window.opensAt.getTime() - b.window.opensAt.getTime() || cmp(a.name, b.name);
  if (a.window) return -1;
  if (b.window) return 1;
  if (a.envelope && b.envelope)
    return cmp(a.envelope.fund, b.envelope.fund) || a.envelope.year - b.envelope.year;
  return cmp(a.name, b.name);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type LedgerProblem = {
  code:
    | "BAD_ENTRY"
    | "BALANCE_MISMATCH"
    | "INVARIANT"
    | "PLAN_NEGATIVE"
    | "PLAN_OVERPAID"
    | "RETURN_MISMATCH";
  potId: string;
  potName: string;
  planId?: string;
  message: string;
};

/**
 * Recomputes every pot (or only `potIds`) from its ledger entries and compares with the balance
 * rows, checks the invariant, each entry's form, that no plan holds a negative amount in a
 * pot, and that no plan was paid more than it has committed in a pot (disbursed ≤ committed per
 * plan, not only per pot: one plan's overpayment could hide behind another's unpaid commitment). Returns the problems found; an empty list means the ledger is sound. Given the client
 * (not a transaction) it reads in one REPEATABLE READ snapshot, so bookings committing meanwhile
 * cannot make entries and balance rows disagree.
 */
export async function checkLedger(db: Db, options: { potIds?: string[] } = {}): Promise<LedgerProblem[]> {
  if ("$transaction" in db) {
    return db.$transaction((tx) => checkLedgerIn(tx, options), { isolationLevel: "RepeatableRead" });
  }
  return checkLedgerIn(db, options);
}

async function checkLedgerIn(tx: Tx, { potIds }: { potIds?: string[] }): Promise<LedgerProblem[]> {
  const potWhere = potIds ? { id: { in: potIds } } : {};
  const entryWhere = potIds ? { potId: { in: potIds } } : {};
  const pots = await tx.budgetPot.findMany({
    where: potWhere,
    select: {
      id: true,
      name: true,
      ceilingCents: true,
      reservedCents: true,
      committedCents: true,
      disbursedCents: true,
    },
    orderBy: { id: "asc" },
  });
  const potName = new Map(pots.map((p) => [p.id, p.name]));
  const problems: LedgerProblem[] = [];

  const malformed = await tx.ledgerEntry.findMany({
    where: {
      ...entryWhere,
      OR: [
        { amountCents: { lte: 0n } },
        { kind: "RELEASE", releases: null },
        { kind: "RELEASE", releases: { notIn: ["RESERVATION", "COMMITMENT"] } },
        { kind: { not: "RELEASE" }, releases: { not: null } },
      ],
    },
    select: { id: true, potId: true, planId: true, kind: true, releases: true, amountCents: true },
    take: 100,
  });
  for (const e of malformed) {
    problems.push({
      code: "BAD_ENTRY",
      potId: e.potId,
      potName: potName.get(e.potId) ?? e.potId,
      ...(e.planId ? { planId: e.planId } : {}),
      message: `Boeking ${e.id}: ${entryProblem(e) ?? "ongeldig"}`,
    });
  }

  const sums = await tx.ledgerEntry.groupBy({
    by: ["potId", "planId", "kind", "releases"],
    where: entryWhere,
    _sum: { amountCents: true },
  });
  const perPot = new Map<string, Balances>();
  const perPlanPot = new Map<string, Balances>();
  for (const s of sums) {
    const moved = balancesFromEntries([
      { kind: s.kind, releases: s.releases, amountCents: s._sum.amountCents ?? 0n },
    ]);
    perPot.set(s.potId, addBalances(perPot.get(s.potId) ?? ZERO_BALANCES, moved));
    if (s.planId) {
      const key = `${s.potId}\u0000${s.planId}`;
      perPlanPot.set(key, addBalances(perPlanPot.get(key) ?? ZERO_BALANCES, moved));
    }
  }

  for (const pot of pots) {
    const fromEntries = perPot.get(pot.id) ?? ZERO_BALANCES;
    for (const field of ["reservedCents", "committedCents", "disbursedCents"] as const) {
      if (pot[field] !== fromEntries[field]) {
        problems.push({
          code: "BALANCE_MISMATCH",
          potId: pot.id,
          potName: pot.name,
          message: `${field}: saldo ${pot[field]}, volgens de boekingen ${fromEntries[field]}`,
        });
      }
    }
    for (const breach of invariantBreaches(pot)) {
      problems.push({ code: "INVARIANT", potId: pot.id, potName: pot.name, message: breach });
    }
  }

  for (const [key, held] of perPlanPot) {
    const [potId = "", planId = ""] = key.split("\u0000");
    const negative = (["reservedCents", "committedCents", "disbursedCents"] as const).filter(
      (f) => held[f] < 0n,
    );
    for (const field of negative) {
      problems.push({
        code: "PLAN_NEGATIVE",
        potId,
        potName: potName.get(potId) ?? potId,
        planId,
        message: `${field} van het plan is negatief (${held[field]})`,
      });
    }
    if (held.disbursedCents > held.committedCents) {
      problems.push({
        code: "PLAN_OVERPAID",
        potId,
        potName: potName.get(potId) ?? potId,
        planId,
        message: `het plan is meer betaald (${held.disbursedCents}) dan er voor verplicht is (${held.committedCents})`,
      });
    }
  }
  problems.push(...(await returnProblems(tx, entryWhere, potName)));
  return problems;
}

/**
 * A transfer the bank sent back (Payment RETURNED) is undone by RECOVERY entries without a claim
 * that name the payment, for exactly its DISBURSEMENT entries (ledger.server.ts undoDisbursement).
 * Per payment and pot the two must agree, and only a RETURNED payment may have them: a return
 * booked without its payment marked, a payment marked without its booking, or a claimless
 * RECOVERY that names no returned payment shows here.
 */
async function returnProblems(
  tx: Tx,
  entryWhere: { potId?: { in: string[] } },
  potName: Map<string, string>,
): Promise<LedgerProblem[]> {
  const returned = new Set(
    (await tx.payment.findMany({ where: { status: "RETURNED" }, select: { id: true } })).map((r) => r.id),
  );
  const [undone, paidBack] = [
    await tx.ledgerEntry.groupBy({
      by: ["potId", "planId", "paymentId"],
      where: { ...entryWhere, kind: "RECOVERY", recoveryClaimId: null },
      _sum: { amountCents: true },
    }),
    await tx.ledgerEntry.groupBy({
      by: ["potId", "planId", "paymentId"],
      where: { ...entryWhere, kind: "DISBURSEMENT", paymentId: { in: [...returned] } },
      _sum: { amountCents: true },
    }),
  ];
  type Row = { potId: string; planId: string | null; paymentId: string | null };
  const key = (r: Row) => `${r.potId}\u0000${r.planId ?? ""}\u0000${r.paymentId ?? ""}`;
  const sums = new Map<string, { row: Row; recovered: bigint; returned: bigint }>();
  const at = (r: Row) => sums.get(key(r)) ?? { row: r, recovered: 0n, returned: 0n };
  for (const r of undone) sums.set(key(r), { ...at(r), recovered: r._sum.amountCents ?? 0n });
  for (const r of paidBack) sums.set(key(r), { ...at(r), returned: r._sum.amountCents ?? 0n });
  const problems: LedgerProblem[] = [];
  for (const { row, recovered, returned: back } of sums.values()) {
    const unexplained = row.paymentId === null || !returned.has(row.paymentId);
    if (recovered === back && !unexplained) continue;
    problems.push({
      code: "RETURN_MISMATCH",
      potId: row.potId,
      potName: potName.get(row.potId) ?? row.potId,
      ...(row.planId ? { planId: row.planId } : {}),
      message: unexplained
        ? `teruggeboekt zonder terugvordering ${recovered}, voor ${row.paymentId ? `betaling ${row.paymentId}, die niet als teruggestuurd is vastgelegd` : "geen door de bank teruggestuurde betaling"}`
        : `betaling ${row.paymentId}: teruggeboekt ${recovered}, maar uitbetaald ${back}`,
    });
  }
  return problems;
}
