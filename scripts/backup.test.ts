import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { expectRestored, grantedPlanWithLetter, withClient } from "./backup.test-support.ts";
import { backup } from "./backup.ts";
import { restore } from "./restore.ts";

const dirs: string[] = [];
const databases: string[] = [];

function urlOf(database: string): string {
  const url = new URL(process.env.DATABASE_URL ?? "");
  url.pathname = `/${database}`;
  return url.toString();
}

const admin = <T>(work: (c: pg.Client) => Promise<T>) => withClient(urlOf("postgres"), work);

afterAll(async () => {
  await admin(async (c) => {
    for (const d of databases) await c.query(`DROP DATABASE IF EXISTS "${d}" WITH (FORCE)`);
  });
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  await disconnectPrisma();
});

describe("npm run backup / npm run restore", () => {
  it("restores into an empty database every plan, ledger entry and letter (bytes equal), and refuses a full one", async () => {
    const { granted, letter } = await grantedPlanWithLetter();
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

    await expectRestored(urlOf(target), letter);

    await expect(restore({ dir: path.join(dir, "b"), databaseUrl: urlOf(target) })).rejects.toThrow(
      /not empty/,
    );
    // A scenario, a grant, a letter, a dump and a restore: more than the default on 2 busy cores.
  }, 120_000);
});
