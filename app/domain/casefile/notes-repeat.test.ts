import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { now, setClock } from "../clock.ts";
import { MESSAGE_REPEAT_MS } from "./messages.server.ts";
import { addNote } from "./notes.server.ts";

let s: Scenario;
const plan = () =>
  prisma.plan.create({
    data: {
      reference: `SP-N${s.tag}-${Math.random().toString(36).slice(2, 8)}`,
      organisationId: s.orgA.id,
      regulationId: s.regulation.id,
      status: "SUBMITTED",
      title: "Notitieplan",
      createdById: s.applicantA.userId,
      submittedAt: new Date(),
      handlerId: s.handler.userId,
    },
  });
const notes = (planId: string) => prisma.planNote.count({ where: { planId } });

beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

describe("a staff note sent twice (a double click without JavaScript, a refresh resending the POST)", () => {
  it("is stored once, also when both arrive at the same moment", async () => {
    const p = await plan();
    const text = "Bel de aanvrager over de begroting.";
    const [a, b] = await Promise.all([
      addNote(s.handler, p.id, text),
      addNote(s.handler, p.id, ` ${text}\n`),
    ]);
    expect(b.id).toBe(a.id);
    await addNote(s.handler, p.id, text);
    expect(await notes(p.id)).toBe(1);
  });

  it("is a new note after a minute, with another text, or from a colleague", async () => {
    const p = await plan();
    const colleague = await s.newUser("CASE_HANDLER");
    const start = now();
    setClock(start);
    await addNote(s.handler, p.id, "Ja.");
    await addNote(s.handler, p.id, "Nee.");
    await addNote(colleague, p.id, "Ja.");
    expect(await notes(p.id)).toBe(3);
    setClock(new Date(start.getTime() + MESSAGE_REPEAT_MS + 1000));
    await addNote(s.handler, p.id, "Ja.");
    expect(await notes(p.id)).toBe(4);
  });
});
