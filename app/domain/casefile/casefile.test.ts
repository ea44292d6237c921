import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { buildCaseFile } from "../documents/case-file.server.ts";
import { NotFoundError, RuleViolation } from "../errors.ts";
import { listMessages, postMessage } from "./messages.server.ts";
import { addNote, listNotes } from "./notes.server.ts";

let s: Scenario;
async function plan(status: "SUBMITTED" | "DRAFT" | "GRANTED", handlerId: string | null) {
  return prisma.plan.create({
    data: {
      reference: `SP-C${s.tag}-${Math.random().toString(36).slice(2, 8)}`,
      organisationId: s.orgA.id,
      regulationId: s.regulation.id,
      status,
      title: "Berichtenplan",
      createdById: s.applicantA.userId,
      submittedAt: status === "DRAFT" ? null : new Date(),
      handlerId,
    },
  });
}

beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await disconnectPrisma();
});

describe("staff notes", () => {
  it("staff write and read them; an applicant, even of the plan's own organisation, never sees them", async () => {
    const p = await plan("SUBMITTED", s.handler.userId);
    await addNote(s.handler, p.id, "  Bel de aanvrager over de begroting.  ");
    // An adviser reads and writes notes only once active on the plan (visiblePlans).
    await expect(addNote(s.adviser, p.id, "te vroeg")).rejects.toBeInstanceOf(NotFoundError);
    await prisma.adviserAssignment.create({
      data: {
        planId: p.id,
        adviserId: s.adviser.userId,
        assignedById: s.coordinator.userId,
        assignedAt: new Date(),
        status: "ACTIVE",
      },
    });
    await addNote(s.adviser, p.id, "Let op de kosten per deelnemer.");
    const notes = await listNotes(s.decisionMaker, p.id);
    expect(notes.map((n) => n.text).sort()).toEqual([
      "Bel de aanvrager over de begroting.",
      "Let op de kosten per deelnemer.",
    ]);
    await expect(listNotes(s.applicantA, p.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(addNote(s.applicantA, p.id, "ik ook")).rejects.toBeInstanceOf(NotFoundError);
    await expect(addNote(s.handler, p.id, "   ")).rejects.toBeInstanceOf(RuleViolation);
    // Nor does a note leak through the thread the applicant reads.
    const thread = await listMessages(s.applicantA, p.id, "aanvrager");
    expect(JSON.stringify(thread)).not.toContain("begroting");
  });

  it("a draft has no notes for staff (404)", async () => {
    const d = await plan("DRAFT", null);
    await expect(addNote(s.handler, d.id, "x")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("the message thread", () => {
  it("applicant and handler exchange messages; each side is notified; the other organisation gets 404", async () => {
    const p = await plan("GRANTED", s.handler.userId);
    await postMessage(s.applicantA, p.id, "aanvrager", "Mogen we de startdatum verschuiven?");
    const toHandler = await prisma.notification.findMany({
      where: { planId: p.id, userId: s.handler.userId },
    });
    expect(toHandler).toHaveLength(1);
    expect(toHandler[0]?.link).toBe(`/behandeling/plannen/${p.id}/berichten`);

    await postMessage(s.handler, p.id, "behandeling", "Ja, meld de nieuwe datum bij de start.");
    const toApplicant = await prisma.notification.findMany({
      where: { planId: p.id, userId: s.applicantA.userId },
    });
    expect(toApplicant).toHaveLength(1);

    const applicantView = await listMessages(s.applicantA, p.id, "aanvrager");
    expect(applicantView.messages.map((m) => [m.fromStaff, m.authorName])).toEqual([
      [false, expect.any(String)],
      [true, "Behandelaar"],
    ]);
    await expect(listMessages(s.applicantB, p.id, "aanvrager")).rejects.toBeInstanceOf(NotFoundError);
    await expect(postMessage(s.applicantB, p.id, "aanvrager", "hallo")).rejects.toBeInstanceOf(NotFoundError);
    // An applicant cannot write as staff.
    await expect(postMessage(s.applicantA, p.id, "behandeling", "hallo")).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const d = await plan("DRAFT", null);
    await expect(listMessages(s.applicantA, d.id, "aanvrager")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("without a handler, every case handler is told", async () => {
    const p = await plan("SUBMITTED", null);
    await postMessage(s.applicantA, p.id, "aanvrager", "Is ons plan ontvangen?");
    expect(await prisma.notification.count({ where: { planId: p.id, userId: s.handler.userId } })).toBe(1);
  });

  it("notes and messages are in the case file", async () => {
    const p = await plan("SUBMITTED", s.handler.userId);
    await addNote(s.handler, p.id, "=SOM(A1) intern");
    await postMessage(s.applicantA, p.id, "aanvrager", "Vraag over het tijdvak");
    const file = await buildCaseFile(p.id);
    const files = unzipSync(file?.bytes ?? new Uint8Array());
    const notes = new TextDecoder().decode(files["notities.csv"]);
    expect(notes).toContain(`"'=SOM(A1) intern"`);
    expect(new TextDecoder().decode(files["berichten.csv"])).toContain("Vraag over het tijdvak");
    expect(new TextDecoder().decode(files["inhoud.txt"])).toContain("Notities en berichten: notities.csv");
  });
});
