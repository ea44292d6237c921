import { randomUUID } from "node:crypto";
import { minimalPdf } from "../app/test/files.ts";
import { expect, test } from "./fixtures.ts";
import {
  axeViolations,
  declareAndSubmit,
  draftPlan,
  loginAs,
  nextYearPeriod,
  open,
  preparePlan,
  sql,
  USERS,
} from "./helpers.ts";

// The case handler (issue 5): the queue in order of receipt; the completeness checklist that
// refuses "compleet" on a failing item and accepts once all pass; the terms overview with the
// penalty exposure of an overdue decision (Awb 4:17).
test("the checklist blocks 'compleet' until every item passes; the terms page shows the overdue plan and its penalty", async ({
  browser,
}) => {
  const { start, end } = nextYearPeriod();
  const title = `Volledigheid e2e ${Date.now()}`;
  const applicant = await loginAs(browser, USERS.metaal, null);
  const planId = await draftPlan(applicant);
  await preparePlan(
    applicant,
    {
      title,
      summary: "Plan voor de controlelijst.",
      start,
      end,
      measures: [
        ["Scholing", "40"],
        ["Instroom", "20"],
      ],
    },
    await minimalPdf(),
    planId,
  );
  await declareAndSubmit(applicant);

  // A sector of its own: other tests submit for the same applicant and sector in this window,
  // which the checklist rightly refuses (regulation art. 2.3).
  await sql(`UPDATE "Plan" SET "sectorCodes" = ARRAY[$2] WHERE id = $1`, [planId, `e2e-${randomUUID()}`]);

  const handler = await loginAs(browser, USERS.behandelaar, `/behandeling/plannen/${planId}/volledigheid`);
  const heading = (await handler.getByRole("heading", { level: 1 }).textContent()) ?? "";
  const reference = heading.replace("Sectorplan", "").trim();
  expect(reference).toMatch(/^SP-/);
  await open(handler, `/behandeling?lijst=volledigheid&q=${encodeURIComponent(reference)}`);
  await expect(handler.getByRole("link", { name: reference })).toBeVisible();
  await open(handler, `/behandeling/plannen/${planId}/volledigheid`);
  const checklist = handler.getByRole("table", { name: "Controlelijst van de regeling" });
  await expect(checklist).toBeVisible();
  await expect(checklist.locator('tr[data-check="themes"]')).toContainText("Voldoet");
  await expect(checklist.locator('tr[data-check="agreement"]')).toContainText("Bevestigen");

  // Not ticked: refused, with the item named in the summary and next to the checkbox.
  await handler.getByRole("button", { name: "Compleet verklaren" }).click();
  const summary = handler.locator("#foutmeldingen");
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("Bevestig dat de overeenkomst door alle partners is ondertekend.");
  await expect(handler.getByTestId("plan-status")).toHaveText("Ingediend");
  expect(await axeViolations(handler)).toEqual([]);

  await handler.getByLabel(/alle partners hebben haar ondertekend/).check();
  await handler.getByRole("button", { name: "Compleet verklaren" }).click();
  await expect(handler.getByText("Het plan is compleet verklaard.")).toBeVisible();
  await expect(handler.getByText("Beslistermijn tot en met")).toBeVisible();

  // The queue: the plan, complete now, with its statutory deadline.
  await open(handler, `/behandeling?lijst=alle&q=${encodeURIComponent(reference)}`);
  const queued = handler.getByRole("row").filter({ has: handler.getByRole("link", { name: reference }) });
  await expect(queued).toContainText(/nog \d+ dagen|\d+ dagen/);

  // Overdue by a month, with a notice of default received 20 days ago: 14 days' grace, then
  // 7 days at € 23 (today included; Awb 4:17 lid 2) = € 161.
  await sql(
    `UPDATE "Plan" SET "decisionDueOn" = (now() AT TIME ZONE 'Europe/Amsterdam')::date - 30 WHERE id = $1`,
    [planId],
  );
  await sql(
    `INSERT INTO "DefaultNotice" (id, "planId", subject, "subjectKey", "receivedOn", "recordedById", "recordedAt")
     SELECT gen_random_uuid(), $1, 'GRANT', 'GRANT', (now() AT TIME ZONE 'Europe/Amsterdam')::date - 20, id, now()
     FROM "User" WHERE email = $2`,
    [planId, USERS.behandelaar],
  );
  await open(handler, "/behandeling/termijnen");
  const row = handler
    .getByRole("row")
    .filter({ has: handler.getByRole("link", { name: reference }) })
    .first();
  await expect(row).toContainText("30 dagen te laat");
  await expect(row).toContainText("€ 161,00");
  expect(await axeViolations(handler)).toEqual([]);
});
