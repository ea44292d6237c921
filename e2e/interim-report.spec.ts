import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { openInterimReport, saveInterimStep } from "../app/domain/interim/report.server.ts";
import { reportExecutionStart } from "../app/domain/plan/execution.server.ts";
import { amsterdamDate } from "../app/domain/time/index.ts";
import { minimalPdf, textFile } from "../app/test/files.ts";
import { advisePlan, completePlan, grantPlan } from "../app/test/plan-steps.server.ts";
import { createScenario } from "../app/test/scenario.server.ts";
import { expect, test } from "./fixtures.ts";
import { axeViolations, hydrated, isoDate, loginAs, sql } from "./helpers.ts";

// The tussentijds voortgangsverslag (regulation art. 5.4): the applicant's signatory writes and
// submits it in the browser after month 12 of the period; the case handler reads it on the plan's
// "Tussentijds verslag" tab and records that with a note, which the applicant then sees.

test.afterAll(async () => {
  await disconnectPrisma();
});

test("a signatory submits the interim report after month 12, and the handler records having read it", async ({
  browser,
}) => {
  // Two logins and three report steps: on a loaded 2-core machine this exceeds the default.
  test.setTimeout(test.info().timeout * (5 / 3));
  const s = await createScenario();
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  const granted = await prisma.plan.findUniqueOrThrow({ where: { id } });
  await reportExecutionStart(s.applicantA, id, granted.version, amsterdamDate(new Date()));
  // The scenario's plan runs over next year and the one after. Move it back so that its 12th month
  // ended about a month ago (the report is open, and not yet late: due eight weeks after that
  // month), and its budget years with it, so that both have begun and the costs step asks both.
  const day = 86_400_000;
  await sql(`UPDATE "Plan" SET "periodStart" = $2::date, "periodEnd" = $3::date WHERE id = $1`, [
    id,
    isoDate(new Date(Date.now() - 400 * day)),
    isoDate(new Date(Date.now() + 330 * day)),
  ]);
  const firstYear = new Date(Date.now() - 400 * day).getUTCFullYear();
  const shift = granted.periodStart ? granted.periodStart.getUTCFullYear() - firstYear : 0;
  await sql(`UPDATE "PlanYear" SET year = year - $2 WHERE "planId" = $1`, [id, shift]);
  await sql(
    `UPDATE "MeasureCost" SET year = year - $2 WHERE "measureId" IN (SELECT id FROM "Measure" WHERE "planId" = $1)`,
    [id, shift],
  );
  const emailOf = async (userId: string) =>
    (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).email;

  const applicant = await loginAs(browser, await emailOf(s.applicantA.userId), `/aanvrager/plannen/${id}`);
  const section = applicant.getByTestId("interim-reports");
  await expect(section).toContainText("Te schrijven.");
  await section.getByRole("link", { name: "Verslag na maand 12 schrijven" }).click();
  await expect(applicant.getByRole("heading", { level: 1, name: "Resultaten" })).toBeVisible();
  await hydrated(applicant);
  await expect(applicant.getByText(/Uiterste datum van indienen/)).toBeVisible();
  expect(await axeViolations(applicant)).toEqual([]);

  // A wrong value is refused next to its field and in the summary, and what was typed survives.
  await applicant
    .getByLabel(/Bereikte deelnemers/)
    .first()
    .fill("veel");
  await applicant
    .getByLabel(/Bereikte deelnemers/)
    .nth(1)
    .fill("12");
  await applicant
    .getByLabel("Wat ging volgens plan en wat niet?")
    .fill("De scholing loopt volgens plan; de werving van jongeren kwam later op gang.");
  await applicant.getByRole("button", { name: "Volgende" }).click();
  await expect(applicant.locator("#foutmeldingen")).toBeFocused();
  await expect(applicant.getByText(/Vul het aantal bereikte deelnemers in/).first()).toBeVisible();
  await expect(applicant.getByLabel(/Bereikte deelnemers/).nth(1)).toHaveValue("12");
  await applicant
    .getByLabel(/Bereikte deelnemers/)
    .first()
    .fill("40");
  await applicant.getByRole("button", { name: "Volgende" }).click();

  await expect(applicant.getByRole("heading", { level: 1, name: "Kosten" })).toBeVisible();
  await hydrated(applicant);
  const costFields = await applicant.getByLabel(/Kosten tot nu toe \d{4}/).all();
  // Both budget years have begun by the end of month 12.
  expect(costFields.length).toBeGreaterThanOrEqual(2);
  for (const field of costFields) await field.fill("50.000,00");
  await applicant.getByRole("button", { name: "Volgende" }).click();

  await expect(applicant.getByRole("heading", { level: 1, name: "Indienen" })).toBeVisible();
  await hydrated(applicant);
  await expect(applicant.getByRole("table", { name: /Begrote kosten en kosten tot nu toe/ })).toBeVisible();
  expect(await axeViolations(applicant)).toEqual([]);
  await applicant.getByLabel(/Ik verklaar/).check();
  await applicant.getByRole("button", { name: "Tussentijds verslag indienen" }).click();
  await expect(applicant.getByText(/Het verslag is ingediend op/)).toBeVisible();
  // Submitting keeps the plan's status: it goes on being carried out.
  expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("IN_EXECUTION");

  // The handler reads it on the plan's tab and records that, with a note for the applicant.
  const handler = await loginAs(browser, await emailOf(s.handler.userId), `/behandeling/plannen/${id}`);
  await handler.getByRole("link", { name: "Tussentijds verslag" }).click();
  await expect(handler).toHaveURL(new RegExp(`/behandeling/plannen/${id}/tussentijds$`));
  await hydrated(handler);
  await expect(handler.getByText("€ 50.000,00").first()).toBeVisible();
  expect(await axeViolations(handler)).toEqual([]);
  await handler
    .getByLabel("Opmerking voor de aanvrager (niet verplicht)")
    .fill("Dank u; graag in het eindverslag meer over de werving van jongeren.");
  await handler.getByRole("button", { name: "Vastleggen: gelezen" }).click();
  await expect(handler.getByText(/Vastgelegd dat het verslag gelezen is/)).toBeVisible();
  await expect(handler.getByText(/Gelezen op .* door/)).toBeVisible();

  // The applicant's plan page says it was read, with the note.
  await applicant.goto(`/aanvrager/plannen/${id}`);
  await expect(applicant.getByTestId("interim-reports")).toContainText(
    "met de opmerking: Dank u; graag in het eindverslag meer over de werving van jongeren.",
  );
});

test("with a grant that requires it, the controleverklaring is uploaded before submitting, and the handler downloads it", async ({
  browser,
}) => {
  test.setTimeout(test.info().timeout * (5 / 3));
  const s = await createScenario();
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  // The decision maker ticked the box (art. 5.4 lid 4): the scenario's applicant asked for advances.
  await sql(`UPDATE "Decision" SET "interimAuditRequired" = true WHERE "planId" = $1`, [id]);
  const granted = await prisma.plan.findUniqueOrThrow({ where: { id } });
  await reportExecutionStart(s.applicantA, id, granted.version, amsterdamDate(new Date()));
  // As the test above: month 12 ended about a month ago, the budget years moved with the period.
  const day = 86_400_000;
  await sql(`UPDATE "Plan" SET "periodStart" = $2::date, "periodEnd" = $3::date WHERE id = $1`, [
    id,
    isoDate(new Date(Date.now() - 400 * day)),
    isoDate(new Date(Date.now() + 330 * day)),
  ]);
  const firstYear = new Date(Date.now() - 400 * day).getUTCFullYear();
  const shift = granted.periodStart ? granted.periodStart.getUTCFullYear() - firstYear : 0;
  await sql(`UPDATE "PlanYear" SET year = year - $2 WHERE "planId" = $1`, [id, shift]);
  await sql(
    `UPDATE "MeasureCost" SET year = year - $2 WHERE "measureId" IN (SELECT id FROM "Measure" WHERE "planId" = $1)`,
    [id, shift],
  );
  // Steps 1 and 2 as the test above fills them in the browser; here through the use cases.
  const view = await openInterimReport(s.applicantA, id, 12);
  const measureIds = view.measures.map((m) => m.id);
  const one = await saveInterimStep(s.applicantA, id, 12, view.report?.version ?? 0, "results", {
    measures: measureIds.map((measureId) => ({ measureId, participants: "40" })),
    summary: "De scholing loopt volgens plan.",
  });
  const two = await saveInterimStep(s.applicantA, id, 12, one.version, "costs", {
    costs: measureIds.flatMap((measureId) =>
      view.years.map((year) => ({ measureId, year: String(year), amount: "50.000,00" })),
    ),
  });
  expect([...one.issues, ...two.issues]).toEqual([]);
  const emailOf = async (userId: string) =>
    (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).email;

  const applicant = await loginAs(
    browser,
    await emailOf(s.applicantA.userId),
    `/aanvrager/plannen/${id}/tussentijds/12/indienen`,
  );
  await expect(applicant.getByRole("heading", { level: 1, name: "Indienen" })).toBeVisible();
  await hydrated(applicant);
  const audit = applicant.getByTestId("interim-audit-report");
  await expect(audit).toContainText("volgens het model dat de minister voorschrijft");
  expect(await axeViolations(applicant)).toEqual([]);

  // Without it the submission is refused, in the summary and next to the file field.
  await applicant.getByLabel(/Ik verklaar/).check();
  await applicant.getByRole("button", { name: "Tussentijds verslag indienen" }).click();
  await expect(applicant.locator("#foutmeldingen")).toBeFocused();
  await expect(applicant.locator("#foutmeldingen")).toContainText(
    "Voeg de controleverklaring van de accountant toe",
  );
  await expect(audit).toContainText("Voeg de controleverklaring van de accountant toe");

  // A text file named .pdf is refused by its content.
  await applicant.getByLabel(/Controleverklaring \(PDF/).setInputFiles({
    name: "verklaring.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from(textFile()),
  });
  await audit.getByRole("button", { name: "Controleverklaring toevoegen" }).click();
  await expect(audit).toContainText("De controleverklaring moet een PDF zijn.");

  await applicant.getByLabel(/Controleverklaring \(PDF/).setInputFiles({
    name: "verklaring.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from(await minimalPdf("Controleverklaring")),
  });
  await audit.getByRole("button", { name: "Controleverklaring toevoegen" }).click();
  await expect(audit).toContainText("De controleverklaring is opgeslagen.");
  await expect(audit.getByRole("link", { name: "controleverklaring downloaden" })).toBeVisible();
  await applicant.getByLabel(/Ik verklaar/).check();
  await applicant.getByRole("button", { name: "Tussentijds verslag indienen" }).click();
  await expect(applicant.getByText(/Het verslag is ingediend op/)).toBeVisible();

  // The handler sees that it was required, and downloads it.
  const handler = await loginAs(
    browser,
    await emailOf(s.handler.userId),
    `/behandeling/plannen/${id}/tussentijds`,
  );
  await hydrated(handler);
  const link = handler.getByRole("link", {
    name: "Controleverklaring tussentijds voortgangsverslag na 12 maanden downloaden",
  });
  await expect(link).toBeVisible();
  const [download] = await Promise.all([handler.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^controleverklaring-.*-12-maanden\.pdf$/);
  expect(await axeViolations(handler)).toEqual([]);
});
