import type { NextFunction, Request, Response } from "express";
import client, { type Counter, type Gauge, type Histogram } from "prom-client";
import { within } from "../app/async/within.ts";
import { prisma } from "../app/db/client.server.ts";
import { now } from "../app/domain/clock.ts";
import { loggablePath, logger } from "../app/log.server.ts";
import { pendingForUnknownQueues, type UnknownQueueBacklog } from "../workers/dispatcher.ts";
import { getQueue, QUEUE_NAMES } from "../workers/queues.ts";

/**
 * Prometheus metrics of the web process (ADR 0015): requests and their durations per route
 * pattern, the BullMQ queues' depths and the outbox backlog (read from Redis and PostgreSQL when
 * scraped, so every web instance reports the same shared figures), and Node's process metrics.
 * Served at GET /metrics to ADMIN users, and without login on 127.0.0.1:METRICS_PORT.
 */
export const registry = client.register;

// Vite's dev server reloads this module; the registry is global and refuses a second metric.
function once<T>(name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

const g = globalThis as unknown as { __defaultMetrics?: boolean };
if (!g.__defaultMetrics) {
  client.collectDefaultMetrics({ register: registry });
  g.__defaultMetrics = true;
}

const LABELS = ["method", "route", "status_class"] as const;

export const httpRequests: Counter<(typeof LABELS)[number]> = once(
  "http_requests_total",
  () =>
    new client.Counter({ name: "http_requests_total", help: "HTTP requests answered", labelNames: LABELS }),
);

export const httpDuration: Histogram<(typeof LABELS)[number]> = once(
  "http_request_duration_seconds",
  () =>
    new client.Histogram({
      name: "http_request_duration_seconds",
      help: "Time from request to the end of the response",
      labelNames: LABELS,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
);

const SCRAPE_TIMEOUT_MS = 1_000;
const withTimeout = <T>(p: Promise<T>): Promise<T> => within(p, SCRAPE_TIMEOUT_MS);

const QUEUE_STATES = ["waiting", "active", "delayed", "failed"] as const;

type QueueCounts = Map<string, Record<string, number>>;

/** One read of every queue per scrape, shared by the two gauges below; a queue that fails is left out. */
let pending: { at: number; counts: Promise<QueueCounts> } | undefined;
function queueCounts(): Promise<QueueCounts> {
  if (pending && Date.now() - pending.at < 500) return pending.counts;
  const counts = (async () => {
    const result: QueueCounts = new Map();
    await Promise.all(
      QUEUE_NAMES.map(async (queue) => {
        try {
          result.set(queue, await withTimeout(getQueue(queue).getJobCounts(...QUEUE_STATES)));
        } catch (err) {
          logger.warn({ queue, err: String(err) }, "metrics: queue counts not read");
        }
      }),
    );
    return result;
  })();
  pending = { at: Date.now(), counts };
  return counts;
}

once(
  "bullmq_jobs",
  () =>
    new client.Gauge({
      name: "bullmq_jobs",
      help: "Jobs per queue and state (failed: kept after their last attempt, see /beheer/wachtrijen)",
      labelNames: ["queue", "state"],
      async collect(this: Gauge<"queue" | "state">) {
        this.reset();
        // No figure rather than a wrong 0 for a queue that could not be read; bullmq_up says so.
        for (const [queue, counts] of await queueCounts()) {
          for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    }),
);

once(
  "bullmq_up",
  () =>
    new client.Gauge({
      name: "bullmq_up",
      help: "1 when every queue's depths could be read from Redis",
      async collect(this: Gauge) {
        this.set((await queueCounts()).size === QUEUE_NAMES.length ? 1 : 0);
      },
    }),
);

once(
  "outbox_pending_messages",
  () =>
    new client.Gauge({
      name: "outbox_pending_messages",
      help: "Outbox messages not yet handed to BullMQ (grows while Redis or the worker is away)",
      async collect(this: Gauge) {
        try {
          this.set(await withTimeout(prisma.outboxMessage.count({ where: { status: "PENDING" } })));
        } catch (err) {
          logger.warn({ err: String(err) }, "metrics: outbox backlog not read");
        }
      },
    }),
);

/**
 * One read per scrape for the two gauges below: the registry collects them side by side, so the
 * second joins the read the first started. Null when it failed (no figure rather than a wrong 0).
 */
let unknownRead: Promise<UnknownQueueBacklog[] | null> | undefined;
function unknownBacklog(): Promise<UnknownQueueBacklog[] | null> {
  unknownRead ??= withTimeout(pendingForUnknownQueues())
    .catch((err) => {
      logger.warn({ err: String(err) }, "metrics: outbox messages for unknown queues not read");
      return null;
    })
    .finally(() => {
      unknownRead = undefined;
    });
  return unknownRead;
}

once(
  "outbox_unknown_queue_messages",
  () =>
    new client.Gauge({
      name: "outbox_unknown_queue_messages",
      help: "Pending outbox messages for a queue this version does not know (a newer version's during a rolling deploy, or a renamed queue); left PENDING, see /beheer/wachtrijen",
      async collect(this: Gauge) {
        this.reset();
        const backlog = await unknownBacklog();
        if (backlog) this.set(backlog.reduce((sum, u) => sum + u.count, 0));
      },
    }),
);

once(
  "outbox_unknown_queue_oldest_age_seconds",
  () =>
    new client.Gauge({
      name: "outbox_unknown_queue_oldest_age_seconds",
      help: "Age of the oldest pending outbox message for a queue this version does not know (0 when there is none)",
      async collect(this: Gauge) {
        this.reset();
        const backlog = await unknownBacklog();
        if (!backlog) return;
        const oldest = Math.min(...backlog.map((u) => u.oldest.getTime()));
        this.set(backlog.length === 0 ? 0 : Math.max(0, (now().getTime() - oldest) / 1000));
      },
    }),
);

once(
  "dashboard_pending_deltas",
  () =>
    new client.Gauge({
      name: "dashboard_pending_deltas",
      help: "Dashboard delta rows not yet folded into their totals (grows while the worker's minute job does not run; ADR 0019)",
      async collect(this: Gauge) {
        try {
          const [breakdown, pipeline] = await withTimeout(
            Promise.all([prisma.breakdownDelta.count(), prisma.pipelineDelta.count()]),
          );
          this.set(breakdown + pipeline);
        } catch (err) {
          logger.warn({ err: String(err) }, "metrics: dashboard deltas not read");
        }
      },
    }),
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\d+$/;
// Invitation and reset tokens, kenmerken and other generated names: long, and with a digit.
const TOKEN = /^(?=.*\d)[A-Za-z0-9_.~-]{16,}$/;
const KENMERK = /^[A-Z]{2,}-\d{4}-\d+$/;

/**
 * The route a request took, as a pattern: ids and tokens become ":id", assets one pattern, and a
 * path nobody routes (404) one label, so that scanners cannot grow the series without bound.
 */
export function routePattern(path: string, status: number): string {
  if (status === 404) return "(onbekend)";
  if (path.startsWith("/assets/")) return "/assets/*";
  if (path.startsWith("/beheer/wachtrijen/")) return "/beheer/wachtrijen/*";
  // An e-mailed link's token first, whatever its letters: TOKEN below needs a digit, and about one
  // token in 1,500 has none, which would put a working credential in a label anyone reading
  // the metrics sees.
  const segments = loggablePath(path)
    .split("/")
    .map((s) => (UUID.test(s) || NUMBER.test(s) || KENMERK.test(s) || TOKEN.test(s) ? ":id" : s));
  const pattern = segments.join("/").replace(/\.data$/, "");
  return pattern === "" ? "/" : pattern;
}

/** Counts and times every response; mounted first in server.mjs, before the static files. */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const end = httpDuration.startTimer();
  res.once("finish", () => {
    const q = req.originalUrl.indexOf("?");
    const path = q === -1 ? req.originalUrl : req.originalUrl.slice(0, q);
    const labels = {
      method: req.method,
      route: routePattern(path, res.statusCode),
      status_class: `${Math.floor(res.statusCode / 100)}xx`,
    };
    httpRequests.inc(labels);
    end(labels);
  });
  next();
}

/** The Prometheus text format of everything above. */
export async function serveMetrics(_req: Request, res: Response, next: NextFunction): Promise<void> {
  try {
    const text = await registry.metrics();
    res.set("Content-Type", registry.contentType).set("Cache-Control", "no-store").send(text);
  } catch (err) {
    next(err);
  }
}
