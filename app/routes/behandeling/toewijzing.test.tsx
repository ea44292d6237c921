import { renderToStaticMarkup } from "react-dom/server";
import { createRoutesStub } from "react-router";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { claimPlan } from "../../domain/assessment/assignment.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import Assignments, { loader } from "./toewijzing.tsx";

/**
 * The assignment page as the queue's link opens it (?plan=): the plan is on it, and "Oppakken"
 * stays while the plan has a seat open, also after the first of two advisers took one.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await disconnectPrisma();
});

async function requestAs(who: Actor, path: string): Promise<Request> {
  const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie ?? "" } });
}

async function page(who: Actor, path: string): Promise<string> {
  const loaderData = await loader({ request: await requestAs(who, path), params: {}, context: {} } as never);
  const Stub = createRoutesStub([
    { id: "toewijzing", path: "/behandeling/toewijzing", Component: Assignments },
  ]);
  return renderToStaticMarkup(
    <Stub initialEntries={[path]} hydrationData={{ loaderData: { toewijzing: loaderData } }} />,
  );
}

it("offers the second seat of a plan needing two advisers on the page the queue links to", async () => {
  // Received long after everything else: on the last page, not the first, once there are many.
  const at = new Date("2099-01-01T09:00:00Z");
  const p = await prisma.plan.create({
    data: {
      reference: `SP-W${s.tag}`,
      organisationId: s.orgA.id,
      regulationId: s.regulation.id,
      windowId: s.window.id,
      status: "IN_ASSESSMENT",
      title: "Twee adviseurs",
      createdById: s.applicantA.userId,
      sectorCodes: ["3"],
      submittedAt: at,
      receivedAt: at,
      completeReceivedAt: at,
      advisersRequired: 2,
    },
  });
  await claimPlan(s.adviser, p.id);
  const html = await page(s.adviser2, `/behandeling/toewijzing?plan=${p.id}`);
  expect(html).toContain(`id="plan-${p.id}"`);
  expect(html).toContain(`Oppakken: ${p.reference}`);

  await claimPlan(s.adviser2, p.id);
  const full = await page(s.coordinator, `/behandeling/toewijzing?plan=${p.id}`);
  expect(full).toContain(`id="plan-${p.id}"`);
  expect(full).not.toContain(`Oppakken: ${p.reference}`);
  // A hand-edited ?plan= or ?pagina= shows a page, not an error.
  await expect(page(s.adviser2, "/behandeling/toewijzing?plan=x&pagina=nul")).resolves.toContain(
    "Plannen in beoordeling",
  );
});
