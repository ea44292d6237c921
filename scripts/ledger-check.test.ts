import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { createBudgetFixture } from "../app/domain/budget/fixtures.test-support.ts";
import { reserveForPlan } from "../app/domain/budget/ledger.server.ts";

const run = promisify(execFile);

afterAll(async () => {
  await disconnectPrisma();
});

/** The script as `npm run ledger:check` runs it (with DATABASE_URL set, as here). */
async function ledgerCheck(): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/ledger-check.ts"], {
      env: process.env,
      timeout: 60_000,
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "" };
  }
}

it("passes on a sound ledger and exits non-zero naming the pot whose balance row was corrupted", async () => {
  const f = await createBudgetFixture({
    windowCeilingCents: 1_000_000n,
    envelopes: [{ year: 2014, ceilingCents: 1_000_000n }],
  });
  const planId = await f.createPlan([{ year: 2014, cents: 400_000n }]);
  await prisma.$transaction((tx) => reserveForPlan(tx, { planId, actorId: "test" }));

  const sound = await ledgerCheck();
  expect(sound.stdout).toMatch(/In orde/);
  expect(sound.stdout).toMatch(
    new RegExp(`Begrotingsjaar 2014 \\(${f.tag}\\)\\s+10000,00\\s+4000,00\\s+0,00\\s+0,00\\s+6000,00`),
  );
  expect(sound.code).toBe(0);

  const pot = f.yearPot(2014);
  await prisma.budgetPot.update({ where: { id: pot }, data: { reservedCents: 300_000n } });
  try {
    const broken = await ledgerCheck();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`BALANCE_MISMATCH in pot "Begrotingsjaar 2014 (${f.tag})" (${pot})`);
    expect(broken.stdout).toContain("reservedCents: saldo 300000, volgens de boekingen 400000");
    expect(broken.stdout).not.toMatch(/In orde/);
  } finally {
    // The database is shared with the other test files, which check the whole ledger too.
    await prisma.budgetPot.update({ where: { id: pot }, data: { reservedCents: 400_000n } });
  }
  // Two runs of the script, each a Node process compiling TypeScript at start: on a busy machine
  // (a Playwright run beside it) one took 10 s, and the default 30 s failed the test.
}, 150_000);
