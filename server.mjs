// The portal's HTTP server. Production (NODE_ENV=production): static assets, then the built app
// (build/server/index.js exports server/app.ts). Otherwise: Vite in middleware mode, hot reload.
import { randomBytes } from "node:crypto";
import http from "node:http";
import express from "express";
import helmet from "helmet";

const production = process.env.NODE_ENV === "production";
// The half-login cookie (pending-login.server.ts) is trusted as signed: with the development key,
// which is in the repository, anyone could forge one and skip the password step.
if (production && !process.env.SESSION_SECRET?.trim()) {
  console.error(
    "SESSION_SECRET is niet gezet: de server start niet met de ontwikkelsleutel (openssl rand -hex 32).",
  );
  process.exit(1);
}
const host = process.env.HOST ?? "0.0.0.0";
const port = Number(process.env.PORT ?? 3000);
// Plain-http runs (local, e2e) must not ask the browser to upgrade to https.
const https = (process.env.PUBLIC_URL ?? "").startsWith("https:");

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", Number(process.env.TRUST_PROXY));

// Request id, access log and metrics (server/request-context.ts, server/metrics.ts; ADR 0015) come
// first, so that every response, static files included, carries its X-Request-Id and is counted.
// They are TypeScript, so they come with the app: `ops` is set below, before the server listens.
let ops;
function takeOps(mod) {
  ops = { ...mod, requestContext: mod.requestContext() };
}
app.use((req, res, next) => ops.requestContext(req, res, next));
app.use((req, res, next) => ops.httpMetrics(req, res, next));

app.use((_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
});
app.use(
  helmet({
    contentSecurityPolicy: {
      directives: {
        "script-src": ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
        "upgrade-insecure-requests": https ? [] : null,
        // No page of the portal is meant to be framed (clickjacking); helmet's default is 'self'.
        "frame-ancestors": ["'none'"],
      },
    },
    // HSTS on plain http is ignored by browsers but confuses people reading headers.
    strictTransportSecurity: https,
    // Not helmet's "no-referrer": with it Chromium sends "Origin: null" on a plain form post, which
    // the CSRF check (server/app.ts sameOrigin) must refuse, so forms would need JavaScript.
    // "same-origin" still sends no referrer to other sites.
    referrerPolicy: { policy: "same-origin" },
    // The same as frame-ancestors 'none', for browsers that know only the old header.
    xFrameOptions: { action: "deny" },
  }),
);

const httpServer = http.createServer(app);

if (production) {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static("build/client", { maxAge: "1h", index: false }));
  const built = await import("./build/server/index.js");
  takeOps(built);
  app.use(built.app);
} else {
  const { createServer } = await import("vite");
  // HMR shares the http server: the CSP's 'self' then allows its websocket (stack.md §8.1 pitfall 2).
  const vite = await createServer({ server: { middlewareMode: true, hmr: { server: httpServer } } });
  takeOps(await vite.ssrLoadModule("./server/app.ts"));
  app.use(vite.middlewares);
  app.use(async (req, res, next) => {
    try {
      const { app: portal } = await vite.ssrLoadModule("./server/app.ts");
      portal(req, res, next);
    } catch (err) {
      vite.ssrFixStacktrace(err);
      next(err);
    }
  });
}

// Last resort: never a stack trace to the client (the log has it).
app.use((err, _req, res, next) => {
  ops.currentLog().error({ err }, "unhandled error");
  if (res.headersSent) return next(err);
  res
    .status(500)
    .type("text/plain; charset=utf-8")
    .send("Er ging iets mis op de server. Probeer het later opnieuw.");
});

httpServer.listen(port, host, () => {
  ops.logger.info(`Sectorplanportaal luistert op http://${host === "0.0.0.0" ? "localhost" : host}:${port}`);
});

// Prometheus scrapes here without a login; only this machine can reach it (ADR 0015).
let metricsServer;
if (process.env.METRICS_PORT) {
  const metricsPort = Number(process.env.METRICS_PORT);
  const metricsApp = express();
  metricsApp.disable("x-powered-by");
  metricsApp.get("/metrics", (req, res, next) => ops.serveMetrics(req, res, next));
  metricsServer = http.createServer(metricsApp).listen(metricsPort, "127.0.0.1", () => {
    ops.logger.info(`metrics op http://127.0.0.1:${metricsPort}/metrics`);
  });
}

function shutdown() {
  metricsServer?.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
