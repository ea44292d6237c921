// `npm start`: everything a newcomer needs to click through the portal, from a fresh clone.
// deps → PostgreSQL + Redis (.data/) → migrations → seed → build when stale → web + worker.
// Ctrl-C (SIGINT) or SIGTERM stops the web server and worker first, then Redis and PostgreSQL.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureDeps } from "./ensure-deps.mjs";

// node_modules before anything that needs them: migrate.mjs and services.mjs import `pg`, which a
// fresh clone does not have yet, and a static import would fail before a line of this file ran.
ensureDeps({ forStart: true, system: false });
const { migrate } = await import("./migrate.mjs");
const { isPortListening, PROJECT_ROOT, START_SERVICES, startServices } = await import("./services.mjs");

const log = (line) => console.log(`[start] ${line}`);
const port = Number(process.env.PORT ?? 3000);
const children = [];
let services;
let mailCatcher; // maildev, when SMTP_URL is not set
let stopping = false;

/** Newest modification time under the given paths (files or directories). */
function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== "node_modules") visit(path.join(p, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) visit(path.join(PROJECT_ROOT, p));
  return newest;
}

function buildIsStale() {
  const built = path.join(PROJECT_ROOT, "build/server/index.js");
  if (!existsSync(built)) return true;
  const sources = [
    "app",
    "server",
    "public",
    "vite.config.ts",
    "react-router.config.ts",
    "package-lock.json",
  ];
  return newestMtime(sources) > statSync(built).mtimeMs;
}

function runStep(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: PROJECT_ROOT, stdio: "inherit", env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
}

/**
 * A secret that survives restarts, kept in the data directory: the session secret (a restart does
 * not log everyone out) and the key that seals the staff's TOTP secrets (the seed seals them, the
 * server opens them; `npm run totp` reads the same file).
 */
function keptSecret(name, envName) {
  if (process.env[envName]) return process.env[envName];
  const file = path.join(START_SERVICES.dataDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

function spawnChild(name, args, env) {
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: "inherit", env });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  children.push({ name, child, exited });
  exited.then((code) => {
    if (!stopping) {
      console.error(`[start] ${name} stopped unexpectedly (${code}); shutting down`);
      shutdown(1);
    }
  });
  return child;
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  for (const { child } of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  await Promise.all(
    children.map(({ child, exited }) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      return exited.finally(() => clearTimeout(timer));
    }),
  );
  await mailCatcher?.stop().catch((e) => console.error(`[start] maildev: ${e.message}`));
  await services?.stop();
  process.exit(code);
}

process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

async function waitForPort(p, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await isPortListening(p))) {
    if (stopping) return false;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
  return true;
}

/**
 * Without SMTP_URL, a local SMTP catcher (maildev) receives every e-mail and shows it in a web UI,
 * so a newcomer sees the mails without a mail server; nothing leaves the machine. With SMTP_URL
 * set, mail goes there and no catcher starts. Ports: MAILDEV_SMTP_PORT / MAILDEV_WEB_PORT.
 */
async function startMailCatcher() {
  if (process.env.SMTP_URL) return { smtpUrl: process.env.SMTP_URL, webUrl: null };
  const smtp = Number(process.env.MAILDEV_SMTP_PORT ?? 1025);
  const web = Number(process.env.MAILDEV_WEB_PORT ?? 1080);
  for (const p of [smtp, web]) {
    if (await isPortListening(p))
      throw new Error(
        `Port ${p} (the local mail catcher) is already in use; set MAILDEV_SMTP_PORT/MAILDEV_WEB_PORT, or SMTP_URL to use your own SMTP server.`,
      );
  }
  const { MailDev } = await import("maildev");
  const maildev = new MailDev({ smtp, web, ip: "127.0.0.1", webIp: "127.0.0.1", silent: true });
  await maildev.start();
  mailCatcher = maildev;
  log(`mail catcher (maildev) listening: SMTP 127.0.0.1:${smtp}, web http://localhost:${web}`);
  return { smtpUrl: `smtp://127.0.0.1:${smtp}`, webUrl: `http://localhost:${web}` };
}

try {
  ensureDeps({ forStart: true });
  services = await startServices({ ...START_SERVICES, log: (l) => console.log(`[services] ${l}`) });
  await migrate(services.databaseUrl, { log });
  const mail = await startMailCatcher();
  const env = {
    ...process.env,
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    SESSION_SECRET: keptSecret("session-secret", "SESSION_SECRET"),
    TOTP_KEY: keptSecret("totp-key", "TOTP_KEY"),
    SMTP_URL: mail.smtpUrl,
    // Links in e-mails point at this portal unless PUBLIC_URL says otherwise.
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
    PATH: `${PROJECT_ROOT}/node_modules/.bin:${process.env.PATH ?? ""}`,
  };

  if (existsSync(path.join(PROJECT_ROOT, "prisma/seed.ts"))) {
    log("seeding (idempotent)");
    runStep(process.execPath, ["--import", "tsx", "prisma/seed.ts"], env);
  } else log("prisma/seed.ts not found: skipping the seed");

  if (buildIsStale()) {
    log("building (react-router build)");
    runStep("npx", ["react-router", "build"], { ...env, NODE_ENV: "production" });
  } else log("build/ is up to date");

  if (!existsSync(path.join(PROJECT_ROOT, "server.mjs"))) {
    throw new Error("server.mjs (the web server entry) does not exist yet: cannot start the portal.");
  }
  if (await isPortListening(port))
    throw new Error(`Port ${port} is already in use; set PORT=… to use another.`);
  const runEnv = { ...env, NODE_ENV: "production", PORT: String(port) };
  spawnChild("web server", ["server.mjs"], runEnv);
  if (existsSync(path.join(PROJECT_ROOT, "workers/index.ts"))) {
    spawnChild("worker", ["--import", "tsx", "workers/index.ts"], runEnv);
  } else log("workers/index.ts not found: running without the background worker (no letters, no mail)");

  if (!(await waitForPort(port, 60_000))) {
    if (!stopping) throw new Error(`the web server did not listen on port ${port} within 60 s`);
  } else {
    console.log(`\n  Sectorplan portal: http://localhost:${port}\n`);
    const usersFile = path.join(PROJECT_ROOT, "prisma/seed-users.json");
    if (existsSync(usersFile)) {
      const users = JSON.parse(readFileSync(usersFile, "utf8"));
      console.log("  Demo logins:");
      for (const u of users)
        console.log(
          `    ${u.role.padEnd(16)} ${u.email.padEnd(36)} ${u.password}   (${u.name})${u.totpSecret ? " + code" : ""}`,
        );
      console.log("");
      // Staff log in with a second factor (ADR 0013); the demo's secrets are fixed, so no app is needed.
      console.log("  Staff (+ code) also enter a verification code after the password. Get it with:");
      console.log("    npm run totp -- behandelaar@example.nl");
      console.log("  or add the secret from prisma/seed-users.json to an authenticator app.\n");
    }
    if (mail.webUrl)
      console.log(`  E-mail (maildev): ${mail.webUrl}   (every e-mail the portal sends lands here)\n`);
    else console.log(`  E-mail goes to SMTP_URL (${mail.smtpUrl})\n`);
    console.log("  Stop with Ctrl-C.\n");
  }
} catch (error) {
  console.error(`[start] ${error instanceof Error ? error.message : error}`);
  await shutdown(1);
}
