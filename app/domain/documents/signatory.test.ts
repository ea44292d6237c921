import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { advisePlan, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { setSigningTitle } from "../accounts/staff.server.ts";
import { setClock } from "../clock.ts";
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
    expect(await signatoryOf(prisma, dm, new Date())).toEqual({ name, title: null });
    await setSigningTitle(admin, dm, "de directeur Agentschap SZW");
    expect(await signatoryOf(prisma, dm, new Date())).toEqual({ name, title: "de directeur Agentschap SZW" });
    // A value written around the admin's form (a script, the database): blank is no function.
    await prisma.user.update({ where: { id: dm }, data: { signingTitle: "  " } });
    expect(await signatoryOf(prisma, dm, new Date())).toEqual({ name, title: null });
    expect(await signatoryOf(prisma, null, new Date())).toBeNull();
    expect(await signatoryOf(prisma, "00000000-0000-4000-8000-00000000dead", new Date())).toBeNull();
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

  it("keeps the function the besluit was taken under when the letter is made, or made again, later", async () => {
    const s = await createScenario();
    const admin = await s.newUser("ADMIN");
    const dm = s.decisionMaker.userId;
    await setSigningTitle(admin, dm, "de directeur Agentschap SZW");
    const { id, version } = await completePlan(s);
    planIds.push(id);
    await grantPlan(s, id, await advisePlan(s, id, version));
    const decision = await prisma.decision.findFirstOrThrow({ where: { planId: id } });
    const { name } = await prisma.user.findUniqueOrThrow({ where: { id: dm }, select: { name: true } });
    // A minute later the admin records another function, and later clears it.
    try {
      setClock(new Date(decision.decidedAt.getTime() + 60_000));
      await setSigningTitle(admin, dm, "het hoofd van de afdeling Subsidies");
      setClock(new Date(decision.decidedAt.getTime() + 120_000));
      await setSigningTitle(admin, dm, null);
    } finally {
      setClock(null);
    }
    expect(await signatoryOf(prisma, dm, decision.decidedAt)).toEqual({
      name,
      title: "de directeur Agentschap SZW",
    });
    expect(await signatoryOf(prisma, dm, new Date(decision.decidedAt.getTime() + 90_000))).toEqual({
      name,
      title: "het hoofd van de afdeling Subsidies",
    });
    expect(await signatoryOf(prisma, dm, new Date(decision.decidedAt.getTime() + 180_000))).toEqual({
      name,
      title: null,
    });
    const bytes = await renderDecisionLetter(await loadDecisionLetterInput(prisma, decision.id));
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    expect(text.replace(/\s+/g, " ")).toContain(`namens deze, de directeur Agentschap SZW, ${name}`);
  });
});
