import { createHash } from "node:crypto";
import type { Job } from "bullmq";
import { PDFDict, PDFDocument, PDFName, PDFStream } from "pdf-lib";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { processLetterJob } from "../../../workers/processors/letters.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { setClock } from "../clock.ts";
import { NotFoundError } from "../errors.ts";
import { EMAIL_TEMPLATES } from "../notifications/templates/index.server.ts";
import { renderEmail } from "../notifications/templates/message.ts";
import { SkipEmail } from "../notifications/templates/types.ts";
import { type AanmaningKind, aanmaningKey, sendAanmaning } from "../settlement/aanmaning.server.ts";
import { decideRecoveryInterest } from "../settlement/interest-decision.server.ts";
import { markRecoveryReceived } from "../settlement/recovery.server.ts";
import { localDateToDb } from "../time/index.ts";
import {
  AANMANING_TEMPLATE_VERSION,
  type AanmaningInput,
  aanmaningOwed,
  loadAanmaningInput,
  produceAanmaning,
  renderAanmaning,
} from "./aanmaning-letter.server.ts";
import { produceInterestDecision } from "./interest-decision-letter.server.ts";
import { TEST_ADDRESSEE } from "./letter-input.test-support.ts";
import { revokedScenarioPlan } from "./revocation.test-support.ts";
import { produceRevocationLetter } from "./revocation-letter.server.ts";
import { readDocument } from "./store.server.ts";

/**
 * The aanmaning (Awb 4:112): what it states for the claim and for the interest, that its free text
 * stays inert, and that a letter job run twice stores one document and tells the signatories once.
 */

const XSS = `<script>window.__xss=1</script><img src=x onerror="window.__xss=1">"'&<b>vet</b>`;

function input(overrides: Partial<AanmaningInput> = {}): AanmaningInput {
  return {
    planId: "00000000-0000-4000-8000-000000000002",
    claimId: "00000000-0000-4000-8000-000000000003",
    what: "claim",
    reference: "SP-2026-000012",
    title: "Vakmanschap in de metaal",
    madeAt: new Date("2025-12-09T10:00:00Z"),
    // Sent two days after finance had it made (the letters worker was behind): Thursday 11 December
    // 2025 + 2 weeks is Christmas Day, so the Atw moves the last day to Monday 29 December.
    sentAt: new Date("2025-12-11T10:00:00Z"),
    signatory: { name: "J. de Vries", title: "de directeur Agentschap SZW" },
    origin: "revocation",
    amountCents: 6_000_000n,
    dueOn: "2025-11-28",
    interest: null,
    payTo: { name: "Agentschap SZW", iban: "NL28INGB0705001239" },
    addressee: TEST_ADDRESSEE,
    regulation: { citationTitle: "Regeling cofinanciering sectorplannen" },
    ...overrides,
  };
}

async function textOf(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, " ");
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("the aanmaning", () => {
  it("of the claim states what is owed, the last day passed, two weeks from its sending, where to pay, the running interest, no costs, the dwangbevel and no objection", async () => {
    const bytes = await renderAanmaning(input());
    expect(bytes.byteLength).toBeLessThan(60 * 1024);
    const text = await textOf(bytes);
    expect(text).toContain("Ministerie van Sociale Zaken en Werkgelegenheid");
    expect(text).toContain("Opleidingscoöperatie Metaal U.A.");
    expect(text).toContain("Datum 9 december 2025");
    expect(text).toContain("Kenmerk SP-2026-000012");
    expect(text).toContain("Onderwerp Aanmaning terugvordering SP-2026-000012");
    expect(text).toContain(
      "Bij de beschikking tot intrekking van de subsidie voor het sectorplan “Vakmanschap in de metaal” heb ik " +
        "€ 60.000,00 van u teruggevorderd, te betalen uiterlijk 28 november 2025. Dat bedrag heb ik niet binnen die termijn ontvangen.",
    );
    expect(text).toContain(
      "Ik maan u aan € 60.000,00 alsnog te betalen binnen twee weken na de dag waarop deze aanmaning is " +
        "verzonden, dus uiterlijk 29 december 2025 (artikel 4:112, eerste lid, Awb), op rekening NL28 INGB 0705 " +
        "0012 39 ten name van Agentschap SZW, onder vermelding van het kenmerk SP-2026-000012.",
    );
    expect(text).toContain("Teruggevorderd bedrag € 60.000,00");
    expect(text).toContain("Uiterste betaaldatum 28 november 2025");
    expect(text).toContain("Nieuwe uiterste betaaldatum 29 december 2025");
    expect(text).toContain(
      "Sinds 29 november 2025 bent u over het openstaande bedrag zonder ingebrekestelling in verzuim en de " +
        "wettelijke rente verschuldigd (artikel 4:97 en 4:98 Awb). Die rente loopt door tot de dag waarop ik het " +
        "bedrag ontvang; deze aanmaning verandert daar niets aan.",
    );
    expect(text).toContain("Voor deze aanmaning breng ik geen kosten in rekening (artikel 4:113 Awb).");
    expect(text).toContain(
      "Betaalt u niet uiterlijk 29 december 2025, dan kan ik het bedrag bij dwangbevel invorderen (artikel " +
        "4:114 Awb). De kosten van die invordering komen voor uw rekening.",
    );
    expect(text).toContain("Deze aanmaning is geen besluit: u kunt er geen bezwaar tegen maken.");
    // No objection clause: the aanmaning is no besluit.
    expect(text).not.toContain("bezwaarschrift");
    // One page: the closing does not stand alone on a second.
    expect(text).toContain("pagina 1 van 1");
    expect(text).toContain(
      "De Minister van Sociale Zaken en Werkgelegenheid, namens deze, de directeur Agentschap SZW, J. de Vries",
    );
  });

  it("of a claim paid in part urges what is left, naming the claim and what came in", async () => {
    const text = await textOf(await renderAanmaning(input({ paidCents: 2_000_000n })));
    expect(text).toContain(
      "heb ik € 60.000,00 van u teruggevorderd, te betalen uiterlijk 28 november 2025. Daarvan heb ik " +
        "€ 20.000,00 ontvangen; € 40.000,00 heb ik niet binnen die termijn ontvangen.",
    );
    expect(text).toContain("Ik maan u aan € 40.000,00 alsnog te betalen");
    expect(text).toContain("Teruggevorderd bedrag € 60.000,00");
    expect(text).toContain("Al ontvangen € 20.000,00");
    expect(text).toContain("Nog te betalen € 40.000,00");
    expect(aanmaningOwed(input({ paidCents: 2_000_000n })).cents).toBe(4_000_000n);
  });

  it("of the interest names the beschikking, its amount and its own last day", async () => {
    const text = await textOf(
      await renderAanmaning(
        input({
          what: "interest",
          origin: "settlement",
          interest: { cents: 547_452n, decidedAt: new Date("2025-09-03T10:00:00Z"), payBy: "2025-10-17" },
        }),
      ),
    );
    expect(text).toContain("Onderwerp Aanmaning wettelijke rente terugvordering SP-2026-000012");
    expect(text).toContain(
      "Bij beschikking van 3 september 2025 heb ik de wettelijke rente over uw te late terugbetaling van " +
        "€ 60.000,00 voor het sectorplan “Vakmanschap in de metaal” vastgesteld op € 5.474,52, te betalen " +
        "uiterlijk 17 oktober 2025. Dat bedrag heb ik niet binnen die termijn ontvangen.",
    );
    expect(text).toContain("Ik maan u aan € 5.474,52 alsnog te betalen");
    expect(text).toContain("Vastgestelde wettelijke rente € 5.474,52");
    expect(text).toContain("Uiterste betaaldatum 17 oktober 2025");
    expect(text).toContain("Nieuwe uiterste betaaldatum 29 december 2025");
    expect(text).toContain("Sinds 18 oktober 2025 bent u over het openstaande bedrag");
    expect(text).toContain("pagina 1 van 1");
  });

  it("renders the same input to the same bytes, and names its template", async () => {
    const a = await renderAanmaning(input());
    expect(sha(await renderAanmaning(input()))).toBe(sha(a));
    const pdf = await getDocumentProxy(new Uint8Array(a));
    const { info } = (await pdf.getMetadata()) as unknown as { info: Record<string, unknown> };
    expect(String(info.Creator)).toContain(AANMANING_TEMPLATE_VERSION);
  });

  it("draws script and HTML in the plan's title and the organisation as the text they are, with no active content", async () => {
    const bytes = await renderAanmaning(
      input({ title: `Plan ${XSS}`, addressee: { ...TEST_ADDRESSEE, name: `Org ${XSS}` } }),
    );
    const text = await textOf(bytes);
    expect(text).toContain(`sectorplan “Plan ${XSS}”`);
    expect(text).toContain(`Org ${XSS}`);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const active: string[] = [];
    for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
      const dict = object instanceof PDFStream ? object.dict : object instanceof PDFDict ? object : null;
      for (const key of dict?.keys() ?? []) {
        const name = key.decodeText();
        if (["JavaScript", "JS", "OpenAction", "AA", "Launch"].includes(name)) active.push(`${ref} /${name}`);
      }
      if (dict?.get(PDFName.of("S"))?.toString() === "/JavaScript") active.push(`${ref} /S`);
    }
    expect(active).toEqual([]);
  });
});

describe("producing the aanmaning", () => {
  let s: Scenario;
  let finance: Actor;
  beforeAll(async () => {
    s = await createScenario();
    finance = await s.newUser("FINANCE");
  });
  afterEach(() => setClock(null));
  afterAll(async () => {
    await disconnectPrisma();
  });

  const job = (data: unknown) => ({ data }) as Job;

  /** A revoked plan's claim of € 60.000 due Friday 28 February 2014. */
  async function claimOf2014() {
    const { planId } = await revokedScenarioPlan(s);
    // Made known: a claim is urged only after its beschikking was sent (Awb 3:40, 4:87).
    await produceRevocationLetter(planId);
    const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
    await prisma.recoveryClaim.update({
      where: { id: claim.id },
      data: { createdAt: new Date("2014-01-10T10:00:00Z"), dueOn: localDateToDb("2014-02-28") },
    });
    return { planId, claimId: claim.id };
  }

  async function mailOf(planId: string, documentId: string, recipientUserId: string) {
    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      include: { organisation: true },
    });
    const prepared = await EMAIL_TEMPLATES["aanmaning-sent"].prepare(
      prisma,
      { template: "aanmaning-sent", planId, recipientUserId, documentId },
      {
        recipient: { id: recipientUserId, name: `Aanvrager ${XSS}`, email: "a@example.nl" },
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
    if (prepared instanceof SkipEmail) throw new Error("skipped");
    return renderEmail(prepared.message);
  }

  const mails = (planId: string) =>
    prisma.outboxMessage.findMany({
      where: {
        jobName: "send-email",
        AND: [
          { payload: { path: ["planId"], equals: planId } },
          { payload: { path: ["template"], equals: "aanmaning-sent" } },
        ],
      },
    });

  it("a job run twice stores one document and tells the signatories once, in-app and by e-mail, naming the new last day", async () => {
    const { planId, claimId } = await claimOf2014();
    // A member who may not sign is not told (the aanmaning is for those who answer for the plan).
    const member = await s.newUser("APPLICANT", s.orgA.id);
    await prisma.roleMembership.updateMany({
      where: { userId: member.userId },
      data: { isSignatory: false },
    });
    // No aanmaning yet: nothing to render, and retrying will not change that.
    await expect(produceAanmaning(claimId, "claim")).rejects.toBeInstanceOf(NotFoundError);
    setClock(new Date("2014-03-03T09:00:00Z"));
    await sendAanmaning(finance, claimId, "claim");
    // The worker is behind: the letter is stored, and so sent, on Wednesday 5 March 2014.
    setClock(new Date("2014-03-05T09:00:00Z"));
    const payload = { kind: "AANMANING", planId, recoveryClaimId: claimId, aanmaning: "claim" };
    const first = await processLetterJob(job(payload));
    const second = await processLetterJob(job(payload));
    expect(second.documentId).toBe(first.documentId);
    const docs = await prisma.document.findMany({ where: { planId, kind: "AANMANING" } });
    expect(docs).toHaveLength(1);
    const { reference } = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    expect(docs[0]).toMatchObject({
      idempotencyKey: aanmaningKey(claimId, "claim"),
      templateVersion: AANMANING_TEMPLATE_VERSION,
      title: `Aanmaning terugvordering ${reference}`,
      createdAt: new Date("2014-03-05T09:00:00Z"),
    });

    const { bytes } = await readDocument(first.documentId);
    const text = await textOf(bytes);
    // Dated by the aanmaning; two weeks from its sending: Wednesday 19 March 2014.
    expect(text).toContain("Datum 3 maart 2014");
    expect(text).toContain("dus uiterlijk 19 maart 2014");
    expect(text).toContain("te betalen uiterlijk 28 februari 2014");
    // Signed by the finance user who had it made.
    expect(text).toContain((await loadAanmaningInput(prisma, claimId, "claim")).signatory?.name ?? "?");
    // A re-render later, from the stored letter's createdAt, gives the same bytes.
    setClock(new Date("2014-06-01T09:00:00Z"));
    expect(sha(await renderAanmaning(await loadAanmaningInput(prisma, claimId, "claim")))).toBe(sha(bytes));

    const signatories = await prisma.roleMembership.findMany({
      where: { organisationId: s.orgA.id, role: "APPLICANT", isSignatory: true, user: { active: true } },
      select: { userId: true },
    });
    const notes = await prisma.notification.findMany({
      where: { planId, title: { startsWith: "Aanmaning" } },
    });
    expect(notes.map((n) => n.userId).sort()).toEqual(signatories.map((m) => m.userId).sort());
    expect(notes.map((n) => n.userId)).not.toContain(member.userId);
    expect(notes[0]?.title).toBe(`Aanmaning ${reference}`);
    expect(notes[0]?.body).toContain("Betaal €\u00a060.000,00 alsnog uiterlijk 19 maart 2014.");
    const queued = await mails(planId);
    expect(queued).toHaveLength(signatories.length);
    expect(queued[0]?.payload).toMatchObject({ documentId: first.documentId });

    const mail = await mailOf(planId, first.documentId, s.applicantA.userId);
    expect(mail.subject).toContain(`Aanmaning: betaal de terugvordering ${reference}`);
    const mailText = mail.text.replace(/\u00a0/g, " ");
    expect(mailText).toContain("niet uiterlijk 28 februari 2014 ontvangen");
    expect(mailText).toContain("alsnog uiterlijk 19 maart 2014");
    expect(mailText).toContain("dwangbevel");
    // The recipient's name is escaped in the HTML part.
    expect(mail.html).not.toMatch(/<script|<img|<b>vet/i);
  });

  it("of the interest, stored apart from the claim's and named on the plan's letters list", async () => {
    const { planId, claimId } = await claimOf2014();
    await markRecoveryReceived(finance, claimId, "2014-03-30");
    setClock(new Date("2014-04-02T09:00:00Z"));
    await decideRecoveryInterest(finance, claimId);
    await produceInterestDecision(claimId);
    setClock(new Date("2014-05-15T09:00:00Z"));
    await sendAanmaning(finance, claimId, "interest");
    const doc = await produceAanmaning(claimId, "interest" satisfies AanmaningKind);
    expect(doc.idempotencyKey).toBe(aanmaningKey(claimId, "interest"));
    const text = await textOf((await readDocument(doc.id)).bytes);
    expect(text).toContain("Bij beschikking van 2 april 2014 heb ik de wettelijke rente");
    expect(text).toContain("vastgesteld op € 147,95, te betalen uiterlijk 14 mei 2014");
    // Thursday 15 May + 2 weeks = Thursday 29 May 2014 (Ascension Day) → Friday 30 May.
    expect(text).toContain("dus uiterlijk 30 mei 2014");
    const note = await prisma.notification.findFirstOrThrow({
      where: { planId, title: { startsWith: "Aanmaning" } },
    });
    expect(note.title).toMatch(/^Aanmaning wettelijke rente /);
    const mail = await mailOf(planId, doc.id, s.applicantA.userId);
    expect(mail.text.replace(/\u00a0/g, " ")).toContain("alsnog uiterlijk 30 mei 2014");
    const { getPlanView } = await import("../plan/view.server.ts");
    const view = await getPlanView(s.applicantA, planId);
    expect(view.documents).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: doc.id, kind: "AANMANING" })]),
    );
  });
});
