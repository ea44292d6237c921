import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { draftPlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario, validPlanDraft } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { createDraftPlan, saveStep, submitPlan } from "./drafts.server.ts";
import { leadIbanNotOrganisation, leadKvkNotOrganisation } from "./steps/lead.ts";
import { readDraft } from "./steps/wizard.ts";
import { requestSupplement } from "./supplement.server.ts";
import { supplementRequestSchema } from "./supplement.ts";
import { getWizard } from "./wizard.server.ts";

/**
 * The hoofdaanvrager of step 1 is the organisation that applies: the beschikking is addressed to it
 * and the subsidy paid to its account. A new draft starts with it; submission (and only submission)
 * refuses another KvK number or account.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  setClock(null);
  await disconnectPrisma();
});

const OTHER_KVK = "41152337";
const OTHER_IBAN = "NL02 ABNA 0123 4567 89";

async function stored(planId: string) {
  const plan = await prisma.plan.findUniqueOrThrow({ where: { id: planId }, select: { draftData: true } });
  return readDraft(plan.draftData);
}

describe("step 1's hoofdaanvrager is the account's organisation", () => {
  it("starts a new draft with the organisation as the hoofdaanvrager and the writer as the contact", async () => {
    const { id } = await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
    const user = await prisma.user.findUniqueOrThrow({ where: { id: s.applicantA.userId } });
    const draft = await stored(id);
    expect(draft.lead).toMatchObject({
      leadName: s.orgA.name,
      leadKvk: s.orgA.kvkNumber,
      leadLegalForm: "Stichting",
      leadAddress: "Straat 1, 1234 AB Den Haag",
      leadIban: "NL91ABNA0417164300",
      contactName: user.name,
      contactEmail: user.email,
      // The plan's own fields stay to be filled in.
      title: "",
      periodStart: "",
    });
    // Not saved by anyone yet: the step list still shows step 1 as to do.
    expect(draft.saved).toEqual([]);
    const wizard = await getWizard(s.applicantA, s.applicantA.userId, id);
    expect(wizard.states.lead).toBe("todo");
    expect(wizard.issues.lead.map((i) => i.path)).not.toContain("leadKvk");
    expect(wizard.issues.lead.map((i) => i.path)).not.toContain("leadName");
  });

  it("saves another KvK number as typed, shows it on step 7 at step 1's field, and refuses it only at submission", async () => {
    const { id, version } = await draftPlan(s, {
      change: (inputs) => {
        inputs.lead.leadKvk = OTHER_KVK;
      },
    });
    // The draft kept what was typed (a save never refuses).
    expect((await stored(id)).lead.leadKvk).toBe(OTHER_KVK);
    const wizard = await getWizard(s.applicantA, s.applicantA.userId, id);
    const message = leadKvkNotOrganisation(s.orgA.kvkNumber);
    expect(wizard.issues.lead).toEqual([{ path: "leadKvk", message }]);
    expect(wizard.states.lead).toBe("errors");
    expect(message).toContain(`(${s.orgA.kvkNumber})`);

    await expect(submitPlan(s.applicantA, id, version)).rejects.toMatchObject({
      code: "LEAD_NOT_ORGANISATION",
      field: "lead.leadKvk",
      message,
    });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { status: true } });
    expect(plan.status).toBe("DRAFT");
    expect(await prisma.planVersion.count({ where: { planId: id } })).toBe(0);

    // With the organisation's own number it goes in.
    const mended = await saveStep(s.applicantA, id, version, "lead", {
      ...(await stored(id)).lead,
      leadKvk: ` ${s.orgA.kvkNumber} `,
    });
    await expect(submitPlan(s.applicantA, id, mended.version)).resolves.toMatchObject({
      version: mended.version + 1,
    });
  });

  it("refuses another account than the organisation's, which is the one paid, and says which that is", async () => {
    const { id, version } = await draftPlan(s, {
      change: (inputs) => {
        inputs.lead.leadIban = OTHER_IBAN;
      },
    });
    const message = leadIbanNotOrganisation(s.orgA.iban);
    expect(message).toContain("(NL91 ABNA 0417 1643 00)");
    const wizard = await getWizard(s.applicantA, s.applicantA.userId, id);
    expect(wizard.issues.lead).toEqual([{ path: "leadIban", message }]);
    expect(wizard.payee).toEqual({
      organisationId: s.orgA.id,
      iban: "NL91 ABNA 0417 1643 00",
      holder: s.orgA.name,
      checked: true,
    });
    await expect(submitPlan(s.applicantA, id, version)).rejects.toMatchObject({
      code: "LEAD_NOT_ORGANISATION",
      field: "lead.leadIban",
      message,
    });
  });

  it("holds a supplement answer to it only when step 1 was reopened", async () => {
    const ask = (steps: ("lead" | "measures")[]) =>
      supplementRequestSchema.parse({ text: "Licht de begroting toe.", steps, termDays: "14" });
    // A plan submitted before submission held step 1 to the organisation: its draft names another.
    const other = async () => {
      const { id, version } = await submittedPlan(s);
      await prisma.$executeRaw`UPDATE "Plan" SET "draftData" = jsonb_set("draftData", '{lead,leadKvk}', to_jsonb(${OTHER_KVK}::text)) WHERE id = ${id}`;
      return { id, version };
    };
    const declare = (id: string, version: number) =>
      saveStep(s.applicantA, id, version, "submit", { truthful: true, stateAid: true });

    // Step 1 closed: the applicant cannot mend it, so it does not block the answer.
    const closed = await other();
    const closedAsked = await requestSupplement(s.handler, closed.id, closed.version, ask(["measures"]));
    const closedWizard = await getWizard(s.applicantA, s.applicantA.userId, closed.id);
    expect(closedWizard.issues.lead).toEqual([]);
    const closedDeclared = await declare(closed.id, closedAsked.version);
    await expect(submitPlan(s.applicantA, closed.id, closedDeclared.version)).resolves.toBeDefined();

    // Step 1 reopened: it must name the organisation before the answer goes in.
    const open = await other();
    const openAsked = await requestSupplement(s.handler, open.id, open.version, ask(["lead"]));
    const openDeclared = await declare(open.id, openAsked.version);
    await expect(submitPlan(s.applicantA, open.id, openDeclared.version)).rejects.toMatchObject({
      code: "LEAD_NOT_ORGANISATION",
      field: "lead.leadKvk",
    });
    const mended = await saveStep(s.applicantA, open.id, openDeclared.version, "lead", {
      ...validPlanDraft(s.year).lead,
      leadKvk: s.orgA.kvkNumber,
    });
    await expect(submitPlan(s.applicantA, open.id, mended.version)).resolves.toBeDefined();
  });
});
