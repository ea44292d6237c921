import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { translateDomainText } from "../../i18n/domain-messages.ts";
import { gate, untilWaiting } from "../../test/lock-waits.server.ts";
import { draftPlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { OPEN_STATES } from "../caselist/absence.server.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { withdrawPlan } from "../plan/withdrawal.server.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { WORKFLOW } from "../workflow/definition.server.ts";
import { setSignatory } from "./organisation.server.ts";
import { setUserActive } from "./staff.server.ts";
import { lastSignatoryMessage } from "./staff-messages.ts";

/**
 * Switched off, an organisation's last active signatory leaves a plan in flight with nobody to
 * send a supplement, withdraw, ask a vaststelling or an extension, and nobody to name a new
 * signatory (setSignatory takes a signatory as actor). The admin's switch is refused then.
 */
const planIds: string[] = [];
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

const isActive = async (userId: string) =>
  (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { active: true } })).active;

const outcomeOf = (p: Promise<unknown>) =>
  p.then(
    () => "done",
    (e: Error) => e.message,
  );

/** Organisation A with applicantA as its only signatory and a colleague who is not one. */
async function oneSignatory(s: Scenario) {
  const colleague = await s.newUser("APPLICANT", s.orgA.id);
  await prisma.roleMembership.updateMany({
    where: { userId: colleague.userId, organisationId: s.orgA.id },
    data: { isSignatory: false },
  });
  return { admin: await s.newUser("ADMIN"), colleague };
}

describe("switching off an organisation's last active signatory", () => {
  it("is refused while a supplement is asked of its plan, naming the organisation; nothing changes", async () => {
    const s = await createScenario();
    const { admin, colleague } = await oneSignatory(s);
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    await requestSupplement(
      s.handler,
      id,
      version,
      supplementRequestSchema.parse({ text: "Voeg de begroting toe.", steps: ["measures"], termDays: "14" }),
    );
    await expect(setUserActive(admin, s.applicantA.userId, false)).rejects.toMatchObject({
      message: lastSignatoryMessage(s.orgA.name),
      code: "LAST_SIGNATORY",
      field: `active-${s.applicantA.userId}`,
    });
    expect(translateDomainText(lastSignatoryMessage(s.orgA.name), "en")).toMatch(
      new RegExp(`^This is the last active signatory of ${s.orgA.name}, `),
    );
    expect(await isActive(s.applicantA.userId)).toBe(true);
    expect(
      await prisma.auditLog.count({ where: { targetId: s.applicantA.userId, action: "user.deactivated" } }),
    ).toBe(0);
    // Once a colleague is signatory, the account may go.
    await setSignatory(s.applicantA, s.orgA.id, colleague.userId, true);
    await setUserActive(admin, s.applicantA.userId, false);
    expect(await isActive(s.applicantA.userId)).toBe(false);
  });

  it("is allowed with only drafts, and with only plans in a final state", async () => {
    // A draft waits for nobody; it is submitted by a signatory anyway, so the organisation then
    // asks the admin to switch the account back on (or it is named by a colleague who still is one).
    const s = await createScenario();
    const { admin } = await oneSignatory(s);
    await draftPlan(s);
    await setUserActive(admin, s.applicantA.userId, false);
    expect(await isActive(s.applicantA.userId)).toBe(false);

    const t = await createScenario();
    const { admin: admin2 } = await oneSignatory(t);
    const { id, version } = await submittedPlan(t);
    planIds.push(id);
    await withdrawPlan(t.applicantA, id, version, null);
    await setUserActive(admin2, t.applicantA.userId, false);
    expect(await isActive(t.applicantA.userId)).toBe(false);
  });

  it("is allowed for one of two signatories", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    await s.newUser("APPLICANT", s.orgA.id); // a signatory too
    const { id } = await submittedPlan(s);
    planIds.push(id);
    await setUserActive(admin, s.applicantA.userId, false);
    expect(await isActive(s.applicantA.userId)).toBe(false);
  });

  it("counts a colleague's right taken away meanwhile (the organisation's row is the lock)", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const other = await s.newUser("APPLICANT", s.orgA.id);
    const { id } = await submittedPlan(s);
    planIds.push(id);
    // setSignatory's transaction, held open after its lock: it takes the other's right away.
    const held = gate();
    const release = gate();
    const demote = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Organisation" WHERE id = ${s.orgA.id} FOR UPDATE`;
        held.open();
        await release.opened;
        await tx.roleMembership.updateMany({
          where: { userId: other.userId, organisationId: s.orgA.id },
          data: { isSignatory: false },
        });
      },
      { timeout: 30_000 },
    );
    await held.opened;
    const deactivate = outcomeOf(setUserActive(admin, s.applicantA.userId, false));
    await untilWaiting(1);
    release.open();
    await demote;
    expect(await deactivate).toBe(lastSignatoryMessage(s.orgA.name));
    expect(await isActive(s.applicantA.userId)).toBe(true);
  });

  it("sees a submission that was under way (the organisation's plans are locked)", async () => {
    const s = await createScenario();
    const { admin } = await oneSignatory(s);
    const { id } = await draftPlan(s);
    planIds.push(id);
    // A submit that has read the signatories (the account still active) and holds the plan.
    const held = gate();
    const release = gate();
    const submit = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Plan" WHERE id = ${id} FOR UPDATE`;
        held.open();
        await release.opened;
        await tx.plan.update({ where: { id }, data: { status: "SUBMITTED" } });
      },
      { timeout: 30_000 },
    );
    await held.opened;
    const deactivate = outcomeOf(setUserActive(admin, s.applicantA.userId, false));
    await untilWaiting(1);
    release.open();
    await submit;
    expect(await deactivate).toBe(lastSignatoryMessage(s.orgA.name));
    expect(await isActive(s.applicantA.userId)).toBe(true);
  });
});

describe("the statuses in which a plan waits for its organisation's signatory", () => {
  it("are every status after DRAFT that some workflow event leaves", () => {
    // An origin the event keeps (`stays`: the handler reading an interim report of a settled or
    // revoked plan) is recorded in, not left.
    const left = new Set<PlanStatus>(
      Object.values(WORKFLOW).flatMap((t) => t.from.filter((s) => !t.stays?.includes(s))),
    );
    left.delete("DRAFT");
    expect([...OPEN_STATES].sort()).toEqual([...left].sort());
  });
});
