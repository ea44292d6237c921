// `npm run backup [-- --out DIR] [-- --portable]`: the database and the document store into
// backups/<timestamp>/ with a manifest (counts of plans, ledger entries and documents per table,
// SHA-256 of every file). `npm run restore -- DIR` puts it back (scripts/restore.ts). Uses
// DATABASE_URL, or the local database of `npm start`, starting it when needed (ADR 0015).
//
// The database goes out as `pg_dump -Fc` when a pg_dump of at least the server's major version is
// found (PG_BIN, /usr/lib/postgresql/<major>/bin, the PATH); otherwise (the embedded PostgreSQL
// ships no pg_dump, and Debian 12 has only 15) as a portable dump: every table's rows as JSON
// lines, read in one snapshot, restored onto the migrations of the same code version.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { chmod, cp, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import pg from "pg";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");
export const MANIFEST = "manifest.json";
export const PORTABLE_FILE = "database.jsonl.gz";
export const DUMP_FILE = "database.dump";
export const DOCUMENTS_DIR = "documents";

export type Manifest = {
  version: 1;
  createdAt: string;
  format: "pg_dump" | "portable";
  serverVersion: string;
  migrations: string[];
  /** Rows per table at the moment of the snapshot. */
  tables: Record<string, number>;
  counts: { plans: number; ledgerEntries: number; documents: number };
  /** "db": document bytes are rows of StoredBlob; "fs": files under documents/. */
  documentStore: "db" | "fs";
  /** SHA-256 of every file of the backup except the manifest, by path relative to it. */
  files: Record<string, string>;
  /**
   * Documents whose bytes did not match their recorded SHA-256 already in the database that was
   * backed up (missing or altered). A restore cannot heal them; it reports them instead of failing.
   */
  damagedDocuments: string[];
  /**
   * Attachments (PlanAttachment) whose bytes this backup lacks or holds altered: lost in the source
   * already, or, with a folder store, removed by the applicant between the database snapshot and the
   * copy of the folder (the row is in the backup, its file is not). A restore reports them instead of
   * failing; `npm run backup` names them and exits with an error. Backups made before this field
   * were not checked for it.
   */
  damagedAttachments?: string[];
  /**
   * Portable dumps: every sequence of the schema as it stood at the backup. A restore continues
   * after these, not after the highest number left in a table: the number of a deleted draft or
   * batch was handed out (the audit trail names it) and must not be handed out again. Backups
   * made before this field restore after the table's highest number.
   */
  sequences?: Record<string, SequenceState>;
};

export type SequenceState = { lastValue: string; isCalled: boolean };

/** The folder of DOCUMENT_STORE=fs:/path, or null for the database store. */
export function documentDir(setting = process.env.DOCUMENT_STORE): string | null {
  const s = setting?.trim() || "db";
  if (s === "db") return null;
  if (s.startsWith("fs:") && path.isAbsolute(s.slice(3))) return s.slice(3);
  throw new Error(`DOCUMENT_STORE must be "db" or "fs:/absolute/path", got "${s}"`);
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

export async function listFiles(root: string, under = ""): Promise<string[]> {
  if (!existsSync(path.join(root, under))) return [];
  const out: string[] = [];
  for (const entry of await readdir(path.join(root, under), { withFileTypes: true })) {
    const rel = path.join(under, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(root, rel)));
    else if (entry.isFile() && !entry.name.endsWith(".tmp")) out.push(rel);
  }
  return out.sort();
}

export async function serverMajor(client: pg.Client): Promise<{ major: number; version: string }> {
  const { rows } = await client.query<{ server_version_num: string; server_version: string }>(
    "SELECT current_setting('server_version_num') AS server_version_num, current_setting('server_version') AS server_version",
  );
  const row = rows[0];
  if (!row) throw new Error("no server version");
  return { major: Math.floor(Number(row.server_version_num) / 10_000), version: row.server_version };
}

/** A pg_dump / pg_restore of at least `major` (an older one refuses a newer server), or null. */
export function findPgTool(tool: "pg_dump" | "pg_restore", major: number): string | null {
  const dirs = [process.env.PG_BIN, `/usr/lib/postgresql/${major}/bin`].filter(Boolean) as string[];
  const candidates = [...dirs.map((d) => path.join(d, tool)), tool];
  for (const candidate of candidates) {
    const r = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    const found = r.status === 0 ? /(\d+)(?:\.\d+)?/.exec(r.stdout.replace(/^\D+/, "")) : null;
    if (found && Number(found[1]) >= major) return candidate;
  }
  return null;
}

/** Base tables of the public schema, without Prisma's migration ledger (the code brings that). */
export async function tableNames(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
     ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

export async function appliedMigrations(client: pg.Client): Promise<string[]> {
  const exists = await client.query("SELECT to_regclass('public._prisma_migrations') AS t");
  if (!exists.rows[0]?.t) return [];
  const { rows } = await client.query<{ migration_name: string }>(
    "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name",
  );
  return rows.map((r) => r.migration_name);
}

const BATCH = 2_000;

/** Every table's rows as JSON lines ({"t": table, "r": row}), read in one snapshot. */
async function portableDump(
  client: pg.Client,
  file: string,
  tables: string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(file));
  const write = (line: string) =>
    gzip.write(line) ? Promise.resolve() : new Promise<void>((r) => gzip.once("drain", () => r()));
  for (const table of tables) {
    counts[table] = 0;
    // Keyset on the physical row id: stable inside the snapshot, and needs no primary key.
    let after = "(0,0)";
    for (;;) {
      const { rows } = await client.query<{ c: string; j: string }>(
        `SELECT ctid::text AS c, row_to_json(t)::text AS j FROM "${table}" t WHERE ctid > $1::tid ORDER BY ctid LIMIT ${BATCH}`,
        [after],
      );
      for (const row of rows) await write(`{"t":${JSON.stringify(table)},"r":${row.j}}\n`);
      counts[table] += rows.length;
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1]?.c ?? after;
    }
  }
  gzip.end();
  await written;
  return counts;
}

/**
 * Every sequence of the public schema. A sequence is outside the snapshot (nextval is never rolled
 * back), so this reads its value now: at least what any row of the snapshot used, perhaps more,
 * which only leaves a gap after the restore.
 */
async function sequenceStates(client: pg.Client): Promise<Record<string, SequenceState>> {
  const { rows: names } = await client.query<{ name: string }>(
    "SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename",
  );
  const states: Record<string, SequenceState> = {};
  for (const { name } of names) {
    const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text AS last_value, is_called FROM "public"."${name.replaceAll('"', '""')}"`,
    );
    const row = rows[0];
    if (row) states[name] = { lastValue: row.last_value, isCalled: row.is_called };
  }
  return states;
}

async function rowCounts(client: pg.Client, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`);
    counts[t] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

export function countsOf(tables: Record<string, number>): Manifest["counts"] {
  return { plans: tables.Plan ?? 0, ledgerEntries: tables.LedgerEntry ?? 0, documents: tables.Document ?? 0 };
}

export async function backup(opts: {
  databaseUrl: string;
  outDir: string;
  documentStore?: string;
  portable?: boolean;
}): Promise<Manifest> {
  await mkdir(opts.outDir, { recursive: true, mode: 0o700 });
  if ((await readdir(opts.outDir)).length > 0) throw new Error(`${opts.outDir} is not empty`);
  // A backup holds every password hash, sealed TOTP secret, IBAN, contact person and letter (AVG
  // art. 32): the folder is the operator's alone from the start, whatever the umask, and what
  // pg_dump, cp and the streams wrote inside it is made so at the end (ownerOnly).
  await chmod(opts.outDir, 0o700);
  const docs = documentDir(opts.documentStore);
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    const { major, version } = await serverMajor(client);
    const pgDump = opts.portable ? null : findPgTool("pg_dump", major);
    // One snapshot for the counts, the table list and (portable) the rows; pg_dump takes its own,
    // so with pg_dump the counts are re-read from the restored copy, not compared with these.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const migrations = await appliedMigrations(client);
    const names = await tableNames(client);
    let tables: Record<string, number>;
    // pg_dump keeps the sequences itself; the portable dump has only rows.
    let sequences: Record<string, SequenceState> | undefined;
    if (pgDump) {
      const snapshot = (await client.query<{ s: string }>("SELECT pg_export_snapshot() AS s")).rows[0]?.s;
      tables = await rowCounts(client, names);
      const r = spawnSync(
        pgDump,
        [
          "-Fc",
          "--no-owner",
          "--no-privileges",
          `--snapshot=${snapshot}`,
          "-f",
          path.join(opts.outDir, DUMP_FILE),
          opts.databaseUrl,
        ],
        { encoding: "utf8" },
      );
      if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr || r.error?.message}`);
    } else {
      tables = await portableDump(client, path.join(opts.outDir, PORTABLE_FILE), names);
      sequences = await sequenceStates(client);
    }
    // Every row that points at stored bytes: a letter (Document) and an upload (PlanAttachment).
    type StoredRow = { id: string; sha256: string; storageKey: string };
    const storedRows = async (table: "Document" | "PlanAttachment") =>
      docs
        ? (await client.query<StoredRow>(`SELECT id, sha256, "storageKey" FROM "${table}"`)).rows
        : (
            await client.query<StoredRow>(
              `SELECT r.id, r.sha256, r."storageKey" FROM "${table}" r LEFT JOIN "StoredBlob" b ON b.key = r."storageKey"
                WHERE b.key IS NULL OR encode(sha256(b.bytes), 'hex') <> r.sha256`,
            )
          ).rows;
    // With the database store: the rows whose blob is missing or altered in the snapshot itself.
    const documentRows = await storedRows("Document");
    const attachmentRows = await storedRows("PlanAttachment");
    await client.query("COMMIT");
    if (docs)
      await cp(docs, path.join(opts.outDir, DOCUMENTS_DIR), {
        recursive: true,
        filter: (f) => !f.endsWith(".tmp"),
      });

    const files: Record<string, string> = {};
    for (const rel of await listFiles(opts.outDir))
      files[rel] = await sha256File(path.join(opts.outDir, rel));
    // With a folder store the files are copied after the snapshot: a file the snapshot's row points
    // at may have gone meanwhile (an attachment removed, a draft deleted). Checked against what was
    // copied, so that the gap is named here rather than found when the file is needed.
    const damaged = (rows: StoredRow[]) =>
      docs
        ? rows.filter((r) => files[path.join(DOCUMENTS_DIR, r.storageKey)] !== r.sha256).map((r) => r.id)
        : rows.map((r) => r.id);
    const damagedDocuments = damaged(documentRows);
    const damagedAttachments = damaged(attachmentRows);
    const manifest: Manifest = {
      version: 1,
      createdAt: new Date().toISOString(),
      format: pgDump ? "pg_dump" : "portable",
      serverVersion: version,
      migrations,
      tables,
      counts: countsOf(tables),
      documentStore: docs ? "fs" : "db",
      files,
      damagedDocuments,
      damagedAttachments,
      ...(sequences && { sequences }),
    };
    await writeFile(path.join(opts.outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await ownerOnly(opts.outDir);
    return manifest;
  } finally {
    await client.end();
  }
}

/** Folders 0700 and files 0600 below `dir`, so a copy of the folder elsewhere stays private too. */
async function ownerOnly(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await ownerOnly(full);
    else await chmod(full, 0o600);
  }
}

export async function readManifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(path.join(dir, MANIFEST), "utf8")) as Manifest;
}

function timestamp(d = new Date()): string {
  return d.toISOString().replace(/[:.]/g, "-");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf("--out");
  const outDir = path.resolve(
    outIndex >= 0 ? (args[outIndex + 1] ?? "") : path.join(PROJECT_ROOT, "backups", timestamp()),
  );
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error("backup: DATABASE_URL is not set (npm run backup sets it).");
    process.exit(2);
  }
  try {
    const started = Date.now();
    const m = await backup({ databaseUrl, outDir, portable: args.includes("--portable") });
    const bytes = (await Promise.all(Object.keys(m.files).map((f) => stat(path.join(outDir, f))))).reduce(
      (s, st) => s + st.size,
      0,
    );
    console.log(
      `Back-up in ${outDir} (${m.format}, PostgreSQL ${m.serverVersion}, ${(bytes / 1024 / 1024).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s): ` +
        `${m.counts.plans} plannen, ${m.counts.ledgerEntries} boekingen, ${m.counts.documents} documenten` +
        (m.documentStore === "fs"
          ? `, ${Object.keys(m.files).filter((f) => f.startsWith(DOCUMENTS_DIR)).length} bestanden`
          : "") +
        `${os.EOL}Terugzetten: npm run restore -- ${outDir}`,
    );
    if (m.damagedDocuments.length > 0)
      console.warn(
        `Let op: ${m.damagedDocuments.length} document(en) kloppen nu al niet met hun SHA-256 (ontbrekend of gewijzigd): ${m.damagedDocuments.join(", ")}`,
      );
    // An attachment without its bytes is usually one removed while the backup ran: a new backup has
    // neither the row nor the gap. Failed, so that a scheduled backup is noticed and run again.
    const attachments = m.damagedAttachments ?? [];
    if (attachments.length > 0) {
      console.error(
        `backup onvolledig: van ${attachments.length} bijlage(n) ontbreken de bytes of kloppen niet met hun SHA-256 ` +
          `(tijdens de back-up verwijderd, of al beschadigd): ${attachments.join(", ")}. ` +
          "Maak een nieuwe back-up; een restore van deze meldt ze.",
      );
      process.exitCode = 1;
    }
  } catch (error) {
    console.error(`backup mislukt: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
