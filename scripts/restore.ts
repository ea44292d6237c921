// `npm run restore -- DIR [--force]`: puts a backup of scripts/backup.ts back into an EMPTY
// database (one without rows; `npm run restore` migrates it first) and the document folder of
// DOCUMENT_STORE, then checks it against the manifest: rows per table, and every document's bytes
// against its SHA-256. --force first empties a database or folder that is not empty (ADR 0015).
//
// The jobs in Redis belong to the state that was replaced: with REDIS_URL set, the restore removes
// this portal's queues (BULLMQ_PREFIX) and the re-drive marker, so the worker, started again after
// the restore, re-drives every message the backup holds as sent but not done (ADR 0022). Without
// REDIS_URL it says what is left to do; `npm run restore -- --reset-jobs` does only that part.
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import { cp, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { bullPrefix, QUEUE_NAMES } from "../workers/queues.ts";
import { markerKey } from "../workers/redrive.ts";
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
  /** Attachments whose bytes came back intact. */
  attachmentsChecked: number;
  /**
   * Attachments restored without their bytes (or with other bytes): the backup named them
   * (manifest.damagedAttachments), or it was made before backups checked attachments.
   */
  attachmentsDamaged: string[];
  /** The queues removed from Redis (resetJobs), or null when no Redis was given. */
  jobsReset: string[] | null;
};

/** The Redis of the portal's worker and the BullMQ prefix its queues live under. */
export type JobsRedis = { url: string; prefix: string };

/**
 * Removes the portal's queues under `redis.prefix` and the re-drive marker (ADR 0022). What Redis
 * holds belongs to the state a restore replaced: a job that completed after the backup made its
 * letter in the database that was lost, yet its message is back as SENT and not done, and while the
 * job and the marker stay in Redis no re-drive ever looks at it. Without both, the worker's next
 * check re-drives every such message; the processors are idempotent (ADR 0006, 0007). The queues
 * are the ones this version knows and any the outbox names (a newer version's); other keys in the
 * same Redis are left alone. The worker must be stopped meanwhile: it puts its schedulers back at
 * start, not while it runs.
 */
export async function resetJobs(client: pg.Client, redis: JobsRedis): Promise<string[]> {
  const { rows } = await client.query<{ queue: string }>(`SELECT DISTINCT queue FROM "OutboxMessage"`);
  const names = [...new Set([...QUEUE_NAMES, ...rows.map((r) => r.queue)])].sort();
  // One attempt, no reconnects: a restore must fail with the reason, not wait for Redis forever.
  const connection = new Redis(redis.url, {
    lazyConnect: true,
    connectTimeout: 10_000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  // The command that fails reports it; the event would only print it a second time.
  connection.on("error", () => {});
  try {
    await connection.connect();
  } catch (e) {
    // Not the URL: it may carry a password.
    throw new Error(`Redis not reachable (${e instanceof Error ? e.message : e})`);
  }
  try {
    for (const name of names) {
      const queue = new Queue(name, { connection, prefix: redis.prefix });
      queue.on("error", () => {});
      try {
        await queue.obliterate({ force: true });
      } finally {
        await queue.close();
      }
    }
    await connection.del(markerKey(redis.prefix));
  } finally {
    await connection.quit().catch(() => connection.disconnect());
  }
  return names;
}

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

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Every counter continues after the higher of its value at the backup and the highest number in its
 * column. The column alone is not enough: a deleted draft's kenmerk or a removed batch's number was
 * the highest once, the audit trail still names it, and it must not be handed out again. A backup
 * without the values (made before they were saved) continues after the column.
 */
async function continueSequences(client: pg.Client, saved: Manifest["sequences"]): Promise<void> {
  const { rows } = await client.query<{ seq: string; tbl: string | null; col: string | null }>(
    `SELECT s.relname AS seq, t.relname AS tbl, a.attname AS col
       FROM pg_class s
       JOIN pg_namespace n ON n.oid = s.relnamespace AND n.nspname = 'public'
       LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
        AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       LEFT JOIN pg_class t ON t.oid = d.refobjid
       LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE s.relkind = 'S'`,
  );
  for (const { seq, tbl, col } of rows) {
    const state = saved?.[seq];
    // A sequence of no column and not in the backup stays as the migrations left it.
    if (!state && !(tbl && col)) continue;
    const afterBackup = state ? BigInt(state.lastValue) + (state.isCalled ? 1n : 0n) : 1n;
    const highest = tbl && col ? `(SELECT max(${ident(col)}) FROM public.${ident(tbl)})` : "NULL";
    await client.query(
      `SELECT setval($1::regclass, GREATEST($2::bigint, COALESCE(${highest}, 0) + 1), false)`,
      [`public.${ident(seq)}`, afterBackup.toString()],
    );
  }
}

/** Whether one of two absolute paths is the other or lies inside it. */
function overlaps(a: string, b: string): boolean {
  const inside = (x: string, y: string) => x === y || x.startsWith(`${y}${path.sep}`);
  return inside(a, b) || inside(b, a);
}

/** Rows back in one transaction, foreign keys unchecked meanwhile (they held in the snapshot). */
async function portableRestore(
  client: pg.Client,
  file: string,
  sequences: Manifest["sequences"],
): Promise<void> {
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
    await continueSequences(client, sequences);
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
  /** The worker's Redis: its queues are removed after the restore (resetJobs). */
  redis?: JobsRedis;
}): Promise<RestoreReport> {
  const manifest = await readManifest(opts.dir);
  await verifyFiles(opts.dir, manifest);
  const docs = documentDir(opts.documentStore);
  if (manifest.documentStore === "fs" && !docs)
    throw new Error("the backup's documents are files: set DOCUMENT_STORE=fs:/path for the restore");
  // Its bytes are rows of StoredBlob: a portal reading a folder would find none of them, and --force
  // would first have emptied that folder.
  if (manifest.documentStore === "db" && docs)
    throw new Error(
      `the backup's documents are in the database (DOCUMENT_STORE=db when it was made): restore it without DOCUMENT_STORE=fs:, not into ${docs}`,
    );
  if (docs && existsSync(docs) && (await readdir(docs)).length > 0 && !opts.force)
    throw new Error(`document folder ${docs} is not empty (use --force to restore over it)`);
  // --force empties the document folder before copying: a backup kept inside it would be deleted
  // before it is read, and one that holds the folder would be copied into itself.
  if (docs && overlaps(path.resolve(docs), path.resolve(opts.dir)))
    throw new Error(`the backup ${opts.dir} and the document folder ${docs} must not lie inside each other`);

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
      await portableRestore(client, path.join(opts.dir, PORTABLE_FILE), manifest.sequences);
    }

    // Emptied, not removed: the folder may be a mount. A file of the replaced state must not stay
    // behind (an attachment the restored database does not know, with personal data in it).
    if (docs && opts.force && existsSync(docs))
      for (const entry of await readdir(docs))
        await rm(path.join(docs, entry), { recursive: true, force: true });
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
    const restoredSum = async (key: string): Promise<string | undefined> => {
      if (docs) return restoredFiles.has(key) ? await sha256File(path.join(docs, key)) : undefined;
      const blob = await client.query<{ s: string }>(
        `SELECT encode(sha256(bytes), 'hex') AS s FROM "StoredBlob" WHERE key = $1`,
        [key],
      );
      return blob.rows[0]?.s;
    };
    // Damaged before the backup (a test that tampers on purpose, a lost file): reported, not failed.
    const damaged = new Set(manifest.damagedDocuments ?? []);
    for (const d of documents.rows) {
      if (damaged.has(d.id)) continue;
      if ((await restoredSum(d.storageKey)) !== d.sha256)
        throw new Error(`document ${d.id}: its bytes are missing or differ after the restore`);
    }
    const skipped = documents.rows.filter((d) => damaged.has(d.id)).length;
    // The same for uploads. One the backup named (removed while it ran, or lost before) is reported;
    // a backup made before attachments were checked reports what it lacks rather than failing.
    const attachments = await client.query<{ id: string; sha256: string; storageKey: string }>(
      `SELECT id, sha256, "storageKey" FROM "PlanAttachment" ORDER BY id`,
    );
    const namedAttachments = manifest.damagedAttachments ? new Set(manifest.damagedAttachments) : null;
    const attachmentsDamaged: string[] = [];
    for (const a of attachments.rows) {
      if (namedAttachments?.has(a.id)) attachmentsDamaged.push(a.id);
      else if ((await restoredSum(a.storageKey)) !== a.sha256) {
        if (namedAttachments)
          throw new Error(`attachment ${a.id}: its bytes are missing or differ after the restore`);
        attachmentsDamaged.push(a.id);
      }
    }
    const jobsReset = opts.redis
      ? await resetJobs(client, opts.redis).catch((e: unknown) => {
          throw new Error(
            `the database and documents are restored and checked, but the jobs were not reset: ` +
              `${e instanceof Error ? e.message : e}. Run npm run restore -- --reset-jobs before the worker starts`,
          );
        })
      : null;
    return {
      tables,
      documentsChecked: documents.rows.length - skipped,
      documentsDamaged: skipped,
      attachmentsChecked: attachments.rows.length - attachmentsDamaged.length,
      attachmentsDamaged,
      jobsReset,
    };
  } finally {
    await client.end();
  }
}

/** What the operator must do when the restore could not reach the worker's Redis. */
export function jobsNotResetWarning(prefix: string): string {
  return (
    "Let op: REDIS_URL is niet gezet, dus de wachtrijen van de worker zijn niet leeggemaakt. Brieven en " +
    "e-mails van na de back-up worden alleen opnieuw gemaakt als de worker een Redis zonder de wachtrijen " +
    `en het merkteken van dit portaal vindt (prefix ${prefix}, ADR 0022). Een Redis die sinds de back-up ` +
    "leeg is herstart (die van npm start bewaart niets), hoeft niets. Draait de worker tegen een Redis die " +
    "bleef (productie, een draaiende npm start): stop de worker en voer vóór hij weer start uit: " +
    `REDIS_URL=<url van die Redis> BULLMQ_PREFIX=${prefix} npm run restore -- --reset-jobs`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith("--"));
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  const redis = redisUrl ? { url: redisUrl, prefix: bullPrefix() } : undefined;
  const resetOnly = args.includes("--reset-jobs");
  if (!databaseUrl || (!dir && !resetOnly) || (resetOnly && (dir || !redis))) {
    console.error(
      "Gebruik: npm run restore -- <map van de back-up> [--force]\n" +
        "   of: REDIS_URL=<url> BULLMQ_PREFIX=<prefix> npm run restore -- --reset-jobs (alleen de wachtrijen leegmaken)",
    );
    process.exit(64);
  }
  try {
    if (resetOnly && redis) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const queues = await resetJobs(client, redis);
        console.log(
          `Wachtrijen ${queues.join(", ")} onder prefix ${redis.prefix} leeggemaakt en het merkteken verwijderd: ` +
            "de worker biedt bij zijn start elk verzonden maar niet afgerond bericht opnieuw aan.",
        );
      } finally {
        await client.end();
      }
    } else if (dir) {
      const r = await restore({
        dir: path.resolve(dir),
        databaseUrl,
        force: args.includes("--force"),
        redis,
      });
      console.log(
        `Teruggezet en gecontroleerd: ${r.tables.Plan ?? 0} plannen, ${r.tables.LedgerEntry ?? 0} boekingen, ` +
          `${r.documentsChecked} documenten en ${r.attachmentsChecked} bijlagen (bytes gelijk aan hun SHA-256), ${Object.keys(r.tables).length} tabellen gelijk aan het manifest.`,
      );
      if (r.documentsDamaged > 0)
        console.warn(
          `Let op: ${r.documentsDamaged} document(en) waren al beschadigd in de database van de back-up (zie damagedDocuments in het manifest).`,
        );
      if (r.attachmentsDamaged.length > 0)
        console.warn(
          `Let op: ${r.attachmentsDamaged.length} bijlage(n) zonder hun bytes teruggezet (ontbraken of klopten niet in de back-up, ` +
            `bijvoorbeeld verwijderd terwijl die liep): ${r.attachmentsDamaged.join(", ")}. De aanvrager moet ze opnieuw uploaden of verwijderen.`,
        );
      if (r.jobsReset)
        console.log(
          `Wachtrijen ${r.jobsReset.join(", ")} onder prefix ${bullPrefix()} leeggemaakt: de worker biedt bij zijn ` +
            "start elk bericht opnieuw aan dat de back-up als verzonden maar niet afgerond bewaart.",
        );
      else console.warn(jobsNotResetWarning(bullPrefix()));
    }
  } catch (error) {
    console.error(`restore mislukt: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
