import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { minimalPdf } from "../../test/files.ts";
import { submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { canEditAttachments, uploadAttachment } from "../attachments/attachments.server.ts";
import { setClock } from "../clock.ts";
import { ConflictError, RuleViolation } from "../errors.ts";
import { STEP_NOT_REOPENED, saveStep, submitPlan } from "./drafts.server.ts";
import { readDraft } from "./steps/wizard.ts";
import { requestSupplement } from "./supplement.server.ts";
import { supplementRequestSchema } from "./supplement.ts";

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  setClock(null);
  await disconnectPrisma();
});

const ask = (steps: ("lead" | "measures" | "attachments")[], termDays = "14") =>
  supplementRequestSchema.parse({ text: "Voeg de begroting per maatregel toe.", steps, termDays });

describe("a supplement request (aanvulling vragen) and its answer", () => {
  it("reopens only the named steps, and the answer freezes version 2 and returns the plan to the handler", async () => {
    const { id, version } = await submittedPlan(s);
    const asked = await requestSupplement(s.handler, id, version, ask(["measures"]));
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("INFO_REQUESTED");

    const request = await prisma.supplementRequest.findFirstOrThrow({ where: { planId: id } });
    expect(request.steps).toEqual(["measures"]);
    expect(request.dueAt.getTime()).toBeGreaterThan(request.requestedAt.getTime() + 13 * 86_400_000);
    const notices = await prisma.notification.count({
      where: { planId: id, title: { startsWith: "Aanvulling gevraagd" } },
    });
    expect(notices).toBeGreaterThan(0);
    const mail = (
      await prisma.outboxMessage.findMany({
        where: { jobName: "send-email", payload: { path: ["template"], equals: "supplement-requested" } },
      })
    ).filter((m) => (m.payload as { planId?: string }).planId === id).length;
    expect(mail).toBeGreaterThan(0);
    // The declarations must be made again for what is sent back.
    const draft = readDraft((await prisma.plan.findUniqueOrThrow({ where: { id } })).draftData);
    expect(draft.submit).toEqual({ truthful: false, stateAid: false });

    // A step that was not reopened stays closed; the named one can be changed.
    await expect(saveStep(s.applicantA, id, asked.version, "lead", draft.lead)).rejects.toThrow(
      STEP_NOT_REOPENED,
    );
    expect(await canEditAttachments(s.applicantA, id)).toBe(false);
    await expect(
      uploadAttachment(s.applicantA, id, { kind: "OTHER", filename: "x.pdf", bytes: await minimalPdf() }),
    ).rejects.toThrow(RuleViolation);
    const measures = draft.measures;
    const first = measures.measures[0];
    if (!first) throw new Error("no measure");
    const changed = {
      measures: [
        { ...first, title: "Scholing van vakkrachten, met begroting" },
        ...measures.measures.slice(1),
      ],
    };
    const saved = await saveStep(s.applicantA, id, asked.version, "measures", changed);
    const declared = await saveStep(s.applicantA, id, saved.version, "submit", {
      truthful: true,
      stateAid: true,
    });

    await submitPlan(s.applicantA, id, declared.version);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");
    const versions = await prisma.planVersion.findMany({ where: { planId: id }, orderBy: { number: "asc" } });
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
    const answered = await prisma.supplementRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(answered.answeredAt).not.toBeNull();
    expect(answered.planVersionId).toBe(versions[1]?.id);
    const measureRows = await prisma.measure.findMany({
      where: { planId: id },
      orderBy: { position: "asc" },
    });
    expect(measureRows[0]?.title).toBe("Scholing van vakkrachten, met begroting");
    const events = await prisma.workflowEvent.findMany({ where: { planId: id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.event)).toEqual(["create", "submit", "request_info", "supply_info"]);
  });

  it("is answered after the window closed too: the supplement completes an application received in time", async () => {
    const { id, version } = await submittedPlan(s);
    const asked = await requestSupplement(s.handler, id, version, ask(["attachments"]));
    expect(await canEditAttachments(s.applicantA, id)).toBe(true);
    setClock(new Date(s.window.closesAt.getTime() + 86_400_000));
    try {
      const declared = await saveStep(s.applicantA, id, asked.version, "submit", {
        truthful: true,
        stateAid: true,
      });
      await submitPlan(s.applicantA, id, declared.version);
      expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");
    } finally {
      setClock(null);
    }
  });

  it("is refused to anyone but a case handler, and on a stale version", async () => {
    const { id, version } = await submittedPlan(s);
    await expect(requestSupplement(s.adviser, id, version, ask(["lead"]))).rejects.toThrow();
    await expect(requestSupplement(s.handler, id, version - 1, ask(["lead"]))).rejects.toThrow(ConflictError);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");
    expect(await prisma.supplementRequest.count({ where: { planId: id } })).toBe(0);
  });

  it("needs a text, at least one step and a term of 1 to 90 days", () => {
    const r = supplementRequestSchema.safeParse({ text: " ", steps: [], termDays: "0" });
    expect(r.success).toBe(false);
    const paths = r.success ? [] : r.error.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["text", "steps", "termDays"]));
    expect(supplementRequestSchema.safeParse({ text: "x", steps: ["submit"], termDays: "14" }).success).toBe(
      false,
    );
  });
});
