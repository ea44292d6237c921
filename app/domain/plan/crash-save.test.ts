import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, onTestFailed } from "vitest";
import { databaseUrl, prisma } from "../../db/client.server.ts";
import { draftPlan } from "../../test/plan-steps.server.ts";
import { createScenario, validPlanDraft } from "../../test/scenario.server.ts";
import { saveStep } from "./drafts.server.ts";
import { readDraft } from "./steps/wizard.ts";

/**
 * Issue 7: "A crash in the middle of a step save leaves the draft as it was before." A separate
 * process runs the real saveStep; a trigger this test installs on the plan's row holds that
 * process inside its transaction right after the write (pg_sleep), where it is killed with
 * SIGKILL: no catch, no finally, no rollback sent. PostgreSQL must throw the half-done save away.
 */

const suffix = randomUUID().replaceAll("-", "").slice(0, 12);
const fn = `crash_save_hold_${suffix}`;
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${fn} ON "Plan"`);
  await prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${fn}()`);
});

/** The whole plan row as PostgreSQL stores it, and the rows a save could touch besides. */
async function snapshot(planId: string) {
  const [row] = await prisma.$queryRaw<{ plan: unknown }[]>`
    SELECT to_jsonb(p) AS plan FROM "Plan" p WHERE p.id = ${planId}`;
  return {
    plan: row?.plan,
    events: await prisma.workflowEvent.count({ where: { planId } }),
    years: await prisma.planYear.findMany({ where: { planId }, orderBy: { year: "asc" } }),
    measures: await prisma.measure.findMany({ where: { planId }, orderBy: { position: "asc" } }),
  };
}

/** The backend of the save in flight (the test file runs alone against its database). */
function backendsOf() {
  return prisma.$queryRaw<{ pid: number; wait_event: string | null }[]>`
    SELECT pid, wait_event FROM pg_stat_activity
    WHERE pid <> pg_backend_pid() AND query LIKE 'UPDATE %"Plan"%' AND backend_type = 'client backend'
      AND datname = current_database()
      AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = pg_stat_activity.pid AND l.locktype = 'transactionid')`;
}

describe("a process killed in the middle of a step save", () => {
  it("leaves the draft exactly as it was, and a later save works", { timeout: 90_000 }, async () => {
    const s = await createScenario();
    const { id: planId, version } = await draftPlan(s, { withoutAgreement: true });
    const before = await snapshot(planId);
    const inputs = validPlanDraft(s.year);
    const changed = { ...inputs.lead, title: "Titel die nooit bewaard mag worden" };

    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_sleep(60);
        RETURN NEW;
      END $$`);
    // Only this plan's row: other test files share the database.
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER ${fn} AFTER UPDATE ON "Plan" FOR EACH ROW WHEN (NEW.id = '${planId}') EXECUTE FUNCTION ${fn}()`,
    );

    // The child's connections check every 100 ms whether their client still exists, so the killed
    // process's backend ends (and rolls back) at once instead of after the trigger's sleep.
    const url = new URL(databaseUrl());
    url.searchParams.set("options", "-c client_connection_check_interval=100");
    let output = "";
    child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `import { saveStep } from "./app/domain/plan/drafts.server.ts";
         const a = JSON.parse(process.env.CRASH_SAVE_ARGS);
         await saveStep(a.actor, a.planId, a.version, "lead", a.input);
         console.log("saved");
         process.exit(0);`,
      ],
      {
        env: {
          ...process.env,
          DATABASE_URL: url.toString(),
          CRASH_SAVE_ARGS: JSON.stringify({ actor: s.applicantA, planId, version, input: changed }),
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout?.on("data", (d) => {
      output += d;
    });
    child.stderr?.on("data", (d) => {
      output += d;
    });
    const exited = new Promise<void>((resolve) => child?.once("exit", () => resolve()));
    onTestFailed(() => console.log(`save process output:\n${output}`));

    // In the middle: the save's UPDATE has written the row and sleeps in the trigger, its
    // transaction open (it holds a transaction id, i.e. it has written).
    await expect
      // The child loads the domain code first (tsx): seconds on a busy machine.
      .poll(async () => (await backendsOf()).map((b) => b.wait_event).join(","), {
        timeout: 45_000,
        interval: 50,
      })
      .toBe("PgSleep");
    const [held] = await backendsOf();
    // The row is locked by the unfinished write: nobody else may take it now.
    await expect(
      prisma.$queryRaw`SELECT id FROM "Plan" WHERE id = ${planId} FOR UPDATE NOWAIT`,
    ).rejects.toThrow();

    child.kill("SIGKILL");
    await exited;
    expect(child.signalCode).toBe("SIGKILL");
    expect(output).not.toContain("saved");

    // Its backend notices the lost client and ends, rolling back.
    await expect
      .poll(
        async () =>
          (
            await prisma.$queryRaw<{ n: bigint }[]>`
            SELECT count(*) AS n FROM pg_stat_activity WHERE pid = ${held?.pid ?? -1}`
          )[0]?.n,
        { timeout: 30_000, interval: 100 },
      )
      .toBe(0n);
    expect(await snapshot(planId)).toEqual(before);

    // The trigger gone, the applicant saves again from the same page (same version): it works.
    await prisma.$executeRawUnsafe(`DROP TRIGGER ${fn} ON "Plan"`);
    const saved = await saveStep(s.applicantA, planId, version, "lead", changed);
    expect(saved.version).toBe(version + 1);
    const after = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    expect(readDraft(after.draftData).lead.title).toBe("Titel die nooit bewaard mag worden");
    expect(after.title).toBe("Titel die nooit bewaard mag worden");
  });
});
