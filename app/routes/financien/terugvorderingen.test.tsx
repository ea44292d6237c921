import { renderToStaticMarkup } from "react-dom/server";
import { createRoutesStub } from "react-router";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { revokedScenarioPlan } from "../../domain/documents/revocation.test-support.ts";
import { openRecoveryClaims } from "../../domain/settlement/recovery.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { loader as planLayoutLoader } from "../behandeling/plan/layout.tsx";
import { loader as planOverviewLoader } from "../behandeling/plan/overzicht.tsx";
import RecoveryClaims from "./terugvorderingen.tsx";

/**
 * The recoveries page is finance's (design.md §1: finance follows recoveries); the vaststelling tab
 * is the handler's and the decision maker's (REVIEW_ROLES). A claim must link to a page finance may
 * open: the plan's overview (PLAN_READER_ROLES, as e2e/access-matrix.ts expects for financien).
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

async function requestAs(who: Actor, path: string): Promise<Request> {
  const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie ?? "" } });
}

it("links each claim to the plan's page that finance may open", async () => {
  // Advances paid, then the grant revoked: the revocation opens a recovery claim.
  const { planId } = await revokedScenarioPlan(s);
  const { rows } = await openRecoveryClaims({ skip: 0, take: 10_000 });
  const claim = rows.find((c) => c.planId === planId);
  expect(claim).toBeDefined();

  const loaderData = { claims: claim ? [claim] : [], total: 1, page: 1, pageCount: 1 };
  const Stub = createRoutesStub([
    { id: "terugvorderingen", path: "/financien/terugvorderingen", Component: RecoveryClaims },
  ]);
  const html = renderToStaticMarkup(
    <Stub
      initialEntries={["/financien/terugvorderingen"]}
      hydrationData={{ loaderData: { terugvorderingen: loaderData } }}
    />,
  );
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
  const href = hrefs.find((h) => h?.startsWith("/behandeling/plannen/"));
  expect(href).toBe(`/behandeling/plannen/${planId}`);

  // The page behind that link: its layout and its overview both let finance in.
  const args = async () =>
    ({ request: await requestAs(finance, href ?? ""), params: { planId }, context: {} }) as never;
  const layout = (await planLayoutLoader(await args())) as { plan: { id: string } };
  const overview = (await planOverviewLoader(await args())) as { plan: { id: string } };
  expect(layout.plan.id).toBe(planId);
  expect(overview.plan.id).toBe(planId);
});
