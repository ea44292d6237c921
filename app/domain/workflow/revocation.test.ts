import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { translateDomainText } from "../../i18n/domain-messages.ts";
import { submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { listCases } from "../caselist/list.server.ts";
import { parseListParams } from "../caselist/params.ts";
import { revokeGrant } from "../decision/decide.server.ts";
import {
  REVOCATION_REASON,
  revocableScenarioPlan,
  revokedScenarioPlan,
} from "../documents/revocation.test-support.ts";
import { produceRevocationLetter, revocationLetterKey } from "../documents/revocation-letter.server.ts";
import { EMAIL_TEMPLATES } from "../notifications/templates/index.server.ts";
import { renderEmail } from "../notifications/templates/message.ts";
import { SkipEmail } from "../notifications/templates/types.ts";
import { listOrganisationPlanOverview } from "../plan/dashboard.server.ts";
import { getPlanView, listOrganisationPlans } from "../plan/view.server.ts";
import { withdrawPlan } from "../plan/withdrawal.server.ts";
import { executionStartDeadline } from "../reminders/reminders.server.ts";
import { formatDateNl, localDateFromDb } from "../time/index.ts";
import { applyEvent } from "./apply-event.server.ts";

/**
 * Intrekking (regulation art. 5.2) is a besluit: it has no effect before it is made known (Awb
 * 3:40, 3:41) and carries the objection clause (Awb 3:45). The revoke event asks for its letter in
 * its own transaction; the letter states the grounds, the amounts and the claim, and tells the
 * organisation once; the plan reads "Ingetrokken door de minister", not the applicant's withdrawal.
 */

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await disconnectPrisma();
});

const revocationLetterMessages = async (planId: string) =>
  (await prisma.outboxMessage.findMany({ where: { jobName: "render-letter" } })).filter((m) => {
    const p = m.payload as { planId?: string; kind?: string };
    return p.planId === planId && p.kind === "REVOCATION_DECISION";
  });

async function letterText(documentId: string): Promise<string> {
  const doc = await prisma.document.findUniqueOrThrow({ where: { id: documentId } });
  const blob = await prisma.storedBlob.findUniqueOrThrow({ where: { key: doc.storageKey } });
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(blob.bytes)), {
    mergePages: true,
  });
  return text.replace(/\s+/g, " ");
}

describe("the revocation's letter message", () => {
  it("is written exactly once by the revoke event", async () => {
    const { planId } = await revokedScenarioPlan(s);
    expect(await revocationLetterMessages(planId)).toHaveLength(1);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).status).toBe("WITHDRAWN");
  });

  it("is not written by a revoke that is refused, nor by one whose transaction fails after it", async () => {
    // Refused: the term to start has not passed (a grant of today).
    const { planId: early } = await revocableScenarioPlan(s);
    await prisma.decision.update({ where: { planId: early }, data: { decidedAt: new Date() } });
    const { version } = await prisma.plan.findUniqueOrThrow({ where: { id: early } });
    await expect(revokeGrant(s.decisionMaker, early, version, REVOCATION_REASON)).rejects.toThrow(
      /pas daarna kan de verlening worden ingetrokken/,
    );
    expect(await revocationLetterMessages(early)).toHaveLength(0);

    // The event itself succeeds, then its transaction fails: the message goes with everything else.
    const late = await revocableScenarioPlan(s);
    await expect(
      prisma.$transaction(async (tx) => {
        await applyEvent(tx, {
          planId: late.planId,
          event: "revoke",
          actor: s.decisionMaker,
          expectedVersion: late.version,
          input: { reason: REVOCATION_REASON },
        });
        expect(
          await tx.outboxMessage.count({
            where: {
              jobName: "render-letter",
              AND: [
                { payload: { path: ["planId"], equals: late.planId } },
                { payload: { path: ["kind"], equals: "REVOCATION_DECISION" } },
              ],
            },
          }),
        ).toBe(1);
        throw new Error("the transaction fails after the event");
      }),
    ).rejects.toThrow("the transaction fails after the event");
    expect(await revocationLetterMessages(late.planId)).toHaveLength(0);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id: late.planId } })).status).toBe("GRANTED");
    expect(await prisma.recoveryClaim.count({ where: { planId: late.planId } })).toBe(0);
  });
});

describe("the revocation letter", () => {
  it("states the grounds, the last day to start, the amounts, the claim's due date and interest, and the objection clause", async () => {
    const plan = await revokedScenarioPlan(s);
    const doc = await produceRevocationLetter(plan.planId);
    expect(doc).toMatchObject({
      kind: "REVOCATION_DECISION",
      idempotencyKey: revocationLetterKey(plan.planId),
      templateVersion: "beschikking-intrekking@2",
    });
    const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId: plan.planId } });
    expect(claim.amountCents).toBe(6_000_000n);
    const text = await letterText(doc.id);
    expect(text).toContain("artikel 5.2 van de regeling geheel ingetrokken");
    expect(text).toContain("artikel 4:48, eerste lid, onder a");
    expect(text).toContain(`uiterlijk op ${formatDateNl(executionStartDeadline(plan.decidedAt, 6))}`);
    expect(text).toContain(REVOCATION_REASON);
    // fullAmounts: two years of € 300.000,00; one advance of € 60.000,00 paid and claimed back.
    expect(text).toContain("Verleend (ten hoogste) € 600.000,00");
    expect(text).toContain("Betaalde voorschotten € 60.000,00");
    expect(text).toContain("Terug te betalen € 60.000,00");
    expect(text).toContain(
      `Betaal € 60.000,00 uiterlijk ${formatDateNl(localDateFromDb(claim.dueOn))} op rekening`,
    );
    // The letter asks exactly the claim; the interest runs only after its payment term (Awb 4:98).
    expect(text).toContain(
      `Betaalt u niet uiterlijk ${formatDateNl(localDateFromDb(claim.dueOn))}, dan bent u vanaf de dag daarna`,
    );
    expect(text).toContain("binnen zes weken na de dag waarop dit besluit is verzonden");
    const signer = await prisma.user.findUniqueOrThrow({ where: { id: s.decisionMaker.userId } });
    expect(text).toContain(`De Minister van Sociale Zaken en Werkgelegenheid, namens deze, ${signer.name}`);
  });

  it("made twice is stored once, and tells the organisation once, in the portal and by e-mail", async () => {
    const { planId } = await revokedScenarioPlan(s);
    const first = await produceRevocationLetter(planId);
    const second = await produceRevocationLetter(planId);
    expect(second.id).toBe(first.id);
    expect(await prisma.document.count({ where: { planId, kind: "REVOCATION_DECISION" } })).toBe(1);
    const notes = await prisma.notification.findMany({
      where: { planId, title: { startsWith: "Subsidieverlening" } },
    });
    expect(notes.map((n) => n.userId)).toEqual([s.applicantA.userId]);
    expect(notes[0]?.body.replace(/\u00a0/g, " ")).toContain(
      "Wij vorderen € 60.000,00 aan voorschotten terug.",
    );
    const mails = await prisma.outboxMessage.findMany({
      where: {
        jobName: "send-email",
        AND: [
          { payload: { path: ["planId"], equals: planId } },
          { payload: { path: ["template"], equals: "revocation-decided" } },
        ],
      },
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]?.payload).toMatchObject({ recipientUserId: s.applicantA.userId, documentId: first.id });

    // The e-mail says what is claimed back, by when, and the objection term from the bekendmaking.
    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      include: { organisation: true },
    });
    const prepared = await EMAIL_TEMPLATES["revocation-decided"].prepare(
      prisma,
      { template: "revocation-decided", planId, recipientUserId: s.applicantA.userId, documentId: first.id },
      {
        recipient: { id: s.applicantA.userId, name: "Aanvrager", email: "a@example.nl" },
        plan: {
          id: planId,
          reference: plan.reference,
          title: plan.title,
          status: plan.status,
          organisationName: plan.organisation.name,
        },
        publicUrl: "https://portaal.test.example",
        at: new Date(),
      },
    );
    expect(prepared).not.toBeInstanceOf(SkipEmail);
    if (prepared instanceof SkipEmail) return;
    const text = renderEmail(prepared.message).text.replace(/\u00a0/g, " ");
    const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
    expect(text).toContain("€ 60.000,00");
    expect(text).toContain("Na die dag bent u over het openstaande bedrag de wettelijke rente verschuldigd.");
    expect(text).not.toContain("vermeerderd met");
    expect(text).toContain(formatDateNl(localDateFromDb(claim.dueOn)));
    expect(text).toContain("binnen zes weken");
  });

  it("without advances paid claims nothing back", async () => {
    const { planId } = await revokedScenarioPlan(s, 0n);
    expect(await prisma.recoveryClaim.count({ where: { planId } })).toBe(0);
    const text = await letterText((await produceRevocationLetter(planId)).id);
    expect(text).toContain("U heeft geen voorschotten ontvangen. Ik vorder daarom niets van u terug.");
  });
});

describe("a revoked plan's status", () => {
  it("reads 'Ingetrokken door de minister' on the plan pages and lists, a withdrawn one 'Ingetrokken door de aanvrager'", async () => {
    const revoked = await revokedScenarioPlan(s);
    const withdrawn = await submittedPlan(s);
    await withdrawPlan(s.applicantA, withdrawn.id, withdrawn.version, null);

    for (const actor of [s.applicantA, s.decisionMaker]) {
      const view = await getPlanView(actor, revoked.planId);
      expect(view.statusLabel).toBe("Ingetrokken door de minister");
      expect(view.events.find((e) => e.event === "revoke")?.toStatusLabel).toBe(
        "Ingetrokken door de minister",
      );
    }
    const other = await getPlanView(s.applicantA, withdrawn.id);
    expect(other.statusLabel).toBe("Ingetrokken door de aanvrager");
    expect(other.events.find((e) => e.event === "withdraw")?.toStatusLabel).toBe(
      "Ingetrokken door de aanvrager",
    );

    const label = (rows: { id: string; statusLabel: string }[], id: string) =>
      rows.find((r) => r.id === id)?.statusLabel;
    const mine = await listOrganisationPlans(s.applicantA);
    expect(label(mine, revoked.planId)).toBe("Ingetrokken door de minister");
    expect(label(mine, withdrawn.id)).toBe("Ingetrokken door de aanvrager");
    const overview = await listOrganisationPlanOverview(s.applicantA);
    expect(label(overview, revoked.planId)).toBe("Ingetrokken door de minister");
    expect(label(overview, withdrawn.id)).toBe("Ingetrokken door de aanvrager");

    const staff = await listCases(
      s.decisionMaker,
      // This scenario's window only: the list is paged, and other tests leave withdrawn plans too.
      parseListParams(new URLSearchParams(`lijst=alle&status=WITHDRAWN&tijdvak=${s.window.id}`)),
    );
    expect(label(staff.rows, revoked.planId)).toBe("Ingetrokken door de minister");
    expect(label(staff.rows, withdrawn.id)).toBe("Ingetrokken door de aanvrager");

    expect(translateDomainText("Ingetrokken door de minister", "en")).toBe("Revoked by the minister");
    expect(translateDomainText("Ingetrokken door de aanvrager", "en")).toBe("Withdrawn by the applicant");
  });
});
