// `npm run ledger:check`: recomputes every pot's balance from its ledger entries, compares it with
// the stored balance row, checks the invariants (reserved + committed ≤ ceiling, disbursed ≤
// committed, per pot and per plan) and prints a table per pot, then "In orde" or every problem
// naming its pot. Exit 0 when sound, 1 on any problem, 2 when the check could not run. Uses
// DATABASE_URL; the npm script starts the local database of `npm start` when it is not set.
import { disconnectPrisma, type PrismaClient, prisma } from "../app/db/client.server.ts";
import {
  checkLedger,
  type LedgerProblem,
  type PotSummary,
  potSummaries,
} from "../app/domain/budget/reports.server.ts";
import { centsToInputString } from "../app/domain/money.ts";

const COLUMNS = ["Pot", "Plafond", "Gereserveerd", "Verplicht", "Betaald", "Beschikbaar"] as const;

/** Both read in one snapshot, so a booking committing meanwhile cannot make them disagree. */
export async function ledgerCheck(
  db: PrismaClient,
): Promise<{ pots: PotSummary[]; problems: LedgerProblem[] }> {
  return db.$transaction(
    async (tx) => {
      const pots = await potSummaries(tx);
      const problems = await checkLedger(tx);
      return { pots, problems };
    },
    { isolationLevel: "RepeatableRead", timeout: 120_000 },
  );
}

/** The report as lines: the table (amounts in euros, as "1234,56"), then the verdict. */
export function ledgerCheckLines({
  pots,
  problems,
}: {
  pots: PotSummary[];
  problems: LedgerProblem[];
}): string[] {
  const rows = pots.map((p) => [
    p.name,
    ...[p.ceilingCents, p.reservedCents, p.committedCents, p.disbursedCents, p.availableCents].map(
      centsToInputString,
    ),
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  const out = [line(COLUMNS), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line), ""];
  if (problems.length === 0) {
    out.push(`In orde: ${pots.length} potten, saldi gelijk aan de boekingen, invarianten gelden.`);
  } else {
    out.push(`${problems.length} probleem/problemen:`);
    for (const p of problems) {
      out.push(
        `- ${p.code} in pot "${p.potName}" (${p.potId})${p.planId ? `, plan ${p.planId}` : ""}: ${p.message}`,
      );
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // The whole ledger in one snapshot may take longer than a request's query may (client.server.ts).
  process.env.DATABASE_QUERY_TIMEOUT_MS ??= "0";
  let code = 2;
  try {
    const report = await ledgerCheck(prisma);
    for (const l of ledgerCheckLines(report)) console.log(l);
    code = report.problems.length === 0 ? 0 : 1;
  } catch (error) {
    console.error(
      `ledger:check kon het grootboek niet controleren: ${error instanceof Error ? error.message : error}`,
    );
  } finally {
    await disconnectPrisma();
  }
  // Not process.exit(): that would cut off a long table still being written to a pipe.
  process.exitCode = code;
}
