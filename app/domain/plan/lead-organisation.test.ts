import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { draftPlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario, validPlanDraft } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { decideIbanChange, requestIbanChange } from "../payments/iban.server.ts";
import { createDraftPlan, saveStep, submitPlan } from "./drafts.server.ts";
import {
  leadIbanNotOrganisation,
  leadIbanNotOrganisationOrRequested,
  leadIbanNotRequested,
  leadKvkNotOrganisation,
} from "./steps/lead.ts";
import { readDraft } from "./steps/wizard.ts";
import { requestSupplement } from "./supplement.server.ts";
import { supplementRequestSchema } from "./supplement.ts";
import { getWizard, leadPrefill } from "./wizard.server.ts";

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
      state: "approved",
      iban: "NL91 ABNA 0417 1643 00",
      holder: s.orgA.name,
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

/**
 * The account step 1 is held to is one the organisation is, or will be, paid on: the one finance
 * approved, or the one finance is asked to check. Organisation.iban keeps an account finance
 * rejected, or one the bank sent a payment back from (ibanCheckedAt cleared), and neither is paid.
 * Each case changes the organisation's account: a scenario of its own.
 */
describe("step 1's account and the organisation's account as finance knows it", () => {
  const ASKED = "NL20INGB0001234567";
  const ASKED_TEXT = "NL20 INGB 0001 2345 67";
  const REJECTED = "NL91ABNA0417164300";

  /** Organisation A with its first account rejected by finance (as after signup), nothing asked since. */
  async function rejectedFirstAccount(t: Scenario) {
    const finance = await t.newUser("FINANCE");
    await prisma.organisation.update({
      where: { id: t.orgA.id },
      data: { iban: REJECTED, ibanCheckedAt: null, ibanCheckedById: null },
    });
    const first = await prisma.ibanChangeRequest.create({
      data: {
        organisationId: t.orgA.id,
        iban: REJECTED,
        accountHolder: t.orgA.name,
        previousIban: "",
        requestedById: t.applicantA.userId,
      },
    });
    await decideIbanChange(finance, first.id, { approve: false, reason: "Rekeninghouder klopt niet" });
  }

  it("checks a step 1 no one saved only once it is: before that the plan is incomplete, not of another account", async () => {
    const t = await createScenario();
    const { id } = await createDraftPlan(t.applicantA, { regulationId: t.regulation.id });
    // The account changes after the draft was made with a copy of the old one.
    const finance = await t.newUser("FINANCE");
    const asked = await requestIbanChange(t.applicantA, {
      organisationId: t.orgA.id,
      iban: ASKED,
      accountHolder: t.orgA.name,
    });
    await decideIbanChange(finance, asked.id, { approve: true });
    const user = await prisma.user.findUniqueOrThrow({ where: { id: t.applicantA.userId } });
    // The step's page fills in the account as it is now.
    const prefill = await leadPrefill(id, { name: user.name, email: user.email, actor: t.applicantA });
    expect(prefill.leadIban).toBe(ASKED);
    const wizard = await getWizard(t.applicantA, t.applicantA.userId, id);
    expect(wizard.issues.lead.map((i) => i.path)).not.toContain("leadIban");

    const { version } = await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } });
    await expect(submitPlan(t.applicantA, id, version)).rejects.toMatchObject({
      code: "PLAN_INCOMPLETE",
      field: "lead.title",
    });

    // Saved as the stale copy had it, step 1 is held to the account.
    const saved = await saveStep(t.applicantA, id, version, "lead", {
      ...validPlanDraft(t.year).lead,
      leadKvk: t.orgA.kvkNumber,
      leadIban: (await stored(id)).lead.leadIban,
    });
    await expect(submitPlan(t.applicantA, id, saved.version)).rejects.toMatchObject({
      code: "LEAD_NOT_ORGANISATION",
      field: "lead.leadIban",
      message: leadIbanNotOrganisation(ASKED),
    });
  });

  it("holds step 1 to the account asked for after finance rejected the first, and says on step 7 it awaits the check", async () => {
    const t = await createScenario();
    await rejectedFirstAccount(t);
    await requestIbanChange(t.applicantA, { organisationId: t.orgA.id, iban: ASKED, accountHolder: "OOM" });

    // A new draft names the account asked for, not the rejected one.
    const fresh = await createDraftPlan(t.applicantA, { regulationId: t.regulation.id });
    expect((await stored(fresh.id)).lead.leadIban).toBe(ASKED);

    const { id, version } = await draftPlan(t, {
      change: (inputs) => {
        inputs.lead.leadIban = ASKED;
      },
    });
    const wizard = await getWizard(t.applicantA, t.applicantA.userId, id);
    expect(wizard.issues.lead).toEqual([]);
    expect(wizard.payee).toEqual({
      organisationId: t.orgA.id,
      state: "awaitingCheck",
      iban: ASKED_TEXT,
      holder: "OOM",
    });
    await expect(submitPlan(t.applicantA, id, version)).resolves.toMatchObject({ version: version + 1 });

    // The rejected account (still Organisation.iban) is not paid on: refused, naming the one asked for.
    const rejected = await draftPlan(t, {
      change: (inputs) => {
        inputs.lead.leadIban = REJECTED;
      },
    });
    await expect(submitPlan(t.applicantA, rejected.id, rejected.version)).rejects.toMatchObject({
      code: "LEAD_NOT_ORGANISATION",
      field: "lead.leadIban",
      message: leadIbanNotRequested(ASKED),
    });
  });

  it("with no account approved and none asked for (rejected, or sent back by the bank), holds step 1 to none and says nothing is paid", async () => {
    const t = await createScenario();
    await rejectedFirstAccount(t);
    const { id, version } = await draftPlan(t);
    const wizard = await getWizard(t.applicantA, t.applicantA.userId, id);
    expect(wizard.payee).toEqual({ organisationId: t.orgA.id, state: "notPaid" });
    expect(wizard.issues.lead).toEqual([]);
    await expect(submitPlan(t.applicantA, id, version)).resolves.toBeDefined();

    // A bank return clears the approval of the account (returns.server.ts), keeping Organisation.iban.
    const u = await createScenario();
    await prisma.organisation.update({
      where: { id: u.orgA.id },
      data: { ibanCheckedAt: null, ibanCheckedById: null },
    });
    const returned = await draftPlan(u, {
      change: (inputs) => {
        inputs.lead.leadIban = ASKED;
      },
    });
    const returnedWizard = await getWizard(u.applicantA, u.applicantA.userId, returned.id);
    expect(returnedWizard.payee).toEqual({ organisationId: u.orgA.id, state: "notPaid" });
    expect(returnedWizard.issues.lead).toEqual([]);
    await expect(submitPlan(u.applicantA, returned.id, returned.version)).resolves.toBeDefined();
  });

  it("accepts the account a pending change asks for, as the payment goes to whichever finance approves", async () => {
    const t = await createScenario();
    await requestIbanChange(t.applicantA, { organisationId: t.orgA.id, iban: ASKED, accountHolder: "OOM" });
    const { id, version } = await draftPlan(t, {
      change: (inputs) => {
        inputs.lead.leadIban = ASKED;
      },
    });
    const wizard = await getWizard(t.applicantA, t.applicantA.userId, id);
    expect(wizard.issues.lead).toEqual([]);
    expect(wizard.payee).toEqual({
      organisationId: t.orgA.id,
      state: "changePending",
      iban: "NL91 ABNA 0417 1643 00",
      holder: t.orgA.name,
      newIban: ASKED_TEXT,
      newHolder: "OOM",
    });
    await expect(submitPlan(t.applicantA, id, version)).resolves.toMatchObject({ version: version + 1 });

    // The approved account still goes in; a third is refused, naming both.
    const approved = await draftPlan(t);
    await expect(submitPlan(t.applicantA, approved.id, approved.version)).resolves.toBeDefined();
    const third = await draftPlan(t, {
      change: (inputs) => {
        inputs.lead.leadIban = OTHER_IBAN;
      },
    });
    await expect(submitPlan(t.applicantA, third.id, third.version)).rejects.toMatchObject({
      code: "LEAD_NOT_ORGANISATION",
      message: leadIbanNotOrganisationOrRequested(REJECTED, ASKED),
    });
  });
});
