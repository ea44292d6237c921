import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { deleteDraft } from "../app/domain/plan/delete-draft.server.ts";
import { createDraftPlan } from "../app/domain/plan/drafts.server.ts";
import { draftPlan } from "../app/test/plan-steps.server.ts";
import { createScenario } from "../app/test/scenario.server.ts";
import { expectRestored, grantedPlanWithLetter, withClient } from "./backup.test-support.ts";
import { backup, MANIFEST, type Manifest } from "./backup.ts";
import { restore } from "./restore.ts";

const dirs: string[] = [];
const databases: string[] = [];

function urlOf(database: string): string {
  const url = new URL(process.env.DATABASE_URL ?? "");
  url.pathname = `/${database}`;
  return url.toString();
}

const admin = <T>(work: (c: pg.Client) => Promise<T>) => withClient(urlOf("postgres"), work);

/** Every path below `dir` (and `dir` itself) that its group or others may read, write or enter. */
async function openToOthers(dir: string): Promise<string[]> {
  const open: string[] = [];
  const walk = async (p: string) => {
    const s = await stat(p);
    if (s.mode & 0o077) open.push(`${path.relative(dir, p) || "."} ${(s.mode & 0o777).toString(8)}`);
    if (s.isDirectory()) for (const name of await readdir(p)) await walk(path.join(p, name));
  };
  await walk(dir);
  return open;
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
    const umask = process.umask(0o022);
    const manifest = await backup({
      databaseUrl: process.env.DATABASE_URL ?? "",
      outDir: path.join(dir, "b"),
    }).finally(() => process.umask(umask));
    expect(manifest.counts.plans).toBeGreaterThanOrEqual(1);
    expect(manifest.counts.documents).toBeGreaterThanOrEqual(1);
    expect(manifest.damagedDocuments).toContain(lost.id);
    expect(manifest.damagedDocuments).not.toContain(letter.id);
    // Password hashes, IBANs, letters: the operator's alone under the usual umask (AVG art. 32).
    expect(await openToOthers(path.join(dir, "b"))).toEqual([]);

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

  it("continues the plan numbers after a deleted draft's kenmerk, also from a backup without saved sequences", async () => {
    const s = await createScenario();
    await createDraftPlan(s.applicantA);
    const last = await createDraftPlan(s.applicantA);
    const { number } = await prisma.plan.findUniqueOrThrow({
      where: { id: last.id },
      select: { number: true },
    });
    // The highest number goes; the audit trail keeps its kenmerk.
    const deleted = await deleteDraft(s.applicantA, last.id, 1);
    const highestLeft = (await prisma.plan.aggregate({ _max: { number: true } }))._max.number ?? 0;
    expect(highestLeft).toBeLessThan(number);

    const dir = await mkdtemp(path.join(os.tmpdir(), "backup-test-"));
    dirs.push(dir);
    const manifest = await backup({
      databaseUrl: process.env.DATABASE_URL ?? "",
      outDir: path.join(dir, "b"),
      portable: true,
    });
    expect(manifest.sequences?.Plan_number_seq).toEqual({ lastValue: String(number), isCalled: true });

    const target = `restore_${randomUUID().slice(0, 8)}`;
    databases.push(target);
    await admin((c) => c.query(`CREATE DATABASE "${target}"`));
    await restore({ dir: path.join(dir, "b"), databaseUrl: urlOf(target) });
    await withClient(urlOf(target), async (c) => {
      const audit = await c.query(`SELECT 1 FROM "AuditLog" WHERE details->>'reference' = $1`, [
        deleted.reference,
      ]);
      expect(audit.rowCount).toBe(1);
      const next = await c.query<{ n: string }>(`SELECT nextval('"Plan_number_seq"')::text AS n`);
      expect(Number(next.rows[0]?.n)).toBe(number + 1);
    });

    // A backup made before the sequences were saved still restores, continuing after the rows.
    const old: Manifest = JSON.parse(await readFile(path.join(dir, "b", MANIFEST), "utf8"));
    delete old.sequences;
    await writeFile(path.join(dir, "b", MANIFEST), JSON.stringify(old));
    const oldTarget = `restore_${randomUUID().slice(0, 8)}`;
    databases.push(oldTarget);
    await admin((c) => c.query(`CREATE DATABASE "${oldTarget}"`));
    await restore({ dir: path.join(dir, "b"), databaseUrl: urlOf(oldTarget) });
    await withClient(urlOf(oldTarget), async (c) => {
      const next = await c.query<{ n: string }>(`SELECT nextval('"Plan_number_seq"')::text AS n`);
      expect(Number(next.rows[0]?.n)).toBe(highestLeft + 1);
    });
  }, 120_000);

  it("restore --force empties the document folder (keeping the folder itself) before copying", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "backup-test-"));
    dirs.push(dir);
    const sourceDocs = path.join(dir, "source-docs");
    const kept = path.join(sourceDocs, "letters", "besluit.pdf");
    await mkdir(path.dirname(kept), { recursive: true });
    await writeFile(kept, "a letter of the backed-up state");
    await backup({
      databaseUrl: process.env.DATABASE_URL ?? "",
      outDir: path.join(dir, "b"),
      portable: true,
      documentStore: `fs:${sourceDocs}`,
    });
    // The folder being replaced holds an attachment of a plan the backup does not know.
    const targetDocs = path.join(dir, "target-docs");
    const stray = path.join(targetDocs, "attachments", randomUUID(), "paspoort.pdf");
    await mkdir(path.dirname(stray), { recursive: true });
    await writeFile(stray, "personal data of the replaced state");
    const target = `restore_${randomUUID().slice(0, 8)}`;
    databases.push(target);
    await admin((c) => c.query(`CREATE DATABASE "${target}"`));
    await expect(
      restore({ dir: path.join(dir, "b"), databaseUrl: urlOf(target), documentStore: `fs:${targetDocs}` }),
    ).rejects.toThrow(/not empty/);
    await restore({
      dir: path.join(dir, "b"),
      databaseUrl: urlOf(target),
      documentStore: `fs:${targetDocs}`,
      force: true,
    });
    expect(existsSync(stray)).toBe(false);
    expect(existsSync(path.join(targetDocs, "attachments"))).toBe(false);
    expect(await readFile(path.join(targetDocs, "letters", "besluit.pdf"), "utf8")).toBe(
      "a letter of the backed-up state",
    );

    // A backup kept inside the document folder would be emptied away before it is read.
    await cp(path.join(dir, "b"), path.join(targetDocs, "backup"), { recursive: true });
    await expect(
      restore({
        dir: path.join(targetDocs, "backup"),
        databaseUrl: urlOf(target),
        documentStore: `fs:${targetDocs}`,
        force: true,
      }),
    ).rejects.toThrow(/must not lie inside each other/);
    expect(existsSync(path.join(targetDocs, "backup", MANIFEST))).toBe(true);
  }, 120_000);

  it("refuses to restore a backup of the database store into a document folder, and leaves the folder alone", async () => {
    const { letter } = await grantedPlanWithLetter();
    const dir = await mkdtemp(path.join(os.tmpdir(), "backup-test-"));
    dirs.push(dir);
    const manifest = await backup({
      databaseUrl: process.env.DATABASE_URL ?? "",
      outDir: path.join(dir, "b"),
      portable: true,
    });
    expect(manifest.documentStore).toBe("db");
    const targetDocs = path.join(dir, "docs");
    const own = path.join(targetDocs, "documents", "sha256", "a".repeat(64));
    await mkdir(path.dirname(own), { recursive: true });
    await writeFile(own, "a letter of the running portal");
    const target = `restore_${randomUUID().slice(0, 8)}`;
    databases.push(target);
    await admin((c) => c.query(`CREATE DATABASE "${target}"`));
    // The portal would read the letters from the folder, where none of them is.
    await expect(
      restore({
        dir: path.join(dir, "b"),
        databaseUrl: urlOf(target),
        documentStore: `fs:${targetDocs}`,
        force: true,
      }),
    ).rejects.toThrow(/documents are in the database/);
    expect(await readFile(own, "utf8")).toBe("a letter of the running portal");
    expect(existsSync(path.join(targetDocs, letter.storageKey))).toBe(false);
    await withClient(urlOf(target), async (c) => {
      const tables = await c.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'public'`);
      expect(tables.rowCount).toBe(0);
    });
  }, 120_000);

  it("names an attachment whose file the folder copy lacks (removed while the backup ran), and the restore reports it", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "backup-test-"));
    dirs.push(dir);
    const docs = path.join(dir, "docs");
    await mkdir(docs);
    const saved = process.env.DOCUMENT_STORE;
    process.env.DOCUMENT_STORE = `fs:${docs}`;
    try {
      const s = await createScenario();
      const { id } = await draftPlan(s);
      const [att] = await prisma.planAttachment.findMany({ where: { planId: id } });
      if (!att) throw new Error("no attachment");
      // What the snapshot then the copy see when the applicant removes it in between: the row, no file.
      await rm(path.join(docs, att.storageKey));
      const manifest = await backup({
        databaseUrl: process.env.DATABASE_URL ?? "",
        outDir: path.join(dir, "b"),
        portable: true,
        documentStore: `fs:${docs}`,
      });
      expect(manifest.damagedAttachments).toContain(att.id);

      const restoreInto = async () => {
        const target = `restore_${randomUUID().slice(0, 8)}`;
        databases.push(target);
        await admin((c) => c.query(`CREATE DATABASE "${target}"`));
        const targetDocs = path.join(dir, `target-${target}`);
        return restore({
          dir: path.join(dir, "b"),
          databaseUrl: urlOf(target),
          documentStore: `fs:${targetDocs}`,
        });
      };
      const report = await restoreInto();
      expect(report.attachmentsDamaged).toContain(att.id);

      // A gap the manifest does not name is a failed restore.
      const unnamed: Manifest = JSON.parse(await readFile(path.join(dir, "b", MANIFEST), "utf8"));
      unnamed.damagedAttachments = [];
      await writeFile(path.join(dir, "b", MANIFEST), JSON.stringify(unnamed));
      await expect(restoreInto()).rejects.toThrow(/attachment .* bytes are missing/);
      // A backup from before attachments were checked: reported, not failed.
      delete unnamed.damagedAttachments;
      await writeFile(path.join(dir, "b", MANIFEST), JSON.stringify(unnamed));
      expect((await restoreInto()).attachmentsDamaged).toContain(att.id);
    } finally {
      if (saved === undefined) delete process.env.DOCUMENT_STORE;
      else process.env.DOCUMENT_STORE = saved;
    }
  }, 180_000);
});
