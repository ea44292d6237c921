import { afterAll, afterEach, describe, expect, it } from "vitest";
import { prisma } from "../../../db/client.server.ts";
import type { SendEmailPayload } from "../../../jobs/definitions.ts";
import { submittedPlan } from "../../../test/plan-steps.server.ts";
import { createScenario } from "../../../test/scenario.server.ts";
import { now, setClock } from "../../clock.ts";
import { requestSupplement } from "../../plan/supplement.server.ts";
import { cancelReminders } from "../../reminders/reminders.server.ts";
import { amsterdamTimeOn, parseLocalDate } from "../../time/index.ts";
import type { EmailMessage } from "./message.ts";
import { supplementRequested } from "./supplement-requested.server.ts";
import { supplementTermReminder } from "./term-reminders.server.ts";
import { type EmailContext, type RegisteredTemplate, SkipEmail } from "./types.ts";

const planIds: string[] = [];
afterEach(() => setClock(null));
// Leave no pending reminder behind for a worker on the real clock in a later test file.
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
});

async function prepared(
  template: RegisteredTemplate,
  payload: Partial<SendEmailPayload> & { planId: string },
  ctx: EmailContext,
): Promise<EmailMessage> {
  const result = await template.prepare(prisma, payload as SendEmailPayload, ctx);
  if (result instanceof SkipEmail) throw new Error(`skipped: ${result.reason}`);
  return result.message;
}

describe("the hersteltermijn's e-mails", () => {
  it("give the last day as 'uiterlijk op', as the letter and the portal do, never 'vóór'", async () => {
    // Monday 2 March 2026; a term of 14 days runs to the end of Monday 16 March (Awb 4:5).
    setClock(amsterdamTimeOn(parseLocalDate("2026-03-02"), 10));
    const s = await createScenario();
    const { id, version } = await submittedPlan(s);
    planIds.push(id);
    await requestSupplement(s.handler, id, version, {
      text: "Stuur de begroting per jaar.",
      steps: ["budget"],
      termDays: 14,
    });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    const ctx: EmailContext = {
      recipient: { id: s.applicantA.userId, name: "Aanvrager", email: "aanvrager@example.test" },
      plan: { id, reference: plan.reference, title: "", status: plan.status, organisationName: "Org" },
      publicUrl: "https://portaal.test.example",
      at: now(),
    };
    const ref = plan.reference;

    const asked = await prepared(supplementRequested, { template: "supplement-requested", planId: id }, ctx);
    expect(asked.preheader).toBe(`Vul de aanvraag ${ref} uiterlijk op 16 maart 2026 aan.`);
    expect(JSON.stringify(asked.blocks)).toContain("uiterlijk op 16 maart 2026");

    const warning = await prisma.reminder.findFirstOrThrow({
      where: { planId: id, kind: "SUPPLEMENT_TERM_WARNING" },
    });
    const reminder = await prepared(
      supplementTermReminder,
      { template: "supplement-term-reminder", planId: id, reminderId: warning.id },
      ctx,
    );
    expect(reminder.subject).toBe(`Herinnering: vul aanvraag ${ref} uiterlijk op 16 maart 2026 aan`);
    expect(reminder.preheader).toBe(`De hersteltermijn van ${ref} eindigt op 16 maart 2026.`);
    for (const m of [asked, reminder]) expect(`${m.subject} ${m.preheader}`).not.toContain("vóór");

    // The same warning mail, delayed past the term's end, asks for nothing by a day that has passed.
    const late = { ...ctx, at: amsterdamTimeOn(parseLocalDate("2026-03-17"), 9) };
    expect(
      await supplementTermReminder.prepare(
        prisma,
        { template: "supplement-term-reminder", planId: id, reminderId: warning.id } as SendEmailPayload,
        late,
      ),
    ).toBeInstanceOf(SkipEmail);

    // To the handler once it lapsed: the last day still counted, so not "lapsed on 16 March".
    const lapsed = await prisma.reminder.findFirstOrThrow({
      where: { planId: id, kind: "SUPPLEMENT_TERM_LAPSED" },
    });
    const toHandler = await prepared(
      supplementTermReminder,
      { template: "supplement-term-reminder", planId: id, reminderId: lapsed.id },
      ctx,
    );
    expect(toHandler.preheader).toBe(
      `De hersteltermijn van ${ref} liep tot en met 16 maart 2026 en is verstreken.`,
    );
    expect(JSON.stringify(toHandler.blocks)).toContain(
      "liep tot en met 16 maart 2026 en is verstreken zonder aanvulling",
    );
    // The last day to make the besluit known (Awb 4:5 lid 4): four weeks on, named, not "binnen vier weken".
    const text = toHandler.blocks.map((b) => JSON.stringify(b)).join(" ");
    expect(text).toContain("uiterlijk op ");
    expect(text).toContain("13 april 2026");
    expect(text).not.toContain("binnen vier");
    // The key material is still the term's last day: a mail queued before this change is not sent twice.
    const again = await supplementTermReminder.prepare(
      prisma,
      { template: "supplement-term-reminder", planId: id, reminderId: lapsed.id } as SendEmailPayload,
      ctx,
    );
    expect(again instanceof SkipEmail ? null : again.keySuffix).toBe("2026-03-16");
  });
});
