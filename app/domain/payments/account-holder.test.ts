import { parse } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { hasEnglish } from "../../i18n/domain-messages.ts";
import { errorOf } from "../../test/domain-error.ts";
import { advisePlan, announceDecision, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { amsterdamDate } from "../time/index.ts";
import { approveBatch, duePayments, getBatch, prepareBatch } from "./batches.server.ts";
import { batchCsv } from "./csv.server.ts";
import { decideIbanChange, HOLDER_NOT_SEPA, requestIbanChange } from "./iban.server.ts";
import { batchSepaXml } from "./sepa.server.ts";

/**
 * The bank file pays an account to the holder finance approved with it: a bank checks the payee
 * name against the IBAN and may refuse a transfer whose name does not match.
 */

const today = () => amsterdamDate(new Date());
const NEW_IBAN = "NL20INGB0001234567";
const HOLDER = "Beheerstichting Scholingsfonds";

/** Organisation A's granted plan, its decision made known: its first advance is due today. */
async function dueAdvanceIds(s: Scenario): Promise<{ planId: string; ids: string[] }> {
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  await announceDecision(id);
  const due = (await duePayments(prisma)).filter((p) => p.planId === id);
  expect(due.length).toBeGreaterThan(0);
  expect(due.every((d) => d.blocked === null)).toBe(true);
  return { planId: id, ids: due.map((d) => d.id) };
}

async function approvedChange(s: Scenario, approver: Parameters<typeof decideIbanChange>[0], holder: string) {
  const { id } = await requestIbanChange(s.applicantA, {
    organisationId: s.orgA.id,
    iban: NEW_IBAN,
    accountHolder: holder,
  });
  await decideIbanChange(approver, id, { approve: true });
}

describe("the account holder finance approved", () => {
  it("is the creditor name of the pain.001 and the payee of the batch", async () => {
    const s = await createScenario();
    const preparer = await s.newUser("FINANCE");
    const approver = await s.newUser("FINANCE");
    const { ids } = await dueAdvanceIds(s);
    await approvedChange(s, approver, HOLDER);
    expect(HOLDER).not.toBe(s.orgA.name);

    // The due-payments list names the payee too, before a batch is prepared.
    const listed = (await duePayments(prisma)).filter((p) => ids.includes(p.id));
    expect(listed.map((p) => [p.organisationName, p.payeeName])).toEqual(
      ids.map(() => [s.orgA.name, HOLDER]),
    );
    const batch = await prepareBatch(preparer, { paymentIds: ids, executionDate: today() });
    // Finance sees the payee on the batch before approving it.
    expect((await getBatch(prisma, batch.id)).payments.map((p) => p.payeeName)).toEqual(
      ids.map(() => HOLDER),
    );
    await approveBatch(approver, batch.id);
    const detail = await getBatch(prisma, batch.id);
    const doc = new XMLParser({ parseTagValue: false }).parse(batchSepaXml(detail));
    const txs = [doc.Document.CstmrCdtTrfInitn.PmtInf.CdtTrfTxInf].flat();
    expect(txs.map((t) => t.Cdtr.Nm)).toEqual(ids.map(() => HOLDER));
    expect(txs.map((t) => t.CdtrAcct.Id.IBAN)).toEqual(ids.map(() => NEW_IBAN));
    const rows = parse(batchCsv(detail), { delimiter: ";", columns: true }) as { organisatie: string }[];
    expect(rows.map((r) => r.organisatie)).toEqual(ids.map(() => HOLDER));
  });

  it("changed since preparation refuses the batch's approval, as a changed IBAN does", async () => {
    const s = await createScenario();
    const preparer = await s.newUser("FINANCE");
    const approver = await s.newUser("FINANCE");
    const { planId, ids } = await dueAdvanceIds(s);
    await approvedChange(s, approver, HOLDER);
    const batch = await prepareBatch(preparer, { paymentIds: ids, executionDate: today() });
    // Another holder approved on the same account since (the domain refuses the same IBAN as a
    // change, so the row is written directly: a holder put right after a return, say).
    await prisma.organisation.update({
      where: { id: s.orgA.id },
      data: { accountHolder: "Stichting Scholingsfonds Beheer" },
    });
    const refused = await errorOf(approveBatch(approver, batch.id));
    expect(refused.code).toBe("STALE_BATCH_IBAN");
    expect(refused.message).toContain("rekeninghouder");
    expect(await prisma.ledgerEntry.count({ where: { planId, kind: "DISBURSEMENT" } })).toBe(0);
    expect((await prisma.paymentBatch.findUniqueOrThrow({ where: { id: batch.id } })).status).toBe(
      "PREPARED",
    );
  });

  it("an account of the organisation's own name from before the holder was kept pays that name", async () => {
    const s = await createScenario();
    const preparer = await s.newUser("FINANCE");
    const approver = await s.newUser("FINANCE");
    const { ids } = await dueAdvanceIds(s);
    expect(
      (await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } })).accountHolder,
    ).toBeNull();
    const listed = (await duePayments(prisma)).filter((p) => ids.includes(p.id));
    expect(listed.map((p) => p.payeeName)).toEqual(ids.map(() => s.orgA.name));
    const batch = await prepareBatch(preparer, { paymentIds: ids, executionDate: today() });
    await approveBatch(approver, batch.id);
    expect((await getBatch(prisma, batch.id)).payments.map((p) => p.payeeName)).toEqual(
      ids.map(() => s.orgA.name),
    );
  });

  it("must have letters a SEPA file carries: refused when asked, held when approved before", async () => {
    const s = await createScenario();
    const finance = await s.newUser("FINANCE");
    const { ids } = await dueAdvanceIds(s);
    const refused = await errorOf(
      requestIbanChange(s.applicantA, {
        organisationId: s.orgA.id,
        iban: NEW_IBAN,
        accountHolder: "Ίδρυμα Κατάρτισης",
      }),
    );
    expect(refused.message).toBe(HOLDER_NOT_SEPA);
    expect(hasEnglish(refused.message)).toBe(true);
    expect(
      await prisma.ibanChangeRequest.count({ where: { organisationId: s.orgA.id, status: "PENDING" } }),
    ).toBe(0);

    // A Latin organisation name does not save a holder's name the file cannot carry.
    await prisma.organisation.update({
      where: { id: s.orgA.id },
      data: { accountHolder: "Ίδρυμα Κατάρτισης" },
    });
    const held = (await duePayments(prisma)).filter((p) => ids.includes(p.id));
    expect(held.every((p) => p.blocked?.startsWith("De naam van de rekeninghouder heeft geen letters"))).toBe(
      true,
    );
    const notPrepared = await errorOf(prepareBatch(finance, { paymentIds: ids, executionDate: today() }));
    expect(notPrepared.message).toContain("De naam van de rekeninghouder heeft geen letters");
  });
});
