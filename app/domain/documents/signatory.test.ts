import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { advisePlan, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { setSigningTitle } from "../accounts/staff.server.ts";
import { cancelReminders } from "../reminders/reminders.server.ts";
import { renderDecisionLetter } from "./decision-letter.server.ts";
import { loadDecisionLetterInput } from "./decision-letter-input.server.ts";
import { signatoryOf } from "./signatory.server.ts";

const planIds: string[] = [];
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

describe("who signs a besluit", () => {
  it("is the staff member with the function recorded for them, or with none", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const dm = s.decisionMaker.userId;
    const { name } = await prisma.user.findUniqueOrThrow({ where: { id: dm }, select: { name: true } });
    expect(await signatoryOf(prisma, dm)).toEqual({ name, title: null });
    await setSigningTitle(admin, dm, "de directeur Agentschap SZW");
    expect(await signatoryOf(prisma, dm)).toEqual({ name, title: "de directeur Agentschap SZW" });
    // A value written around the admin's form (a script, the database): blank is no function.
    await prisma.user.update({ where: { id: dm }, data: { signingTitle: "  " } });
    expect(await signatoryOf(prisma, dm)).toEqual({ name, title: null });
    expect(await signatoryOf(prisma, null)).toBeNull();
    expect(await signatoryOf(prisma, "00000000-0000-4000-8000-00000000dead")).toBeNull();
  });

  it("signs the grant decision in mandate with the decision maker's function", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    await setSigningTitle(admin, s.decisionMaker.userId, "de directeur Agentschap SZW");
    const { id, version } = await completePlan(s);
    planIds.push(id);
    await grantPlan(s, id, await advisePlan(s, id, version));
    const decision = await prisma.decision.findFirstOrThrow({ where: { planId: id } });
    const bytes = await renderDecisionLetter(await loadDecisionLetterInput(prisma, decision.id));
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    const { name } = await prisma.user.findUniqueOrThrow({ where: { id: s.decisionMaker.userId } });
    expect(text.replace(/\s+/g, " ")).toContain(
      `Met vriendelijke groet, De Minister van Sociale Zaken en Werkgelegenheid, namens deze, de directeur Agentschap SZW, ${name}`,
    );
  });
});
