import { afterAll, afterEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { saveStep, submitPlan } from "../plan/drafts.server.ts";
import { markComplete } from "../plan/review.server.ts";
import { readDraft } from "../plan/steps/wizard.ts";
import { requestSupplement } from "../plan/supplement.server.ts";
import { supplementRequestSchema } from "../plan/supplement.ts";
import { resumeDecisionTermsAfterLapse } from "../review/deadlines.server.ts";
import { localDateFromDb, parseLocalDate, startOfAmsterdamDay } from "../time/index.ts";
import { cancelReminders } from "./reminders.server.ts";
import { sendDueReminders } from "./send-due.server.ts";

// The lapse tick (Awb 4:15 lid 1 sub a): once a hersteltermijn asked during assessment lapsed
// unused, the reminder tick counts its days into the decision term, once, and re-arms the term's
// reminders.

const at = (day: string, hour = 10, minute = 0) =>
  new Date(startOfAmsterdamDay(parseLocalDate(day)).getTime() + hour * 3_600_000 + minute * 60_000);

const planIds: string[] = [];
afterEach(() => setClock(null));
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
});

async function stored(id: string) {
  const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
  return { suspendedDays: plan.suspendedDays, due: localDateFromDb(plan.decisionDueOn as Date) };
}

async function decisionReminders(id: string) {
  const rows = await prisma.reminder.findMany({
    where: { planId: id, kind: { in: ["DECISION_TERM_WARNING", "DECISION_TERM_LAST_DAY"] } },
    orderBy: { kind: "asc" },
    select: { kind: true, termEnd: true, cancelledAt: true, sentAt: true },
  });
  return rows.map((r) => ({
    kind: r.kind,
    termEnd: localDateFromDb(r.termEnd),
    cancelled: r.cancelledAt !== null,
    sent: r.sentAt !== null,
  }));
}

describe("the lapse tick", () => {
  it("adds the suspended days once, reschedules the term's reminders, and a late supplement adds nothing", async () => {
    setClock(at("2026-03-02", 9));
    const s = await createScenario();
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    const done = await markComplete(s.handler, id, version, { agreementSigned: true });
    // Thursday 28 May; 7 days: the hersteltermijn ends Thursday 4 June 2026.
    setClock(at("2026-05-28", 10));
    const asked = await requestSupplement(
      s.handler,
      id,
      done.version,
      supplementRequestSchema.parse({ text: "Voeg de begroting toe.", steps: ["measures"], termDays: "7" }),
    );
    expect((await decisionReminders(id)).every((r) => r.cancelled && !r.sent)).toBe(true);

    // The last evening of the hersteltermijn: nothing lapsed yet.
    await sendDueReminders({ at: at("2026-06-04", 23) });
    expect(await stored(id)).toEqual({ suspendedDays: 0, due: "2026-06-01" });

    // Just after midnight it has lapsed: 29 May – 4 June = 7 days, the term ends Monday 8 June.
    await sendDueReminders({ at: at("2026-06-05", 0, 5) });
    expect(await stored(id)).toEqual({ suspendedDays: 7, due: "2026-06-08" });
    // Re-armed for the new end; the warning's moment (1 June) has passed, so it speaks at once.
    expect(await decisionReminders(id)).toEqual([
      { kind: "DECISION_TERM_WARNING", termEnd: "2026-06-08", cancelled: false, sent: true },
      { kind: "DECISION_TERM_LAST_DAY", termEnd: "2026-06-08", cancelled: false, sent: false },
    ]);
    const warned = await prisma.notification.findMany({
      where: { planId: id, title: { startsWith: "Beslistermijn" } },
      select: { title: true },
    });
    expect(warned.length).toBeGreaterThan(0);
    expect(warned.every((n) => n.title.endsWith("eindigt over 3 dagen"))).toBe(true);

    // Running it again, the tick and the write itself, changes nothing.
    await sendDueReminders({ at: at("2026-06-05", 0, 6) });
    expect(await resumeDecisionTermsAfterLapse(at("2026-06-05", 9))).toBe(0);
    expect(await stored(id)).toEqual({ suspendedDays: 7, due: "2026-06-08" });

    // The handler's lapse notice at 08:00 names the last day to close the plan (Awb 4:5 lid 4).
    await sendDueReminders({ at: at("2026-06-05", 8, 1) });
    const lapsed = await prisma.notification.findFirstOrThrow({
      where: { planId: id, title: { startsWith: "Hersteltermijn", endsWith: "verstreken" } },
    });
    expect(lapsed.body).toContain("uiterlijk op 2 juli 2026");

    // A supplement after the lapse: the days up to the hersteltermijn's last day were counted.
    setClock(at("2026-06-10", 10));
    const draft = readDraft((await prisma.plan.findUniqueOrThrow({ where: { id } })).draftData);
    const saved = await saveStep(s.applicantA, id, asked.version, "measures", draft.measures);
    const declared = await saveStep(s.applicantA, id, saved.version, "submit", {
      truthful: true,
      stateAid: true,
    });
    expect(await submitPlan(s.applicantA, id, declared.version)).toMatchObject({ status: "IN_ASSESSMENT" });
    expect(await stored(id)).toEqual({ suspendedDays: 7, due: "2026-06-08" });
  });
});
