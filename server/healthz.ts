import type { NextFunction, Request, Response } from "express";
import type { Redis } from "ioredis";
import { within } from "../app/async/within.ts";
import { prisma } from "../app/db/client.server.ts";
import { isDatabaseUnavailable, logUnavailable } from "../app/db/unavailable.server.ts";
import { RETRY_AFTER_SECONDS, UNAVAILABLE_PLAIN, UNAVAILABLE_STATUS } from "../app/db/unavailable.ts";
import { QUEUE } from "../app/jobs/definitions.ts";
import { currentLog } from "../app/log.server.ts";
import { createRedisConnection, getQueue } from "../workers/queues.ts";

type Check = "ok" | "down";

// One connection per process for PING, cached across Vite's dev reloads.
const g = globalThis as unknown as { __healthRedis?: Redis };
function pingClient(): Redis {
  if (!g.__healthRedis) {
    const client = createRedisConnection();
    // /healthz reports the outage; without a listener every reconnect would print a stack trace.
    client.on("error", () => {});
    g.__healthRedis = client;
  }
  return g.__healthRedis;
}
const TIMEOUT_MS = 2000;

const withTimeout = <T>(p: Promise<T>): Promise<T> => within(p, TIMEOUT_MS);

/**
 * 200 only when PostgreSQL and Redis both answer: a load balancer takes the instance out otherwise.
 * The body names the dependency that is down ("database": "down"), and a 503 says when to look again.
 */
export async function healthz(_req: Request, res: Response): Promise<void> {
  const [database, redisCheck] = await Promise.all([
    withTimeout(prisma.$queryRaw`SELECT 1`).then(
      (): Check => "ok",
      (): Check => "down",
    ),
    withTimeout(pingClient().ping()).then(
      (r): Check => (r === "PONG" ? "ok" : "down"),
      (): Check => "down",
    ),
  ]);
  let letters: { waiting: number; active: number; failed: number; delayed: number } | null = null;
  if (redisCheck === "ok") {
    try {
      const c = await withTimeout(
        getQueue(QUEUE.letters).getJobCounts("waiting", "active", "failed", "delayed"),
      );
      letters = {
        waiting: c.waiting ?? 0,
        active: c.active ?? 0,
        failed: c.failed ?? 0,
        delayed: c.delayed ?? 0,
      };
    } catch (err) {
      currentLog().error({ err }, "healthz: queue counts failed");
      letters = null;
    }
  }
  const ok = database === "ok" && redisCheck === "ok";
  if (!ok) res.set("Retry-After", String(RETRY_AFTER_SECONDS));
  res
    .status(ok ? 200 : 503)
    .set("Cache-Control", "no-store")
    .json({ status: ok ? "ok" : "degraded", database, redis: redisCheck, queues: { letters } });
}

/**
 * Express error handler for what fails outside React Router (the admin guard of /metrics, the
 * login throttle's store) while PostgreSQL is away: the same 503 as the pages, other errors go on
 * to server.mjs's last resort (a 500).
 */
export function databaseUnavailableHandler(
  err: unknown,
  req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (res.headersSent || !isDatabaseUnavailable(err)) {
    next(err);
    return;
  }
  logUnavailable({ method: req.method, path: req.path }, err);
  res
    .status(UNAVAILABLE_STATUS)
    .set("Retry-After", String(RETRY_AFTER_SECONDS))
    .set("Cache-Control", "no-store")
    .type("text/plain; charset=utf-8")
    .send(UNAVAILABLE_PLAIN);
}
