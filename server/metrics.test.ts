import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { matchRoutes, type RouteObject } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../app/auth/session.server.ts";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import type { Role } from "../app/generated/prisma/enums.ts";
import routeConfig from "../app/routes.ts";
import { closeQueues } from "../workers/queues.ts";
import { app } from "./app.ts";
import { httpMetrics, httpRequests, type LabelBuild, ROUTE_LABEL, routeLabel } from "./metrics.ts";

let base = "";
let close: () => void = () => {};
beforeAll(async () => {
  process.env.BULLMQ_PREFIX ??= "docs-dev";
  // The real sub-app, behind the metrics middleware as server.mjs mounts it.
  const express = (await import("express")).default;
  const outer = express();
  outer.use(httpMetrics);
  // What server.mjs serves before the app: built files (express.static), each answered here.
  outer.get(["/favicon.ico", "/assets/root-C2x9.js"], (_req, res) => {
    res.type("text/plain").send("bestand");
  });
  outer.use(app);
  const server = outer.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(async () => {
  close();
  await closeQueues();
  // /healthz keeps one Redis connection per process; a later file in this worker may want its own.
  const g = globalThis as unknown as { __healthRedis?: { disconnect(): void } };
  g.__healthRedis?.disconnect();
  g.__healthRedis = undefined;
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

  it("labels a request the app answers itself by its route, a file served before the app as static", async () => {
    await fetch(`${base}/healthz`);
    await fetch(`${base}/favicon.ico`);
    await fetch(`${base}/assets/root-C2x9.js`);
    const labels = await routeLabels();
    expect(labels).toContain("/healthz");
    expect(labels).toContain(ROUTE_LABEL.static);
    expect(labels).toContain(ROUTE_LABEL.assets);
  });

  it("adds no series for a fresh path, whatever the app answers (refused, redirected, not found, 405)", async () => {
    const before = await routeLabels();
    const refused = () => count("POST", ROUTE_LABEL.refused, "4xx");
    const refusedBefore = await refused();
    for (const word of ["alfa", "bravo", "charlie", "delta", "echo"]) {
      // Without Origin or Referer: the CSRF check refuses it (403) before any route is chosen.
      expect((await fetch(`${base}/scan-${word}`, { method: "POST", redirect: "manual" })).status).toBe(403);
      // Past the CSRF check, to a path only the catch-all takes (React Router's 405), a page's
      // path with a made-up id (an anonymous visitor's 302 to the login), and a path nobody routes.
      // (vitest has no React Router build, so these answer 500 here; routeLabel below is what
      // labels them when the build is there.)
      await fetch(`${base}/scan-${word}`, { method: "POST", redirect: "manual", headers: { origin: base } });
      await fetch(`${base}/aanvrager/plannen/${word}`, { redirect: "manual" });
      await fetch(`${base}/${word}.php`, { redirect: "manual" });
    }
    const added = (await routeLabels()).filter((label) => !before.includes(label));
    expect(
      added.every((label) => (Object.values(ROUTE_LABEL) as string[]).includes(label)),
      String(added),
    ).toBe(true);
    expect((await routeLabels()).some((label) => /alfa|bravo|charlie|delta|echo/.test(label))).toBe(false);
    expect(await refused()).toBe(refusedBefore + 5);
  });
});

/** The route manifest React Router's Vite plugin builds from app/routes.ts: ids by file, under "root". */
function manifestOf(config: typeof routeConfig): LabelBuild {
  const routes: LabelBuild["routes"] = { root: { id: "root", path: "" } };
  const add = (entries: typeof routeConfig, parentId: string) => {
    for (const entry of entries) {
      const id = entry.id ?? entry.file.replace(/\.[^/.]+$/, "");
      routes[id] = { id, parentId, path: entry.path, index: entry.index, caseSensitive: entry.caseSensitive };
      if (entry.children) add(entry.children, id);
    }
  };
  add(config, "root");
  return { routes, basename: "/", routeDiscovery: { mode: "lazy", manifestPath: "/__manifest" } };
}

/** The route config as the tree matchRoutes takes, under the root route. */
function treeOf(config: typeof routeConfig): RouteObject[] {
  const convert = (entries: typeof routeConfig): RouteObject[] =>
    entries.map((e) =>
      e.index
        ? { index: true, path: e.path, caseSensitive: e.caseSensitive }
        : { path: e.path, caseSensitive: e.caseSensitive, children: convert(e.children ?? []) },
    );
  return [{ path: "", children: convert(config) }];
}

/** Every pattern of the route config: the labels a request may get besides the fixed ones. */
function patternsOf(config: typeof routeConfig, prefix = ""): string[] {
  return config.flatMap((entry) => {
    const own = entry.path ? `${prefix}/${entry.path}` : prefix;
    return [own || "/", ...patternsOf(entry.children ?? [], own)];
  });
}

describe("routeLabel", () => {
  const build = manifestOf(routeConfig);

  it("labels a request by the pattern of the route that serves it", () => {
    const id = randomUUID();
    const cases: [string, string][] = [
      ["/", "/"],
      ["/_root.data", "/"],
      ["/aanvrager/", "/aanvrager"],
      // An anonymous visitor's 302 to the login, whatever the id.
      ["/aanvrager/plannen/alfa", "/aanvrager/plannen/:planId"],
      [`/aanvrager/plannen/${id}/stap/begroting.data`, "/aanvrager/plannen/:planId/stap/begroting"],
      [`/aanvrager/plannen/${id}/realisatie/2`, "/aanvrager/plannen/:planId/realisatie/:stap?"],
      [`/behandeling/plannen/${id}/besluit`, "/behandeling/plannen/:planId/besluit"],
      [`/behandeling/plannen/${id}`, "/behandeling/plannen/:planId"],
      ["/BEHANDELING/Termijnen", "/behandeling/termijnen"],
      // An e-mailed link's token never reaches a label, whatever its letters.
      ["/wachtwoord-herstellen/JGBZqwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUiOpAsD", "/wachtwoord-herstellen/:token"],
      ["/uitnodiging/Xy7_k2PqLm9aB4cD5eF6gH.data", "/uitnodiging/:token"],
      ["/financien/export/plannen", "/financien/export/:table"],
      ["/open-data/toegekend.csv", "/open-data/toegekend.csv"],
      ["/beheer/wachtrijen/letters", "/beheer/wachtrijen/:queue"],
      ["/__manifest", "/__manifest"],
      // Only the catch-all takes these: one label.
      ["/wp-login.php", ROUTE_LABEL.unknown],
      ["/scan-alfa", ROUTE_LABEL.unknown],
      ["/assets/verdwenen-C2x9.js", ROUTE_LABEL.unknown],
      [`/aanvrager/plannen/${id}/stap/begroting/extra`, ROUTE_LABEL.unknown],
    ];
    for (const [path, label] of cases) expect(routeLabel(build, path), path).toBe(label);
  });

  it("gives any path a label of the route config or a fixed one, as matchRoutes on the whole table would", () => {
    const allowed = new Set([...patternsOf(routeConfig), "/__manifest", ...Object.values(ROUTE_LABEL)]);
    const tree = treeOf(routeConfig);
    const segments = [
      ...new Set(patternsOf(routeConfig).flatMap((p) => p.split("/"))),
      "x",
      randomUUID(),
      "..",
      "%2F",
      "%61anvrager",
      "%E0%A4%A",
      "Plannen",
      "",
    ];
    let seed = 7;
    const pick = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return segments[seed % segments.length] ?? "";
    };
    for (let n = 0; n < 1_000; n++) {
      const path = `/${Array.from({ length: 1 + (n % 6) }, pick).join("/")}`;
      const label = routeLabel(build, path);
      expect(allowed.has(label), `${path} → ${label}`).toBe(true);
      // routeLabel hands matchRoutes only the routes that may match, for speed; the whole table
      // must give the same route.
      let decodable = true;
      try {
        decodeURI(path);
      } catch {
        decodable = false;
      }
      const matches = decodable ? matchRoutes(tree, { pathname: path }) : null;
      const last = matches?.at(-1);
      const whole =
        !matches || !last || last.route.path === "*"
          ? ROUTE_LABEL.unknown
          : `/${matches
              .map((m) => m.route.path)
              .filter(Boolean)
              .join("/")}`.replace(/\/+/g, "/");
      expect(label, path).toBe(whole);
    }
  });
});

async function routeLabels(): Promise<string[]> {
  return [...new Set((await httpRequests.get()).values.map((v) => String(v.labels.route)))];
}

async function count(method: string, route: string, statusClass: string): Promise<number> {
  const sample = (await httpRequests.get()).values.find(
    (v) => v.labels.method === method && v.labels.route === route && v.labels.status_class === statusClass,
  );
  return sample?.value ?? 0;
}
