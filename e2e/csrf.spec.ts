import pg from "pg";
import {
  type Case,
  expected,
  type Fixtures,
  fill,
  MATRIX,
  matrixSetUp,
  ROLE_EMAIL,
  ROLES,
  type Role,
} from "./access-matrix.ts";
import { type APIRequestContext, expect, test } from "./fixtures.ts";
import { sessionCookieFor } from "./session.ts";

// Cross-site request forgery (issue 7): a POST to any action from a foreign origin, or with
// neither Origin nor Referer, is refused (server/app.ts sameOrigin) before the route runs, even
// with a valid session of a role the action would otherwise accept.

let api: APIRequestContext;
let origin: string;
let fx: Fixtures;
let cookies: Map<Role, string>;

/** Login's throttle counts refused posts as failed attempts; the login specs cover its origin check. */
const NOT_HERE = new Set(["routes/login.tsx"]);

/** The first role the table lets post to this case (its empty post gets a 400, 200 or a redirect). */
function permittedRole(c: Case): Role | undefined {
  if ("skip" in c.post) return "anonymous";
  const post = c.post;
  return ROLES.find((r) => {
    const o = expected(post, r);
    return (
      o !== undefined &&
      o !== 405 &&
      o !== 403 &&
      o !== 404 &&
      o !== 401 &&
      o !== "login" &&
      o !== "not posted"
    );
  });
}

const targets = Object.entries(MATRIX)
  .filter(([file]) => !NOT_HERE.has(file))
  .flatMap(([file, entry]) => {
    const c = entry.cases[0];
    const role = c ? permittedRole(c) : undefined;
    return c && role ? [{ file, c, role }] : [];
  });

test.beforeAll(async ({ baseURL }) => {
  origin = baseURL as string;
  ({ api, cookies, fx } = await matrixSetUp(origin));
});

test.afterAll(async () => {
  await api?.dispose();
});

test("a POST from a foreign origin, or from nowhere, is refused by every action", async () => {
  expect(targets.length).toBeGreaterThan(20);
  const failures: string[] = [];
  for (const { file, c, role } of targets) {
    const cookie =
      c.path === "/logout" ? `__session=${await sessionCookieFor(ROLE_EMAIL.metaal)}` : cookies.get(role);
    const base: Record<string, string> = cookie ? { Cookie: cookie } : {};
    for (const [how, extra] of [
      ["foreign Origin", { Origin: "https://evil.example" }],
      ["foreign Referer", { Referer: "https://evil.example/form.html" }],
      ["no Origin or Referer", {}],
    ] as const) {
      const res = await api.post(fill(c.path, fx), {
        headers: { ...base, ...extra },
        form: c.body ?? {},
        maxRedirects: 0,
      });
      if (res.status() !== 403 || !(await res.text()).includes("onbekende herkomst"))
        failures.push(`${file} as ${role}, ${how}: ${res.status()}`);
    }
  }
  expect(failures).toEqual([]);
});

async function planRow(id: string) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: number; draftData: unknown; updatedAt: Date }>(
      'SELECT version, "draftData", "updatedAt" FROM "Plan" WHERE id = $1',
      [id],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

test("a refused cross-site save changes nothing, and the same save from the site itself does", async () => {
  const path = `/aanvrager/plannen/${fx.ownDraft}/stap/analyse`;
  const before = await planRow(fx.ownDraft as string);
  if (!before) throw new Error("no draft");
  const form = {
    intent: "save",
    expectedVersion: String(before.version),
    bottlenecksNow: "Overgenomen door een andere site.",
  };
  const headers = { Cookie: cookies.get("metaal") ?? "" };
  const forged = await api.post(path, { form, headers: { ...headers, Origin: "https://evil.example" } });
  expect(forged.status()).toBe(403);
  expect(await planRow(fx.ownDraft as string)).toEqual(before);
  // The control: the very same post from the portal's own origin is saved, so the refusal above
  // is the origin check's and not a broken post.
  const own = await api.post(path, { form, headers: { ...headers, Origin: origin } });
  expect(own.status()).toBe(200);
  const after = await planRow(fx.ownDraft as string);
  expect(after?.version).toBe(before.version + 1);
  expect(JSON.stringify(after?.draftData)).toContain("Overgenomen door een andere site.");
});
