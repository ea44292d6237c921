/**
 * `npm run bench` (issue 7, docs/decisions/0016-benchmark-method.md): from a clean clone, brings up
 * PostgreSQL and Redis of its own (scripts/services.mjs BENCH_SERVICES: .data/bench, ports
 * 54349/6409), makes a fresh database, migrates, seeds with `--plans 10000 --seed 42`, builds when
 * build/ is missing, starts the production server on loopback and measures. Every figure is a
 * ratio to a baseline taken in the same run on the same machine; the table is printed and
 * bench/results.json written; the exit code is 1 when a goal is missed.
 *
 *   npm run bench        BENCH_SECONDS (12 per page), BENCH_ROUNDS (4), BENCH_CONNECTIONS (10),
 *                        BENCH_DECISIONS (128), BENCH_PORT (3399)
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type autocannon from "autocannon";
import { combine, type HttpFigure, type HttpRun, type HttpSlice, measureHttp } from "./http.ts";
import { machine, type Row, table, writeResults } from "./report.ts";

type Services = { databaseUrl: string; redisUrl: string; stop(): Promise<void> };
type ServicesModule = {
  BENCH_SERVICES: { dataDir: string; pgPort: number; redisPort: number };
  PROJECT_ROOT: string;
  flushRedis(url: string): Promise<void>;
  recreateDatabase(url: string): Promise<void>;
  startServices(options: object): Promise<Services>;
};
// A plain .mjs module (shared with npm start and npm test) without type declarations.
const { BENCH_SERVICES, PROJECT_ROOT, flushRedis, recreateDatabase, startServices } = (await import(
  "../scripts/services.mjs" as string
)) as ServicesModule;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 128);
const PORT = Number(process.env.BENCH_PORT ?? 3399);
const WARMUP_SECONDS = 3;
const LETTER_SECONDS = 5;
const ORIGIN = `http://127.0.0.1:${PORT}`;

const started = Date.now();
const log = (line: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync(cmd, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status})`);
}

async function waitForHealthz(server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null)
      throw new Error(`the server exited (${server.exitCode}); see .data/bench/server.log`);
    const ok = await fetch(`${ORIGIN}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error("the server did not answer /healthz within 60 s");
    await sleep(250);
  }
}

/** The first requests of a page load its modules and fill Prisma's caches: not what is measured. */
async function prime(url: string, cookie?: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await fetch(url, { headers: cookie ? { cookie: `__session=${cookie}` } : {} }).then((r) =>
      r.arrayBuffer(),
    );
  }
}

type Endpoint = {
  name: string;
  run: HttpRun;
  /** Runs before each of the endpoint's slices (autosave re-reads its drafts' versions). */
  beforeSlice?: () => Promise<void>;
};

/**
 * Every endpoint is warmed up, then measured in ROUNDS slices, the endpoints taking turns: each
 * figure and its baseline then cover the same minute of the machine's life. Measured one after
 * the other, a ratio moved by ±30% between runs on this shared machine with the load of its host.
 */
async function measureInTurns(endpoints: Endpoint[]): Promise<HttpFigure[]> {
  for (const e of endpoints) {
    if (!e.run.requests) await prime(e.run.url, e.run.cookie);
    await e.beforeSlice?.();
    await measureHttp({ ...e.run, seconds: WARMUP_SECONDS });
  }
  const slices: HttpSlice[][] = endpoints.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, e] of endpoints.entries()) {
      await e.beforeSlice?.();
      slices[i]?.push(await measureHttp({ ...e.run, seconds: SECONDS / ROUNDS }));
    }
  }
  return endpoints.map((e, i) => {
    const figure = combine(slices[i] ?? []);
    log(
      `${e.name}: ${figure.requestsPerSecond.toFixed(1)} req/s, p95 ${figure.p95Ms.toFixed(0)} ms (${figure.requests} requests in ${ROUNDS} slices, ${figure.non2xx} not 2xx, ${figure.errors} errors/timeouts)`,
    );
    return figure;
  });
}

/** Every answer a 2xx: a fast error page must not pass for a fast page. */
const clean = (f: HttpFigure) => f.non2xx === 0 && f.errors === 0;

async function main(): Promise<number> {
  // Its own services, whatever the shell has set: a benchmark must not load a shared database.
  delete process.env.DATABASE_URL;
  delete process.env.REDIS_URL;
  const services = await startServices({ ...BENCH_SERVICES, log: (l: string) => log(l) });
  let server: ChildProcess | undefined;
  try {
    const databaseUrl: string = services.databaseUrl.replace(/\/app$/, "/bench");
    const redisUrl: string = services.redisUrl;
    await recreateDatabase(databaseUrl);
    await flushRedis(redisUrl);
    const sessionSecret = randomBytes(32).toString("base64url");
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      BULLMQ_PREFIX: "bench",
      SESSION_SECRET: sessionSecret,
    });
    const env = { ...process.env };
    log("migrate");
    run(process.execPath, ["scripts/migrate.mjs"], env);
    log("seed --plans 10000 --seed 42");
    run(process.execPath, ["--import", "tsx", "prisma/seed.ts", "--plans", "10000", "--seed", "42"], env);
    if (!existsSync(path.join(PROJECT_ROOT, "build/server/index.js"))) {
      log("build (build/ is missing)");
      run("npx", ["react-router", "build"], env);
    }

    // Imported now: these read DATABASE_URL and SESSION_SECRET when first used.
    const { sessionCookieFor } = await import("../e2e/session.ts");
    const { prisma } = await import("../app/db/client.server.ts");
    const { createDraftPlan } = await import("../app/domain/plan/plans.server.ts");

    mkdirSync(BENCH_SERVICES.dataDir, { recursive: true });
    const serverLog = createWriteStream(path.join(BENCH_SERVICES.dataDir, "server.log"));
    server = spawn(process.execPath, ["server.mjs"], {
      cwd: PROJECT_ROOT,
      env: { ...env, NODE_ENV: "production", PORT: String(PORT), HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.pipe(serverLog);
    server.stderr?.pipe(serverLog);
    await waitForHealthz(server);
    log(`server on ${ORIGIN}`);

    const staff = await sessionCookieFor("behandelaar@example.nl");
    const finance = await sessionCookieFor("financien@example.nl");
    const applicant = await sessionCookieFor("aanvrager.metaal@example.nl");
    const user = await prisma.user.findUniqueOrThrow({
      where: { email: "aanvrager.metaal@example.nl" },
      select: { id: true, memberships: { select: { organisationId: true } } },
    });
    const actor = {
      userId: user.id,
      roles: ["APPLICANT" as const],
      organisationIds: user.memberships.flatMap((m) => (m.organisationId ? [m.organisationId] : [])),
    };
    const demo = await prisma.regulation.findUniqueOrThrow({ where: { code: "DEMO" }, select: { id: true } });
    // One draft per connection: autosave carries the version it last saw, so connections sharing a
    // draft would refuse each other (409).
    const drafts: { id: string; version: number }[] = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      const { id } = await createDraftPlan(actor, { regulationId: demo.id });
      drafts.push({ id, version: 1 });
    }

    const queuePath = "/behandeling?lijst=alle&status=GRANTED&pagina=5";
    // autocannon may reset a connection's context between requests, so a draft is taken from a
    // pool for each request and given back with its answer: with one request in flight per
    // connection and a draft per connection, each save carries its draft's current version.
    const free = [...drafts];
    type Ctx = { draft?: { id: string; version: number } };
    const autosaveRequest: autocannon.Request = {
      method: "POST",
      setupRequest: (req: autocannon.Request, context: Ctx) => {
        const draft = free.pop() ?? (drafts[0] as { id: string; version: number });
        context.draft = draft;
        const body = new URLSearchParams({
          intent: "autosave",
          expectedVersion: String(draft.version),
          bottlenecksNow: `Vacatures blijven maanden open (${draft.version}).`,
        }).toString();
        return {
          ...req,
          // The path a fetcher posts to (React Router's single fetch: the route's URL + ".data").
          path: `/aanvrager/plannen/${draft.id}/stap/analyse.data`,
          headers: {
            cookie: `__session=${applicant}`,
            origin: ORIGIN,
            "content-type": "application/x-www-form-urlencoded",
          },
          body,
        };
      },
      onResponse: (status: number, _body: string, context: Ctx) => {
        const draft = context.draft;
        if (!draft) return;
        // Each save bumps the version by one; the next autosave of this draft says so.
        if (status >= 200 && status < 300) draft.version++;
        context.draft = undefined;
        free.push(draft);
      },
    };
    const base = { connections: CONNECTIONS, seconds: SECONDS };
    const [healthz, queue, dashboard, autosave] = (await measureInTurns([
      { name: "GET /healthz", run: { ...base, url: `${ORIGIN}/healthz` } },
      { name: `GET ${queuePath}`, run: { ...base, url: `${ORIGIN}${queuePath}`, cookie: staff } },
      { name: "GET /financien", run: { ...base, url: `${ORIGIN}/financien`, cookie: finance } },
      {
        name: "POST autosave",
        run: { ...base, url: ORIGIN, requests: [autosaveRequest] },
        // autocannon stops with saves in flight whose answers it never reads: the drafts' versions
        // are read back before each slice.
        beforeSlice: async () => {
          await sleep(2000);
          free.splice(0, free.length, ...drafts);
          for (const d of drafts) {
            d.version = (
              await prisma.plan.findUniqueOrThrow({ where: { id: d.id }, select: { version: true } })
            ).version;
          }
        },
      },
    ])) as [HttpFigure, HttpFigure, HttpFigure, HttpFigure];

    server.kill("SIGTERM");
    await new Promise((r) => server?.once("exit", r));
    server = undefined;

    log(`grant decisions: preparing ${DECISIONS} advised plans`);
    const { benchDecisions, benchLetters, installPool, CLIENTS } = await import("./in-process.ts");
    await installPool(databaseUrl);
    const decisions = await benchDecisions(DECISIONS, log);
    log(
      `decisions: ${decisions.decisionsPerSecond.toFixed(1)}/s (${decisions.decided} granted, ${decisions.failed} failed${decisions.firstError ? `: ${decisions.firstError}` : ""}), plain inserts ${decisions.insertsPerSecond.toFixed(1)}/s; Node CPU ${decisions.nodeCpuMsPerDecision.toFixed(1)} ms per decision, ${decisions.nodeCpuMsPerInsert.toFixed(2)} ms per insert; ledger check: ${decisions.problems.length} problems`,
    );
    for (const p of decisions.problems.slice(0, 10)) log(`  ${p.code} ${p.potName}: ${p.message}`);
    if (!decisions.sampleDecisionId) throw new Error("no decision was made");
    const letters = await benchLetters(decisions.sampleDecisionId, LETTER_SECONDS);
    log(
      `letters: ${letters.lettersPerSecond.toFixed(1)}/s, empty documents ${letters.emptyPerSecond.toFixed(1)}/s, letter ${letters.letterBytes} bytes`,
    );

    const rows: Row[] = [
      {
        name: "Staff queue page, requests/s",
        figure: queue.requestsPerSecond,
        unit: "req/s",
        baseline: healthz.requestsPerSecond,
        baselineName: "/healthz",
        ratio: queue.requestsPerSecond / healthz.requestsPerSecond,
        goal: "≥ 0.5",
        pass: clean(queue) && queue.requestsPerSecond / healthz.requestsPerSecond >= 0.5,
      },
      {
        name: "Staff queue page, p95",
        figure: queue.p95Ms,
        unit: "ms",
        baseline: healthz.p95Ms,
        baselineName: "/healthz",
        ratio: queue.p95Ms / healthz.p95Ms,
        goal: "(reported)",
        pass: true,
      },
      {
        name: "Finance dashboard, p95",
        figure: dashboard.p95Ms,
        unit: "ms",
        baseline: queue.p95Ms,
        baselineName: "queue p95",
        ratio: dashboard.p95Ms / queue.p95Ms,
        goal: "≤ 2",
        pass: clean(dashboard) && dashboard.p95Ms / queue.p95Ms <= 2,
      },
      {
        name: `Grant decisions, ${CLIENTS} clients`,
        figure: decisions.decisionsPerSecond,
        unit: "/s",
        baseline: decisions.insertsPerSecond,
        baselineName: "insert tx/s",
        ratio: decisions.decisionsPerSecond / decisions.insertsPerSecond,
        goal: "≥ 0.3",
        pass: decisions.failed === 0 && decisions.decisionsPerSecond / decisions.insertsPerSecond >= 0.3,
      },
      {
        name: "Overcommit after decisions (ledger check)",
        figure: decisions.problems.length,
        unit: "problems",
        baseline: null,
        baselineName: "",
        ratio: null,
        goal: "= 0",
        pass: decisions.problems.length === 0,
      },
      {
        name: "Decision letters, 1 worker",
        figure: letters.lettersPerSecond,
        unit: "docs/s",
        baseline: letters.emptyPerSecond,
        baselineName: "empty pdf/s",
        ratio: letters.lettersPerSecond / letters.emptyPerSecond,
        goal: "≥ 0.25",
        pass: letters.lettersPerSecond / letters.emptyPerSecond >= 0.25,
      },
      {
        name: "Decision letter size",
        figure: letters.letterBytes / 1024,
        unit: "KB",
        baseline: null,
        baselineName: "",
        ratio: null,
        goal: "≤ 60 KB",
        pass: letters.letterBytes <= 60 * 1024,
      },
      {
        name: "Autosave, requests/s",
        figure: autosave.requestsPerSecond,
        unit: "req/s",
        baseline: healthz.requestsPerSecond,
        baselineName: "/healthz",
        ratio: autosave.requestsPerSecond / healthz.requestsPerSecond,
        goal: "≥ 0.5",
        pass: clean(autosave) && autosave.requestsPerSecond / healthz.requestsPerSecond >= 0.5,
      },
      {
        name: "Autosave, p95",
        figure: autosave.p95Ms,
        unit: "ms",
        baseline: healthz.p95Ms,
        baselineName: "/healthz",
        ratio: autosave.p95Ms / healthz.p95Ms,
        goal: "(reported)",
        pass: true,
      },
    ];
    console.log(`\n${table(rows)}\n`);
    const failed = rows.filter((r) => !r.pass);
    writeResults(path.join(PROJECT_ROOT, "bench/results.json"), {
      date: new Date().toISOString(),
      machine: machine(),
      settings: {
        seconds: SECONDS,
        rounds: ROUNDS,
        warmupSeconds: WARMUP_SECONDS,
        connections: CONNECTIONS,
        decisionPlans: DECISIONS,
        clients: CLIENTS,
        queuePath,
      },
      http: { healthz, queue, dashboard, autosave },
      decisions: {
        ...decisions,
        problems: decisions.problems.map((p) => `${p.code} ${p.potName}: ${p.message}`),
      },
      letters,
      rows,
      pass: failed.length === 0,
      durationSeconds: Math.round((Date.now() - started) / 1000),
    });
    log(
      `${failed.length === 0 ? "all goals met" : `${failed.length} goal(s) missed`}; bench/results.json written`,
    );
    await prisma.$disconnect();
    return failed.length === 0 ? 0 : 1;
  } finally {
    if (server && server.exitCode === null) server.kill("SIGTERM");
    await services.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
