// The `pg_dump -Fc` / `pg_restore` path of scripts/backup.ts and scripts/restore.ts, which the
// embedded PostgreSQL 18 of `npm test` never takes (it ships no pg_dump, and Debian 12's 15 refuses
// a newer server): a throwaway cluster of Debian's PostgreSQL 15, whose own tools match it.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { expectRestored, grantedPlanWithLetter, withClient } from "./backup.test-support.ts";
import { backup, DUMP_FILE, findPgTool } from "./backup.ts";
import { migrate } from "./migrate.mjs";
import { restore } from "./restore.ts";

const PG15 = "/usr/lib/postgresql/15/bin";
const isRoot = process.getuid?.() === 0;
let root = "";
let port = 0;
let started = false;
const saved = { DATABASE_URL: process.env.DATABASE_URL, PG_BIN: process.env.PG_BIN };

const urlOf = (database: string) => `postgresql://app:app@127.0.0.1:${port}/${database}`;

/** PostgreSQL refuses to run as root: then its tools run as the OS user postgres. */
function asPostgres(tool: string, args: string[]) {
  const [cmd, a] = isRoot
    ? ["runuser", ["-u", "postgres", "--", path.join(PG15, tool), ...args]]
    : [path.join(PG15, tool), args];
  // stdout ignored: the server pg_ctl starts must not hold our pipe open.
  const r = spawnSync(cmd, a, { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"], timeout: 60_000 });
  if (r.status !== 0) {
    const log = path.join(root, "server.log");
    const tail = existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-15).join("\n") : "";
    throw new Error(
      `${tool} ${args.join(" ")} failed (${r.status ?? r.error?.message}): ${r.stderr}\n${tail}`,
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

const admin = <T>(work: (c: pg.Client) => Promise<T>) => withClient(urlOf("postgres"), work);

beforeAll(async () => {
  // No skip: CI runs on this image, where Debian's postgresql (15) is installed.
  const missing = ["initdb", "pg_ctl", "postgres", "pg_dump", "pg_restore"].filter(
    (t) => !existsSync(path.join(PG15, t)),
  );
  if (missing.length > 0)
    throw new Error(
      `PostgreSQL 15 is incomplete in ${PG15} (missing ${missing.join(", ")}): apt-get install -y postgresql-15`,
    );
  root = await mkdtemp(path.join(os.tmpdir(), "backup-pg15-"));
  const pwfile = path.join(root, "pw");
  await writeFile(pwfile, "app\n", { mode: 0o600 });
  if (isRoot) spawnSync("chown", ["-R", "postgres:postgres", root]);
  const data = path.join(root, "data");
  asPostgres("initdb", [
    "-D",
    data,
    "-U",
    "app",
    `--pwfile=${pwfile}`,
    "--auth=scram-sha-256",
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
    "--no-sync",
  ]);
  port = await freePort();
  asPostgres("pg_ctl", [
    "-D",
    data,
    "-l",
    path.join(root, "server.log"),
    "-w",
    "-t",
    "30",
    "-o",
    `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c full_page_writes=off`,
    "start",
  ]);
  started = true;
  await admin((c) => c.query(`CREATE DATABASE source`));
  await migrate(urlOf("source"), { log: () => {} });
  // The app's Prisma client (lazy, one per process) now opens on the PostgreSQL 15 database.
  await disconnectPrisma();
  process.env.DATABASE_URL = urlOf("source");
  // The default choice is under test: PG_BIN, then /usr/lib/postgresql/<major>/bin, then the PATH.
  delete process.env.PG_BIN;
}, 60_000);

afterAll(async () => {
  await disconnectPrisma();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  if (started) asPostgres("pg_ctl", ["-D", path.join(root, "data"), "-m", "immediate", "-w", "stop"]);
  if (root) await rm(root, { recursive: true, force: true });
});

describe("npm run backup / npm run restore on PostgreSQL 15 (pg_dump -Fc, pg_restore)", () => {
  it("dumps with pg_dump 15, restores with pg_restore into a fresh database: every plan, ledger entry and letter (bytes equal)", async () => {
    const pgDump = findPgTool("pg_dump", 15);
    expect(pgDump).toBe(path.join(PG15, "pg_dump"));
    expect(findPgTool("pg_restore", 15)).toBe(path.join(PG15, "pg_restore"));

    const { letter } = await grantedPlanWithLetter();
    const plans = await prisma.plan.count();
    const ledgerEntries = await prisma.ledgerEntry.count();
    expect(ledgerEntries).toBeGreaterThan(0);

    const out = path.join(root, "backup");
    const manifest = await backup({ databaseUrl: urlOf("source"), outDir: out });
    expect(manifest.format).toBe("pg_dump");
    expect(manifest.serverVersion).toMatch(/^15\./);
    expect(manifest.counts).toEqual({ plans, ledgerEntries, documents: 1 });
    // A custom-format archive (what pg_restore reads), not the portable JSON lines.
    const head = Buffer.alloc(5);
    const fh = await open(path.join(out, DUMP_FILE));
    await fh.read(head, 0, 5, 0);
    await fh.close();
    expect(head.toString("latin1")).toBe("PGDMP");

    const target = `restore_${randomUUID().slice(0, 8)}`;
    await admin((c) => c.query(`CREATE DATABASE "${target}"`));
    const report = await restore({ dir: out, databaseUrl: urlOf(target) });
    expect(report.tables).toEqual(manifest.tables);
    expect(report.documentsChecked).toBe(1);

    await expectRestored(urlOf(target), letter);
    // pg_restore brings the migration history along.
    const migrations = await withClient(urlOf(target), (c) =>
      c.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`,
      ),
    );
    expect(Number(migrations.rows[0]?.n)).toBe(manifest.migrations.length);

    await expect(restore({ dir: out, databaseUrl: urlOf(target) })).rejects.toThrow(/not empty/);
    // ~20 s alone; the margin is for two cores shared with the rest of the suite.
  }, 90_000);
});
