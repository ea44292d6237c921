import type { NextFunction, Request, Response } from "express";
import client, { type Counter, type Gauge, type Histogram } from "prom-client";
import { matchRoutes, type RouteObject, type ServerBuild } from "react-router";
import { within } from "../app/async/within.ts";
import { prisma } from "../app/db/client.server.ts";
import { now } from "../app/domain/clock.ts";
import { logger } from "../app/log.server.ts";
import { pendingForUnknownQueues, type UnknownQueueBacklog } from "../workers/dispatcher.ts";
import { getQueue, QUEUE_NAMES } from "../workers/queues.ts";

/**
 * Prometheus metrics of the web process (ADR 0015): requests and their durations per route
 * pattern (a fixed set of labels, see routeLabel), the BullMQ queues' depths and the outbox backlog (read from Redis and PostgreSQL when
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

/**
 * The route label of a request. Only a route of the app gives its own label, its pattern as
 * React Router matches it ("/aanvrager/plannen/:planId"); everything else shares one of a few fixed
 * labels, whatever its path or status, so that no client, logged in or not, can add series:
 * every label names a route of the build or is one of these.
 */
export const ROUTE_LABEL = {
  /**
   * No route of the app serves the path: nothing matches, or only the catch-all "*" (a 404, or a
   * 405 to a POST); also a path with a malformed %-escape.
   */
  unknown: "(onbekend)",
  /** The app answered before a route was chosen: a POST refused by the CSRF check (server/app.ts). */
  refused: "(geweigerd)",
  /** The request never reached the app: a static file (production), Vite's dev server. */
  static: "(statisch)",
  /** Static files with a content hash, under one label. */
  assets: "/assets/*",
} as const;

/** Set on res.locals by the app (setRouteLabel); read when the response is finished. */
const LABEL_KEY = "metricsRoute";

export function setRouteLabel(res: Response, label: string): void {
  res.locals[LABEL_KEY] = label;
}

/** Middleware for the app's own Express routes (/healthz, /metrics): their path is their label. */
export function routeLabelled(label: string) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    setRouteLabel(res, label);
    next();
  };
}

/** What routeLabel reads of a build: its flat route manifest, basename and route discovery. */
export type LabelBuild = {
  routes: Record<
    string,
    { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean } | undefined
  >;
  basename?: string;
  routeDiscovery?: ServerBuild["routeDiscovery"];
};

/** A route that can end a match, with the routes above it and a regex for the paths it may take. */
type Branch = { ids: string[]; maybe: RegExp };
type Routing = { routes: LabelBuild["routes"]; branches: Branch[] };
const routings = new WeakMap<LabelBuild["routes"], Routing>();

/**
 * A regex that takes every path React Router's matcher could match to `pattern`, and a few more:
 * any letters' case, optional segments optional, a splat anything. It only narrows down the
 * routes handed to matchRoutes, which decides.
 */
function permissive(pattern: string): RegExp {
  const segments = pattern.split("/").filter(Boolean);
  const body = segments
    .map((segment) => {
      if (segment === "*") return "(?:/.*)?";
      const optional = segment.endsWith("?");
      const name = optional ? segment.slice(0, -1) : segment;
      const part = name.startsWith(":") ? "/[^/]+" : `/${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
      return optional ? `(?:${part})?` : part;
    })
    .join("");
  return new RegExp(`^${body}/*$`, "i");
}

/** The build's routes that can end a match, once per build. */
function routingOf(routes: LabelBuild["routes"]): Routing {
  let routing = routings.get(routes);
  if (!routing) {
    const branches: Branch[] = [];
    const walk = (parentId: string | undefined, ids: string[], pattern: string) => {
      for (const r of Object.values(routes)) {
        if (!r || r.parentId !== parentId) continue;
        const own = r.path ? `${pattern}/${r.path}` : pattern;
        if (r.path !== undefined || r.index) branches.push({ ids: [...ids, r.id], maybe: permissive(own) });
        walk(r.id, [...ids, r.id], own);
      }
    };
    walk(undefined, [], "");
    routing = { routes, branches };
    routings.set(routes, routing);
  }
  return routing;
}

/**
 * React Router's matchRoutes ranks the whole route table on every call (a few ms for this app's);
 * handed only the branches that may match the path — a handful — it costs next to nothing and
 * decides as it would on the whole table (metrics.test.ts compares the two).
 */
function matchBuildRoutes(routing: Routing, path: string, decoded: string) {
  const keep = new Set<string>();
  for (const branch of routing.branches) {
    if (branch.maybe.test(decoded)) for (const id of branch.ids) keep.add(id);
  }
  const children = (parentId: string | undefined): RouteObject[] =>
    Object.values(routing.routes).flatMap((r) => {
      if (!r || r.parentId !== parentId || !keep.has(r.id)) return [];
      const { path, caseSensitive } = r;
      return [
        r.index ? { index: true, path, caseSensitive } : { path, caseSensitive, children: children(r.id) },
      ];
    });
  // A location object: a "?" or "#" in the path (encoded by a browser, not by every client) stays path.
  return matchRoutes(children(undefined), { pathname: path });
}

/**
 * The pattern of the route React Router serves `pathname` with, as its request handler finds it
 * (react-router's getNormalizedPath): a data request's ".data" and "/_root.data" are the page
 * itself, a trailing slash is dropped; the lazy route discovery's manifest request is its own label.
 */
export function routeLabel(build: LabelBuild, pathname: string): string {
  const basename = build.basename && build.basename !== "/" ? build.basename.replace(/\/$/, "") : "";
  if (basename && pathname !== basename && !pathname.startsWith(`${basename}/`)) return ROUTE_LABEL.unknown;
  let path = pathname.slice(basename.length) || "/";
  const manifestPath = build.routeDiscovery?.manifestPath;
  if (build.routeDiscovery?.mode === "lazy" && manifestPath && path === manifestPath) return manifestPath;
  if (path === "/_root.data") path = "/";
  else path = path.replace(/\.data$/, "");
  if (path !== "/" && path.endsWith("/")) path = path.slice(0, -1);
  // As matchRoutes sees the path (react-router's decodePath); one it cannot decode it would match
  // undecoded, after a warning in the log, which a scanner's request is not worth.
  let decoded: string;
  try {
    decoded = path
      .split("/")
      .map((segment) => decodeURIComponent(segment).replace(/\//g, "%2F"))
      .join("/");
  } catch {
    return ROUTE_LABEL.unknown;
  }
  const matches = matchBuildRoutes(routingOf(build.routes), path, decoded);
  const last = matches?.at(-1);
  if (!matches || !last || last.route.path === "*") return ROUTE_LABEL.unknown;
  const pattern = matches
    .map((m) => m.route.path)
    .filter((p): p is string => Boolean(p))
    .join("/")
    .replace(/\/+/g, "/");
  return `/${pattern.replace(/^\//, "")}`;
}

/**
 * Counts and times every response; mounted first in server.mjs, before the static files. The label
 * is read when the response is finished: the app sets it once it knows the route (server/app.ts).
 */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const end = httpDuration.startTimer();
  res.once("finish", () => {
    const labelled = res.locals[LABEL_KEY];
    const path = req.originalUrl.split("?", 1)[0] ?? "";
    const labels = {
      method: req.method,
      route:
        typeof labelled === "string"
          ? labelled
          : path.startsWith("/assets/")
            ? ROUTE_LABEL.assets
            : ROUTE_LABEL.static,
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
