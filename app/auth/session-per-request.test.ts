import { createRequestHandler, type ServerBuild } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import config from "../../react-router.config.ts";
import { disconnectPrisma } from "../db/client.server.ts";
import { createScenario, type Scenario } from "../test/scenario.server.ts";
import { createUserSession, getSessionUser } from "./session.server.ts";

/**
 * A page's loaders all ask for the session (the layout and the page each call requireUser); it is
 * looked up once per request because getSessionUser remembers its answer per Request object. That
 * holds only if React Router hands every loader the same Request, which it does with the
 * project's `future.v8_passThroughRequests` (react-router.config.ts); without it each loader gets
 * fresh copies and the session is read once per loader. Here a two-level route tree runs under the
 * project's future flags, and both loaders must get the same pending look-up.
 */
let s: Scenario;
let cookie: string;
beforeAll(async () => {
  s = await createScenario();
  cookie =
    (await createUserSession(new Request("http://localhost/"), s.applicantA.userId)).split(";")[0] ?? "";
});
afterAll(async () => {
  await disconnectPrisma();
});

type Seen = { route: string; lookup: ReturnType<typeof getSessionUser> };

function buildWith(seen: Seen[]): ServerBuild {
  const loaderOf =
    (route: string) =>
    async ({ request }: { request: Request }) => {
      const lookup = getSessionUser(request);
      seen.push({ route, lookup });
      const user = await lookup;
      return { email: user?.email ?? null };
    };
  const entryRoute = (id: string, path: string, parentId?: string) => ({
    id,
    path,
    parentId,
    module: `/${id}.js`,
    hasAction: false,
    hasLoader: true,
    hasClientAction: false,
    hasClientLoader: false,
    hasClientMiddleware: false,
    hasErrorBoundary: false,
  });
  return {
    entry: { module: { default: () => new Response("<!doctype html><p>page</p>", { status: 200 }) } },
    routes: {
      // A module without a component would be a resource route, whose loader alone runs.
      root: { id: "root", path: "", module: { loader: loaderOf("root"), default: () => null } },
      page: {
        id: "page",
        parentId: "root",
        path: "pagina",
        module: { loader: loaderOf("page"), default: () => null },
      },
    },
    assets: {
      entry: { imports: [], module: "/entry.js" },
      routes: { root: entryRoute("root", ""), page: entryRoute("page", "pagina", "root") },
      url: "/manifest.js",
      version: "test",
    },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: { v8_middleware: false, v8_trailingSlashAwareDataRequests: false, ...config.future },
    ssr: true,
    isSpaMode: false,
    prerender: [],
    routeDiscovery: { mode: "lazy", manifestPath: "/__manifest" },
  } as unknown as ServerBuild;
}

async function loadersOf(url: string): Promise<{ status: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const handler = createRequestHandler(buildWith(seen), "production");
  const response = await handler(new Request(url, { headers: { Cookie: cookie } }));
  return { status: response.status, seen };
}

describe("the session per request", () => {
  it("is looked up once for a page, however many of its loaders ask", async () => {
    const { status, seen } = await loadersOf("http://localhost/pagina");
    expect(status).toBe(200);
    expect(seen.map((x) => x.route).sort()).toEqual(["page", "root"]);
    const [first, second] = seen;
    expect(second?.lookup).toBe(first?.lookup);
    expect((await first?.lookup)?.id).toBe(s.applicantA.userId);
  });

  it("is looked up once for a client navigation's data request too", async () => {
    const { status, seen } = await loadersOf("http://localhost/pagina.data?_routes=root%2Cpage");
    expect(status).toBe(200);
    expect(seen.map((x) => x.route).sort()).toEqual(["page", "root"]);
    expect(seen[1]?.lookup).toBe(seen[0]?.lookup);
  });

  it("is looked up anew for the next request", async () => {
    const one = await loadersOf("http://localhost/pagina");
    const two = await loadersOf("http://localhost/pagina");
    expect(two.seen[0]?.lookup).not.toBe(one.seen[0]?.lookup);
  });
});
