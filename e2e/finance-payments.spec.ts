import { XMLParser } from "fast-xml-parser";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { advisePlan, announceDecision, completePlan, grantPlan } from "../app/test/plan-steps.server.ts";
import { createScenario } from "../app/test/scenario.server.ts";
import { expect, test } from "./fixtures.ts";
import { axeViolations, hydrated, loginAs, sql, USERS } from "./helpers.ts";

// Payments (issue 6): financien@ prepares a batch of a due advance, financien2@ approves it (the
// preparer cannot: four-eyes), and the approved batch's SEPA file downloads. The granted plan is
// made by domain calls, so the test does not lean on the seed's payments.

test.afterAll(async () => {
  await disconnectPrisma();
});

test("a due advance: prepared by one finance user, approved by another, SEPA downloadable, and sent back by the bank", async ({
  browser,
}) => {
  const s = await createScenario();
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  // Made known at once, rather than waiting for the worker to store the letter: an advance is only
  // payable after the bekendmaking (Awb 3:40).
  await announceDecision(id);
  await sql(`UPDATE "Organisation" SET iban = 'NL20INGB0001234567' WHERE id = $1`, [s.orgA.id]);
  // Four other organisations (or more: earlier runs' on a kept database) hold the same account: the
  // row warns, naming three and counting the rest.
  for (let n = 1; n <= 4; n++)
    await prisma.organisation.create({
      data: {
        name: `Stichting Zelfde Rekening ${n} ${id.slice(0, 8)}`,
        kvkNumber: String(70_000_000 + Math.floor(Math.random() * 9_999_999)),
        legalForm: "Stichting",
        street: "Straat 1",
        postalCode: "1234 AB",
        city: "Den Haag",
        iban: "NL20INGB0001234567",
      },
    });

  const preparer = await loginAs(browser, USERS.financien, "/financien/betalingen");
  await hydrated(preparer);
  await expect(preparer.getByRole("heading", { level: 1, name: "Betalingen" })).toBeVisible();
  const { reference } = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { reference: true } });
  const row = preparer.getByRole("row", { name: new RegExp(`${reference} \\(voorschot 1\\)`) });
  await expect(row).toContainText("€ 60.000,00");
  // What the vaststelling of the seed's SP-2013-000002 leaves to pay is no voorschot.
  await expect(
    preparer.getByRole("row", { name: /SP-2013-000002 \(eindbetaling na vaststelling\)/ }),
  ).toContainText("€ 2.302.000,00");
  await expect(row).toContainText(
    /IBAN komt ook voor bij Stichting [^,]+, Stichting [^,]+, Stichting [^,]+ en \d+ andere€/,
  );
  // The kenmerk and the IBAN each stay on one line (an IBAN over four lines is easily misread).
  for (const text of [reference, "NL20 INGB 0001 2345 67"])
    expect(
      await row.getByText(text, { exact: true }).evaluate((el) => el.getClientRects().length),
      text,
    ).toBe(1);
  // Only this plan's advance: other tests' and the seed's due payments stay out of the batch.
  for (const box of await preparer.getByRole("checkbox").all())
    if (await box.isChecked()) await box.uncheck();
  await row.getByRole("checkbox").check();
  await preparer.getByRole("button", { name: "Batch voorbereiden" }).click();
  await expect(preparer.getByRole("heading", { level: 1, name: /Betaalbatch BB-\d{4}-\d{4}/ })).toBeVisible();
  await expect(preparer.getByTestId("batch-status")).toContainText("Voorbereid");
  await expect(preparer.getByText(/U heeft deze batch zelf voorbereid/)).toBeVisible();
  await expect(preparer.getByRole("button", { name: "Goedkeuren" })).toHaveCount(0);
  await expect(preparer.getByRole("link", { name: /SEPA-bestand/ })).toHaveCount(0);
  const batchUrl = preparer.url();

  const approver = await loginAs(browser, USERS.financien2, batchUrl);
  await hydrated(approver);
  await expect(approver.getByRole("table", { name: /Betalingen in batch/ })).toContainText(
    "NL20 INGB 0001 2345 67",
  );
  await approver.getByRole("button", { name: "Goedkeuren" }).click();
  await expect(approver.getByText("De batch is goedgekeurd")).toBeVisible();
  await expect(approver.getByTestId("batch-status")).toContainText("Goedgekeurd en betaald");

  const downloading = approver.waitForEvent("download");
  await approver.getByRole("link", { name: /SEPA-bestand/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^BB-\d{4}-\d{4}\.xml$/);
  const { readFile } = await import("node:fs/promises");
  const xml = new XMLParser({ parseTagValue: false }).parse(await readFile(await download.path(), "utf8"));
  const root = xml.Document.CstmrCdtTrfInitn;
  expect(root.GrpHdr.NbOfTxs).toBe("1");
  expect(root.GrpHdr.CtrlSum).toBe("60000.00");
  expect(root.PmtInf.CdtTrfTxInf.CdtrAcct.Id.IBAN).toBe("NL20INGB0001234567");

  // The bank sends the transfer back (the account was closed): finance records it on the batch page.
  // The disbursement is undone, the same amount is due again, held until the account is approved.
  const returning = approver.getByText(/: teruggeboekt door de bank$/);
  await returning.click();
  await approver.getByRole("button", { name: "Teruggeboekt door de bank" }).click();
  await expect(approver.locator("#foutmeldingen")).toBeFocused();
  await approver.getByLabel("Reden van de bank").selectOption("AC04");
  await approver.getByLabel("Toelichting (niet verplicht)").fill("Afschrift 12, regel 3");
  expect(await axeViolations(approver)).toEqual([]);
  await approver.getByRole("button", { name: "Teruggeboekt door de bank" }).click();
  await expect(approver.getByText(/De terugboeking is geregistreerd/)).toBeVisible();
  await expect(approver.getByRole("table", { name: /Betalingen in batch/ })).toContainText(
    "teruggeboekt door de bank",
  );
  const again = await loginAs(browser, USERS.financien, "/financien/betalingen");
  const repaid = again.getByRole("row", { name: new RegExp(`${reference} \\(voorschot 1 \\(opnieuw\\)\\)`) });
  await expect(repaid).toContainText("€ 60.000,00");
  await expect(repaid).toContainText(/rekeningnummer/i);
});
