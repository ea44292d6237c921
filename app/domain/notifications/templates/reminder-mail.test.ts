import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import { completePlan } from "../../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../../test/scenario.server.ts";
import { cancelReminders } from "../../reminders/reminders.server.ts";
import { addCalendarDays, localDateFromDb } from "../../time/index.ts";
import { reminderOfMail } from "./reminder-mail.server.ts";
import { SkipEmail } from "./types.ts";

let s: Scenario;
const planIds: string[] = [];
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

describe("the reminder a term mail is about", () => {
  it("is read when the mail runs; a mail queued for a term the reminder has since left is skipped", async () => {
    const { id: planId } = await completePlan(s);
    planIds.push(planId);
    const reminder = await prisma.reminder.findUniqueOrThrow({
      where: { planId_kind: { planId, kind: "DECISION_TERM_WARNING" } },
    });
    const termEnd = localDateFromDb(reminder.termEnd);
    const payload = { template: "decision-term-reminder" as const, planId, recipientUserId: randomUUID() };
    const kinds = ["DECISION_TERM_WARNING"] as const;

    expect(await reminderOfMail(prisma, { ...payload, reminderId: reminder.id, termEnd }, kinds)).toEqual({
      kind: "DECISION_TERM_WARNING",
      termEnd,
    });
    // Mails queued before the payload carried the term are read as before.
    expect(await reminderOfMail(prisma, { ...payload, reminderId: reminder.id }, kinds)).toEqual({
      kind: "DECISION_TERM_WARNING",
      termEnd,
    });
    // The term moved (a suspension, Awb 4:15) after this mail was queued: it is not the new term's.
    const moved = await reminderOfMail(
      prisma,
      { ...payload, reminderId: reminder.id, termEnd: addCalendarDays(termEnd, -10) },
      kinds,
    );
    expect(moved).toBeInstanceOf(SkipEmail);
    // Another kind's reminder is no reminder of this mail.
    await expect(
      reminderOfMail(prisma, { ...payload, reminderId: reminder.id }, ["SETTLEMENT_REPORT_WARNING"]),
    ).rejects.toThrow(/not found/);
  });
});
