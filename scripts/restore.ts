// `npm run restore -- DIR [--force]`: puts a backup of scripts/backup.ts back into an EMPTY
// database (one without rows; `npm run restore` migrates it first) and the document folder of
// DOCUMENT_STORE, then checks it against the manifest: rows per table, and every document's bytes
// against its SHA-256. --force first empties a database or folder that is not empty (ADR 0015).
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import { cp, readdir } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import pg from "pg";
import {
  appliedMigrations,
  DOCUMENTS_DIR,
  DUMP_FILE,
  documentDir,
  findPgTool,
  listFiles,
  type Manifest,
  PORTABLE_FILE,
  readManifest,
  serverMajor,
  sha256File,
  tableNames,
} from "./backup.ts";
import { migrate } from "./migrate.mjs";

export type RestoreReport = {
  tables: Record<string, number>;
  documentsChecked: number;
  /** Documents already damaged in the database that was backed up (manifest.damagedDocuments). */
  documentsDamaged: number;
};

async function verifyFiles(dir: string, manifest: Manifest): Promise<void> {
  for (const [rel, sum] of Object.entries(manifest.files)) {
    const file = path.join(dir, rel);
    if (!existsSync(file)) throw new Error(`backup incomplete: ${rel} is missing`);
    if ((await sha256File(file)) !== sum)
      throw new Error(`backup damaged: ${rel} does not match its SHA-256`);
  }
}

async function nonEmptyTables(client: pg.Client): Promise<string[]> {
  const full: string[] = [];
  for (const t of await tableNames(client)) {
    const { rowCount } = await client.query(`SELECT 1 FROM "${t}" LIMIT 1`);
    if (rowCount) full.push(t);
  }
  return full;
}

async function resetSchema(client: pg.Client): Promise<void> {
  await client.query("DROP SCHEMA public CASCADE");
  await client.query("CREATE SCHEMA public");
}

/** Rows back in one transaction, foreign keys unchecked meanwhile (they held in the snapshot). */
async function portableRestore(client: pg.Client, file: string): Promise<void> {
  await client.query("BEGIN");
  try {
    // Needs a superuser, or GRANT SET ON PARAMETER session_replication_role (PostgreSQL 15+).
    await client.query("SET LOCAL session_replication_role = replica");
    let table = "";
    let batch: string[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await client.query(
        `INSERT INTO "${table}" SELECT * FROM json_populate_recordset(NULL::"${table}", $1::json)`,
        [`[${batch.join(",")}]`],
      );
      batch = [];
    };
    const lines = createInterface({
      input: createReadStream(file).pipe(createGunzip()),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (!line) continue;
      // {"t":"Table","r":{...}}: the row is the rest after the table name, kept as text.
      const match = /^\{"t":("(?:[^"\\]|\\.)*"),"r":(.*)\}$/.exec(line);
      if (!match?.[1] || !match[2]) throw new Error(`unreadable line in ${PORTABLE_FILE}`);
      const t = JSON.parse(match[1]) as string;
      if (t !== table || batch.length >= 1_000) {
        await flush();
        table = t;
      }
      batch.push(match[2]);
    }
    await flush();
    // Identity counters continue after the restored rows, not at 1.
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`,
    );
    for (const { table_name: t, column_name: c } of rows) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max("${c}") FROM "${t}"), 0) + 1, false)`,
        [`"${t}"`, c],
      );
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

export async function restore(opts: {
  dir: string;
  databaseUrl: string;
  documentStore?: string;
  force?: boolean;
}): Promise<RestoreReport> {
  const manifest = await readManifest(opts.dir);
  await verifyFiles(opts.dir, manifest);
  const docs = documentDir(opts.documentStore);
  if (manifest.documentStore === "fs" && !docs)
    throw new Error("the backup's documents are files: set DOCUMENT_STORE=fs:/path for the restore");
  if (docs && existsSync(docs) && (await readdir(docs)).length > 0 && !opts.force)
    throw new Error(`document folder ${docs} is not empty (use --force to restore over it)`);

  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    const full = await nonEmptyTables(client);
    if (full.length > 0 && !opts.force)
      throw new Error(`database is not empty (${full.slice(0, 5).join(", ")}…); use --force to replace it`);

    if (manifest.format === "pg_dump") {
      const { major } = await serverMajor(client);
      const pgRestore = findPgTool("pg_restore", major);
      if (!pgRestore) throw new Error(`no pg_restore of PostgreSQL ${major} or later found (set PG_BIN)`);
      await resetSchema(client);
      const r = spawnSync(
        pgRestore,
        [
          "--no-owner",
          "--no-privileges",
          "--exit-on-error",
          "-d",
          opts.databaseUrl,
          path.join(opts.dir, DUMP_FILE),
        ],
        { encoding: "utf8" },
      );
      if (r.status !== 0) throw new Error(`pg_restore failed: ${r.stderr || r.error?.message}`);
    } else {
      if (full.length > 0) await resetSchema(client);
      await migrate(opts.databaseUrl, { log: () => {} });
      const here = await appliedMigrations(client);
      if (here.join() !== manifest.migrations.join())
        throw new Error(
          "the backup was made with other migrations than this code's; restore it with the version that made it",
        );
      await portableRestore(client, path.join(opts.dir, PORTABLE_FILE));
    }

    if (docs && manifest.documentStore === "fs")
      await cp(path.join(opts.dir, DOCUMENTS_DIR), docs, { recursive: true });

    // The check: the same rows per table as at the backup, and every document's bytes intact.
    const tables: Record<string, number> = {};
    for (const t of Object.keys(manifest.tables)) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`);
      tables[t] = Number(rows[0]?.n ?? 0);
      if (tables[t] !== manifest.tables[t])
        throw new Error(`restored ${t} has ${tables[t]} rows, the backup ${manifest.tables[t]}`);
    }
    const documents = await client.query<{ id: string; sha256: string; storageKey: string }>(
      `SELECT id, sha256, "storageKey" FROM "Document"`,
    );
    const restoredFiles = docs ? new Set(await listFiles(docs)) : new Set<string>();
    // Damaged before the backup (a test that tampers on purpose, a lost file): reported, not failed.
    const damaged = new Set(manifest.damagedDocuments ?? []);
    for (const d of documents.rows) {
      if (damaged.has(d.id)) continue;
      let sum: string | undefined;
      if (docs && manifest.documentStore === "fs") {
        if (restoredFiles.has(d.storageKey)) sum = await sha256File(path.join(docs, d.storageKey));
      } else {
        const blob = await client.query<{ s: string }>(
          `SELECT encode(sha256(bytes), 'hex') AS s FROM "StoredBlob" WHERE key = $1`,
          [d.storageKey],
        );
        sum = blob.rows[0]?.s;
      }
      if (sum !== d.sha256)
        throw new Error(`document ${d.id}: its bytes are missing or differ after the restore`);
    }
    const skipped = documents.rows.filter((d) => damaged.has(d.id)).length;
    return { tables, documentsChecked: documents.rows.length - skipped, documentsDamaged: skipped };
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith("--"));
  const databaseUrl = process.env.DATABASE_URL;
  if (!dir || !databaseUrl) {
    console.error("Gebruik: npm run restore -- <map van de back-up> [--force]");
    process.exit(64);
  }
  try {
    const r = await restore({ dir: path.resolve(dir), databaseUrl, force: args.includes("--force") });
    console.log(
      `Teruggezet en gecontroleerd: ${r.tables.Plan ?? 0} plannen, ${r.tables.LedgerEntry ?? 0} boekingen, ` +
        `${r.documentsChecked} documenten (bytes gelijk aan hun SHA-256), ${Object.keys(r.tables).length} tabellen gelijk aan het manifest.`,
    );
    if (r.documentsDamaged > 0)
      console.warn(
        `Let op: ${r.documentsDamaged} document(en) waren al beschadigd in de database van de back-up (zie damagedDocuments in het manifest).`,
      );
  } catch (error) {
    console.error(`restore mislukt: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
