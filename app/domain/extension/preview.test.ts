import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { FOUR_EYES_REFUSAL } from "../decision/engine.server.ts";
import { grantedScenarioPlan } from "../documents/test-fixtures.server.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.ts";
import { amsterdamDate, formatDateNl, type LocalDate, localDateFromDb } from "../time/index.ts";
import {
  decideExtension,
  ExtensionInputError,
  requestExtension,
  withdrawExtension,
} from "./extension.server.ts";
import { previewExtensionLetter } from "./preview.server.ts";
import { EXTENSION_HANDLED, extendedPeriodEnd, NO_OPEN_EXTENSION } from "./rules.ts";
import { markInterimReportSubmitted } from "./test-support.server.ts";

/**
 * The besluit on a verlenging previewed before it is taken: the letter for the form's values,
 * marked as a preview, with nothing of the trial besluit kept.
 */

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
// Leave no pending reminder (the requests' decision-term warnings) for a worker in a later file.
afterAll(async () => {
  await prisma.reminder.updateMany({
    where: { plan: { organisationId: { in: [s.orgA.id, s.orgB.id] } }, sentAt: null, cancelledAt: null },
    data: { cancelledAt: new Date() },
  });
  await disconnectPrisma();
});

const MOTIVATION = "De laatste scholingsronde begint door een late vergunning een half jaar later.";
const PARTIAL_REASON =
  "Vier maanden volstaan om de laatste scholingsronde af te ronden; meer is niet onderbouwd.";
const REFUSAL_REASON = "De vertraging lag binnen uw invloed en is in het verzoek niet onderbouwd.";

const version = async (planId: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id: planId }, select: { version: true } })).version;

async function textOf(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, " ");
}

/** A granted plan with an open request for six months, and its last day. */
async function openRequest(): Promise<{
  planId: string;
  extensionId: string;
  end: LocalDate;
  reference: string;
}> {
  const { planId } = await grantedScenarioPlan(s);
  await markInterimReportSubmitted(planId);
  const { extensionId } = await requestExtension(s.applicantA, planId, await version(planId), {
    months: 6,
    motivation: MOTIVATION,
  });
  const plan = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
  if (!plan.periodEnd) throw new Error("a granted plan has a period");
  return { planId, extensionId, end: localDateFromDb(plan.periodEnd), reference: plan.reference };
}

/** Everything a besluit writes, for the plan: none of it may change by a preview. */
async function written(planId: string) {
  const [plan, extensions, documents, outbox, events, audit, notifications, reminders] = await Promise.all([
    prisma.plan.findUniqueOrThrow({ where: { id: planId }, select: { version: true, periodEnd: true } }),
    prisma.planExtension.findMany({ where: { planId } }),
    prisma.document.count({ where: { planId } }),
    prisma.outboxMessage.count(),
    prisma.workflowEvent.count({ where: { planId } }),
    prisma.auditLog.count({ where: { targetId: planId } }),
    prisma.notification.count({ where: { planId } }),
    prisma.reminder.findMany({ where: { planId }, orderBy: { id: "asc" } }),
  ]);
  return { plan, extensions, documents, outbox, events, audit, notifications, reminders };
}

describe("the preview of the besluit on a verlenging", () => {
  it("grant in full: the months and the new last day, dated now, marked as a preview, nothing written", async () => {
    const { planId, extensionId, end, reference } = await openRequest();
    setClock(new Date());
    const before = await written(planId);
    const { bytes, filename } = await previewExtensionLetter(s.decisionMaker, planId, {
      outcome: "GRANT",
      months: 6,
    });
    expect(filename).toBe(`voorbeeld-besluit-verlenging-${reference}.pdf`);
    const text = await textOf(bytes);
    expect(text).toContain("VOORBEELD — dit is nog geen besluit.");
    expect(text).toContain(`VOORBEELD — kenmerk ${reference}`);
    expect(text).toContain(`Datum ${formatDateNl(amsterdamDate(new Date()))}`);
    expect(text).toContain(
      "Ik verleng de looptijd van het sectorplan met zes maanden, zoals u heeft gevraagd.",
    );
    expect(text).toContain(
      `De laatste dag van het sectorplan is nu ${formatDateNl(extendedPeriodEnd(end, 6))} (was ${formatDateNl(end)}).`,
    );
    expect(await written(planId)).toEqual(before);
    // The request is still open and can be decided as usual.
    const row = await prisma.planExtension.findUniqueOrThrow({ where: { id: extensionId } });
    expect(row).toMatchObject({ status: "REQUESTED", grantedMonths: null, decidedAt: null });
  });

  it("grant of fewer months: the months refused and the decision maker's reasons", async () => {
    const { planId, end } = await openRequest();
    const before = await written(planId);
    const text = await textOf(
      (
        await previewExtensionLetter(s.decisionMaker, planId, {
          outcome: "GRANT",
          months: 4,
          reason: PARTIAL_REASON,
        })
      ).bytes,
    );
    expect(text).toContain("VOORBEELD — dit is nog geen besluit.");
    expect(text).toContain(
      "Ik verleng de looptijd van het sectorplan met vier maanden, en niet met de zes maanden die u heeft gevraagd.",
    );
    expect(text).toContain("Voor de overige twee maanden wijs ik uw verzoek af.");
    expect(text).toContain(formatDateNl(extendedPeriodEnd(end, 4)));
    expect(text).toContain(PARTIAL_REASON);
    expect(await written(planId)).toEqual(before);
  });

  it("refusal: the period stays, with the reasons", async () => {
    const { planId, end } = await openRequest();
    const before = await written(planId);
    const text = await textOf(
      (await previewExtensionLetter(s.decisionMaker, planId, { outcome: "REFUSE", reason: REFUSAL_REASON }))
        .bytes,
    );
    expect(text).toContain("VOORBEELD — dit is nog geen besluit.");
    expect(text).toContain(
      `Ik wijs uw verzoek om verlenging af. De looptijd van het sectorplan blijft eindigen op ${formatDateNl(end)}.`,
    );
    expect(text).toContain("Waarom wijs ik uw verzoek af?");
    expect(text).toContain(REFUSAL_REASON);
    expect(await written(planId)).toEqual(before);
  });

  it("refuses what the besluit refuses, in its words, and writes nothing", async () => {
    const { planId, extensionId } = await openRequest();
    const before = await written(planId);
    // The months and reasons of the besluit's own schema.
    await expect(
      previewExtensionLetter(s.decisionMaker, planId, { outcome: "GRANT", months: 4 }),
    ).rejects.toBeInstanceOf(ExtensionInputError);
    await expect(
      previewExtensionLetter(s.decisionMaker, planId, { outcome: "GRANT", months: 7 }),
    ).rejects.toBeInstanceOf(ExtensionInputError);
    await expect(
      previewExtensionLetter(s.decisionMaker, planId, { outcome: "REFUSE", reason: "Nee." }),
    ).rejects.toBeInstanceOf(ExtensionInputError);
    // Only the decision maker; and not one who handled the plan (four eyes).
    await expect(
      previewExtensionLetter(s.handler, planId, { outcome: "GRANT", months: 6 }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await prisma.roleMembership.create({ data: { userId: s.handler.userId, role: "DECISION_MAKER" } });
    const both: Actor = { ...s.handler, roles: ["CASE_HANDLER", "DECISION_MAKER"] };
    await expect(previewExtensionLetter(both, planId, { outcome: "GRANT", months: 6 })).rejects.toThrow(
      FOUR_EYES_REFUSAL,
    );
    // A form for a request handled since.
    await expect(
      previewExtensionLetter(
        s.decisionMaker,
        planId,
        { outcome: "GRANT", months: 6 },
        "00000000-0000-4000-8000-000000000000",
      ),
    ).rejects.toThrow(EXTENSION_HANDLED);
    expect(await written(planId)).toEqual(before);
    // The form's own request still previews.
    await expect(
      previewExtensionLetter(s.decisionMaker, planId, { outcome: "GRANT", months: 6 }, extensionId),
    ).resolves.toMatchObject({ filename: expect.stringMatching(/^voorbeeld-besluit-verlenging-/) });
  });

  it("has nothing to preview without an open request (409), nor for a plan not found (404)", async () => {
    const { planId, extensionId } = await openRequest();
    await withdrawExtension(s.applicantA, planId, await version(planId), extensionId);
    const withdrawn = previewExtensionLetter(s.decisionMaker, planId, { outcome: "GRANT", months: 6 });
    await expect(withdrawn).rejects.toBeInstanceOf(ConflictError);
    await expect(withdrawn).rejects.toThrow(NO_OPEN_EXTENSION);
    await expect(
      previewExtensionLetter(s.decisionMaker, "00000000-0000-4000-8000-000000000000", {
        outcome: "GRANT",
        months: 6,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("leaves the besluit itself as it was: decided after a preview, the request is decided once", async () => {
    const { planId, extensionId, end } = await openRequest();
    await previewExtensionLetter(s.decisionMaker, planId, {
      outcome: "GRANT",
      months: 4,
      reason: PARTIAL_REASON,
    });
    await decideExtension(s.decisionMaker, planId, await version(planId), extensionId, {
      outcome: "GRANT",
      months: 4,
      reason: PARTIAL_REASON,
    });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    if (!plan.periodEnd) throw new Error("a granted plan has a period");
    expect(localDateFromDb(plan.periodEnd)).toBe(extendedPeriodEnd(end, 4));
    expect(
      await prisma.outboxMessage.count({
        where: { payload: { path: ["extensionId"], equals: extensionId } },
      }),
    ).toBe(1);
    await expect(
      previewExtensionLetter(s.decisionMaker, planId, {
        outcome: "GRANT",
        months: 4,
        reason: PARTIAL_REASON,
      }),
    ).rejects.toThrow(NO_OPEN_EXTENSION);
  });
});
