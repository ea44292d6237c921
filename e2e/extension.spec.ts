import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { extendedPeriodEnd } from "../app/domain/extension/rules.ts";
import { markInterimReportSubmitted } from "../app/domain/extension/test-support.server.ts";
import { localDateFromDb } from "../app/domain/time/index.ts";
import { advisePlan, completePlan, grantPlan } from "../app/test/plan-steps.server.ts";
import { createScenario } from "../app/test/scenario.server.ts";
import { formatDate } from "../app/ui/format.ts";
import { expect, test } from "./fixtures.ts";
import { axeViolations, hydrated, loginAs, sql, USERS } from "./helpers.ts";

// The verlenging (regulation art. 1.2a): the plan page says why it cannot be asked before the
// interim report after the 12th month; once that is in, a signatory asks for six months in the
// browser, first with too short a motivation; the decision maker grants four on the plan's
// Verlenging tab, with the reasons a partial refusal needs; the applicant sees the new end, the
// decision and the letter the worker makes.

test.afterAll(async () => {
  await disconnectPrisma();
});

test("a signatory asks for a verlenging, the decision maker grants part of it, and the letter appears", async ({
  browser,
}) => {
  // Two logins, two forms and the worker's letter: on a loaded 2-core machine this exceeds the default.
  test.setTimeout(test.info().timeout * (5 / 3));
  const s = await createScenario();
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  const granted = await prisma.plan.findUniqueOrThrow({ where: { id } });
  if (!granted.periodEnd) throw new Error("a granted plan has a period");
  const previousEnd = localDateFromDb(granted.periodEnd);
  // The scenario's applicant (a signatory) logs in with the seed's password.
  await sql(
    `UPDATE "User" SET "passwordHash" = (SELECT "passwordHash" FROM "User" WHERE email = $2) WHERE id = $1`,
    [s.applicantA.userId, USERS.metaal],
  );
  const applicantEmail = (await prisma.user.findUniqueOrThrow({ where: { id: s.applicantA.userId } })).email;

  const applicant = await loginAs(browser, applicantEmail, `/aanvrager/plannen/${id}`);
  // Art. 1.2a lid 2: not before the interim report after the 12th month. The plan page says so,
  // with the day that report can be written, instead of offering nothing without a word.
  await expect(
    applicant.getByText(
      /Verlenging kunt u pas vragen nadat het tussentijds voortgangsverslag na de 12e maand/,
    ),
  ).toBeVisible();
  await expect(applicant.getByRole("link", { name: "Verlenging aanvragen" })).toHaveCount(0);
  // The report itself opens only after month 12 (next year): its submission is the fixture's.
  await markInterimReportSubmitted(id);
  await applicant.reload();
  await applicant.getByRole("link", { name: "Verlenging aanvragen" }).click();
  await expect(
    applicant.getByRole("heading", { level: 1, name: "Verlenging van de looptijd" }),
  ).toBeVisible();
  await hydrated(applicant);
  // The grant's terms say how many months at most.
  await expect(applicant.locator("dl.sp-dl")).toContainText("6 maanden");
  expect(await axeViolations(applicant)).toEqual([]);

  // Too short a motivation: the summary takes the focus and the field says what is wrong.
  const months = applicant.getByLabel("Met hoeveel maanden wilt u de looptijd verlengen?");
  const motivation = applicant.getByLabel("Waarom heeft u meer tijd nodig?");
  await months.selectOption("6");
  await motivation.fill("Vertraging.");
  await applicant.getByRole("button", { name: "Verzoek indienen" }).click();
  const summary = applicant.locator("#foutmeldingen");
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("in ten minste 20 tekens");
  await expect(applicant.locator("#request-motivation-error")).toContainText("in ten minste 20 tekens");
  await expect(motivation).toHaveAttribute("aria-invalid", "true");
  expect(await axeViolations(applicant)).toEqual([]);
  // Nothing was stored.
  expect(await prisma.planExtension.count({ where: { planId: id } })).toBe(0);

  await motivation.fill(
    "De bouw van de leerwerkplaats liep door de vergunning een half jaar vertraging op; de laatste groep begint later.",
  );
  await applicant.getByRole("button", { name: "Verzoek indienen" }).click();
  await expect(applicant.getByText(/Uw verzoek om verlenging is ingediend/)).toBeVisible();
  await expect(applicant.getByRole("button", { name: "Verzoek intrekken" })).toBeVisible();
  const request = await prisma.planExtension.findFirstOrThrow({ where: { planId: id } });
  expect(request).toMatchObject({ status: "REQUESTED", requestedMonths: 6 });

  // The decision maker of the seed (no part in this plan's review: four eyes hold) grants four.
  const dm = await loginAs(browser, USERS.beslisser, `/behandeling/plannen/${id}`);
  await dm.getByRole("link", { name: "Verlenging", exact: true }).click();
  await expect(dm.getByRole("heading", { name: "Besluit over de verlenging" })).toBeVisible();
  await hydrated(dm);
  await expect(dm.getByText(/leerwerkplaats/)).toBeVisible();
  expect(await axeViolations(dm)).toEqual([]);
  await dm.getByLabel("Aantal maanden verlenging").selectOption("4");
  // Fewer months than asked is a partial refusal: without reasons the form refuses.
  await dm.getByRole("button", { name: "Besluit nemen" }).click();
  await expect(dm.locator("#foutmeldingen")).toBeFocused();
  await expect(dm.locator("#decide-reason-error")).toContainText("minder maanden");
  await dm
    .getByLabel("Motivering", { exact: true })
    .fill("Vier maanden volstaan om de laatste groep de scholing te laten afronden.");
  await dm.getByRole("button", { name: "Besluit nemen" }).click();
  await expect(dm.getByText(/De verlenging is toegekend/)).toBeVisible();

  const newEnd = extendedPeriodEnd(previousEnd, 4);
  const stored = await prisma.plan.findUniqueOrThrow({ where: { id } });
  expect(stored.periodEnd && localDateFromDb(stored.periodEnd)).toBe(newEnd);

  // The worker renders the letter; the applicant finds it with the decision.
  await expect(async () => {
    await applicant.goto(`/aanvrager/plannen/${id}/verlenging`);
    await expect(applicant.getByRole("link", { name: "Besluit downloaden (PDF)" })).toBeVisible({
      timeout: 1000,
    });
  }).toPass({ timeout: 30_000 });
  const row = applicant.locator('tr[data-status="GRANTED"]');
  await expect(row).toContainText(`4 maanden verlengd, tot en met ${formatDate(newEnd)}`);
  await expect(row).toContainText("Vier maanden volstaan");
  // Once extended, no second request (eenmalig).
  await expect(applicant.getByRole("button", { name: "Verzoek indienen" })).toHaveCount(0);
  const letter = await applicant.request.get(
    (await applicant.getByRole("link", { name: "Besluit downloaden (PDF)" }).getAttribute("href")) ?? "",
  );
  expect(letter.status()).toBe(200);
  expect(letter.headers()["content-type"]).toContain("application/pdf");

  // The plan page shows the period as extended.
  await applicant.goto(`/aanvrager/plannen/${id}`);
  await expect(applicant.getByText(`verlengd tot en met ${formatDate(newEnd)}`)).toBeVisible();
  await expect(applicant.getByRole("link", { name: "Verzoek om verlenging", exact: true })).toBeVisible();
  // The letter is with the plan's documents too.
  await expect(applicant.getByRole("cell", { name: /^Besluit op uw verzoek om verlenging/ })).toBeVisible();
});
