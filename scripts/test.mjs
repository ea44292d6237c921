// `npm test`: the whole check, as CI runs it. Stops at the first failing stage.
// deps → lint → typegen → services (fresh test database) → migrate → vitest, with the build and tsc
// beside them → seed → Playwright (web server via its webServer, worker beside it) → stop everything.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureDeps } from "./ensure-deps.mjs";

// node_modules before anything that needs them: migrate.mjs and services.mjs import `pg`, which a
// fresh clone does not have yet, and a static import would fail before a line of this file ran.
ensureDeps({ system: false });
const { migrate } = await import("./migrate.mjs");
const { flushRedis, PROJECT_ROOT, recreateDatabase, startServices, TEST_SERVICES } = await import(
  "./services.mjs"
);

const started = Date.now();
const reportsDir = path.join(TEST_SERVICES.dataDir, "reports");
const counts = { passed: 0, failed: 0 };
let services;
let current; // the child process of the running stage
let worker;
let mailSink; // the e2e worker's SMTP server, when SMTP_URL is not set
let interrupted = false;
const background = new Set(); // children that run beside a stage (the build)

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

class StageFailed extends Error {}

function run(cmd, args, env = process.env) {
  return new Promise((resolve, reject) => {
    current = spawn(cmd, args, { cwd: PROJECT_ROOT, stdio: "inherit", env });
    current.once("error", reject);
    current.once("exit", (code, signal) => {
      current = undefined;
      if (code === 0) resolve();
      else reject(new StageFailed(`${cmd} ${args.join(" ")} exited with ${code ?? signal}`));
    });
  });
}

/**
 * Runs a command with its output kept, for a stage that runs beside another: the output is printed
 * as a whole when the stage is reported, not mixed into the other stage's lines.
 */
function runQuietly(cmd, args, env) {
  const child = spawn(cmd, args, { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"], env });
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  const done = new Promise((resolve) => {
    child.once("error", (error) => resolve({ ok: false, output: `${output}${error}\n` }));
    child.once("exit", (code, signal) =>
      resolve({ ok: code === 0, output, failure: `${cmd} ${args.join(" ")} exited with ${code ?? signal}` }),
    );
  });
  return { child, done };
}

// For local runs only: TEST_SKIP=lint,typecheck npm test skips those stages (CI never sets it).
const skip = new Set((process.env.TEST_SKIP ?? "").split(",").filter(Boolean));

async function stage(name, fn) {
  if (interrupted) throw new StageFailed("interrupted");
  const key = name.split(" ")[0];
  if (skip.has(key)) {
    console.log(`\n- ${name}: skipped (TEST_SKIP)`);
    return;
  }
  console.log(`\n▶ ${name}`);
  const t = Date.now();
  try {
    await fn();
  } catch (error) {
    console.log(`✘ ${name} failed after ${seconds(Date.now() - t)}`);
    throw error;
  }
  console.log(`✔ ${name} (${seconds(Date.now() - t)})`);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function countVitest(file) {
  const r = readJson(file);
  if (!r) return;
  counts.passed += r.numPassedTests ?? 0;
  counts.failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
}

function countPlaywright(file) {
  const r = readJson(file);
  if (!r?.stats) return;
  counts.passed += (r.stats.expected ?? 0) + (r.stats.flaky ?? 0);
  counts.failed += r.stats.unexpected ?? 0;
}

function hasE2eSpecs() {
  const dir = path.join(PROJECT_ROOT, "e2e");
  if (!existsSync(dir)) return false;
  const walk = (d) =>
    readdirSync(d, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : /\.(spec|test)\.[cm]?[jt]sx?$/.test(e.name),
    );
  return walk(dir);
}

/**
 * The worker of the browser tests sends real e-mail jobs; they need an SMTP server that says yes.
 * A throwaway smtp-server on a free loopback port accepts and discards them (and counts them), so
 * no fixed port can clash with a running `npm start` and its maildev.
 */
async function startMailSink() {
  if (process.env.SMTP_URL) return process.env.SMTP_URL;
  const { SMTPServer } = await import("smtp-server");
  const sink = { received: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("end", () => {
        sink.received++;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  mailSink = {
    sink,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return `smtp://127.0.0.1:${server.server.address().port}`;
}

async function stopMailSink() {
  if (!mailSink) return;
  const m = mailSink;
  mailSink = undefined;
  console.log(`  e-mail sink: ${m.sink.received} message(s) received`);
  await m.close();
}

async function stopWorker() {
  if (!worker || worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((r) => worker.once("exit", r));
  worker.kill("SIGTERM");
  const timer = setTimeout(() => worker.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    interrupted = true;
    current?.kill(signal);
    for (const child of background) child.kill(signal);
  });
}

let failure;
try {
  const env = {
    ...process.env,
    PATH: `${PROJECT_ROOT}/node_modules/.bin:${process.env.PATH ?? ""}`,
    // The seed seals the staff's TOTP secrets with this key and the e2e server opens them (production needs one).
    TOTP_KEY: process.env.TOTP_KEY ?? randomBytes(32).toString("hex"),
  };
  rmSync(reportsDir, { recursive: true, force: true });
  mkdirSync(reportsDir, { recursive: true });

  await stage("deps", async () => {
    const missing = ensureDeps();
    if (missing.length > 0) throw new StageFailed(`missing Debian packages: ${missing.join(" ")}`);
  });
  await stage("lint (biome check)", () => run("biome", ["check", "."], env));
  // The build and tsc run beside the services and vitest: vitest's two workers wait on PostgreSQL
  // part of the time, and the build and tsc fill those gaps (about 10 s less in all than one after
  // the other). They report after vitest, their output printed as a whole then, not mixed into
  // vitest's lines; the browser tests need the build.
  const build = skip.has("build")
    ? undefined
    : runQuietly("react-router", ["build"], { ...env, NODE_ENV: "production" });
  if (build) background.add(build.child);
  await stage("typegen (react-router typegen)", () => run("react-router", ["typegen"], env));
  const typecheck = skip.has("typecheck") ? undefined : runQuietly("tsc", ["-p", "."], env);
  if (typecheck) background.add(typecheck.child);
  await stage("services", async () => {
    const ownDatabase = !process.env.DATABASE_URL;
    const ownRedis = !process.env.REDIS_URL;
    services = await startServices({ ...TEST_SERVICES, durable: false });
    if (ownDatabase) await recreateDatabase(services.databaseUrl);
    else console.log("  DATABASE_URL is set: testing against that database as it is (not recreated)");
    if (ownRedis && services.redisUrl) await flushRedis(services.redisUrl);
    env.DATABASE_URL = services.databaseUrl;
    env.REDIS_URL = services.redisUrl;
  });
  await stage("migrate", () => migrate(env.DATABASE_URL));
  await stage("vitest (unit and integration tests)", async () => {
    const out = path.join(reportsDir, "vitest.json");
    try {
      await run("vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], env);
    } finally {
      countVitest(out);
    }
  });
  for (const [name, job] of [
    ["typecheck (tsc, run beside vitest)", typecheck],
    ["build (react-router build, run beside vitest)", build],
  ]) {
    await stage(name, async () => {
      if (!job) return;
      const { ok, output, failure } = await job.done;
      background.delete(job.child);
      process.stdout.write(output);
      if (!ok) throw new StageFailed(failure);
    });
  }
  await stage("fresh database for the browser tests", async () => {
    // The browser tests run against the seeded demo data only, not the rows the integration tests left.
    if (process.env.DATABASE_URL) return console.log("  DATABASE_URL is set: kept as it is");
    await recreateDatabase(env.DATABASE_URL);
    await migrate(env.DATABASE_URL);
    if (!process.env.REDIS_URL && env.REDIS_URL) await flushRedis(env.REDIS_URL);
  });
  await stage("seed", async () => {
    if (!existsSync(path.join(PROJECT_ROOT, "prisma/seed.ts")))
      return console.log("  prisma/seed.ts not found: skipped");
    await run(process.execPath, ["--import", "tsx", "prisma/seed.ts"], env);
  });
  await stage("e2e (playwright)", async () => {
    if (!hasE2eSpecs()) return console.log("  no e2e/*.spec.ts yet: skipped");
    if (existsSync(path.join(PROJECT_ROOT, "workers/index.ts"))) {
      const smtpUrl = await startMailSink();
      worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
        cwd: PROJECT_ROOT,
        stdio: "inherit",
        // Job lines would drown the test list; warnings and errors still show.
        env: {
          ...env,
          NODE_ENV: "production",
          SMTP_URL: smtpUrl,
          LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
        },
      });
    }
    const out = path.join(reportsDir, "playwright.json");
    try {
      await run("playwright", ["test", "--reporter=list,json"], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: out });
    } finally {
      countPlaywright(out);
      await stopWorker();
      await stopMailSink();
    }
  });
} catch (error) {
  failure = error;
  if (!(error instanceof StageFailed)) console.error(error);
  else console.error(error.message);
} finally {
  // A stage failed before the build was waited for: it must not outlive the run.
  for (const child of background) child.kill("SIGTERM");
  await stopWorker();
  await stopMailSink();
  await services?.stop();
}

const total = seconds(Date.now() - started);
console.log(failure ? `\nnpm test FAILED after ${total}` : `\nnpm test passed in ${total}`);
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed`);
process.exit(failure || counts.failed > 0 ? 1 : 0);
