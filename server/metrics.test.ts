import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../app/auth/session.server.ts";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import type { Role } from "../app/generated/prisma/enums.ts";
import { closeQueues } from "../workers/queues.ts";
import { app } from "./app.ts";
import { httpMetrics, routePattern } from "./metrics.ts";

let base = "";
let close: () => void = () => {};
beforeAll(async () => {
  process.env.BULLMQ_PREFIX ??= "docs-dev";
  // The real sub-app, behind the metrics middleware as server.mjs mounts it.
  const express = (await import("express")).default;
  const outer = express();
  outer.use(httpMetrics);
  outer.use(app);
  const server = outer.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(async () => {
  close();
  await closeQueues();
  await disconnectPrisma();
});

async function cookieFor(role: Role): Promise<string> {
  const user = await prisma.user.create({
    data: {
      email: `metrics-${randomUUID().slice(0, 8)}@example.nl`,
      name: "Metrics",
      passwordHash: "x",
      memberships: { create: [{ role }] },
    },
  });
  const setCookie = await createUserSession(new Request("http://portal.invalid/"), user.id);
  return setCookie.split(";")[0] ?? "";
}

// One sample line of the text format: name{labels} value
const SAMPLE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/;

describe("GET /metrics", () => {
  it("answers an ADMIN with Prometheus text: requests by route pattern, queue depths, process metrics", async () => {
    const admin = await cookieFor("ADMIN");
    await fetch(`${base}/healthz`);
    const res = await fetch(`${base}/metrics`, { headers: { cookie: admin } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const line of text.split("\n").filter((l) => l && !l.startsWith("#"))) {
      expect(line).toMatch(SAMPLE);
    }
    expect(text).toMatch(
      /^http_requests_total\{method="GET",route="\/healthz",status_class="[25]xx"\} \d+$/m,
    );
    expect(text).toContain("# TYPE http_request_duration_seconds histogram");
    for (const state of ["waiting", "active", "delayed", "failed"]) {
      expect(text).toContain(`bullmq_jobs{queue="letters",state="${state}"}`);
    }
    expect(text).toMatch(/^bullmq_up 1$/m);
    expect(text).toMatch(/^outbox_pending_messages \d+$/m);
    expect(text).toMatch(/^dashboard_pending_deltas \d+$/m);
    expect(text).toContain("process_cpu_seconds_total");
    expect(text).toContain("nodejs_eventloop_lag_seconds");
  });

  it("counts the pending outbox messages for a queue this version does not know, and the oldest one's age", async () => {
    const admin = await cookieFor("ADMIN");
    const queue = `metrics-unknown-${randomUUID().slice(0, 8)}`;
    const scrape = async () => (await fetch(`${base}/metrics`, { headers: { cookie: admin } })).text();
    const count = (text: string) => Number(/^outbox_unknown_queue_messages (\d+)$/m.exec(text)?.[1]);
    const before = count(await scrape());
    expect(before).toBeGreaterThanOrEqual(0);
    await prisma.outboxMessage.createMany({
      data: [1, 2, 3].map((n) => ({
        queue,
        jobName: "newer-job",
        payload: { n },
        createdAt: new Date(Date.now() - 3_600_000 + n),
      })),
    });
    try {
      const text = await scrape();
      expect(count(text)).toBe(before + 3);
      const age = Number(/^outbox_unknown_queue_oldest_age_seconds ([0-9.e+-]+)$/m.exec(text)?.[1]);
      expect(age).toBeGreaterThanOrEqual(3_599);
    } finally {
      await prisma.outboxMessage.deleteMany({ where: { queue } });
    }
  });

  it("sends an anonymous visitor to the login and refuses other roles", async () => {
    const anonymous = await fetch(`${base}/metrics`, { redirect: "manual" });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=%2Fmetrics/);
    for (const role of ["APPLICANT", "CASE_HANDLER", "FINANCE"] as const) {
      const res = await fetch(`${base}/metrics`, { headers: { cookie: await cookieFor(role) } });
      expect(res.status, role).toBe(403);
    }
  });

  it("labels requests by route pattern, not by raw URL", () => {
    const id = randomUUID();
    expect(routePattern(`/behandeling/plannen/${id}/besluit`, 200)).toBe("/behandeling/plannen/:id/besluit");
    expect(routePattern(`/plannen/${id}/stap/begroting.data`, 200)).toBe("/plannen/:id/stap/begroting");
    expect(routePattern("/wachtwoord-herstellen/Xy7_k2PqLm9aB4cD5eF6gH", 200)).toBe(
      "/wachtwoord-herstellen/:token",
    );
    // A token without a digit (about one in 1,500) is a token all the same.
    expect(routePattern("/wachtwoord-herstellen/JGBZqwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUiOpAsD", 200)).toBe(
      "/wachtwoord-herstellen/:token",
    );
    expect(routePattern("/uitnodiging/JGBZqwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUiOpAsD.data", 200)).toBe(
      "/uitnodiging/:token",
    );
    expect(routePattern("/assets/root-C2x9.js", 200)).toBe("/assets/*");
    expect(routePattern("/wp-login.php", 404)).toBe("(onbekend)");
    expect(routePattern("/financien/export/plannen", 200)).toBe("/financien/export/plannen");
  });
});
