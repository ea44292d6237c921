/**
 * The two in-process figures: grant decisions through the real use case (budget check and all),
 * and decision letters through the real renderer. Imported only after bench/run.ts has pointed
 * DATABASE_URL at the bench's own database.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PDFDocument } from "pdf-lib";
import { prisma } from "../app/db/client.server.ts";
import { SerialClient } from "../app/db/serial-client.server.ts";
import { checkLedger, type LedgerProblem } from "../app/domain/budget/reports.server.ts";
import { renderDecisionLetter } from "../app/domain/documents/decision-letter.server.ts";
import { loadDecisionLetterInput } from "../app/domain/documents/decision-letter-input.server.ts";
import { decidePlan } from "../app/domain/plan/plans.server.ts";
import { PrismaClient } from "../app/generated/prisma/client.ts";
import { advisePlan, declareComplete, fullAmounts, submittedPlan } from "../app/test/plan-steps.server.ts";
import { createScenario } from "../app/test/scenario.server.ts";

export const CLIENTS = 32;

/**
 * The process's Prisma client (app/db/client.server.ts caches it on globalThis), with a pool as
 * large as the number of clients: with pg's default of 10, 32 loops would mostly measure waiting
 * for a connection. The baseline uses the same client, so both sides get the same pool.
 */
export async function installPool(url: string): Promise<void> {
  const global = globalThis as { __prisma?: PrismaClient };
  await global.__prisma?.$disconnect();
  global.__prisma = new PrismaClient({
    // The portal's connection class (app/db/client.server.ts): a decision's relation reads inside
    // its transaction go one at a time, as pg 9 requires.
    adapter: new PrismaPg({ connectionString: url, max: CLIENTS + 2, Client: SerialClient }),
    transactionOptions: { maxWait: 15_000, timeout: 30_000 },
  });
}

async function inParallel<T>(items: T[], loops: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

export type DecisionFigures = {
  decisionsPerSecond: number;
  decided: number;
  failed: number;
  firstError: string | null;
  refusedForBudget: number;
  insertsPerSecond: number;
  /** This process's CPU time (user + system) per decision and per insert transaction, in ms. */
  nodeCpuMsPerDecision: number;
  nodeCpuMsPerInsert: number;
  problems: LedgerProblem[];
  overcommit: number;
  sampleDecisionId: string | null;
  prepareSeconds: number;
};

/**
 * Plans of a scenario of their own are driven through the real use cases: `count` plus one in
 * eight more are submitted (draft, every step, agreement), then made complete by CLIENTS loops at
 * once. Completeness is where this design checks the budget (design.md §5: the reservation, in
 * order of receipt), and the window pot holds exactly `count` plans, so the extra ones are refused
 * for budget and wait (WAITING_FOR_BUDGET). The others are advised, then decided by CLIENTS loops,
 * each taking the next plan: the decision's budget check locks the pots and commits the reservation.
 * decisions/s is compared with CLIENTS loops of a plain one-row insert transaction on the same
 * database and pool for as long. Afterwards the whole ledger is checked: nothing may be overcommitted.
 */
export async function benchDecisions(count: number, log: (s: string) => void): Promise<DecisionFigures> {
  const t0 = performance.now();
  const s = await createScenario({ windowCeiling: 60_000_000n * BigInt(count) });
  const submitted: { id: string; version: number }[] = [];
  await inParallel(
    Array.from({ length: count + Math.ceil(count / 8) }, (_, i) => i),
    4,
    async () => {
      submitted.push(await submittedPlan(s));
    },
  );
  await inParallel(submitted, CLIENTS, async (plan) => {
    await declareComplete(s.handler, plan.id, plan.version);
  });
  // Read back, not taken from each answer: completed out of their order of receipt, a plan found
  // complete after later-received ones takes their reservations back (yield_budget), so a plan
  // answered IN_ASSESSMENT may wait by the end. The earliest `count` hold the pot.
  const after = await prisma.plan.findMany({
    where: { id: { in: submitted.map((p) => p.id) } },
    select: { id: true, version: true, status: true },
  });
  const complete = after.filter((p) => p.status === "IN_ASSESSMENT");
  const refusedForBudget = after.filter((p) => p.status === "WAITING_FOR_BUDGET").length;
  const plans: { id: string; version: number }[] = [];
  await inParallel(complete, 4, async (plan) => {
    plans.push({ id: plan.id, version: await advisePlan(s, plan.id, plan.version) });
  });
  const prepareSeconds = (performance.now() - t0) / 1000;
  log(
    `  ${plans.length} advised plans prepared in ${prepareSeconds.toFixed(1)} s (${refusedForBudget} refused for budget at completeness)`,
  );

  let decided = 0;
  let failed = 0;
  let firstError: string | null = null;
  let sampleDecisionId: string | null = null;
  const cpuAtStart = process.cpuUsage();
  const start = performance.now();
  await inParallel(plans, CLIENTS, async (plan) => {
    try {
      await decidePlan(s.decisionMaker, plan.id, plan.version, {
        outcome: "GRANT",
        reason: "Het plan voldoet aan de regeling.",
        amounts: fullAmounts(s),
      });
      decided++;
    } catch (err) {
      // Counted, not thrown: a decision that waited too long for the pot locks (Prisma's
      // transaction timeout) is a result of the benchmark, and the ledger check must still run.
      failed++;
      firstError ??=
        err instanceof Error ? err.message.split("\n").slice(-3).join(" ").slice(0, 300) : String(err);
    }
  });
  const decisionSeconds = (performance.now() - start) / 1000;
  const decisionCpu = process.cpuUsage(cpuAtStart);
  const sample = await prisma.decision.findFirst({ where: { plan: { regulationId: s.regulation.id } } });
  sampleDecisionId = sample?.id ?? null;

  await prisma.$executeRawUnsafe(
    `CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, client int NOT NULL, amount_cents bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  );
  let inserts = 0;
  const until = performance.now() + Math.max(3, decisionSeconds) * 1000;
  const insertCpuAtStart = process.cpuUsage();
  const insertStart = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      while (performance.now() < until) {
        await prisma.$transaction(async (tx) => {
          await tx.$executeRaw`INSERT INTO bench_insert (client, amount_cents) VALUES (${c}, ${30_000_000n})`;
        });
        inserts++;
      }
    }),
  );
  const insertSeconds = (performance.now() - insertStart) / 1000;
  const insertCpu = process.cpuUsage(insertCpuAtStart);
  const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  const problems = await checkLedger(prisma);
  return {
    decisionsPerSecond: decided / decisionSeconds,
    decided,
    failed,
    firstError,
    refusedForBudget,
    insertsPerSecond: inserts / insertSeconds,
    nodeCpuMsPerDecision: cpuMs(decisionCpu) / Math.max(1, decided + failed),
    nodeCpuMsPerInsert: cpuMs(insertCpu) / Math.max(1, inserts),
    problems,
    overcommit: problems.filter((p) => p.code === "INVARIANT").length,
    sampleDecisionId,
    prepareSeconds,
  };
}

export type LetterFigures = { lettersPerSecond: number; emptyPerSecond: number; letterBytes: number };

/** One worker: letters rendered one after another for `seconds`, then empty one-page documents. */
export async function benchLetters(decisionId: string, seconds: number): Promise<LetterFigures> {
  const input = await loadDecisionLetterInput(prisma, decisionId);
  let letterBytes = 0;
  for (let i = 0; i < 3; i++) letterBytes = (await renderDecisionLetter(input)).length;
  const timed = async (work: () => Promise<unknown>) => {
    for (let i = 0; i < 3; i++) await work();
    let n = 0;
    const start = performance.now();
    const until = start + seconds * 1000;
    while (performance.now() < until) {
      await work();
      n++;
    }
    return n / ((performance.now() - start) / 1000);
  };
  const lettersPerSecond = await timed(() => renderDecisionLetter(input));
  const emptyPerSecond = await timed(async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    return doc.save();
  });
  return { lettersPerSecond, emptyPerSecond, letterBytes };
}
