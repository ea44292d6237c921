import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import type { Actor } from "../../../domain/actor.ts";
import { setClock } from "../../../domain/clock.ts";
import {
  openInterimReport,
  saveInterimStep,
  submitInterimReport,
} from "../../../domain/interim/report.server.ts";
import { formatEuro } from "../../../domain/money.ts";
import { reportExecutionStart } from "../../../domain/plan/execution.server.ts";
import { REVIEW_NOTE_MAX } from "../../../domain/review/report-read.ts";
import { amsterdamDate } from "../../../domain/time/index.ts";
import { advisePlan, completePlan, grantPlan } from "../../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../../test/scenario.server.ts";
import { visibleTabs } from "./layout.tsx";
import { action, loader } from "./tussentijds.tsx";

// The Tussentijds verslag tab as the server answers it: the handler reads the submitted report and
// records "gelezen" with a note; the decision maker reads it but cannot post; a note too long is
// answered at its field.

let s: Scenario;
let planId: string;
beforeAll(async () => {
  s = await createScenario();
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
  await reportExecutionStart(s.applicantA, id, plan.version, amsterdamDate(new Date()));
  planId = id;
  const measureIds = (await prisma.measure.findMany({ where: { planId }, orderBy: { position: "asc" } })).map(
    (m) => m.id,
  );
  setClock(new Date(`${s.year + 2}-01-20T10:00:00+01:00`));
  const view = await openInterimReport(s.applicantA, planId, 12);
  const one = await saveInterimStep(s.applicantA, planId, 12, view.report?.version ?? 0, "results", {
    measures: measureIds.map((measureId) => ({ measureId, participants: "25" })),
    summary: "Alles loopt volgens plan, op de werving na.",
  });
  const two = await saveInterimStep(s.applicantA, planId, 12, one.version, "costs", {
    costs: measureIds.map((measureId) => ({ measureId, year: String(s.year + 1), amount: "30.000,00" })),
  });
  await submitInterimReport(s.applicantA, planId, 12, two.version, true);
  setClock(null);
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

const cookieOf = async (who: Actor) =>
  (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0] ?? "";
const url = () => `http://localhost/behandeling/plannen/${planId}/tussentijds`;

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

describe("the Tussentijds verslag tab", () => {
  it("is a tab of the handler and the decision maker while the grant runs", () => {
    const tabs = (roles: ("CASE_HANDLER" | "DECISION_MAKER" | "FINANCE")[]) =>
      visibleTabs({ status: "IN_EXECUTION", revocation: null }, roles).map((t) => t.to);
    expect(tabs(["CASE_HANDLER"])).toContain("tussentijds");
    expect(tabs(["DECISION_MAKER"])).toContain("tussentijds");
    expect(tabs(["FINANCE"])).not.toContain("tussentijds");
    expect(
      visibleTabs({ status: "SUBMITTED", revocation: null }, ["CASE_HANDLER"]).map((t) => t.to),
    ).not.toContain("tussentijds");
  });

  it("shows the submitted report's figures against the budget, and the form to the handler only", async () => {
    const request = new Request(url(), { headers: { Cookie: await cookieOf(s.handler) } });
    const data = (await loader({ request, params: { planId }, context: {} } as never)) as {
      page: {
        reports: { measures: { years: { planned: string; actual: string }[] }[] }[];
        reviewRefusal: string | null;
      };
    };
    expect(data.page.reviewRefusal).toBeNull();
    expect(data.page.reports[0]?.measures[0]?.years[0]?.actual).toBe(formatEuro(3_000_000n));
    const asDecisionMaker = new Request(url(), { headers: { Cookie: await cookieOf(s.decisionMaker) } });
    const other = (await loader({ request: asDecisionMaker, params: { planId }, context: {} } as never)) as {
      page: { reviewRefusal: string | null };
    };
    expect(other.page.reviewRefusal).toBe(
      "Alleen een behandelaar legt vast dat een tussentijds voortgangsverslag gelezen is.",
    );
    expect(
      (await post(s.decisionMaker, { intent: "review", afterMonths: "12", expectedVersion: "1" })).status,
    ).toBe(403);
  });

  it("answers a note that is too long at its field, then records the reading", async () => {
    const long = await post(s.handler, {
      intent: "review",
      afterMonths: "12",
      expectedVersion: String(await version()),
      note: "x".repeat(REVIEW_NOTE_MAX + 1),
    });
    expect(long).toMatchObject({
      status: 400,
      body: {
        ok: false,
        form: "review-12",
        errors: { note: { message: `De opmerking mag hoogstens ${REVIEW_NOTE_MAX} tekens hebben.` } },
      },
    });
    const done = await post(s.handler, {
      intent: "review",
      afterMonths: "12",
      expectedVersion: String(await version()),
      note: "Gelezen, geen vragen.",
    });
    expect(done).toMatchObject({ status: 200, body: { ok: true, form: "review-12" } });
    expect(await prisma.interimReport.findFirstOrThrow({ where: { planId } })).toMatchObject({
      reviewedById: s.handler.userId,
      reviewNote: "Gelezen, geen vragen.",
    });
  });
});
