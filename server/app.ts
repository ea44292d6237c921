import { createRequestHandler } from "@react-router/express";
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import type { ServerBuild } from "react-router";
import { CLIENT_ADDRESS_HEADER } from "../app/auth/client-address.ts";
import "./context.ts";
import { servedBuild } from "./build.ts";
import { databaseUnavailableHandler, healthz } from "./healthz.ts";
import { ROUTE_LABEL, routeLabel, routeLabelled, serveMetrics, setRouteLabel } from "./metrics.ts";
import { requireAdmin } from "./require-admin.ts";

/**
 * The Express sub-app that serves the React Router app. server.mjs mounts it behind helmet and
 * the static files; in production it is build/server/index.js (vite.config.ts makes it the SSR entry).
 */
export const app = express();
// The mounted sub-app sets the header itself, whatever the outer app says (stack.md §8.1 pitfall 1).
app.disable("x-powered-by");

// The metrics' route label (server/metrics.ts, ADR 0015): whatever answers before a route is
// chosen (the CSRF check below) shares one label; the routes below set their own.
app.use((_req: Request, res: Response, next: NextFunction) => {
  setRouteLabel(res, ROUTE_LABEL.refused);
  next();
});

app.get("/healthz", routeLabelled("/healthz"), healthz);
// Prometheus text for ADMIN users; a scraper without login uses METRICS_PORT (server.mjs, ADR 0015).
app.get("/metrics", routeLabelled("/metrics"), requireAdmin, serveMetrics);

// server.mjs takes these from the built app: the request id, access log and metrics wrap every
// response, static files included, and TypeScript reaches plain Node only through the build.
export { currentLog, logger } from "../app/log.server.ts";
export { httpMetrics, serveMetrics } from "./metrics.ts";
export { requestContext } from "./request-context.ts";

// Login throttling is app/auth/throttle.server.ts (per account and per address, in PostgreSQL,
// shared by all processes); it needs the client address, which this header carries to the action.
app.use((req: Request, _res: Response, next: NextFunction) => {
  req.headers[CLIENT_ADDRESS_HEADER] = req.ip ?? req.socket.remoteAddress ?? "unknown";
  next();
});

/**
 * CSRF: the session cookie is SameSite=Lax, so a cross-site form POST carries no session; this
 * check also refuses same-site-but-foreign origins. A request without Origin (curl, old
 * browsers on same-origin GET-to-POST) falls back to Referer; with neither it is refused.
 */
export function sameOrigin(req: Request, res: Response, next: NextFunction): void {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") {
    next();
    return;
  }
  const host = req.get("host");
  const source = req.get("origin") ?? refererOrigin(req.get("referer"));
  if (host && source) {
    try {
      if (new URL(source).host === host) {
        next();
        return;
      }
    } catch {
      // fall through to refusal
    }
  }
  res.status(403).type("text/plain; charset=utf-8").send("Verzoek geweigerd: onbekende herkomst.");
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

app.use(sameOrigin);

const loadBuild = async () => servedBuild(await import("virtual:react-router/server-build"));
const routerOptions = {
  getLoadContext: (_req: Request, res: Response) => ({ cspNonce: String(res.locals.cspNonce ?? "") }),
  mode: process.env.NODE_ENV,
};

let productionBuild: Promise<ServerBuild> | undefined;
/** The build being served: in production loaded once; in development Vite's current one (hot reload). */
function currentBuild(): Promise<ServerBuild> {
  if (process.env.NODE_ENV !== "production") return loadBuild();
  productionBuild ??= loadBuild();
  return productionBuild;
}

/**
 * Handed a function, React Router derives its route tables again on every request (so that Vite's
 * hot reload is seen); a production build never changes, so there it gets the build itself, once.
 */
function reactRouter(): RequestHandler {
  if (process.env.NODE_ENV !== "production")
    return createRequestHandler({ ...routerOptions, build: loadBuild });
  let handler: Promise<RequestHandler> | undefined;
  return (req, res, next) => {
    handler ??= currentBuild().then((build) => createRequestHandler({ ...routerOptions, build }));
    handler.then((h) => h(req, res, next), next);
  };
}

// The route React Router will serve the request with, as the metrics' label: its pattern, or one
// label for every path the app does not route. A build that does not load is React Router's 500.
app.use(async (req: Request, res: Response, next: NextFunction) => {
  const label = await currentBuild().then(
    (build) => routeLabel(build, req.originalUrl.split("?", 1)[0] ?? "/"),
    () => ROUTE_LABEL.unknown,
  );
  setRouteLabel(res, label);
  next();
});

app.use(reactRouter());

// A database outage outside React Router (the admin guard, /metrics) is a 503 page too, not a 500.
app.use(databaseUnavailableHandler);
