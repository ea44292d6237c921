// The scenario and the read-back both backup tests share (scripts/backup.test.ts on the embedded
// PostgreSQL, scripts/backup-pgdump.test.ts on Debian's PostgreSQL 15 with pg_dump).
import pg from "pg";
import { expect } from "vitest";
import { prisma } from "../app/db/client.server.ts";
import { produceDecisionLetter } from "../app/domain/documents/produce.server.ts";
import { grantedScenarioPlan } from "../app/domain/documents/test-fixtures.server.ts";
import { createScenario } from "../app/test/scenario.server.ts";

/** A granted plan with its decision letter stored: a plan, ledger entries and a document to find again. */
export async function grantedPlanWithLetter() {
  const s = await createScenario();
  const granted = await grantedScenarioPlan(s);
  const letter = await produceDecisionLetter(granted.decisionId);
  return { granted, letter };
}

/** One client on `url` for `work`, closed afterwards. */
export async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Reads the restored database through a plain connection and compares it with the source (the
 * app's Prisma client): every plan and ledger entry, the letter's bytes, and sequences that continue
 * after the restored rows rather than colliding with them.
 */
export async function expectRestored(
  targetUrl: string,
  letter: { id: string; storageKey: string },
): Promise<void> {
  const plans = await prisma.plan.findMany({ select: { id: true, reference: true, status: true } });
  const ledger = await prisma.ledgerEntry.findMany({ select: { id: true, amountCents: true, kind: true } });
  const original = await prisma.storedBlob.findUniqueOrThrow({ where: { key: letter.storageKey } });
  await withClient(targetUrl, async (restored) => {
    const back = await restored.query<{ id: string; reference: string; status: string }>(
      `SELECT id, reference, status::text FROM "Plan"`,
    );
    expect(new Map(back.rows.map((p) => [p.id, `${p.reference} ${p.status}`]))).toEqual(
      new Map(plans.map((p) => [p.id, `${p.reference} ${p.status}`])),
    );
    const ledgerBack = await restored.query<{ id: string; amountCents: string; kind: string }>(
      `SELECT id::text, "amountCents"::text AS "amountCents", kind::text FROM "LedgerEntry"`,
    );
    expect(new Map(ledgerBack.rows.map((e) => [e.id, `${e.kind} ${e.amountCents}`]))).toEqual(
      new Map(ledger.map((e) => [String(e.id), `${e.kind} ${e.amountCents}`])),
    );
    const bytes = await restored.query<{ bytes: Buffer }>(
      `SELECT b.bytes FROM "Document" d JOIN "StoredBlob" b ON b.key = d."storageKey" WHERE d.id = $1`,
      [letter.id],
    );
    expect(bytes.rows[0]?.bytes.equals(Buffer.from(original.bytes))).toBe(true);
    const next = await restored.query<{ n: string }>(
      `SELECT nextval(pg_get_serial_sequence('"LedgerEntry"', 'id'))::text AS n`,
    );
    expect(BigInt(next.rows[0]?.n ?? 0)).toBeGreaterThan(
      BigInt(Math.max(0, ...ledger.map((e) => Number(e.id)))),
    );
  });
}
