import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { loader as exportLoader } from "./export.tsx";
import { loader as drillLoader } from "./plannen.tsx";
import { loader as waitingLoader } from "./wachtlijst.tsx";

/**
 * A filter edited in the address with a NUL character (%00): PostgreSQL refuses such text (SQLSTATE
 * 22021), so it must be stopped at the query's parsing — the drill-down and its export answer 400
 * with what to do, the waiting list (where a bad filter only narrows less) shows the whole list.
 */

let s: Scenario;
let finance: Actor;
beforeAll(async () => {
  s = await createScenario();
  finance = await s.newUser("FINANCE");
});
afterAll(async () => {
  await disconnectPrisma();
});

async function get(path: string): Promise<Request> {
  const cookie = (await createUserSession(new Request("http://localhost/"), finance.userId)).split(";")[0];
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie ?? "" } });
}

/** A loader's status and body: what it returned (200) or threw (data() or a Response). */
async function answer(run: () => Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    const result = await run();
    if (result instanceof Response) return { status: result.status, body: null };
    return { status: 200, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null };
    const t = thrown as { init?: ResponseInit | null; data?: unknown };
    if (t && typeof t === "object" && "init" in t) return { status: t.init?.status ?? 500, body: t.data };
    return { status: 500, body: String(thrown) };
  }
}

const args = async (path: string, params: Record<string, string> = {}) =>
  ({ request: await get(path), params, context: {} }) as never;

describe("a NUL character in a finance filter", () => {
  it("the drill-down (sector) answers 400 with what to do", async () => {
    const a = await answer(async () =>
      drillLoader(await args(`/financien/plannen?pot=${s.windowPotId}&measure=committed&sector=%00`)),
    );
    expect(a).toEqual({
      status: 400,
      body: "Deze code bevat een ongeldig teken: gebruik een link van het dashboard.",
    });
  });

  it("the drill-down's export (theme) answers 400", async () => {
    const a = await answer(async () =>
      exportLoader(
        await args(`/financien/export/plans?format=csv&potKind=WINDOW&measure=held&theme=a%00b`, {
          table: "plans",
        }),
      ),
    );
    expect(a.status).toBe(400);
  });

  it("the waiting list (fonds) shows the whole list", async () => {
    const a = await answer(async () => waitingLoader(await args("/financien/wachtlijst?fonds=%00")));
    expect(a.status).toBe(200);
    expect((a.body as { filtered: boolean }).filtered).toBe(false);
  });
});
