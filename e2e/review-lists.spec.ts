import { randomUUID } from "node:crypto";
import pg from "pg";
import { expect, test } from "./fixtures.ts";
import { axeViolations, hydrated, loginAs, open, USERS } from "./helpers.ts";

// Issue 5: every staff list with search and filters; the message thread between the applicant and
// the handler. State is set up by SQL (plans in the three queues), not by typing through forms.

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Three plans of Metaal, one in each queue; received "next year", so they sort after everyone's. */
async function plansInEachQueue(tag: string) {
  const statuses = ["SUBMITTED", "IN_ASSESSMENT", "ADVISED"] as const;
  for (const [i, status] of statuses.entries()) {
    await query(
      `INSERT INTO "Plan" (id, reference, "organisationId", "regulationId", "windowId", status, title, "createdById",
         "sectorCodes", "submittedAt", "receivedAt", "completeReceivedAt", "decisionDueOn", "updatedAt")
       SELECT $1, $2, p."organisationId", p."regulationId", p."windowId", $3::"PlanStatus", $4, p."createdById",
         p."sectorCodes", now() + interval '1 year', now() + interval '1 year',
         CASE WHEN $3 = 'SUBMITTED' THEN NULL ELSE now() + interval '1 year' END,
         CASE WHEN $3 = 'ADVISED' THEN (now() AT TIME ZONE 'Europe/Amsterdam')::date - 3
              WHEN $3 = 'IN_ASSESSMENT' THEN (now() AT TIME ZONE 'Europe/Amsterdam')::date + 60 END,
         now()
       FROM "Plan" p WHERE p.reference = 'SP-2013-000001'`,
      [randomUUID(), `SP-E2E-${tag}-${i + 1}`, status, `Lijstplan ${tag} ${status}`],
    );
  }
}

test("each review role's queue shows its plans, with search and a filter", async ({ browser }) => {
  const tag = randomUUID().slice(0, 6).toUpperCase();
  await plansInEachQueue(tag);
  const roles = [
    { email: USERS.behandelaar, heading: "Volledigheid beoordelen", ref: `SP-E2E-${tag}-1` },
    { email: USERS.adviseur, heading: "Beoordelen en adviseren", ref: `SP-E2E-${tag}-2` },
    { email: USERS.beslisser, heading: "Besluiten", ref: `SP-E2E-${tag}-3` },
  ];
  for (const role of roles) {
    const page = await loginAs(browser, role.email, "/behandeling");
    await page.getByLabel("Kenmerk of organisatie").fill(`e2e-${tag}`);
    await page.getByRole("button", { name: "Zoeken" }).click();
    await expect(page.getByRole("heading", { level: 2, name: `${role.heading} (1)` })).toBeVisible();
    const table = page.getByRole("table");
    await expect(table.getByRole("link", { name: role.ref })).toBeVisible();
    await expect(table.getByRole("columnheader", { name: "Ontvangen" })).toHaveAttribute(
      "aria-sort",
      "ascending",
    );
    if (role.email === USERS.beslisser) {
      // The overdue filter keeps the advised plan whose term passed three (Dutch) days ago, flagged.
      await page.getByLabel("Alleen plannen waarvan de beslistermijn is verstreken").check();
      await page.getByRole("button", { name: "Zoeken" }).click();
      await expect(page).toHaveURL(/termijn=verlopen/);
      await expect(table.getByRole("row", { name: new RegExp(role.ref) })).toContainText("3 dagen verlopen");
    }
    if (role.email === USERS.behandelaar) {
      // "Alle plannen" with a status filter finds the plan in assessment, not the one submitted.
      await open(page, `/behandeling?lijst=alle&q=e2e-${tag}&status=IN_ASSESSMENT`);
      await expect(page.getByRole("table").getByRole("link", { name: `SP-E2E-${tag}-2` })).toBeVisible();
      await expect(page.getByRole("table").getByRole("link", { name: `SP-E2E-${tag}-1` })).toHaveCount(0);
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.context().close();
  }
});

test("an applicant and the handler exchange a message; the handler's note stays internal", async ({
  browser,
}) => {
  const [plan] = await query<{ id: string }>(`SELECT id FROM "Plan" WHERE reference = 'SP-2013-000001'`);
  const planId = plan?.id as string;
  const tag = randomUUID().slice(0, 6);

  const applicant = await loginAs(browser, USERS.metaal, `/aanvrager/plannen/${planId}`);
  await applicant.getByRole("link", { name: "Berichten met de behandelaar" }).click();
  await expect(applicant).toHaveURL(new RegExp(`/aanvrager/plannen/${planId}/berichten$`));
  await hydrated(applicant);
  await applicant.getByLabel("Nieuw bericht").fill(`Vraag ${tag}: mogen we een maatregel later starten?`);
  await applicant.getByRole("button", { name: "Bericht versturen" }).click();
  await expect(applicant.getByText("Uw bericht is verstuurd naar de behandelaar.")).toBeVisible();

  const handler = await loginAs(browser, USERS.behandelaar, `/behandeling/plannen/${planId}/berichten`);
  // The tab is in the title, before the plan's reference.
  await expect(handler).toHaveTitle(
    /^Notities en berichten — SP-\d{4}-\d{6} — Behandeling — Sectorplanportaal$/,
  );
  await expect(handler.getByText(`Vraag ${tag}: mogen we een maatregel later starten?`)).toBeVisible();
  await handler.getByLabel("Nieuwe notitie").fill(`Intern ${tag}: eerst met financiën afstemmen.`);
  await handler.getByRole("button", { name: "Notitie opslaan" }).click();
  await expect(handler.getByText("De notitie is opgeslagen.")).toBeVisible();
  await handler
    .getByLabel("Bericht aan de aanvrager")
    .fill(`Antwoord ${tag}: ja, meld de nieuwe startdatum.`);
  await handler.getByRole("button", { name: "Bericht versturen" }).click();
  await expect(handler.getByText(/Het bericht is verstuurd/)).toBeVisible();

  await open(applicant, `/aanvrager/plannen/${planId}/berichten`);
  await expect(applicant.getByText(`Antwoord ${tag}: ja, meld de nieuwe startdatum.`)).toBeVisible();
  await expect(applicant.getByText(`Intern ${tag}`)).toHaveCount(0);
  expect(await axeViolations(applicant)).toEqual([]);
});
