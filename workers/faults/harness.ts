/**
 * Processes for the fault tests, each test with its own: a redis-server it can stop and start, an
 * SMTP server on loopback that keeps what arrives, and the real worker process
 * (`node --import tsx workers/index.ts`) with its output captured. Nothing here is a stand-in:
 * the tests break real processes and watch the real code recover.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { dispatchPendingOutbox } from "../dispatcher.ts";
import type { QueueName } from "../queues.ts";

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  server.close();
  await once(server, "close");
  return port;
}

/** Resolves when `text()` matches `pattern`, or rejects after `timeoutMs` showing what it had. */
async function waitForOutput(text: () => string, pattern: RegExp, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (!pattern.test(text())) {
    if (Date.now() > until)
      throw new Error(`${what}: no ${pattern} within ${timeoutMs} ms. Output:\n${text()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** A throwaway redis-server without persistence: stopping it loses everything in it. */
export class RedisProcess {
  private child: ChildProcess | undefined;
  readonly url: string;

  constructor(readonly port: number) {
    this.url = `redis://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    let out = "";
    const child = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout?.on("data", (d) => {
      out += d;
    });
    child.stderr?.on("data", (d) => {
      out += d;
    });
    this.child = child;
    await waitForOutput(() => out, /Ready to accept connections/, 15_000, `redis-server :${this.port}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    child.kill("SIGTERM");
    await exitOf(child);
  }
}

export type SmtpCatcher = { url: string; inbox: ParsedMail[]; close(): Promise<void> };

export async function startSmtp(): Promise<SmtpCatcher> {
  const inbox: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          inbox.push(mail);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    inbox,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The real worker process, with its stdout and stderr kept for assertions and for failure messages. */
export class WorkerProcess {
  private output = "";
  readonly child: ChildProcess;
  readonly exited: Promise<void>;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
      // Each test's fresh prefix shares the database with messages sent under other prefixes: the
      // worker must not take their jobs for lost (ADR 0022) unless the test asks for that.
      env: { ...process.env, OUTBOX_REDRIVE_MAX_AGE_MS: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout?.on("data", (d) => {
      this.output += d;
    });
    this.child.stderr?.on("data", (d) => {
      this.output += d;
    });
    this.exited = exitOf(this.child);
  }

  text(): string {
    return this.output;
  }

  /** Waits for `pattern` in the output, from character `from` on (default: all of it). */
  waitFor(pattern: RegExp, timeoutMs = 30_000, from = 0): Promise<void> {
    return waitForOutput(() => this.output.slice(from), pattern, timeoutMs, "worker");
  }

  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}

/**
 * Moves every waiting outbox message (earlier test files leave plenty: acknowledgements, e-mails)
 * into a side prefix of `redisUrl` that no worker reads, so the worker under test starts with only
 * the test's own work and is not rendering someone else's letters when it should be killed.
 */
export async function setAsideOutbox(redisUrl: string): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = new Map<QueueName, Queue>();
  const queueFor = (name: QueueName) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection, prefix: "set-aside" });
      queues.set(name, q);
    }
    return q;
  };
  try {
    while ((await dispatchPendingOutbox({ queueFor })).sent > 0) {}
  } finally {
    await Promise.all([...queues.values()].map((q) => q.close()));
    await connection.quit();
  }
}
