import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { draftPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { changeStaffRoles, createStaffUser } from "../accounts/staff.server.ts";
import { ForbiddenError } from "../errors.ts";
import { recordJobAction } from "./job-actions.server.ts";
import { auditTrail, auditTrailCount } from "./trail.server.ts";

afterAll(disconnectPrisma);

describe("the admin's audit trail", () => {
  it("names who did what to which plan or user, with the details readable; admins only", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const email = `trail-${s.tag}@example.nl`;
    const { userId } = await createStaffUser(admin, { name: "Tess Trail", email, roles: ["ADVISER"] });
    await changeStaffRoles(admin, userId, ["ADVISER", "DECISION_MAKER"]);
    const plan = await draftPlan(s);
    const { reference } = await prisma.plan.findUniqueOrThrow({ where: { id: plan.id } });
    await prisma.auditLog.create({
      data: {
        actorId: null,
        action: "settlement.proposed",
        targetType: "Plan",
        targetId: plan.id,
        details: { proposedCents: "12345600", realisationBp: 9000 },
      },
    });

    // The newest rows; other test files write to the same database meanwhile.
    const rows = await auditTrail(admin, 500);
    const roles = rows.find((r) => r.action === "user.roles-changed" && r.target.includes(email));
    expect(roles).toMatchObject({
      actionLabel: "Rollen gewijzigd",
      target: `Tess Trail (${email})`,
      details: [
        { key: "before", value: '{"roles":["ADVISER"]}' },
        { key: "after", value: '{"roles":["ADVISER","DECISION_MAKER"]}' },
      ],
    });
    expect(roles?.actor).toContain("(");
    const proposed = rows.find((r) => r.target === `Plan ${reference}`);
    expect(proposed).toMatchObject({ actor: "systeem", actionLabel: "Vaststelling voorgesteld" });
    expect(proposed?.details.map((d) => d.key)).toEqual(["proposedCents", "realisationBp"]);
    expect(proposed?.details[0]?.value).toMatch(/^€\s123\.456,00$/);
    expect(proposed?.details[1]?.value).toBe("90%");

    await expect(auditTrail(s.handler)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("names a job by its queue in words and its id; only an admin records one", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const jobId = `trail-${s.tag}`;
    await recordJobAction(admin, {
      action: "job.discarded",
      queue: "letters",
      jobId,
      details: { taak: "render-letter", pogingen: 5, fout: "GRANT_DECISION without decisionId" },
    });
    await recordJobAction(admin, { action: "jobs.retried", queue: "emails", details: { aantal: 3 } });

    const rows = await auditTrail(admin, 500);
    const discarded = rows.find((r) => r.action === "job.discarded" && r.target.includes(jobId));
    expect(discarded).toMatchObject({
      actionLabel: "Mislukte taak verwijderd",
      target: `Wachtrij Brieven, taak ${jobId}`,
    });
    expect(discarded?.details).toContainEqual({ key: "fout", value: "GRANT_DECISION without decisionId" });
    expect(rows.find((r) => r.action === "jobs.retried")?.target).toBe("Wachtrij E-mails");
    // Its pages: the second row alone is the second of the newest two, and the count covers them all.
    const [newest, second] = await auditTrail(admin, 2);
    expect((await auditTrail(admin, 1, 1))[0]?.id).toBe(second?.id);
    expect(newest?.id).not.toBe(second?.id);
    expect(await auditTrailCount(admin)).toBeGreaterThanOrEqual(rows.length);
    await expect(auditTrailCount(s.handler)).rejects.toBeInstanceOf(ForbiddenError);

    await expect(
      recordJobAction(s.handler, { action: "job.retried", queue: "letters", jobId, details: {} }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
