import { renderToStaticMarkup } from "react-dom/server";
import { createRoutesStub } from "react-router";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { setClock } from "../../domain/clock.ts";
import { localDateToDb } from "../../domain/time/index.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import Queues, { loader } from "./queues.tsx";

/**
 * The term column of the queue: a plan awaiting its vaststelling shows the vaststelling's term,
 * named as such, with its days and the late flag; a plan awaiting the grant its decision term.
 */
const AT = new Date("2026-06-15T10:00:00Z");
let s: Scenario;

async function requestAs(who: Actor, path: string): Promise<Request> {
  const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie ?? "" } });
}

async function page(who: Actor, path: string): Promise<string> {
  const loaderData = await loader({ request: await requestAs(who, path), params: {}, context: {} } as never);
  const Stub = createRoutesStub([{ id: "queues", path: "/behandeling", Component: Queues }]);
  return renderToStaticMarkup(
    <Stub initialEntries={[path]} hydrationData={{ loaderData: { queues: loaderData } }} />,
  );
}

async function plan(
  ref: string,
  status: "SETTLEMENT_REQUESTED" | "ADVISED",
  dueOn: `${number}-${number}-${number}`,
) {
  const at = new Date("2025-09-01T09:00:00Z");
  return prisma.plan.create({
    data: {
      reference: `SP-Q${s.tag}-${ref}`,
      organisationId: s.orgA.id,
      regulationId: s.regulation.id,
      windowId: s.window.id,
      status,
      title: `Plan ${ref}`,
      createdById: s.applicantA.userId,
      sectorCodes: ["3"],
      submittedAt: at,
      receivedAt: at,
      completeReceivedAt: at,
      decisionTermWeeks: 13,
      decisionDueOn: localDateToDb(dueOn),
    },
  });
}

/** The cell of the term column in the row of `reference`. */
function termCell(html: string, reference: string): string {
  const rowHtml = html.split("<tr").find((r) => r.includes(reference)) ?? "";
  // The kenmerk is the row's header cell; then organisation, status, receipt and the term.
  return rowHtml.split(/<td[^>]*>/)[4]?.split("</td>")[0] ?? "";
}

beforeAll(async () => {
  setClock(AT);
  s = await createScenario();
});
afterAll(async () => {
  setClock(null);
  await disconnectPrisma();
});

it("names the vaststelling's term in the term column, with its days and the late flag", async () => {
  const late = await plan("001", "SETTLEMENT_REQUESTED", "2025-12-01");
  await prisma.reminder.create({
    data: {
      planId: late.id,
      kind: "SETTLEMENT_DECISION_WARNING",
      termEnd: localDateToDb("2026-06-10"),
      dueAt: new Date("2026-05-27T08:00:00Z"),
    },
  });
  const advised = await plan("002", "ADVISED", "2026-06-20");
  const html = await page(s.handler, `/behandeling?lijst=alle&q=Q${s.tag}`);
  const settlementCell = termCell(html, late.reference);
  expect(settlementCell).toContain("vaststelling: ");
  expect(settlementCell).toContain("10 juni 2026");
  expect(settlementCell).toContain("Verlopen: </strong>5 dagen verlopen");
  expect(settlementCell).not.toContain("2025");
  const grantCell = termCell(html, advised.reference);
  expect(grantCell).not.toContain("vaststelling");
  expect(grantCell).toContain("20 juni 2026");
  expect(grantCell).toContain("nog 5 dagen");
  // The filter says it takes the vaststelling's term too.
  expect(html).toContain(
    "Alleen plannen waarvan de beslistermijn is verstreken (ook die op de vaststelling)",
  );
});
