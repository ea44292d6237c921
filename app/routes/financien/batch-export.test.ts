import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { detailLines } from "../../domain/audit/present.ts";
import { auditTrail } from "../../domain/audit/trail.server.ts";
import { setClock } from "../../domain/clock.ts";
import { approveBatch, duePayments, prepareBatch } from "../../domain/payments/batches.server.ts";
import { addCalendarDays, amsterdamDate, amsterdamTimeOn } from "../../domain/time/index.ts";
import { advisePlan, announceDecision, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { loader } from "./batch-export.tsx";

/** Every bank file or CSV handed out is in the audit trail, with the SHA-256 of its bytes. */
let s: Scenario;
let preparer: Actor;
let approver: Actor;
let batchId: string;
let reference: string;

beforeAll(async () => {
  s = await createScenario();
  preparer = await s.newUser("FINANCE");
  approver = await s.newUser("FINANCE");
  const { id, version } = await completePlan(s);
  const advised = await advisePlan(s, id, version);
  await grantPlan(s, id, advised);
  await announceDecision(id);
  const due = (await duePayments(prisma)).filter((p) => p.planId === id);
  const batch = await prepareBatch(preparer, {
    paymentIds: due.map((d) => d.id),
    executionDate: amsterdamDate(new Date()),
  });
  batchId = batch.id;
  reference = batch.reference;
});
afterAll(async () => {
  await disconnectPrisma();
});
afterEach(() => setClock(null));

async function download(who: Actor, format: string, id = batchId): Promise<Response> {
  const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
  const request = new Request(`http://localhost/financien/betalingen/${id}/export?format=${format}`, {
    headers: { Cookie: cookie ?? "" },
  });
  return loader({ request, params: { batchId: id }, context: {} } as never).then(
    (r) => r as Response,
    (thrown: unknown) => thrown as Response,
  );
}

const rows = () =>
  prisma.auditLog.findMany({
    where: { action: "payment_batch_downloaded", targetId: batchId },
    orderBy: { id: "asc" },
  });

const sha256 = async (r: Response) =>
  createHash("sha256")
    .update(Buffer.from(await r.arrayBuffer()))
    .digest("hex");

describe("downloading a batch's file", () => {
  it("records who took which file of which batch, with the SHA-256 of the bytes handed out", async () => {
    // A prepared batch: its CSV for review, but no SEPA file yet — and no record of one.
    const refused = (await download(preparer, "sepa")) as unknown as { init: { status: number } | null };
    expect(refused.init?.status).toBe(409);
    expect(await rows()).toHaveLength(0);

    const csv = await download(preparer, "csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Disposition")).toBe(`attachment; filename="${reference}.csv"`);
    const csvHash = await sha256(csv);

    await approveBatch(approver, batchId);
    const sepa = await download(approver, "sepa");
    expect(sepa.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
    const sepaHash = await sha256(sepa);
    expect(sepaHash).not.toBe(csvHash);

    const [first, second, ...more] = await rows();
    expect(more).toEqual([]);
    expect(first).toMatchObject({ actorId: preparer.userId, targetType: "PaymentBatch" });
    expect(first?.details).toMatchObject({ reference, status: "PREPARED", format: "csv", sha256: csvHash });
    expect(second).toMatchObject({ actorId: approver.userId, targetType: "PaymentBatch" });
    expect(second?.details).toMatchObject({
      reference,
      status: "APPROVED",
      format: "sepa",
      filename: `${reference}.xml`,
      sha256: sepaHash,
    });
    expect(second?.createdAt.getTime()).toBeGreaterThanOrEqual(first?.createdAt.getTime() ?? 0);

    // The admin's audit page names the action and the batch, and shows the hash.
    const admin = await s.newUser("ADMIN");
    const shown = (await auditTrail(admin, 500)).find((r) => r.id === second?.id.toString());
    expect(shown).toMatchObject({
      actionLabel: "Betaalbestand van een batch gedownload",
      target: `Betaalbatch ${reference}`,
    });
    expect(detailLines(second?.details, second?.action)).toContainEqual({ key: "sha256", value: sepaHash });
  });

  it("hands nothing to, and records nothing for, someone outside Financiën or an unknown format", async () => {
    const before = (await rows()).length;
    const admin = await s.newUser("ADMIN");
    const forbidden = (await download(admin, "csv")) as unknown as { init: { status: number } | null };
    expect(forbidden.init?.status).toBe(403);
    const bad = (await download(preparer, "pdf")) as unknown as { init: { status: number } | null };
    expect(bad.init?.status).toBe(400);
    expect(await rows()).toHaveLength(before);
  });

  it("after the execution day: hands out the file already handed out byte for byte, refuses a first one with why", async () => {
    // Approved and downloaded on its day by the first test.
    const [handedOut] = (await rows()).filter((r) => (r.details as { format?: string }).format === "sepa");
    expect(handedOut).toBeDefined();
    const other = await createScenario();
    const { id, version } = await completePlan(other);
    await grantPlan(other, id, await advisePlan(other, id, version));
    await announceDecision(id);
    const due = (await duePayments(prisma)).filter((p) => p.planId === id);
    const day = amsterdamDate(new Date());
    const never = await prepareBatch(preparer, { paymentIds: due.map((d) => d.id), executionDate: day });
    await approveBatch(approver, never.id);

    setClock(amsterdamTimeOn(addCalendarDays(day, 1), 9));
    const again = await download(preparer, "sepa");
    expect(again.status).toBe(200);
    expect(await sha256(again)).toBe((handedOut?.details as { sha256?: string } | undefined)?.sha256);

    const refused = (await download(preparer, "sepa", never.id)) as unknown as {
      data: string;
      init: { status: number } | null;
    };
    expect(refused.init?.status).toBe(409);
    expect(refused.data).toMatch(/is voorbij en het SEPA-bestand is nog niet gedownload/);
    expect(refused.data).toMatch(/nieuwe uitvoeringsdatum voor/);
    expect(
      await prisma.auditLog.count({ where: { action: "payment_batch_downloaded", targetId: never.id } }),
    ).toBe(0);
  });
});
