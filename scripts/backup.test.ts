import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { produceDecisionLetter } from "../app/domain/documents/produce.server.ts";
import { grantedScenarioPlan } from "../app/domain/documents/test-fixtures.server.ts";
import { createScenario } from "../app/test/scenario.server.ts";
import { backup } from "./backup.ts";
import { restore } from "./restore.ts";

const dirs: string[] = [];
const databases: string[] = [];

function urlOf(database: string): string {
  const url = new URL(process.env.DATABASE_URL ?? "");
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlOf("postgres") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await admin(async (c) => {
    for (const d of databases) await c.query(`DROP DATABASE IF EXISTS "${d}" WITH (FORCE)`);
  });
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  await disconnectPrisma();
});

describe("npm run backup / npm run restore", () => {
  it("restores into an empty database every plan, ledger entry and letter (bytes equal), and refuses a full one", async () => {
    const s = await createScenario();
    const granted = await grantedScenarioPlan(s);
    const letter = await produceDecisionLetter(granted.decisionId);
    const entries = await prisma.ledgerEntry.findMany({ where: { planId: granted.planId } });
    expect(entries.length).toBeGreaterThan(0);
    // A document whose bytes were lost before the backup (as a tampering test leaves one in the
    // shared test database): the backup names it, and the restore reports it instead of failing.
    const lost = await prisma.document.create({
      data: {
        planId: granted.planId,
        kind: letter.kind,
        idempotencyKey: `backup-test-lost:${randomUUID()}`,
        title: "Verloren document",
        filename: "verloren.pdf",
        mimeType: "application/pdf",
        sha256: "0".repeat(64),
        byteSize: 0,
        storageKey: `missing/${randomUUID()}`,
      },
    });

    const dir = await mkdtemp(path.join(os.tmpdir(), "backup-test-"));
    dirs.push(dir);
    const manifest = await backup({
      databaseUrl: process.env.DATABASE_URL ?? "",
      outDir: path.join(dir, "b"),
    });
    expect(manifest.counts.plans).toBeGreaterThanOrEqual(1);
    expect(manifest.counts.documents).toBeGreaterThanOrEqual(1);
    expect(manifest.damagedDocuments).toContain(lost.id);
    expect(manifest.damagedDocuments).not.toContain(letter.id);

    const target = `restore_${randomUUID().slice(0, 8)}`;
    databases.push(target);
    await admin((c) => c.query(`CREATE DATABASE "${target}"`));
    const report = await restore({ dir: path.join(dir, "b"), databaseUrl: urlOf(target) });
    expect(report.tables).toEqual(manifest.tables);
    expect(report.documentsDamaged).toBe(manifest.damagedDocuments.length);
    expect(report.documentsChecked).toBe(manifest.counts.documents - manifest.damagedDocuments.length);

    // Read back through a plain connection: every plan and ledger entry of the source, and the letter's bytes.
    const restored = new pg.Client({ connectionString: urlOf(target) });
    await restored.connect();
    try {
      const plans = await prisma.plan.findMany({ select: { id: true, reference: true, status: true } });
      const back = await restored.query<{ id: string; reference: string; status: string }>(
        `SELECT id, reference, status::text FROM "Plan"`,
      );
      expect(new Map(back.rows.map((p) => [p.id, `${p.reference} ${p.status}`]))).toEqual(
        new Map(plans.map((p) => [p.id, `${p.reference} ${p.status}`])),
      );
      const ledger = await prisma.ledgerEntry.findMany({
        select: { id: true, amountCents: true, kind: true },
      });
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
      const original = await prisma.storedBlob.findUniqueOrThrow({ where: { key: letter.storageKey } });
      expect(bytes.rows[0]?.bytes.equals(Buffer.from(original.bytes))).toBe(true);
      // New rows continue the counters rather than colliding with restored ones.
      const next = await restored.query<{ n: string }>(
        `SELECT nextval(pg_get_serial_sequence('"LedgerEntry"', 'id'))::text AS n`,
      );
      expect(BigInt(next.rows[0]?.n ?? 0)).toBeGreaterThan(
        BigInt(Math.max(0, ...ledger.map((e) => Number(e.id)))),
      );
    } finally {
      await restored.end();
    }

    await expect(restore({ dir: path.join(dir, "b"), databaseUrl: urlOf(target) })).rejects.toThrow(
      /not empty/,
    );
    // A scenario, a grant, a letter, a dump and a restore: more than the default on 2 busy cores.
  }, 120_000);
});
