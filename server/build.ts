import type { ServerBuild } from "react-router";
import { withInvalidTextRefused } from "./invalid-text.ts";
import { withUnavailableResourceRoutes } from "./resource-routes.ts";

/**
 * The build the request handler serves: React Router's, with every loader and action guarded — a
 * database outage in a resource route is a 503 (resource-routes.ts), text PostgreSQL refuses is a
 * 400 anywhere (invalid-text.ts). Each wrapper caches its result per build.
 */
export function servedBuild(build: ServerBuild): ServerBuild {
  return withInvalidTextRefused(withUnavailableResourceRoutes(build));
}
