import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { createDraftPlan } from "./drafts.server.ts";

afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

describe("'Nieuw plan' sent twice (a double click without JavaScript, a browser resending the POST)", () => {
  it("makes one draft, one kenmerk, when both carry the form's key, also at the same moment", async () => {
    const s = await createScenario();
    const formKey = randomUUID();
    const options = { regulationId: s.regulation.id, formKey };
    const [a, b] = await Promise.all([
      createDraftPlan(s.applicantA, options),
      createDraftPlan(s.applicantA, options),
    ]);
    expect(b.id).toBe(a.id);
    const again = await createDraftPlan(s.applicantA, options);
    expect(again.id).toBe(a.id);
    expect(await prisma.plan.count({ where: { organisationId: s.orgA.id, status: "DRAFT" } })).toBe(1);
  });

  it("makes a new draft from a new form, and the key of another user's form is not theirs", async () => {
    const s = await createScenario();
    const colleague = await s.newUser("APPLICANT", s.orgA.id);
    const first = await createDraftPlan(s.applicantA, {
      regulationId: s.regulation.id,
      formKey: randomUUID(),
    });
    const second = await createDraftPlan(s.applicantA, {
      regulationId: s.regulation.id,
      formKey: randomUUID(),
    });
    expect(second.id).not.toBe(first.id);
    const key = randomUUID();
    const mine = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id, formKey: key });
    const theirs = await createDraftPlan(colleague, { regulationId: s.regulation.id, formKey: key });
    expect(theirs.id).not.toBe(mine.id);
  });

  it("gives the key's draft only for the organisation chosen now: back, the other one, sent again", async () => {
    const s = await createScenario();
    await prisma.roleMembership.create({
      data: { userId: s.applicantA.userId, role: "APPLICANT", organisationId: s.orgB.id, isSignatory: true },
    });
    const actor = { ...s.applicantA, organisationIds: [s.orgA.id, s.orgB.id] };
    const formKey = randomUUID();
    const forA = await createDraftPlan(actor, {
      regulationId: s.regulation.id,
      organisationId: s.orgA.id,
      formKey,
    });
    const forB = await createDraftPlan(actor, {
      regulationId: s.regulation.id,
      organisationId: s.orgB.id,
      formKey,
    });
    expect(forB.id).not.toBe(forA.id);
    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id: forB.id },
      select: { organisationId: true },
    });
    expect(plan.organisationId).toBe(s.orgB.id);
    // Each organisation's send again is its own draft.
    const [againA, againB] = await Promise.all([
      createDraftPlan(actor, { regulationId: s.regulation.id, organisationId: s.orgA.id, formKey }),
      createDraftPlan(actor, { regulationId: s.regulation.id, organisationId: s.orgB.id, formKey }),
    ]);
    expect([againA.id, againB.id]).toEqual([forA.id, forB.id]);
  });

  it("looks the key up among the actor's drafts of the last hour only", async () => {
    const s = await createScenario();
    const formKey = randomUUID();
    const options = { regulationId: s.regulation.id, formKey };
    const first = await createDraftPlan(s.applicantA, options);
    setClock(new Date(Date.now() + 59 * 60 * 1000));
    expect((await createDraftPlan(s.applicantA, options)).id).toBe(first.id);
    // No resend comes this late: the lookup does not read older events, so it makes a new draft.
    setClock(new Date(Date.now() + 61 * 60 * 1000));
    expect((await createDraftPlan(s.applicantA, options)).id).not.toBe(first.id);
  });
});
