import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import type { Actor } from "../../../domain/actor.ts";
import { setClock } from "../../../domain/clock.ts";
import { grantedScenarioPlan } from "../../../domain/documents/test-fixtures.server.ts";
import { requestExtension } from "../../../domain/extension/extension.server.ts";
import { extensionDecisionDueOn } from "../../../domain/extension/rules.ts";
import { markInterimReportSubmitted } from "../../../domain/extension/test-support.server.ts";
import { addCalendarDays, amsterdamTimeOn, type LocalDate } from "../../../domain/time/index.ts";
import { createScenario, type Scenario } from "../../../test/scenario.server.ts";
import { action as extensionAction, loader as extensionLoader } from "./verlenging.tsx";

// The Verlenging tab as the server answers it for the applicant's ingebrekestelling on a late
// besluit (Awb 4:17): the case handler gets the form and records it there; the decision maker
// neither gets the form nor can post it; the decision itself stays the decision maker's.

let s: Scenario;
let planId: string;
let extensionId: string;
let due: LocalDate;
beforeAll(async () => {
  s = await createScenario();
  ({ planId } = await grantedScenarioPlan(s));
  await markInterimReportSubmitted(planId);
  const plan = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
  ({ extensionId } = await requestExtension(s.applicantA, planId, plan.version, {
    months: 6,
    motivation: "De laatste groep begint door een late vergunning een half jaar later.",
  }));
  const ext = await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } });
  due = extensionDecisionDueOn(ext.requestedAt);
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

async function cookieOf(who: Actor): Promise<string> {
  return (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0] ?? "";
}
const url = () => `http://localhost/behandeling/plannen/${planId}/verlenging`;

async function load(who: Actor) {
  const request = new Request(url(), { headers: { Cookie: await cookieOf(who) } });
  return (await extensionLoader({ request, params: { planId }, context: {} } as never)) as NonNullable<
    Awaited<ReturnType<typeof extensionLoader>>
  >;
}

async function post(who: Actor, fields: Record<string, string>) {
  const request = new Request(url(), {
    method: "POST",
    headers: { Cookie: await cookieOf(who), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  let result: unknown;
  try {
    result = await extensionAction({ request, params: { planId }, context: {} } as never);
  } catch (thrown) {
    result = thrown;
  }
  const d = result as { init?: { status?: number }; data?: unknown };
  type Body = { ok: boolean; message?: string; formError?: string };
  if (d && typeof d === "object" && "data" in d)
    return { status: d.init?.status ?? 200, body: d.data as Body };
  return { status: 200, body: d as unknown as Body };
}

const version = async () => String((await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).version);

describe("the ingebrekestelling on the Verlenging tab", () => {
  it("is offered to the case handler only, recorded from the tab, and shown with its penalty", async () => {
    setClock(amsterdamTimeOn(addCalendarDays(due, 20), 12));
    expect((await load(s.handler)).canRecordNotice).toBe(true);
    expect((await load(s.decisionMaker)).canRecordNotice).toBe(false);
    const fields = {
      intent: "default_notice",
      expectedVersion: await version(),
      subject: "EXTENSION",
      extensionId,
      receivedOn: addCalendarDays(due, 1),
    };
    // The decision maker may read the tab but records no notice (only the case handler does).
    expect((await post(s.decisionMaker, fields)).status).toBe(403);
    // Only the decision maker decides: the handler's post of the decision is still refused.
    expect(
      (await post(s.handler, { intent: "decide", expectedVersion: await version(), extensionId })).status,
    ).toBe(403);
    const answer = await post(s.handler, fields);
    expect(answer.body).toMatchObject({ ok: true, message: "De ingebrekestelling is vastgelegd." });
    const page = await load(s.decisionMaker);
    expect(page.notices[extensionId]).toMatchObject({
      receivedOn: addCalendarDays(due, 1),
      penalty: { days: 6, capped: false },
    });
  });

  it("tells the handler when the form's request is no longer open", async () => {
    setClock(amsterdamTimeOn(addCalendarDays(due, 21), 12));
    const answer = await post(s.handler, {
      intent: "default_notice",
      expectedVersion: await version(),
      subject: "EXTENSION",
      extensionId: "00000000-0000-4000-8000-000000000000",
      receivedOn: addCalendarDays(due, 1),
    });
    expect(answer.body.ok).toBe(false);
    expect(answer.body.formError).toMatch(/Op dit verzoek om verlenging wacht geen besluit meer/);
  });

  it("refuses a form that showed another recorded day than the one recorded meanwhile (409), and takes the current one", async () => {
    setClock(amsterdamTimeOn(addCalendarDays(due, 22), 12));
    const base = {
      intent: "default_notice",
      expectedVersion: await version(),
      subject: "EXTENSION",
      extensionId,
      receivedOn: addCalendarDays(due, 3),
    };
    // The page showed no notice, but one for due + 1 was recorded above.
    const stale = await post(s.handler, { ...base, shownReceivedOn: "" });
    expect(stale.status).toBe(409);
    expect(stale.body.formError).toMatch(/Een collega heeft intussen .* als dag van ontvangst vastgelegd/);
    const fresh = await post(s.handler, { ...base, shownReceivedOn: addCalendarDays(due, 1) });
    expect(fresh.body).toMatchObject({ ok: true });
    expect((await load(s.decisionMaker)).notices[extensionId]?.receivedOn).toBe(addCalendarDays(due, 3));
  });
});
