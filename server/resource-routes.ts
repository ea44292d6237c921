import type { ServerBuild } from "react-router";
import { isDatabaseUnavailable, logUnavailable, unavailableResponse } from "../app/db/unavailable.server.ts";

/**
 * Resource routes (CSV, PDF and file downloads, the session ping) have no page to render and
 * React Router gives no hook for their errors: a loader that fails there becomes its last-resort
 * 500, whatever entry.server's handleError learns. So the build handed to the request handler has
 * every module without a component wrapped: a database outage in its loader or action is the same
 * plain-text 503 with Retry-After as a data request, and any other error goes on as before. Done on
 * the build, not in each route file, so that a new resource route cannot forget it.
 */
type Handler = (args: { request: Request }) => unknown;

function unavailable(request: Request, error: unknown): Response {
  logUnavailable({ method: request.method, path: new URL(request.url).pathname }, error);
  return unavailableResponse();
}

function guarded<H extends Handler>(handler: H): H {
  return (async (args: { request: Request }) => {
    try {
      return await handler(args);
    } catch (error) {
      if (isDatabaseUnavailable(error)) return unavailable(args.request, error);
      throw error;
    }
  }) as H;
}

const wrapped = new WeakMap<ServerBuild, ServerBuild>();

export function withUnavailableResourceRoutes(build: ServerBuild): ServerBuild {
  const done = wrapped.get(build);
  if (done) return done;
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = route?.module;
    if (!route || !module || module.default) {
      routes[id] = route;
      continue;
    }
    routes[id] = {
      ...route,
      module: {
        ...module,
        ...(module.loader ? { loader: guarded(module.loader as Handler) } : {}),
        ...(module.action ? { action: guarded(module.action as Handler) } : {}),
      } as typeof module,
    };
  }
  const result = { ...build, routes };
  wrapped.set(build, result);
  return result;
}
