import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { revokedScenarioPlan } from "../app/domain/documents/revocation.test-support.ts";
import { produceRevocationLetter } from "../app/domain/documents/revocation-letter.server.ts";
import { interestOwed, statutoryInterest } from "../app/domain/settlement/interest.ts";
import { interestRates } from "../app/domain/settlement/interest-rates.server.ts";
import { localDateToDb } from "../app/domain/time/index.ts";
import { createScenario } from "../app/test/scenario.server.ts";
import { expect, test } from "./fixtures.ts";
import { axeViolations, hydrated, loginAs, sql, USERS } from "./helpers.ts";

// The wettelijke rente on a terugvordering paid late (Awb 4:97–4:99, ADR 0031): finance records the
// day the money arrived; the interest waits while a half-year of the verzuim has no rate; finance
// records the rates, then works the interest out, and sees how it was computed.

test.afterAll(async () => {
  await disconnectPrisma();
});

/** Test figures, not the published ones (which this machine cannot look up): the flow is tested, not the law's numbers. */
const RATES = [
  { day: "2025-01-01", percent: "6" },
  { day: "2025-07-01", percent: "5" },
  { day: "2026-01-01", percent: "4" },
  { day: "2026-07-01", percent: "4" },
];

test("finance records a late repayment, the rates it lacks, and then the wettelijke rente owed", async ({
  browser,
}) => {
  test.setTimeout(test.info().timeout * 2);
  // The half-years this test records must be empty first (a retry finds its own rows).
  await sql(`DELETE FROM "StatutoryInterestRate" WHERE "validFrom" >= '2025-01-01'`);
  // A revoked grant whose advance of € 60.000 was claimed back in 2014 and is paid only now.
  const s = await createScenario();
  const { planId } = await revokedScenarioPlan(s);
  // Its letter first, as the worker would store it: the letter sets the claim's last day (six
  // weeks from its bekendmaking), so a letter stored after the back-dating below would move it on.
  await produceRevocationLetter(planId);
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
  await prisma.recoveryClaim.update({
    where: { id: claim.id },
    data: { createdAt: new Date("2014-01-10T10:00:00Z"), dueOn: localDateToDb("2014-02-28") },
  });
  const { reference } = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });

  const finance = await loginAs(browser, USERS.financien, "/financien/terugvorderingen");
  await hydrated(finance);
  await expect(
    finance.getByText(/Voor deze halfjaren is nog geen wettelijke rente vastgelegd/).first(),
  ).toBeVisible();
  expect(await axeViolations(finance)).toEqual([]);

  // Long past its last day: finance urges it once (Awb 4:112); the letters worker renders the aanmaning.
  await finance.getByRole("button", { name: `Aanmaning sturen (${reference})` }).click();
  await expect(finance.getByText(/De aanmaning voor de terugvordering .+ is gemaakt/).first()).toBeVisible();
  await expect(finance.getByRole("button", { name: `Aanmaning sturen (${reference})` })).toHaveCount(0);
  await expect
    .poll(async () => prisma.document.count({ where: { planId, kind: "AANMANING" } }), { timeout: 30_000 })
    .toBe(1);
  await finance.reload();
  await hydrated(finance);
  const aanmaning = finance.getByRole("link", { name: `aanmaning ${reference} (pdf)` });
  await expect(aanmaning).toBeVisible();
  const aanmaningPdf = await finance.request.get((await aanmaning.getAttribute("href")) ?? "");
  expect(aanmaningPdf.status()).toBe(200);
  expect(aanmaningPdf.headers()["content-type"]).toContain("application/pdf");
  expect(await axeViolations(finance)).toEqual([]);

  // A day after today is refused at its field; then the real day of receipt.
  const received = finance.getByLabel(`Ontvangen op (${reference})`, { exact: true });
  await received.fill("2099-01-01");
  await finance.getByRole("button", { name: `Ontvangen (${reference})`, exact: true }).click();
  await expect(finance.getByText(/kan niet na vandaag/).first()).toBeVisible();
  await received.fill("2026-11-20");
  await finance.getByRole("button", { name: `Ontvangen (${reference})`, exact: true }).click();
  const receipt = finance.getByRole("region", { name: `Wettelijke rente: ${reference}` });
  await expect(receipt).toContainText("nog niet berekend");
  await expect(receipt).toContainText("1 januari 2025");
  expect((await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claim.id } })).status).toBe("RECEIVED");

  // The rates page: a day that is no half-year's first is refused in the summary and at its field.
  await finance.goto("/financien/wettelijke-rente");
  await hydrated(finance);
  expect(await axeViolations(finance)).toEqual([]);
  await finance.getByLabel("Geldt vanaf").fill("2025-03-01");
  await finance.getByLabel("Tarief per jaar (%)").fill("6");
  await finance.getByLabel("Bron").fill("Stb. 2024, 400");
  await finance.getByRole("button", { name: "Tarief vastleggen" }).click();
  await expect(finance.locator("#foutmeldingen")).toBeFocused();
  await expect(finance.getByText(/vul 1 januari of 1 juli als ingangsdatum in/).first()).toBeVisible();
  for (const { day, percent } of RATES) {
    await finance.getByLabel("Geldt vanaf").fill(day);
    await finance.getByLabel("Tarief per jaar (%)").fill(percent);
    await finance.getByLabel("Bron").fill(`Stb. test ${day}`);
    await finance.getByRole("button", { name: "Tarief vastleggen" }).click();
    await expect(finance.getByRole("cell", { name: `Stb. test ${day}` })).toBeVisible();
  }

  // Back on the claims: the received claim now offers the computation.
  await finance.goto("/financien/terugvorderingen");
  await hydrated(finance);
  await finance.getByRole("button", { name: `Wettelijke rente berekenen (${reference})` }).click();
  const expected = interestOwed(
    statutoryInterest(claim.amountCents, "2014-03-01", "2026-11-20", await interestRates()).totalCents,
  );
  await expect
    .poll(
      async () => (await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claim.id } })).interestCents,
    )
    .toBe(expected);
  await expect(
    finance.getByRole("table", { name: `Berekening van de wettelijke rente (${reference})` }).first(),
  ).toBeVisible();
  expect(await axeViolations(finance)).toEqual([]);

  // The beschikking that sets the interest (Awb 4:99): made once, rendered by the letters worker.
  await finance.getByRole("button", { name: `Beschikking wettelijke rente maken (${reference})` }).click();
  await expect(finance.getByText(/De beschikking wettelijke rente voor .+ is gemaakt/).first()).toBeVisible();
  await expect(
    finance.getByRole("button", { name: `Beschikking wettelijke rente maken (${reference})` }),
  ).toHaveCount(0);
  await expect
    .poll(async () => prisma.document.count({ where: { planId, kind: "INTEREST_DECISION" } }), {
      timeout: 30_000,
    })
    .toBe(1);
  await finance.reload();
  await hydrated(finance);
  const letterLink = finance.getByRole("link", { name: `beschikking wettelijke rente ${reference} (pdf)` });
  await expect(letterLink).toBeVisible();
  const letter = await finance.request.get((await letterLink.getAttribute("href")) ?? "");
  expect(letter.status()).toBe(200);
  expect(letter.headers()["content-type"]).toContain("application/pdf");
  expect(await axeViolations(finance)).toEqual([]);

  // The interest received: a day before the beschikking is refused at its field, today is taken.
  const interestDay = finance.getByLabel(`Rente ontvangen op (${reference})`, { exact: true });
  await interestDay.fill("2014-01-01");
  await finance.getByRole("button", { name: `Rente ontvangen (${reference})`, exact: true }).click();
  await expect(finance.getByText(/kan niet vóór de beschikking/).first()).toBeVisible();
  await interestDay.fill((await interestDay.getAttribute("max")) ?? "");
  await finance.getByRole("button", { name: `Rente ontvangen (${reference})`, exact: true }).click();
  await expect(finance.getByText(/wettelijke rente voor .+ op .+ is geregistreerd/).first()).toBeVisible();
  await expect
    .poll(
      async () =>
        (await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claim.id } })).interestReceivedOn !==
        null,
    )
    .toBe(true);
  await expect(finance.getByText(/^Rente ontvangen op /).first()).toBeVisible();
});
