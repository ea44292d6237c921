import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { setClock } from "../../domain/clock.ts";
import { reportExecutionStart } from "../../domain/plan/execution.server.ts";
import { amsterdamDate } from "../../domain/time/index.ts";
import { advisePlan, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { action, loader } from "./onderbesteding.tsx";

/**
 * The melding onderbesteding's page as the server answers it: each field's problem in the shape the
 * form puts next to its field and in its error summary, what was typed kept; the 75% refusal at the
 * amount; another organisation's plan not found.
 */
let s: Scenario;
let planId: string;
beforeAll(async () => {
  s = await createScenario();
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
  await reportExecutionStart(s.applicantA, id, plan.version, amsterdamDate(new Date()));
  planId = id;
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

const cookieOf = async (who: Actor) =>
  (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0] ?? "";
const url = () => `http://localhost/aanvrager/plannen/${planId}/onderbesteding/1`;
// Half-year 1 (January–June of year+1) is over.
const afterHalfYear = () => setClock(new Date(`${s.year + 1}-07-05T10:00:00+02:00`));

async function post(who: Actor, fields: Record<string, string>) {
  afterHalfYear();
  const request = new Request(url(), {
    method: "POST",
    headers: { Cookie: await cookieOf(who), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  let result: unknown;
  try {
    result = await action({ request, params: { planId, halfjaar: "1" }, context: {} } as never);
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
  const r = result as { data: Record<string, unknown>; init: ResponseInit | null };
  return { status: r.init?.status ?? 200, body: r.data };
}

const version = async () =>
  (await prisma.underspendingReport.findFirst({ where: { planId, halfYear: 1 } }))?.version ?? 0;

describe("the melding onderbesteding's page", () => {
  it("answers a bad amount and short texts per field on submit, and keeps what was typed", async () => {
    const answer = await post(s.applicantA, {
      intent: "submit",
      expectedVersion: String(await version()),
      actual: "veel",
      causes: "Kort.",
      outlook: "",
    });
    expect(answer).toMatchObject({
      status: 400,
      body: {
        ok: false,
        errors: {
          actual: {
            message: expect.stringMatching(
              /^Bij de gemaakte subsidiabele kosten in dit halfjaar staat geen geldig bedrag/,
            ),
          },
          causes: { message: "Beschrijf de oorzaken van de lagere kosten in ten minste 20 tekens." },
          outlook: {
            message: "Beschrijf wat u doet en verwacht voor de rest van de periode in ten minste 20 tekens.",
          },
        },
      },
    });
    expect(await prisma.underspendingReport.findFirstOrThrow({ where: { planId } })).toMatchObject({
      causes: "Kort.",
      submittedAt: null,
    });
  });

  it("refuses costs above 75% of plan at the amount, then takes a melding at or below it", async () => {
    const texts = {
      causes: "De werving van deelnemers kwam later op gang dan gepland.",
      outlook: "Extra werving via de opleidingsbedrijven; wij halen de achterstand in.",
    };
    const above = await post(s.applicantA, {
      intent: "submit",
      expectedVersion: String(await version()),
      actual: "999.999.999,00",
      ...texts,
    });
    expect(above.status).toBe(400);
    expect(above.body).toMatchObject({
      errors: {
        actual: { message: expect.stringMatching(/over dit halfjaar hoeft u geen melding te doen/) },
      },
    });
    // The refusal came after the draft was saved: its answer carries the saved version, which the
    // page's next post sends (not the one it had before, which is then out of date).
    const { version: answered } = above.body as { version?: number };
    expect(answered).toBe(await version());
    const done = await post(s.applicantA, {
      intent: "submit",
      expectedVersion: String(answered),
      actual: "1.000,00",
      ...texts,
    });
    expect(done).toMatchObject({ status: 302, location: `/aanvrager/plannen/${planId}/onderbesteding/1` });
    afterHalfYear();
    const request = new Request(url(), { headers: { Cookie: await cookieOf(s.applicantA) } });
    const page = (await loader({ request, params: { planId, halfjaar: "1" }, context: {} } as never)) as {
      melding: { submittedAt: string | null; actualCents: string };
      open: boolean;
    };
    expect(page.melding).toMatchObject({ actualCents: "100000" });
    expect(page.open).toBe(false);
  });

  it("does not find another organisation's plan, nor a half-year that is no number", async () => {
    const other = await post(s.applicantB, { intent: "save", expectedVersion: "0", actual: "1,00" });
    expect(other.status).toBe(404);
    afterHalfYear();
    const request = new Request(url(), { headers: { Cookie: await cookieOf(s.applicantB) } });
    await expect(
      loader({ request, params: { planId, halfjaar: "1" }, context: {} } as never),
    ).rejects.toMatchObject({
      init: { status: 404 },
    });
    const own = new Request(url(), { headers: { Cookie: await cookieOf(s.applicantA) } });
    await expect(
      loader({ request: own, params: { planId, halfjaar: "x" }, context: {} } as never),
    ).rejects.toMatchObject({
      init: { status: 404 },
    });
  });
});
