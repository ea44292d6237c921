import { createHash } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { errorOf } from "../../test/domain-error.ts";
import { advisePlan, announceDecision, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { now, setClock } from "../clock.ts";
import { addCalendarDays, amsterdamDate, amsterdamTimeOn, type LocalDate } from "../time/index.ts";
import { batchFile } from "./batch-file.server.ts";
import {
  approveBatch,
  confirmExecutionDate,
  duePayments,
  executionDateProposal,
  FOUR_EYES_REDATE,
  getBatch,
  prepareBatch,
  proposeExecutionDate,
} from "./batches.server.ts";

/**
 * An approved batch's SEPA file after its execution day (ReqdExctnDt): the first file is refused
 * (it would ask the bank for a day in the past) until a new date is proposed and confirmed by a
 * second finance user; a file handed out before is handed out again as it was.
 */

afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

/** An approved batch of one advance, dated today; answers the batch and three finance users. */
async function approvedBatch() {
  const s = await createScenario();
  const finance: [Actor, Actor, Actor] = [
    await s.newUser("FINANCE"),
    await s.newUser("FINANCE"),
    await s.newUser("FINANCE"),
  ];
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  await announceDecision(id);
  const due = (await duePayments(prisma)).filter((p) => p.planId === id);
  const day = amsterdamDate(now());
  const batch = await prepareBatch(finance[0], { paymentIds: due.map((p) => p.id), executionDate: day });
  await approveBatch(finance[1], batch.id);
  return { batchId: batch.id, day, finance };
}

/** The clock at noon, Dutch time, `days` after `day`. */
const laterDay = (day: LocalDate, days: number) => {
  const later = addCalendarDays(day, days);
  setClock(amsterdamTimeOn(later, 12));
  return later;
};

const sepaDownloads = (batchId: string) =>
  prisma.auditLog.count({
    where: {
      action: "payment_batch_downloaded",
      targetId: batchId,
      details: { path: ["format"], equals: "sepa" },
    },
  });

const requestedDay = (xml: Buffer) => /<ReqdExctnDt>([^<]*)<\/ReqdExctnDt>/.exec(xml.toString("utf8"))?.[1];

describe("the SEPA file of an approved batch after its execution day", () => {
  it("is refused the first time, with the way forward; a new date proposed and confirmed by another gives it", async () => {
    const { batchId, day, finance } = await approvedBatch();
    const today = laterDay(day, 3);

    const refused = await errorOf(batchFile(finance[0], batchId, "sepa"));
    expect(refused).toMatchObject({ status: 409, code: "SEPA_DATE_PASSED" });
    expect((refused as Error).message).toContain("is voorbij en het SEPA-bestand is nog niet gedownload");
    expect((refused as Error).message).toContain(
      "stel op de pagina van de batch een nieuwe uitvoeringsdatum voor",
    );
    expect(await sepaDownloads(batchId)).toBe(0);
    // The CSV for review is no order to the bank: still there.
    expect((await batchFile(finance[0], batchId, "csv")).filename).toMatch(/\.csv$/);

    // A date in the past is no way forward either.
    expect(
      await errorOf(proposeExecutionDate(finance[0], batchId, { executionDate: addCalendarDays(today, -1) })),
    ).toMatchObject({ status: 422 });
    await proposeExecutionDate(finance[0], batchId, { executionDate: today });
    expect(await executionDateProposal(prisma, batchId)).toMatchObject({
      date: today,
      proposedById: finance[0].userId,
    });
    // Proposed is not yet confirmed: the file still waits, and the proposer cannot confirm.
    expect(await errorOf(batchFile(finance[0], batchId, "sepa"))).toMatchObject({ code: "SEPA_DATE_PASSED" });
    const own = await errorOf(confirmExecutionDate(finance[0], batchId, { executionDate: today }));
    expect(own).toMatchObject({ status: 403, code: "FOUR_EYES" });
    expect((own as Error).message).toBe(FOUR_EYES_REDATE);
    // Confirming a date other than the one proposed (the page was stale) changes nothing.
    expect(
      await errorOf(confirmExecutionDate(finance[1], batchId, { executionDate: addCalendarDays(today, 1) })),
    ).toMatchObject({ code: "PROPOSAL_CHANGED" });
    expect((await getBatch(prisma, batchId)).executionDate).toBe(day);

    await confirmExecutionDate(finance[1], batchId, { executionDate: today });
    expect((await getBatch(prisma, batchId)).executionDate).toBe(today);
    expect(await executionDateProposal(prisma, batchId)).toBeNull();
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "payment_batch_redated", targetId: batchId },
    });
    expect(audit).toMatchObject({
      actorId: finance[1].userId,
      details: { previousExecutionDate: day, executionDate: today, proposedById: finance[0].userId },
    });

    const file = await batchFile(finance[2], batchId, "sepa");
    expect(requestedDay(file.body)).toBe(today);
    // From then on the file is fixed: days later it is handed out again byte for byte.
    laterDay(today, 5);
    const again = await batchFile(finance[2], batchId, "sepa");
    expect(again.sha256).toBe(file.sha256);
    expect(createHash("sha256").update(again.body).digest("hex")).toBe(file.sha256);
    expect(await sepaDownloads(batchId)).toBe(2);
  });

  it("handed out on its day: downloaded again after it as the same bytes, and its date no longer moves", async () => {
    const { batchId, day, finance } = await approvedBatch();
    const first = await batchFile(finance[0], batchId, "sepa");
    expect(requestedDay(first.body)).toBe(day);

    const today = laterDay(day, 2);
    const again = await batchFile(finance[2], batchId, "sepa");
    expect(again.sha256).toBe(first.sha256);
    expect(await errorOf(proposeExecutionDate(finance[0], batchId, { executionDate: today }))).toMatchObject({
      code: "SEPA_FILE_HANDED_OUT",
    });
    expect(await executionDateProposal(prisma, batchId)).toBeNull();
  });

  it("moves only an approved batch's passed day, and not to a day that has passed meanwhile", async () => {
    const { batchId, day, finance } = await approvedBatch();
    // Its day has not passed: the file can go with it.
    expect(await errorOf(proposeExecutionDate(finance[0], batchId, { executionDate: day }))).toMatchObject({
      code: "EXECUTION_DATE_NOT_PASSED",
    });
    const today = laterDay(day, 1);
    await proposeExecutionDate(finance[0], batchId, { executionDate: today });
    // A new proposal replaces the open one.
    const tomorrow = addCalendarDays(today, 1);
    await proposeExecutionDate(finance[1], batchId, { executionDate: tomorrow });
    expect(await executionDateProposal(prisma, batchId)).toMatchObject({
      date: tomorrow,
      proposedById: finance[1].userId,
    });
    // Not confirmed until after the proposed day: a new one is asked for.
    laterDay(tomorrow, 1);
    expect(
      await errorOf(confirmExecutionDate(finance[0], batchId, { executionDate: tomorrow })),
    ).toMatchObject({ code: "PROPOSAL_PASSED" });
    expect((await getBatch(prisma, batchId)).executionDate).toBe(day);
  });

  it("is not how a prepared batch is re-dated: that one is cancelled and prepared again", async () => {
    const s = await createScenario();
    const [preparer, other] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
    const { id, version } = await completePlan(s);
    await grantPlan(s, id, await advisePlan(s, id, version));
    await announceDecision(id);
    const due = (await duePayments(prisma)).filter((p) => p.planId === id);
    const day = amsterdamDate(now());
    const batch = await prepareBatch(preparer, { paymentIds: due.map((p) => p.id), executionDate: day });
    const today = laterDay(day, 1);
    expect(await errorOf(proposeExecutionDate(other, batch.id, { executionDate: today }))).toMatchObject({
      code: "NOT_APPROVED",
    });
    expect(await errorOf(confirmExecutionDate(other, batch.id, { executionDate: today }))).toMatchObject({
      code: "NO_PROPOSAL",
    });
  });
});
