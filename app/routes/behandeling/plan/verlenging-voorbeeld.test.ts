import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import type { Actor } from "../../../domain/actor.ts";
import { requestExtension } from "../../../domain/extension/extension.server.ts";
import { NO_OPEN_EXTENSION } from "../../../domain/extension/rules.ts";
import { markInterimReportSubmitted } from "../../../domain/extension/test-support.server.ts";
import { advisePlan, completePlan, grantPlan } from "../../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../../test/scenario.server.ts";
import { action, loader } from "./verlenging-voorbeeld.tsx";

// The preview of the besluit on a verlenging as the server answers it: the PDF for the form's
// values (GET with a query, POST from the form), a plain 400 for bad values, and who may see it.

let s: Scenario;
let planId: string;
let extensionId: string;
let undecided: string;
beforeAll(async () => {
  s = await createScenario();
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  await markInterimReportSubmitted(id);
  planId = id;
  const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
  ({ extensionId } = await requestExtension(s.applicantA, id, plan.version, {
    months: 6,
    motivation: "De laatste groep begint door een late vergunning een half jaar later.",
  }));
  // A granted plan nobody asked to extend.
  const other = await completePlan(s);
  await grantPlan(s, other.id, await advisePlan(s, other.id, other.version));
  undecided = other.id;
});
afterAll(async () => {
  await prisma.reminder.updateMany({
    where: { plan: { organisationId: { in: [s.orgA.id, s.orgB.id] } }, sentAt: null, cancelledAt: null },
    data: { cancelledAt: new Date() },
  });
  await disconnectPrisma();
});

async function cookieOf(who: Actor): Promise<string> {
  return (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0] ?? "";
}

const url = (id: string) => `http://localhost/behandeling/plannen/${id}/verlenging/voorbeeld`;

/** The answer as the browser gets it: a Response, or the status of the error page thrown. */
async function answer(run: () => Promise<Response>): Promise<{ status: number; type: string; body: Buffer }> {
  try {
    const r = await run();
    return {
      status: r.status,
      type: r.headers.get("Content-Type") ?? "",
      body: Buffer.from(await r.arrayBuffer()),
    };
  } catch (thrown) {
    const status = (thrown as { init?: { status?: number } }).init?.status;
    if (!status) throw thrown;
    return { status, type: "page", body: Buffer.from("") };
  }
}

async function get(who: Actor, fields: Record<string, string>, id = planId) {
  const request = new Request(`${url(id)}?${new URLSearchParams(fields)}`, {
    headers: { Cookie: await cookieOf(who) },
  });
  return answer(() => loader({ request, params: { planId: id }, context: {} } as never));
}

async function post(who: Actor, fields: Record<string, string>, id = planId) {
  const request = new Request(url(id), {
    method: "POST",
    headers: { Cookie: await cookieOf(who), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  return answer(() => action({ request, params: { planId: id }, context: {} } as never));
}

async function textOf(bytes: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, " ");
}

const REASON = "Vier maanden volstaan om de laatste groep de scholing te laten afronden.";

describe("the preview of the besluit on a verlenging", () => {
  it("renders the letter for the form's values, posted or as a query, and stores nothing", async () => {
    const before = await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } });
    const documents = await prisma.document.count({ where: { planId } });
    const posted = await post(s.decisionMaker, {
      extensionId,
      outcome: "GRANT",
      months: "4",
      reason: REASON,
    });
    expect(posted.status).toBe(200);
    expect(posted.type).toBe("application/pdf");
    const text = await textOf(posted.body);
    expect(text).toContain("VOORBEELD — dit is nog geen besluit.");
    expect(text).toContain("met vier maanden, en niet met de zes maanden die u heeft gevraagd");
    expect(text).toContain(REASON);
    const queried = await get(s.decisionMaker, {
      outcome: "REFUSE",
      reason: "De vertraging lag binnen de invloed van de aanvrager.",
    });
    expect(queried.status).toBe(200);
    expect(await textOf(queried.body)).toContain("Ik wijs uw verzoek om verlenging af.");
    expect(await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } })).toEqual(before);
    expect(await prisma.document.count({ where: { planId } })).toBe(documents);
  });

  it("answers bad values with a 400 that names what to correct, never a 500", async () => {
    const fewer = await post(s.decisionMaker, { extensionId, outcome: "GRANT", months: "4", reason: "" });
    expect(fewer.status).toBe(400);
    expect(fewer.type).toMatch(/^text\/plain/);
    expect(fewer.body.toString()).toMatch(/minder maanden verleent dan gevraagd/);
    expect((await get(s.decisionMaker, {})).status).toBe(400);
    expect((await get(s.decisionMaker, { outcome: "GRANT", months: "zeven" })).body.toString()).toContain(
      "Kies het aantal maanden: 1 tot en met 6.",
    );
    expect((await get(s.decisionMaker, { outcome: "GRANT", months: "7" })).status).toBe(400);
    expect((await get(s.decisionMaker, { outcome: "REFUSE", reason: "Nee." })).status).toBe(400);
  });

  it("is the decision maker's: 403 for a handler, 404 for a plan that does not exist", async () => {
    expect((await get(s.handler, { outcome: "GRANT", months: "6" })).status).toBe(403);
    expect((await post(s.applicantA, { outcome: "GRANT", months: "6" })).status).toBe(403);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await get(s.decisionMaker, { outcome: "GRANT", months: "6" }, missing)).status).toBe(404);
  });

  it("has nothing to show for a plan without an open request, or a form for a request handled since (409)", async () => {
    const none = await get(s.decisionMaker, { outcome: "GRANT", months: "6" }, undecided);
    expect(none.status).toBe(409);
    expect(none.body.toString()).toContain(NO_OPEN_EXTENSION);
    const stale = await post(s.decisionMaker, {
      extensionId: "00000000-0000-4000-8000-000000000000",
      outcome: "GRANT",
      months: "6",
    });
    expect(stale.status).toBe(409);
  });

  it("gives a decision maker who handled the plan the four-eyes error page", async () => {
    await prisma.roleMembership.create({ data: { userId: s.handler.userId, role: "DECISION_MAKER" } });
    const both: Actor = { ...s.handler, roles: ["CASE_HANDLER", "DECISION_MAKER"] };
    expect((await get(both, { outcome: "GRANT", months: "6" })).status).toBe(403);
  });
});
