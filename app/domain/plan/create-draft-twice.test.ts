import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { createDraftPlan } from "./drafts.server.ts";

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
});
