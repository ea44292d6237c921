import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import type { Actor } from "../../../domain/actor.ts";
import { setClock } from "../../../domain/clock.ts";
import { reportExecutionStart } from "../../../domain/plan/execution.server.ts";
import { REVIEW_NOTE_MAX } from "../../../domain/review/report-read.ts";
import { amsterdamDate } from "../../../domain/time/index.ts";
import { submitMelding } from "../../../domain/underspending/melding.server.ts";
import { advisePlan, completePlan, grantPlan } from "../../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../../test/scenario.server.ts";
import { visibleTabs } from "./layout.tsx";
import { action, loader } from "./onderbesteding.tsx";

// The Onderbesteding tab as the server answers it: planned against actual and the percentage; the
// handler records "gelezen" with a note; the decision maker reads but cannot post; a plan outside
// the handler's reach is not found.

let s: Scenario;
let planId: string;
beforeAll(async () => {
  s = await createScenario();
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
  await reportExecutionStart(s.applicantA, id, plan.version, amsterdamDate(new Date()));
  planId = id;
  setClock(new Date(`${s.year + 1}-07-10T10:00:00+02:00`));
  await submitMelding(s.applicantA, planId, 1, 0, {
    actual: "0,00",
    causes: "De werving van deelnemers kwam later op gang dan gepland.",
    outlook: "Extra werving via de opleidingsbedrijven; wij halen de achterstand in.",
  });
  setClock(null);
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

const cookieOf = async (who: Actor) =>
  (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0] ?? "";
const url = (id = planId) => `http://localhost/behandeling/plannen/${id}/onderbesteding`;

async function post(who: Actor, fields: Record<string, string>) {
  const request = new Request(url(), {
    method: "POST",
    headers: { Cookie: await cookieOf(who), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  let result: unknown;
  try {
    result = await action({ request, params: { planId }, context: {} } as never);
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) return { status: result.status, body: undefined };
  const r = result as { data?: Record<string, unknown>; init?: ResponseInit | null };
  return r && "data" in r && "init" in r
    ? { status: r.init?.status ?? 200, body: r.data }
    : { status: 200, body: result as Record<string, unknown> };
}

const version = async () => (await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).version;

describe("the Onderbesteding tab", () => {
  it("is a tab of the handler and the decision maker while the grant runs", () => {
    const tabs = (roles: ("CASE_HANDLER" | "DECISION_MAKER" | "FINANCE")[]) =>
      visibleTabs({ status: "IN_EXECUTION", revocation: null }, roles).map((t) => t.to);
    expect(tabs(["CASE_HANDLER"])).toContain("onderbesteding");
    expect(tabs(["DECISION_MAKER"])).toContain("onderbesteding");
    expect(tabs(["FINANCE"])).not.toContain("onderbesteding");
  });

  it("shows planned against actual with the percentage, and the form to the handler only", async () => {
    const request = new Request(url(), { headers: { Cookie: await cookieOf(s.handler) } });
    const data = (await loader({ request, params: { planId }, context: {} } as never)) as {
      page: { meldingen: { percent: number | null; actual: string }[]; reviewRefusal: string | null };
    };
    expect(data.page.reviewRefusal).toBeNull();
    expect(data.page.meldingen[0]).toMatchObject({ percent: 0, actual: "€\u00a00,00" });
    expect(
      (await post(s.decisionMaker, { intent: "review", halfYear: "1", expectedVersion: "1" })).status,
    ).toBe(403);
  });

  it("answers a note that is too long at its field, then records the reading", async () => {
    const long = await post(s.handler, {
      intent: "review",
      halfYear: "1",
      expectedVersion: String(await version()),
      note: "x".repeat(REVIEW_NOTE_MAX + 1),
    });
    expect(long).toMatchObject({
      status: 400,
      body: {
        ok: false,
        form: "review-1",
        errors: { note: { message: `De opmerking mag hoogstens ${REVIEW_NOTE_MAX} tekens hebben.` } },
      },
    });
    const done = await post(s.handler, {
      intent: "review",
      halfYear: "1",
      expectedVersion: String(await version()),
      note: "Gelezen, geen vragen.",
    });
    expect(done).toMatchObject({ status: 200, body: { ok: true, form: "review-1" } });
    expect(await prisma.underspendingReport.findFirstOrThrow({ where: { planId } })).toMatchObject({
      reviewedById: s.handler.userId,
      reviewNote: "Gelezen, geen vragen.",
    });
  });

  it("does not find a plan the staff member cannot see", async () => {
    const request = new Request(url("00000000-0000-4000-8000-000000000000"), {
      headers: { Cookie: await cookieOf(s.handler) },
    });
    await expect(
      loader({ request, params: { planId: "00000000-0000-4000-8000-000000000000" }, context: {} } as never),
    ).rejects.toMatchObject({ init: { status: 404 } });
  });
});
