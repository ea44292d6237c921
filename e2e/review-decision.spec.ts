import { randomUUID } from "node:crypto";
import pg from "pg";
import { minimalPdf } from "../app/test/files.ts";
import { expect, type Page, test } from "./fixtures.ts";
import {
  declareAndSubmit,
  draftPlan,
  hydrated,
  loginAs,
  nextYearPeriod,
  open,
  preparePlan,
  sql,
  USERS,
} from "./helpers.ts";

// The decision maker (issue 5): a four-eyes refusal and a rejection on a ground; a partial grant
// with its reason, its preview and its letter. What comes before the decision is set up directly:
// the plan's steps posted, "compleet" posted, the advice written in SQL (assessment has its own spec).

async function one<T>(text: string, params: unknown[] = []): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query(text, params);
    if (!rows[0]) throw new Error(`no row for ${text}`);
    return rows[0] as T;
  } finally {
    await client.end();
  }
}

const version = async (planId: string) =>
  (await one<{ version: number }>('SELECT version FROM "Plan" WHERE id = $1', [planId])).version;

/** A submitted plan of the metaal applicant, € 300.000 a year. */
async function submitted(page: Page): Promise<string> {
  const { start, end } = nextYearPeriod();
  const planId = await draftPlan(page);
  await preparePlan(
    page,
    {
      title: `Besluit e2e ${Date.now()}`,
      summary: "Bijscholing in de metaal.",
      start,
      end,
      measures: [
        ["Bijscholing CNC-techniek", "120"],
        ["Van werk naar werk", "40"],
      ],
    },
    await minimalPdf(),
    planId,
  );
  await declareAndSubmit(page);
  return planId;
}

/**
 * "Compleet verklaren" posted as `handler` (the same post as the checklist form). The plan gets a
 * sector of its own first: other tests submit for the same applicant and sector in this window,
 * which the checklist rightly refuses (art. 2.3).
 */
async function complete(handler: Page, planId: string): Promise<void> {
  await sql(`UPDATE "Plan" SET "sectorCodes" = ARRAY[$2] WHERE id = $1`, [planId, `e2e-${randomUUID()}`]);
  const origin = new URL(handler.url()).origin;
  const res = await handler.request.post(`${origin}/behandeling/plannen/${planId}/volledigheid`, {
    form: { intent: "complete", expectedVersion: String(await version(planId)), agreementSigned: "ja" },
    headers: { Origin: origin },
  });
  expect(res.status(), "compleet verklaren").toBe(200);
  expect(await one<{ status: string }>('SELECT status FROM "Plan" WHERE id = $1', [planId])).toEqual({
    status: "IN_ASSESSMENT",
  });
}

/** The adviser's advice (recommended amounts per year) and the ADVISED state, in SQL. */
async function advised(planId: string, recommendation: string, euros: number[]): Promise<void> {
  const adviser = await one<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [USERS.adviseur]);
  const adviceId = randomUUID();
  await sql(
    // On the plan's latest version, as storeAdvice records it: only that advice counts and pre-fills.
    `INSERT INTO "Advice" (id, "planId", "adviserId", recommendation, text, "createdAt", "planVersionId")
     VALUES ($1, $2, $3, $4, 'De kosten zijn deels onderbouwd.', now(),
       (SELECT id FROM "PlanVersion" WHERE "planId" = $2 ORDER BY number DESC LIMIT 1))`,
    [adviceId, planId, adviser.id, recommendation],
  );
  await sql(
    `INSERT INTO "AdviceYear" ("adviceId", year, "amountCents")
     SELECT $1, y.year, (ARRAY[${euros.map((e) => e * 100).join(",")}]::bigint[])[row_number() OVER (ORDER BY y.year)]
     FROM "PlanYear" y WHERE y."planId" = $2`,
    [adviceId, planId],
  );
  await sql(`UPDATE "Plan" SET status = 'ADVISED', version = version + 1 WHERE id = $1`, [planId]);
}

test("four-eyes: the handler who is also decision maker is refused; another rejects on a ground", async ({
  browser,
}) => {
  const applicant = await loginAs(browser, USERS.metaal);
  const planId = await submitted(applicant);

  // A handler who also holds the decision-maker role (same password as the seeded staff).
  const email = `behandelaar-beslisser-${randomUUID().slice(0, 8)}@example.nl`;
  const userId = randomUUID();
  await sql(
    `INSERT INTO "User" (id, email, name, "passwordHash")
     SELECT $1, $2, 'Behandelaar en beslisser', "passwordHash" FROM "User" WHERE email = $3`,
    [userId, email, USERS.beslisser],
  );
  await sql(
    `INSERT INTO "RoleMembership" (id, "userId", role) VALUES ($1, $3, 'CASE_HANDLER'), ($2, $3, 'DECISION_MAKER')`,
    [randomUUID(), randomUUID(), userId],
  );
  const both = await loginAs(browser, email);
  await complete(both, planId);
  await advised(planId, "REJECT", [0, 0]);

  // The page says why, and offers no form; a direct post is refused by the engine.
  await open(both, `/behandeling/plannen/${planId}/besluit`);
  await expect(both.getByRole("heading", { name: "U kunt over dit plan niet beslissen" })).toBeVisible();
  await expect(both.getByText(/vier-ogenprincipe/)).toBeVisible();
  await expect(both.getByRole("button", { name: "Besluit nemen" })).toHaveCount(0);
  const origin = new URL(both.url()).origin;
  const direct = await both.request.post(`${origin}/behandeling/plannen/${planId}/besluit`, {
    form: {
      intent: "decide",
      expectedVersion: String(await version(planId)),
      outcome: "REJECT",
      ground: "subsidieplafond-bereikt",
      reason: "Nee.",
    },
    headers: { Origin: origin },
  });
  expect(direct.status()).toBe(403);

  // Another decision maker rejects: the ground is required, next to its field.
  const decider = await loginAs(browser, USERS.beslisser, `/behandeling/plannen/${planId}/besluit`);
  await expect(decider.getByRole("heading", { name: "Advies van het Actieteam" })).toBeVisible();
  await expect(decider.getByLabel("Afwijzen", { exact: true })).toBeChecked();
  await decider.getByLabel("Motivering").fill("De analyse ontbreekt.");
  await decider.getByRole("button", { name: "Besluit nemen" }).click();
  await expect(decider.locator("#decide-ground-error")).toContainText("Kies de grond van de afwijzing.");
  // The ceiling is no ground for an advised plan: its request is reserved inside it.
  const grounds = decider.getByLabel("Grond van de afwijzing");
  await expect(grounds.locator("option", { hasText: "Subsidieplafond bereikt" })).toHaveCount(0);
  await grounds.selectOption({
    label: "De arbeidsmarktanalyse is ontoereikend (artikel 2.5 van de regeling)",
  });
  await decider.getByRole("button", { name: "Besluit nemen" }).click();
  await expect(decider.getByText("Het besluit is genomen.")).toBeVisible();
  await expect(decider.getByTestId("plan-status")).toHaveText("Afgewezen");
  const decision = await one<{ outcome: string; reason: string }>(
    `SELECT outcome, reason FROM "Decision" WHERE "planId" = $1`,
    [planId],
  );
  expect(decision.outcome).toBe("REJECTED");
  expect(decision.reason).toMatch(/^Grond: De arbeidsmarktanalyse is ontoereikend/);
});

const EURO = /€\s?-?[\d.]+,\d{2}/;
/** "€ 1.234.567,89" (the first amount in the text) in cents. */
function euroCents(text: string | null): number {
  const m = (text ?? "").match(/€\s?(-?[\d.]+),(\d{2})/);
  if (!m) throw new Error(`no amount in ${JSON.stringify(text)}`);
  const sign = m[1]?.startsWith("-") ? -1 : 1;
  return sign * (Number((m[1] ?? "").replace(/[-.]/g, "")) * 100 + Number(m[2]));
}

test("a partial grant with its reason: live budget impact, a preview that stores nothing, the letter", async ({
  browser,
}) => {
  const applicant = await loginAs(browser, USERS.metaal);
  const planId = await submitted(applicant);
  const handler = await loginAs(browser, USERS.behandelaar);
  await complete(handler, planId);
  await advised(planId, "PARTIAL_GRANT", [300_000, 150_000]);

  const decider = await loginAs(browser, USERS.beslisser, `/behandeling/plannen/${planId}/besluit`);
  await hydrated(decider);
  // Pre-filled with the advice; the pots' "after" follows the amounts as they are typed.
  await expect(decider.locator("#decide-amounts-1-amount")).toHaveValue("150.000,00");
  await decider.getByLabel("Gedeeltelijk verlenen", { exact: true }).check();
  const impact = decider.getByRole("table", { name: /nu en na dit besluit/ });
  const windowRow = impact.getByRole("row").filter({ hasText: "(tijdvak)" });
  const afterCell = windowRow.locator("td").last();
  // Read once the figure is rendered: the comparison below needs the real "before".
  await expect(afterCell).toHaveText(EURO);
  const before = euroCents(await afterCell.textContent());
  await decider.locator("#decide-amounts-1-amount").fill("100.000,00");
  // € 50.000 less granted in the second year: the window's "after" moves by exactly that.
  await expect.poll(async () => Math.abs(euroCents(await afterCell.textContent()) - before)).toBe(5_000_000);
  // Why the full grant left the pots as they were: the plan's money was reserved when it was complete.
  await expect(
    decider.getByText(/^Voor dit plan is €\s[\d.]+,\d\d gereserveerd sinds het volledig is ontvangen/),
  ).toBeVisible();
  await decider
    .getByLabel("Motivering (waarom niet alles wordt verleend)")
    .fill("De kosten van het tweede jaar zijn maar voor een deel onderbouwd.");
  // The part not granted is refused on a ground, as a rejection is (Awb 3:46/3:47).
  await decider.getByLabel("Grond voor het niet verleende deel").selectOption("awb-4-35");

  // The preview: the letter for these values, in a new tab, without a Document.
  await expect(decider.getByRole("button", { name: /Voorbeeld van de beschikking/ })).toHaveAttribute(
    "form",
    "decide-preview",
  );
  const documentsBefore = await one<{ n: string }>(
    `SELECT count(*) AS n FROM "Document" WHERE "planId" = $1`,
    [planId],
  );
  const origin = new URL(decider.url()).origin;
  const preview = await decider.request.post(`${origin}/behandeling/plannen/${planId}/besluit/voorbeeld`, {
    form: {
      outcome: "PARTIAL_GRANT",
      ground: "awb-4-35",
      reason: "Voorbeeld.",
      "amounts.0.year": await decider.locator('input[name="amounts.0.year"]').first().inputValue(),
      "amounts.0.amount": "300.000,00",
      "amounts.1.year": await decider.locator('input[name="amounts.1.year"]').first().inputValue(),
      "amounts.1.amount": "100.000,00",
    },
    headers: { Origin: origin },
  });
  expect(preview.status()).toBe(200);
  expect(preview.headers()["content-type"]).toBe("application/pdf");
  expect(
    await one<{ n: string }>(`SELECT count(*) AS n FROM "Document" WHERE "planId" = $1`, [planId]),
  ).toEqual(documentsBefore);

  await decider.getByRole("button", { name: "Besluit nemen" }).click();
  await expect(decider.getByText("Het besluit is genomen.")).toBeVisible();
  await expect(decider.getByTestId("plan-status")).toHaveText("Gedeeltelijk verleend");

  // The worker makes the partial-grant letter; the applicant finds it with the plan.
  await expect(async () => {
    const doc = await one<{ kind: string }>(
      `SELECT kind FROM "Document" WHERE "planId" = $1 AND kind = 'PARTIAL_GRANT_DECISION'`,
      [planId],
    );
    expect(doc.kind).toBe("PARTIAL_GRANT_DECISION");
  }).toPass({ timeout: 30_000, intervals: [1000] });
  await open(applicant, `/aanvrager/plannen/${planId}`);
  await expect(
    applicant
      .getByRole("row")
      .filter({ hasText: /beschikking/i })
      .first(),
  ).toBeVisible();
});
