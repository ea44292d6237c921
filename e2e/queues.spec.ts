import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { expect, test } from "./fixtures.ts";
import { axeViolations, hydrated, loginAs, USERS } from "./helpers.ts";

const ADMIN = "beheer@example.nl";

/** The letters queue the e2e worker (scripts/test.mjs) takes its jobs from. */
async function lettersQueue(): Promise<{ queue: Queue; close: () => Promise<void> }> {
  const connection = new Redis(process.env.REDIS_URL ?? "", { maxRetriesPerRequest: null });
  const queue = new Queue("letters", { connection, prefix: process.env.BULLMQ_PREFIX?.trim() || "bull" });
  return {
    queue,
    close: async () => {
      await queue.close();
      connection.disconnect();
    },
  };
}

async function planIdOf(reference: string): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM "Plan" WHERE reference = $1`, [
      reference,
    ]);
    const id = rows[0]?.id;
    if (!id) throw new Error(`no plan ${reference}`);
    return id;
  } finally {
    await client.end();
  }
}

test("the queue pages are for admins only", async ({ browser }) => {
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto("/beheer/wachtrijen/letters");
  await expect(anonymous).toHaveURL(/\/login\?redirectTo=%2Fbeheer%2Fwachtrijen%2Fletters/);

  const applicant = await loginAs(browser, USERS.metaal);
  expect((await applicant.goto("/beheer/wachtrijen"))?.status()).toBe(403);
  expect((await applicant.goto("/beheer/wachtrijen/letters"))?.status()).toBe(403);
  const finance = await loginAs(browser, "financien@example.nl");
  expect((await finance.goto("/beheer/wachtrijen"))?.status()).toBe(403);

  const admin = await loginAs(browser, ADMIN);
  expect((await admin.goto("/beheer/wachtrijen/bestaat-niet"))?.status()).toBe(404);
});

test("a failed letter job: the admin sees its plan and error, retries it and discards it, both in the audit trail", async ({
  browser,
}) => {
  const { queue, close } = await lettersQueue();
  const jobId = `e2e-${randomUUID()}`;
  try {
    // A payload the letters worker refuses at once (a decision letter without its decision): the
    // job fails for good on its first attempt, as a job from an older version of the code could.
    await queue.add(
      "render-letter",
      { kind: "GRANT_DECISION", planId: await planIdOf("SP-2013-000001") },
      { jobId, attempts: 5 },
    );
    const state = async () => (await queue.getJob(jobId))?.getState();
    await expect.poll(state, { timeout: 30_000 }).toBe("failed");

    const admin = await loginAs(browser, ADMIN, "/beheer");
    const csp: string[] = [];
    admin.on("console", (m) => {
      if (m.type() === "error" && m.text().startsWith("CSP")) csp.push(m.text());
    });
    await admin.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        console.error(`CSP ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await admin.getByRole("link", { name: "Wachtrijen" }).click();
    await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Wachtrijen");
    const letters = admin.getByRole("row").filter({ hasText: "Brieven" });
    for (const queueName of ["Brieven", "E-mails", "Herinneringen", "Budget"]) {
      await expect(admin.getByRole("link", { name: queueName, exact: true })).toBeVisible();
    }
    await expect(letters.getByRole("cell").nth(3)).not.toHaveText("0");
    expect(await axeViolations(admin)).toEqual([]);

    await letters.getByRole("link", { name: "Brieven" }).click();
    await hydrated(admin);
    await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Wachtrij Brieven");
    const card = admin.getByRole("region", { name: `Brief maken: taak ${jobId}` });
    await expect(card).toContainText("plan: SP-2013-000001");
    await expect(card).toContainText("GRANT_DECISION without decisionId");
    await expect(card).toContainText("1 van 5");
    expect(await axeViolations(admin)).toEqual([]);

    await card.getByRole("button", { name: `Opnieuw proberen: taak ${jobId}` }).click();
    await expect(admin.getByRole("status")).toContainText(
      `Taak ${jobId} (Brief maken) staat weer in de wachtrij.`,
    );
    // The worker tries it again, and it fails again: with its attempts counted afresh.
    await expect.poll(state, { timeout: 30_000 }).toBe("failed");
    await admin.reload();
    await expect(card).toContainText("1 van 5");

    await card.getByRole("button", { name: `Verwijderen: taak ${jobId}` }).click();
    await expect(admin.getByRole("status")).toContainText(`Taak ${jobId} (Brief maken) is verwijderd.`);
    await expect(card).toHaveCount(0);
    expect(await queue.getJob(jobId)).toBeUndefined();

    // Both are in the admin's audit trail, with the queue and the job.
    await admin.goto("/beheer/gebruikers");
    for (const action of ["Mislukte taak opnieuw gestart", "Mislukte taak verwijderd"]) {
      const row = admin.getByRole("row").filter({ hasText: action }).filter({ hasText: jobId });
      await expect(row).toContainText(`Wachtrij Brieven, taak ${jobId}`);
      await expect(row).toContainText("GRANT_DECISION without decisionId");
    }
    expect(csp).toEqual([]);
  } finally {
    await queue.remove(jobId).catch(() => undefined);
    await close();
  }
});
