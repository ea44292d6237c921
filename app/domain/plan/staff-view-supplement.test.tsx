import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub, useLoaderData } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { serverI18n } from "../../entry.server.tsx";
import { minimalPdf } from "../../test/files.ts";
import { submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario, validPlanDraft } from "../../test/scenario.server.ts";
import { DraftSummary } from "../../ui/wizard/draft-summary.tsx";
import { listAttachments, readAttachment, uploadAttachment } from "../attachments/attachments.server.ts";
import { getPlanView, type PlanView, saveStep, submitPlan } from "./plans.server.ts";
import { requestSupplement } from "./supplement.server.ts";
import { supplementRequestSchema } from "./supplement.ts";

/**
 * Staff read a plan as it was sent: its latest PlanVersion and the files sent with a version. While
 * a supplement is asked, the organisation's changes and uploads not yet sent are its own drafts.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await disconnectPrisma();
});

/** The overview's "plan as submitted", of the view its route's data holds (its file links need a router). */
function Summary() {
  const { view } = useLoaderData<{ view: PlanView }>();
  return (
    <DraftSummary
      draft={view.content.draft}
      rules={view.content.rules}
      context={view.content.context}
      attachments={view.attachments}
    />
  );
}

function summary(view: PlanView): string {
  const Stub = createRoutesStub([{ id: "overzicht", path: "/", Component: Summary }]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>
      <Stub initialEntries={["/"]} hydrationData={{ loaderData: { overzicht: { view } } }} />
    </I18nextProvider>,
  );
}

async function askSupplement(id: string, version: number) {
  return requestSupplement(
    s.handler,
    id,
    version,
    supplementRequestSchema.parse({
      text: "Vul de titel en de bijlagen aan.",
      steps: ["lead", "attachments"],
      termDays: "14",
    }),
  );
}

describe("the plan as staff read it", () => {
  it("reads a submitted plan's summary from its version exactly as its organisation reads its draft", async () => {
    const { id } = await submittedPlan(s);
    const own = await getPlanView(s.applicantA, id);
    const staff = await getPlanView(s.handler, id);
    expect(staff.content.context).toEqual(own.content.context);
    expect(staff.attachments).toEqual(own.attachments);
    // The IBAN as it was validated at submission, without the spaces typed.
    expect(summary(staff)).toBe(summary(own).replace("NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"));
  });

  it("shows what was submitted while a supplement is written, and what was sent once a signatory sends it", async () => {
    const { id, version } = await submittedPlan(s);
    const [sent] = await listAttachments(s.applicantA, id);
    const asked = await askSupplement(id, version);
    // Step 1 as submitted: the organisation's own KvK number (submission holds it to that).
    const lead = { ...validPlanDraft(s.year).lead, leadKvk: s.orgA.kvkNumber };
    await saveStep(s.applicantA, id, asked.version, "lead", {
      ...lead,
      title: "Nog niet verstuurd",
    });
    const unsent = await uploadAttachment(s.applicantA, id, {
      kind: "OTHER",
      filename: "aanvulling.pdf",
      bytes: await minimalPdf("aanvulling"),
    });

    // The title the lists and dashboards show stays the submitted one until the answer is sent.
    const column = () =>
      // biome-ignore lint/plugin/plan-scope: the test reads the stored column itself
      prisma.plan.findUniqueOrThrow({ where: { id }, select: { title: true } });
    expect((await column()).title).toBe(lead.title);
    for (const actor of [s.handler, s.decisionMaker]) {
      const view = await getPlanView(actor, id);
      expect(view.status).toBe("INFO_REQUESTED");
      expect(view.content.draft.lead.title).toBe(lead.title);
      expect(view.attachments.map((a) => a.id)).toEqual([sent?.id]);
      expect((await listAttachments(actor, id)).map((a) => a.id)).toEqual([sent?.id]);
      expect(await readAttachment(actor, unsent.id)).toBeNull();
      expect(await readAttachment(actor, sent?.id ?? "")).not.toBeNull();
    }
    // The organisation works on its own draft, its new file included.
    const own = await getPlanView(s.applicantA, id);
    expect(own.content.draft.lead.title).toBe("Nog niet verstuurd");
    expect(own.attachments.map((a) => a.id)).toEqual([sent?.id, unsent.id]);
    expect(await readAttachment(s.applicantA, unsent.id)).not.toBeNull();

    // The request cleared the declarations: a signatory makes them again and sends the answer.
    const declared = await saveStep(s.applicantA, id, own.version, "submit", {
      truthful: true,
      stateAid: true,
    });
    await submitPlan(s.applicantA, id, declared.version);
    const answered = await getPlanView(s.handler, id);
    expect(answered.status).toBe("SUBMITTED");
    expect((await column()).title).toBe("Nog niet verstuurd");
    expect(answered.content.draft.lead.title).toBe("Nog niet verstuurd");
    expect(answered.attachments.map((a) => a.id)).toEqual([sent?.id, unsent.id]);
    expect(await readAttachment(s.handler, unsent.id)).not.toBeNull();
  });
});
