import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { activeAdviser, completePlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { countUnread, listNotifications } from "../notifications/inbox.server.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { sendDueReminders } from "../reminders/send-due.server.ts";
import { changeStaffRoles, setUserActive } from "./staff.server.ts";

/**
 * A staff user's bell after they lose the role or seat that let them open a plan: its notices
 * about that plan are read, as the e-mail of the same notice is skipped (ADR 0006); otherwise the
 * bell counts them with a link that is now a 404.
 */
const planIds: string[] = [];
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

/** A plan in assessment whose adviser has been told of its decision term (bell and mail). */
async function warnedAdviser(s: Scenario) {
  const { id } = await completePlan(s);
  planIds.push(id);
  await activeAdviser(s, id);
  const warning = await prisma.reminder.findFirstOrThrow({
    where: { planId: id, kind: "DECISION_TERM_WARNING" },
  });
  await sendDueReminders({ at: new Date(warning.dueAt.getTime() + 1000) });
  await prisma.$transaction((tx) => cancelReminders(tx, id));
  expect(await countUnread(s.adviser.userId)).toBe(1);
  return id;
}

const aboutPlan = async (userId: string, planId: string) =>
  (await listNotifications(userId)).filter((n) => n.planId === planId).map((n) => n.readAt !== null);

describe("the bell of a staff user who can no longer open a plan", () => {
  it("no longer counts its notices once the adviser role is taken away", async () => {
    const s = await createScenario();
    const id = await warnedAdviser(s);
    const admin = await s.newUser("ADMIN");
    // Made an admin, who reads no plan (least privilege).
    await changeStaffRoles(admin, s.adviser.userId, ["ADMIN"]);
    expect(await countUnread(s.adviser.userId)).toBe(0);
    expect(await aboutPlan(s.adviser.userId, id)).toEqual([true]);
  });

  it("no longer counts them once the account is switched off (the seat ends with it)", async () => {
    const s = await createScenario();
    const id = await warnedAdviser(s);
    await setUserActive(await s.newUser("ADMIN"), s.adviser.userId, false);
    expect(await countUnread(s.adviser.userId)).toBe(0);
    expect(await aboutPlan(s.adviser.userId, id)).toEqual([true]);
  });

  it("still counts them when the plan stays open to the user (a role added)", async () => {
    const s = await createScenario();
    const id = await warnedAdviser(s);
    await changeStaffRoles(await s.newUser("ADMIN"), s.adviser.userId, ["ADVISER", "DECISION_MAKER"]);
    expect(await countUnread(s.adviser.userId)).toBe(1);
    expect(await aboutPlan(s.adviser.userId, id)).toEqual([false]);
  });
});
