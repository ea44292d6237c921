import routes from "../app/routes.ts";
import {
  type Case,
  expected,
  type Fixtures,
  fill,
  flattenRoutes,
  MATRIX,
  matrixSetUp,
  type Outcome,
  ROLE_EMAIL,
  ROLES,
  type Role,
} from "./access-matrix.ts";
import { type APIRequestContext, expect, test } from "./fixtures.ts";
import { sessionCookieFor } from "./session.ts";

// One request context, no browser: the whole matrix is some 1,000 requests.
let api: APIRequestContext;
let origin: string;
let fx: Fixtures;
let cookies: Map<Role, string>;

async function cookieOf(role: Role): Promise<string | undefined> {
  if (role === "anonymous") return undefined;
  return `__session=${await sessionCookieFor(ROLE_EMAIL[role])}`;
}

test.beforeAll(async ({ baseURL }) => {
  origin = baseURL as string;
  ({ api, cookies, fx } = await matrixSetUp(origin));
});

test.afterAll(async () => {
  await api?.dispose();
});

function describeAnswer(status: number, location: string | undefined): string {
  return location ? `${status} → ${location}` : String(status);
}

function matches(outcome: Outcome, status: number, location: string | undefined): boolean {
  if (outcome === "login") return status >= 300 && status < 400 && (location ?? "").startsWith("/login");
  if (outcome === "redirect")
    return status >= 300 && status < 400 && !!location && !location.startsWith("/login");
  return status === outcome;
}

test("every route in app/routes.ts has a row in the access matrix", () => {
  const files = flattenRoutes(routes).map((r) => r.file);
  const missing = files.filter((f) => !(f in MATRIX));
  expect(missing, "routes without an entry in e2e/access-matrix.ts").toEqual([]);
  const stale = Object.keys(MATRIX).filter((k) => !k.startsWith("express:") && !files.includes(k));
  expect(stale, "matrix entries for route files that routes.ts no longer has").toEqual([]);
});

// Every role resolves to an outcome in every case: a gap in the table is a failure, not a pass.
test("the access matrix names an outcome for every role", () => {
  const gaps: string[] = [];
  for (const [file, entry] of Object.entries(MATRIX))
    for (const c of entry.cases)
      for (const role of ROLES) {
        if (expected(c.get, role) === undefined) gaps.push(`${file} ${c.label} GET ${role}`);
        if (!("skip" in c.post) && expected(c.post, role) === undefined)
          gaps.push(`${file} ${c.label} POST ${role}`);
      }
  expect(gaps).toEqual([]);
});

async function ask(c: Case, method: "GET" | "POST", role: Role): Promise<string | null> {
  const exp = method === "GET" ? c.get : "skip" in c.post ? null : c.post;
  const outcome = exp ? expected(exp, role) : undefined;
  if (!outcome || outcome === "not posted") return null;
  const url = fill(c.path, fx);
  // logout ends the session it is posted with: a session of its own.
  const cookie = c.path === "/logout" ? await cookieOf(role) : cookies.get(role);
  const headers: Record<string, string> = {};
  if (cookie) headers.Cookie = cookie;
  if (method === "POST") headers.Origin = origin;
  const res = await api.fetch(url, {
    method,
    headers,
    maxRedirects: 0,
    form: method === "POST" ? (c.body ?? {}) : undefined,
  });
  const location = res.headers().location;
  const status = res.status();
  if (status >= 500 || !matches(outcome, status, location))
    return `${method} ${url} as ${role} (${c.label}): expected ${outcome}, got ${describeAnswer(status, location)}`;
  return null;
}

// One test per role (a failure restarts the worker and its beforeAll; nine at most), each listing
// every answer that differs by route file, method and case.
for (const role of ROLES) {
  test(`access matrix as ${role}`, async () => {
    const asks = Object.entries(MATRIX).flatMap(([file, entry]) =>
      entry.cases.flatMap((c) =>
        (["GET", "POST"] as const).map((method) => async () => {
          const failure = await ask(c, method, role);
          return failure && `${file}: ${failure}`;
        }),
      ),
    );
    // A few at a time: quicker than one by one, gentle on a 2-core machine running other tests.
    const failures: string[] = [];
    for (let i = 0; i < asks.length; i += 8) {
      const answers = await Promise.all(asks.slice(i, i + 8).map((a) => a()));
      failures.push(...answers.filter((a): a is string => !!a));
    }
    expect(failures).toEqual([]);
  });
}
