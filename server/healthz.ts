import type { Request, Response } from "express";
import type { Redis } from "ioredis";
import { prisma } from "../app/db/client.server.ts";
import { QUEUE } from "../app/jobs/definitions.ts";
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

function withTimeout<T>(p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), TIMEOUT_MS).unref()),
  ]);
}

/** 200 only when PostgreSQL and Redis both answer: a load balancer takes the instance out otherwise. */
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
      console.error("healthz: queue counts failed", err);
      letters = null;
    }
  }
  const ok = database === "ok" && redisCheck === "ok";
  res
    .status(ok ? 200 : 503)
    .set("Cache-Control", "no-store")
    .json({ status: ok ? "ok" : "degraded", database, redis: redisCheck, queues: { letters } });
}
