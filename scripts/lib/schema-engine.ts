// Prisma's own schema engine (the Rust migration code) compiled to WebAssembly, driven through
// @prisma/adapter-pg. The Prisma CLI cannot be used for migrations here: it downloads a native
// engine from binaries.prisma.sh, which these machines cannot reach
// (docs/decisions/0002-prisma-migrations-offline.md, /work/shared/prisma-offline.md).
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import type { DiffTarget, MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";

export type { MigrationList, SchemaEngine };

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");
export const SCHEMA_PATH = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");

type EngineModule = { SchemaEngine: typeof SchemaEngine };
let enginePromise: Promise<EngineModule> | undefined;

/** Loads the wasm build once. Node 20 cannot import a .wasm module directly, so the glue module is
 * imported and the wasm instantiated by hand, the way the package's own entry would on a bundler. */
function loadEngineModule(): Promise<EngineModule> {
  enginePromise ??= (async () => {
    // A Rust panic reports through this global; without it the panic surfaces as a TypeError
    // about `set_message` of undefined and the real message is lost.
    const g = globalThis as unknown as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
    const registry = {
      message: "",
      get(): string {
        return registry.message;
      },
      set_message(m: string): void {
        registry.message = m;
      },
    };
    g.PRISMA_WASM_PANIC_REGISTRY ??= registry;
    const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as Record<
      string,
      unknown
    > & { __wbg_set_wasm(exports: WebAssembly.Exports): void };
    const require = createRequire(import.meta.url);
    const wasmPath = path.join(
      path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
      "schema_engine_bg.wasm",
    );
    const bytes = await readFile(wasmPath);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      "./schema_engine_bg.js": glue as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue as unknown as EngineModule;
  })();
  return enginePromise;
}

// --- adapter-pg 7.10.1 fixes -------------------------------------------------------------------

const PG_CHAR_OID = 18;

type PgField = { dataTypeID: number };
type PgQueryableInternals = {
  performIO(query: SqlQuery): Promise<{ fields: PgField[]; rows: unknown[][] }>;
  queryRaw(query: SqlQuery): Promise<SqlResultSet>;
  onError(error: unknown): never;
  underlyingDriver(): pg.Pool;
};

/** adapter-pg rejects PostgreSQL's internal `"char"` type (oid 18), which the engine reads from
 * catalog columns such as pg_constraint.contype. Its value is already a string; we let the adapter
 * see it as text and then report it as Character (reporting Text panics on PG 18). Each call gets
 * its own shim object so concurrent queries do not share the list of patched columns. */
function queryRawWithChar(inner: object, query: SqlQuery): Promise<SqlResultSet> {
  const charColumns: number[] = [];
  const shim = Object.create(inner) as PgQueryableInternals;
  const innerIO = (inner as PgQueryableInternals).performIO.bind(inner);
  shim.performIO = async (q: SqlQuery) => {
    const result = await innerIO(q);
    result.fields.forEach((field, i) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        charColumns.push(i);
        // A copy: pg may share field descriptions between results.
        result.fields[i] = { ...field, dataTypeID: pg.types.builtins.TEXT };
      }
    });
    return result;
  };
  return (inner as PgQueryableInternals).queryRaw.call(shim, query).then((set) => {
    for (const i of charColumns) set.columnTypes[i] = ColumnTypeEnum.Character;
    return set;
  });
}

function fixTransaction(tx: Transaction): Transaction {
  const fixed = Object.create(tx) as Transaction;
  fixed.queryRaw = (query) => queryRawWithChar(tx, query);
  return fixed;
}

function fixAdapter(
  inner: SqlDriverAdapter,
  open: Set<SqlDriverAdapter>,
  onDispose?: () => Promise<void>,
): SqlDriverAdapter {
  const internals = inner as unknown as PgQueryableInternals;
  const fixed = Object.create(inner) as SqlDriverAdapter;
  fixed.queryRaw = (query) => queryRawWithChar(inner, query);
  fixed.startTransaction = async (isolationLevel) =>
    fixTransaction(await inner.startTransaction(isolationLevel));
  // adapter-pg splits scripts on every `;`, which breaks comments, string literals and function
  // bodies. PostgreSQL's simple query protocol runs a multi-statement script as it is.
  fixed.executeScript = async (script) => {
    try {
      await internals.underlyingDriver().query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  let disposed = false;
  fixed.dispose = async () => {
    if (disposed) return;
    disposed = true;
    open.delete(fixed);
    await inner.dispose();
    await onDispose?.();
  };
  open.add(fixed);
  return fixed;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A migration-aware adapter factory for the schema engine. adapter-pg's own connectToShadowDb
 * builds `new Pool({ ...config, database })`, but pg lets `connectionString` win over `database`,
 * so migrations would be replayed into the real database. Here the shadow database is a fresh
 * `prisma_migrate_shadow_db_<uuid>` on the same server (the role needs CREATEDB), dropped after. */
export function migrationAdapterFactory(databaseUrl: string): {
  factory: ReturnType<typeof bindMigrationAwareSqlAdapterFactory>;
  disposeAll(): Promise<void>;
} {
  // The engine's free() does not dispose the adapters it opened; their idle pg pools would keep
  // the process alive for pg's idle timeout, and a shadow database would stay behind.
  const open = new Set<SqlDriverAdapter>();
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async connect() {
      return fixAdapter(await new PrismaPg({ connectionString: databaseUrl }).connect(), open);
    },
    async connectToShadowDb() {
      const name = `prisma_migrate_shadow_db_${randomUUID().replaceAll("-", "_")}`;
      await adminQuery(databaseUrl, `CREATE DATABASE "${name}"`);
      const inner = await new PrismaPg({ connectionString: withDatabase(databaseUrl, name) }).connect();
      return fixAdapter(inner, open, () =>
        adminQuery(databaseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
  return {
    factory: bindMigrationAwareSqlAdapterFactory(factory),
    async disposeAll() {
      await Promise.all([...open].map((a) => a.dispose()));
    },
  };
}

// --- engine use ----------------------------------------------------------------------------------

/** Runs `fn` with a schema engine that knows the given schema files, and frees it afterwards
 * (an engine left alive keeps pg's idle pool, and so the process, running). */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  schemaFiles: [path: string, content: string][],
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const log = (line: string) => {
    if (process.env.SCHEMA_ENGINE_DEBUG) console.error(`[schema-engine] ${line}`);
  };
  const adapters = migrationAdapterFactory(databaseUrl);
  const engine = await SchemaEngine.new({ datamodels: schemaFiles }, log, adapters.factory);
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await adapters.disposeAll();
  }
}

/** The migrations directory in the shape the engine expects, read from disk. */
export async function readMigrationsList(migrationsDir = MIGRATIONS_DIR): Promise<MigrationList> {
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const entries = existsSync(migrationsDir) ? await readdir(migrationsDir, { withFileTypes: true }) : [];
  const dirs = entries
    .filter((e) => e.isDirectory() && existsSync(path.join(migrationsDir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort();
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      dirs.map(async (dir) => ({
        path: dir,
        migrationFile: {
          path: "migration.sql",
          content: {
            tag: "ok" as const,
            value: await readFile(path.join(migrationsDir, dir, "migration.sql"), "utf8"),
          },
        },
      })),
    ),
  };
}

/** The SQL still needed to get from the migrations directory to schema.prisma; "" when none.
 * The engine replays the migrations into a temporary shadow database and compares. */
export async function diffMigrationsToSchema(
  databaseUrl: string,
  opts: { migrationsDir?: string; schemaPath?: string } = {},
): Promise<string> {
  const schemaPath = opts.schemaPath ?? SCHEMA_PATH;
  const schema = await readFile(schemaPath, "utf8");
  const list = await readMigrationsList(opts.migrationsDir);
  const from: DiffTarget =
    list.migrationDirectories.length === 0 ? { tag: "empty" } : { tag: "migrations", ...list };
  return withSchemaEngine(databaseUrl, [[schemaPath, schema]], async (engine) => {
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    if (result.exitCode === 0) return "";
    if (result.exitCode !== 2) throw new Error(`schema engine diff exited with ${result.exitCode}`);
    return result.stdout ?? "";
  });
}
