import { createStaticHandler, isRouteErrorResponse, type ServerBuild } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../app/auth/session.server.ts";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { INVALID_TEXT_MESSAGE, isInvalidTextInput } from "../app/db/invalid-text.server.ts";
import { submittedScenarioPlan } from "../app/domain/documents/test-fixtures.server.ts";
import * as messagesTab from "../app/routes/behandeling/plan/berichten.tsx";
import { createScenario, type Scenario } from "../app/test/scenario.server.ts";
import { servedBuild } from "./build.ts";
import { NOT_A_FORM_MESSAGE, refusingInvalidText } from "./invalid-text.ts";

/**
 * A NUL character in a form field or a query value reaches PostgreSQL, which refuses it (SQLSTATE
 * 22021): without server/invalid-text.ts every such request was a 500. Here the staff's message
 * tab's real action is run by React Router's own static handler (as the request handler runs it),
 * once as the app serves it (servedBuild, server/app.ts) and once bare.
 */

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await disconnectPrisma();
});

const ROUTE_ID = "routes/behandeling/plan/berichten";

/** The React Router route of the messages tab, from a build holding only it. */
function messagesRoute(build: (b: ServerBuild) => ServerBuild) {
  const module = build({
    routes: {
      [ROUTE_ID]: { id: ROUTE_ID, path: "/behandeling/plannen/:planId/berichten", module: messagesTab },
    },
  } as unknown as ServerBuild).routes[ROUTE_ID]?.module;
  return createStaticHandler([
    {
      id: ROUTE_ID,
      path: "/behandeling/plannen/:planId/berichten",
      loader: module?.loader as never,
      action: module?.action as never,
      hasErrorBoundary: true,
    },
  ]);
}

async function postNote(planId: string, tekst: string): Promise<Request> {
  const cookie = (await createUserSession(new Request("http://localhost/"), s.handler.userId)).split(";")[0];
  return new Request(`http://localhost/behandeling/plannen/${planId}/berichten`, {
    method: "POST",
    headers: { Cookie: cookie ?? "", "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "bericht", tekst }),
  });
}

describe("text with a NUL character (%00)", () => {
  it("posted in a plan message is a 400 with a Dutch message saying what to do, not a 500; nothing is stored", async () => {
    const { planId } = await submittedScenarioPlan(s);
    const text = "Zie de bijlage\u0000 van gisteren.";

    const bare = await messagesRoute((b) => b).query(await postNote(planId, text));
    if (bare instanceof Response) throw new Error("expected a render context");
    // Without the guard: PostgreSQL's refusal is an unexpected error, the 500 page.
    expect(bare.statusCode).toBe(500);
    expect(isInvalidTextInput(bare.errors?.[ROUTE_ID])).toBe(true);

    const guarded = await messagesRoute(servedBuild).query(await postNote(planId, text));
    if (guarded instanceof Response) throw new Error("expected a render context");
    expect(guarded.statusCode).toBe(400);
    const error = guarded.errors?.[ROUTE_ID];
    expect(isRouteErrorResponse(error)).toBe(true);
    expect((error as { data: unknown }).data).toBe(INVALID_TEXT_MESSAGE);
    expect(INVALID_TEXT_MESSAGE).toMatch(/NUL-teken.*%00.*haal het teken weg/);
    expect(await prisma.planMessage.count({ where: { planId } })).toBe(0);

    // The same text without the NUL goes through.
    const ok = await messagesRoute(servedBuild).query(await postNote(planId, text.replace("\u0000", "")));
    if (ok instanceof Response) throw new Error("expected a render context");
    expect(ok.statusCode).toBe(200);
    expect(await prisma.planMessage.count({ where: { planId } })).toBe(1);
  });

  it("in a download's query (a resource route, no page) is a plain-text 400", async () => {
    const download = refusingInvalidText(async ({ request }: { request: Request }) => {
      const q = new URL(request.url).searchParams.get("q") ?? "";
      await prisma.$queryRaw`SELECT count(*) FROM "Plan" WHERE title = ${q}`;
      return new Response("ok");
    }, false);
    const answer = (await download({ request: new Request("http://localhost/x.csv?q=a%00b") })) as Response;
    expect(answer.status).toBe(400);
    expect(answer.headers.get("Content-Type")).toContain("text/plain");
    expect(await answer.text()).toBe(INVALID_TEXT_MESSAGE);
  });

  it("answers a post whose body is not a form with a Dutch 400, not a 500", async () => {
    const { planId } = await submittedScenarioPlan(s);
    const cookie = (await createUserSession(new Request("http://localhost/"), s.handler.userId)).split(
      ";",
    )[0];
    for (const [type, body] of [
      ["application/json", JSON.stringify({ intent: "bericht", tekst: "x" })],
      ["text/plain", "intent=bericht"],
      ["multipart/form-data", "geen grens"],
    ] as const) {
      const request = new Request(`http://localhost/behandeling/plannen/${planId}/berichten`, {
        method: "POST",
        headers: { Cookie: cookie ?? "", "Content-Type": type },
        body,
      });
      const context = await messagesRoute(servedBuild).query(request);
      if (context instanceof Response) throw new Error(`unexpected response ${context.status}`);
      const error = context.errors?.[ROUTE_ID];
      expect(isRouteErrorResponse(error) ? [error.status, error.data] : error).toEqual([
        400,
        NOT_A_FORM_MESSAGE,
      ]);
    }
  });

  it("leaves every other error as it was", async () => {
    const failing = refusingInvalidText(async (_args: { request: Request }) => {
      throw new Error("boom");
    }, true);
    await expect(failing({ request: new Request("http://localhost/") })).rejects.toThrow("boom");
    const jsonNul = await prisma.$queryRaw`SELECT ${JSON.stringify({ a: "x\u0000" })}::jsonb`.catch((e) => e);
    expect(isInvalidTextInput(jsonNul)).toBe(true);
  });
});
