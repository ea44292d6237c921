import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { ForbiddenError, RuleViolation } from "../../domain/errors.ts";
import { createDraftPlan } from "../../domain/plan/drafts.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { action, loader } from "./nieuw.tsx";

/**
 * Starting a plan as someone in two organisations: the form asks for which one, and the draft is
 * that organisation's. Someone in one organisation is asked nothing new.
 */
let s: Scenario;
let both: Actor;
let foreignOrg: string;
afterAll(() => disconnectPrisma());
beforeAll(async () => {
  s = await createScenario();
  both = await s.newUser("APPLICANT", s.orgA.id);
  await prisma.roleMembership.create({
    data: { userId: both.userId, role: "APPLICANT", organisationId: s.orgB.id, isSignatory: true },
  });
  both = { ...both, organisationIds: [s.orgA.id, s.orgB.id] };
  foreignOrg = (await createScenario()).orgA.id;
});

const PAGE = "http://localhost/aanvrager/nieuw";
const YES = { employersOrganisation: "ja", employeesOrganisation: "ja", meetsMinimum: "ja" };

async function cookieOf(who: Actor): Promise<string> {
  return (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0] ?? "";
}

async function load(who: Actor) {
  const request = new Request(PAGE, { headers: { Cookie: await cookieOf(who) } });
  return loader({ request, params: {}, context: {} } as never);
}

async function post(who: Actor, fields: Record<string, string>) {
  const request = new Request(PAGE, {
    method: "POST",
    headers: { Cookie: await cookieOf(who), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  try {
    return await action({ request, params: {}, context: {} } as never);
  } catch (thrown) {
    return thrown;
  }
}

const plansOf = (organisationId: string) => prisma.plan.count({ where: { organisationId } });

describe("starting a plan with more than one organisation", () => {
  it("offers the user's organisations by name; one organisation is offered no choice", async () => {
    expect((await load(both)).organisations).toEqual([
      { id: s.orgA.id, name: s.orgA.name },
      { id: s.orgB.id, name: s.orgB.name },
    ]);
    expect((await load(s.applicantA)).organisations).toEqual([]);
  });

  it("asks which organisation when none is chosen, and starts nothing", async () => {
    const before = await plansOf(s.orgA.id);
    const result = (await post(both, YES)) as { data: unknown; init: { status: number } };
    expect(result.init.status).toBe(400);
    expect(result.data).toMatchObject({
      kind: "invalid",
      errors: { organisationId: "eligibility.chooseOrganisation" },
    });
    const foreign = (await post(both, { ...YES, organisationId: foreignOrg })) as {
      data: { errors: Record<string, string> };
    };
    expect(foreign.data.errors).toEqual({ organisationId: "eligibility.chooseOrganisation" });
    expect(await plansOf(s.orgA.id)).toBe(before);
    expect(await plansOf(foreignOrg)).toBe(0);
  });

  it("starts the draft for the organisation chosen", async () => {
    const done = (await post(both, { ...YES, organisationId: s.orgB.id })) as Response;
    expect(done.status).toBe(302);
    const id = done.headers.get("Location")?.split("/").pop() ?? "";
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { organisationId: true } });
    expect(plan.organisationId).toBe(s.orgB.id);
  });

  it("starts one organisation's draft without asking, as before", async () => {
    const done = (await post(s.applicantA, YES)) as Response;
    expect(done.status).toBe(302);
    const id = done.headers.get("Location")?.split("/").pop() ?? "";
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).organisationId).toBe(s.orgA.id);
  });
});

describe("createDraftPlan's organisation", () => {
  it("refuses an organisation the actor is no applicant of", async () => {
    await expect(createDraftPlan(both, { organisationId: foreignOrg })).rejects.toThrow(ForbiddenError);
    const handler = { ...s.handler, organisationIds: [s.orgA.id] };
    await expect(createDraftPlan(handler, { organisationId: s.orgA.id })).rejects.toThrow(ForbiddenError);
    expect(await plansOf(foreignOrg)).toBe(0);
  });

  it("does not pick one of several itself", async () => {
    const refused = createDraftPlan(both, { regulationId: s.regulation.id });
    await expect(refused).rejects.toThrow(RuleViolation);
    await expect(refused).rejects.toMatchObject({ field: "organisationId" });
    const plan = await createDraftPlan(both, { regulationId: s.regulation.id, organisationId: s.orgB.id });
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).organisationId).toBe(s.orgB.id);
  });
});
