import { createHash } from "node:crypto";
import type { Job } from "bullmq";
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
import { decideRecoveryInterest } from "../settlement/interest-decision.server.ts";
import {
  interestDecisionKey,
  markRecoveryReceived,
  recordRecoveryPart,
} from "../settlement/recovery.server.ts";
import { localDateToDb } from "../time/index.ts";
import {
  INTEREST_DECISION_TEMPLATE_VERSION,
  type InterestDecisionInput,
  interestDecidedNotice,
  loadInterestDecisionInput,
  produceInterestDecision,
  renderInterestDecision,
} from "./interest-decision-letter.server.ts";
import { TEST_ADDRESSEE } from "./letter-input.test-support.ts";
import { revokedScenarioPlan } from "./revocation.test-support.ts";
import { readDocument } from "./store.server.ts";

/**
 * The beschikking wettelijke rente (Awb 4:99): what it states, that it stays small, and that a
 * letter job run twice stores one document and tells the organisation once.
 */

/** Paid 442 days late, over three rates and past a year of verzuim (the interest added to the base). */
function input(overrides: Partial<InterestDecisionInput> = {}): InterestDecisionInput {
  return {
    planId: "00000000-0000-4000-8000-000000000002",
    claimId: "00000000-0000-4000-8000-000000000003",
    reference: "SP-2026-000012",
    title: "Vakmanschap in de metaal",
    decidedAt: new Date("2025-09-03T10:00:00Z"),
    // Sent two days after finance had it made (the letters worker was behind).
    sentAt: new Date("2025-09-05T10:00:00Z"),
    signatory: { name: "J. de Vries", title: "de directeur Agentschap SZW" },
    origin: "revocation",
    amountCents: 6_000_000n,
    dueOn: "2024-05-31",
    receivedOn: "2025-08-16",
    parts: [],
    interestCents: 547_452n,
    lines: [
      {
        from: "2024-06-01",
        until: "2024-06-30",
        days: 30,
        rateBp: 600,
        baseCents: "6000000",
        interestCents: "29589",
      },
      {
        from: "2024-07-01",
        until: "2024-12-31",
        days: 184,
        rateBp: 700,
        baseCents: "6000000",
        interestCents: "211726",
      },
      {
        from: "2025-01-01",
        until: "2025-05-31",
        days: 151,
        rateBp: 600,
        baseCents: "6000000",
        interestCents: "148932",
      },
      {
        from: "2025-06-01",
        until: "2025-09-30",
        days: 77,
        rateBp: 600,
        baseCents: "6390247",
        interestCents: "80885",
      },
    ],
    payTo: { name: "Agentschap SZW", iban: "NL28INGB0705001239" },
    addressee: TEST_ADDRESSEE,
    regulation: {
      citationTitle: "Regeling cofinanciering sectorplannen",
      objectionAuthority: "de Minister van Sociale Zaken en Werkgelegenheid",
      objectionAddress: "Postbus 90801, 2509 LV Den Haag",
    },
    ...overrides,
  };
}

async function textOf(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, " ");
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("the beschikking wettelijke rente", () => {
  it("states the claim, the verzuim, the computation per segment, the grounds, the payment term and the objection clause", async () => {
    const bytes = await renderInterestDecision(input());
    expect(bytes.byteLength).toBeLessThan(60 * 1024);
    const text = await textOf(bytes);
    expect(text).toContain("Ministerie van Sociale Zaken en Werkgelegenheid");
    expect(text).toContain("Opleidingscoöperatie Metaal U.A.");
    expect(text).toContain("Datum 3 september 2025");
    expect(text).toContain("Onderwerp Beschikking wettelijke rente terugvordering SP-2026-000012");
    expect(text).toContain("Bij de beschikking tot intrekking van de subsidie");
    expect(text).toContain(
      "Ik stel de wettelijke rente die u verschuldigd bent over de te late terugbetaling vast op € 5.474,52 " +
        "(artikel 4:99 van de Algemene wet bestuursrecht).",
    );
    // The claim.
    expect(text).toContain("Teruggevorderd bedrag € 60.000,00");
    expect(text).toContain("Te betalen uiterlijk 31 mei 2024");
    expect(text).toContain("Ontvangen op 16 augustus 2025");
    expect(text).toContain("Dagen van verzuim 442");
    expect(text).toContain("U was vanaf 1 juni 2024, de dag na de uiterste betaaldatum");
    // The table: its header, each stored line as it was, and the total.
    expect(text).toContain("Van Tot en met Dagen Tarief Over bedrag Rente");
    expect(text).toContain("1 juni 2024 30 juni 2024 30 6% € 60.000,00 € 295,89");
    expect(text).toContain("1 juli 2024 31 december 2024 184 7% € 60.000,00 € 2.117,26");
    expect(text).toContain("1 januari 2025 31 mei 2025 151 6% € 60.000,00 € 1.489,32");
    expect(text).toContain("1 juni 2025 30 september 2025 77 6% € 63.902,47 € 808,85");
    expect(text).toContain("Totaal 442 € 5.474,52");
    // The widest figures fit: a base of millions, a rate with decimals.
    const wide = await textOf(
      await renderInterestDecision(
        input({
          lines: [
            {
              from: "2025-09-30",
              until: "2025-09-30",
              days: 1,
              rateBp: 725,
              baseCents: "617283950",
              interestCents: "122612",
            },
          ],
          interestCents: 122_612n,
        }),
      ),
    );
    expect(wide).toContain("30 september 2025 30 september 2025 1 7,25% € 6.172.839,50 € 1.226,12");
    expect(text).not.toContain("…");
    // The legal ground.
    for (const article of ["4:97", "4:98", "4:99", "artikel 6:119", "artikel 6:120"])
      expect(text).toContain(article);
    expect(text).toContain("Besluit vaststelling wettelijke rente");
    // Six weeks after it was sent (Awb 4:87 lid 1), not after its date: 5 September 2025 + 6 weeks =
    // Friday 17 October 2025 (from 3 September it would be the 15th).
    expect(text).toContain(
      "Betaal € 5.474,52 binnen zes weken na de dag waarop deze beschikking is verzonden, uiterlijk 17 oktober 2025 " +
        "(artikel 4:87, eerste lid, Awb), op rekening NL28 INGB 0705 0012 39 ten name van Agentschap SZW, " +
        "onder vermelding van het kenmerk SP-2026-000012.",
    );
    // The objection clause and the signature in mandate.
    expect(text).toContain("binnen zes weken na de dag waarop dit besluit is verzonden");
    expect(text).toContain("Postbus 90801, 2509 LV Den Haag");
    expect(text).toContain(
      "De Minister van Sociale Zaken en Werkgelegenheid, namens deze, de directeur Agentschap SZW, J. de Vries",
    );
  });

  it("names the vaststelling when the claim came from it, and renders the same input to the same bytes", async () => {
    const text = await textOf(await renderInterestDecision(input({ origin: "settlement" })));
    expect(text).toContain("Bij de beschikking tot vaststelling van de subsidie");
    const a = await renderInterestDecision(input());
    expect(sha(await renderInterestDecision(input()))).toBe(sha(a));
    const pdf = await getDocumentProxy(new Uint8Array(a));
    const { info } = (await pdf.getMetadata()) as unknown as { info: Record<string, unknown> };
    expect(String(info.Creator)).toContain(INTEREST_DECISION_TEMPLATE_VERSION);
  });
  /** € 50.000 came in one day late, the last € 10.000 on 16 August 2025 (ADR 0031: paid in parts). */
  const inParts = (): Partial<InterestDecisionInput> => ({
    parts: [
      { on: "2024-06-01", cents: 5_000_000n },
      { on: "2025-08-16", cents: 1_000_000n },
    ],
    interestCents: 79_354n,
    lines: [
      {
        from: "2024-06-01",
        until: "2024-06-01",
        days: 1,
        rateBp: 600,
        baseCents: "6000000",
        interestCents: "986",
      },
      {
        from: "2024-06-02",
        until: "2024-06-30",
        days: 29,
        rateBp: 600,
        baseCents: "1000000",
        interestCents: "4767",
      },
      {
        from: "2024-07-01",
        until: "2024-12-31",
        days: 184,
        rateBp: 700,
        baseCents: "1000000",
        interestCents: "35288",
      },
      {
        from: "2025-01-01",
        until: "2025-05-31",
        days: 151,
        rateBp: 600,
        baseCents: "1000000",
        interestCents: "24822",
      },
      {
        from: "2025-06-01",
        until: "2025-08-16",
        days: 77,
        rateBp: 600,
        baseCents: "1065863",
        interestCents: "13491",
      },
    ],
  });

  it("after parts, states each part and its day and that the interest ran over what was still open, not the whole sum received on the last day", async () => {
    const text = await textOf(await renderInterestDecision(input(inParts())));
    expect(text).not.toContain("Dat bedrag heb ik op");
    expect(text).not.toContain("berekend over het teruggevorderde bedrag,");
    expect(text).toContain(
      "U heeft dat bedrag in 2 delen betaald; het laatste deel heb ik op 16 augustus 2025 ontvangen, na de " +
        "uiterste betaaldatum. In deze brief stel ik de wettelijke rente vast die u verschuldigd bent over wat na " +
        "de uiterste betaaldatum nog niet was betaald.",
    );
    expect(text).toContain("Laatste deel ontvangen op 16 augustus 2025");
    expect(text).toContain("Dagen van verzuim 442");
    // Each part, its day and what it left open.
    expect(text).toContain("Ontvangen op Bedrag Daarna nog open");
    expect(text).toContain("1 juni 2024 € 50.000,00 € 10.000,00");
    expect(text).toContain("16 augustus 2025 € 10.000,00 € 0,00");
    expect(text).toContain("Totaal € 60.000,00");
    expect(text).toContain(
      "voor wat toen nog niet was betaald, tot en met de dag waarop ik het laatste deel ontving: 442 dagen.",
    );
    expect(text).toContain(
      "De wettelijke rente is berekend over wat op elke dag nog openstond van het teruggevorderde bedrag: een " +
        "deel telt niet meer mee vanaf de dag na die waarop ik het ontving.",
    );
    expect(text).toContain("(artikel 4:93 Awb)");
    expect(text).toContain("1 juni 2024 1 juni 2024 1 6% € 60.000,00 € 9,86");
    expect(text).toContain("2 juni 2024 30 juni 2024 29 6% € 10.000,00 € 47,67");
    expect(text).toContain("Totaal 442 € 793,54");
    expect(text).toContain("vast op € 793,54");
  });

  it("with one part, the whole sum at once, keeps the letter as it was", async () => {
    const once = input({ parts: [{ on: "2025-08-16", cents: 6_000_000n }] });
    expect(sha(await renderInterestDecision(once))).toBe(sha(await renderInterestDecision(input())));
    expect(interestDecidedNotice(once)).toBe(interestDecidedNotice(input()));
  });

  it("tells the organisation in the portal that it paid in parts, not the whole sum late", () => {
    expect(interestDecidedNotice(input()).replace(/\u00a0/g, " ")).toBe(
      "U heeft de terugvordering van € 60.000,00 na de uiterste betaaldatum betaald. De wettelijke rente " +
        "daarover is vastgesteld op € 5.474,52; betaal die uiterlijk 17 oktober 2025. De beschikking staat bij uw " +
        "plan in het portaal.",
    );
    expect(interestDecidedNotice(input(inParts())).replace(/\u00a0/g, " ")).toBe(
      "U heeft de terugvordering van € 60.000,00 in 2 delen betaald, het laatste deel op 16 augustus 2025, na de " +
        "uiterste betaaldatum. De wettelijke rente over wat na die datum nog openstond, is vastgesteld op " +
        "€ 793,54; betaal die uiterlijk 17 oktober 2025. De beschikking staat bij uw plan in het portaal.",
    );
  });
});

describe("producing the beschikking wettelijke rente", () => {
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

  /** A revoked plan's claim of € 60.000 due 28 February 2014, received 30 March: € 147,95 owed. */
  async function lateClaim() {
    const { planId } = await revokedScenarioPlan(s);
    const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
    await prisma.recoveryClaim.update({
      where: { id: claim.id },
      data: { createdAt: new Date("2014-01-10T10:00:00Z"), dueOn: localDateToDb("2014-02-28") },
    });
    await markRecoveryReceived(finance, claim.id, "2014-03-30");
    return { planId, claimId: claim.id };
  }

  it("a job run twice stores one document and tells the organisation once, in-app and by e-mail", async () => {
    const { planId, claimId } = await lateClaim();
    // No beschikking yet: nothing to render, and retrying will not change that.
    await expect(produceInterestDecision(claimId)).rejects.toBeInstanceOf(NotFoundError);
    setClock(new Date("2014-04-02T09:00:00Z"));
    await decideRecoveryInterest(finance, claimId);
    const payload = { kind: "INTEREST_DECISION", planId, recoveryClaimId: claimId };
    const first = await processLetterJob(job(payload));
    const second = await processLetterJob(job(payload));
    expect(second.documentId).toBe(first.documentId);
    const docs = await prisma.document.findMany({ where: { planId, kind: "INTEREST_DECISION" } });
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      idempotencyKey: interestDecisionKey(claimId),
      templateVersion: INTEREST_DECISION_TEMPLATE_VERSION,
    });
    const { reference } = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    expect(docs[0]?.title).toBe(`Beschikking wettelijke rente terugvordering ${reference}`);

    const { bytes } = await readDocument(first.documentId);
    expect(bytes.byteLength).toBeLessThan(60 * 1024);
    const text = await textOf(bytes);
    expect(text).toContain("Datum 2 april 2014");
    expect(text).toContain("1 maart 2014 30 maart 2014 30 3% € 60.000,00 € 147,95");
    expect(text).toContain("uiterlijk 14 mei 2014");
    // Signed by the finance user who had it made.
    expect(text).toContain((await loadInterestDecisionInput(prisma, claimId)).signatory?.name ?? "?");

    const notes = await prisma.notification.findMany({
      where: { planId, title: { startsWith: "Wettelijke rente" } },
    });
    expect(notes.map((n) => [n.userId, n.title])).toEqual([
      [s.applicantA.userId, `Wettelijke rente ${reference} vastgesteld`],
    ]);
    const mails = await prisma.outboxMessage.findMany({
      where: {
        jobName: "send-email",
        AND: [
          { payload: { path: ["planId"], equals: planId } },
          { payload: { path: ["template"], equals: "interest-decided" } },
        ],
      },
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]?.payload).toMatchObject({
      recipientUserId: s.applicantA.userId,
      documentId: first.documentId,
    });

    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      include: { organisation: true },
    });
    const prepared = await EMAIL_TEMPLATES["interest-decided"].prepare(
      prisma,
      {
        template: "interest-decided",
        planId,
        recipientUserId: s.applicantA.userId,
        documentId: first.documentId,
      },
      {
        recipient: { id: s.applicantA.userId, name: "Aanvrager", email: "a@example.nl" },
        plan: {
          id: planId,
          reference,
          title: plan.title,
          status: plan.status,
          organisationName: plan.organisation.name,
        },
        publicUrl: "https://portaal.test.example",
        at: new Date(),
      },
    );
    if (prepared instanceof SkipEmail) throw new Error("skipped");
    const mail = renderEmail(prepared.message);
    expect(mail.subject).toContain(`Wettelijke rente over uw terugbetaling ${reference}`);
    const mailText = mail.text.replace(/\u00a0/g, " ");
    expect(mailText).toContain("€ 147,95");
    expect(mailText).toContain("uiterlijk 14 mei 2014");
    expect(mailText).toContain("binnen zes weken");
  });

  it("runs the six weeks to pay from the day the letter is stored, not from the day finance pressed the button", async () => {
    const { planId, claimId } = await lateClaim();
    setClock(new Date("2014-04-02T09:00:00Z"));
    await decideRecoveryInterest(finance, claimId);
    // The letters worker was down for a week: the letter is stored, and so sent, on 9 April.
    const sentAt = new Date("2014-04-09T09:00:00Z");
    setClock(sentAt);
    const doc = await produceInterestDecision(claimId);
    expect(doc.createdAt).toEqual(sentAt);
    const { bytes } = await readDocument(doc.id);
    const text = await textOf(bytes);
    // Dated by the beschikking; 9 April + 6 weeks = Wednesday 21 May 2014 (not 14 May).
    expect(text).toContain("Datum 2 april 2014");
    expect(text).toContain(
      "binnen zes weken na de dag waarop deze beschikking is verzonden, uiterlijk 21 mei 2014",
    );
    expect(text).not.toContain("14 mei 2014");

    // A re-render later (from the stored letter's createdAt) gives the same bytes.
    setClock(new Date("2014-06-01T09:00:00Z"));
    const again = await loadInterestDecisionInput(prisma, claimId);
    expect(again.sentAt).toEqual(sentAt);
    expect(sha(await renderInterestDecision(again))).toBe(sha(bytes));

    // The notice and the mail name the same day.
    const note = await prisma.notification.findFirstOrThrow({
      where: { planId, title: { startsWith: "Wettelijke rente" } },
    });
    expect(note.body).toContain("uiterlijk 21 mei 2014");
    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      include: { organisation: true },
    });
    const prepared = await EMAIL_TEMPLATES["interest-decided"].prepare(
      prisma,
      { template: "interest-decided", planId, recipientUserId: s.applicantA.userId, documentId: doc.id },
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
    if (prepared instanceof SkipEmail) throw new Error("skipped");
    const mail = renderEmail(prepared.message).text.replace(/\u00a0/g, " ");
    expect(mail).toContain("uiterlijk 21 mei 2014");
    expect(mail).toContain("De beschikking is op 9 april 2014 bekendgemaakt");
  });

  it("the plan's letters list shows the beschikking", async () => {
    const { planId, claimId } = await lateClaim();
    await decideRecoveryInterest(finance, claimId);
    const doc = await produceInterestDecision(claimId);
    const { getPlanView } = await import("../plan/view.server.ts");
    const view = await getPlanView(s.applicantA, planId);
    expect(view.documents).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: doc.id, kind: "INTEREST_DECISION" })]),
    );
  });
  it("a claim paid in parts: the stored letter and the notice name the parts", async () => {
    const { planId } = await revokedScenarioPlan(s);
    const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
    await prisma.recoveryClaim.update({
      where: { id: claim.id },
      data: { createdAt: new Date("2014-01-10T10:00:00Z"), dueOn: localDateToDb("2014-02-28") },
    });
    // € 50.000 one day late, the last € 10.000 a year later.
    await recordRecoveryPart(finance, claim.id, { amount: "50.000", receivedOn: "2014-03-01" });
    const last = await recordRecoveryPart(finance, claim.id, { amount: "10.000", receivedOn: "2015-02-28" });
    expect(last.receipt?.interestCents).toBeGreaterThan(0n);
    await decideRecoveryInterest(finance, claim.id);
    const doc = await produceInterestDecision(claim.id);
    const input = await loadInterestDecisionInput(prisma, claim.id);
    expect(input.parts).toEqual([
      { on: "2014-03-01", cents: 5_000_000n },
      { on: "2015-02-28", cents: 1_000_000n },
    ]);
    const text = await textOf((await readDocument(doc.id)).bytes);
    expect(text).not.toContain("Dat bedrag heb ik op 28 februari 2015 ontvangen");
    expect(text).toContain("1 maart 2014 € 50.000,00 € 10.000,00");
    expect(text).toContain("28 februari 2015 € 10.000,00 € 0,00");
    // The first day at the whole sum, then the rest over what was still open.
    expect(text).toContain("1 maart 2014 1 maart 2014 1 3% € 60.000,00");
    expect(text).toContain("2 maart 2014 31 december 2014 305 3% € 10.000,00");
    const note = await prisma.notification.findFirstOrThrow({
      where: { planId, title: { startsWith: "Wettelijke rente" } },
    });
    expect(note.body).toContain("in 2 delen betaald, het laatste deel op 28 februari 2015");
    // The e-mail says so too, not that the whole sum came in on the last part's day.
    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      include: { organisation: true },
    });
    const prepared = await EMAIL_TEMPLATES["interest-decided"].prepare(
      prisma,
      { template: "interest-decided", planId, recipientUserId: s.applicantA.userId, documentId: doc.id },
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
    if (prepared instanceof SkipEmail) throw new Error("skipped");
    const mailText = renderEmail(prepared.message).text.replace(/\u00a0/g, " ");
    expect(mailText).toContain("u heeft haar in twee delen betaald, het laatste deel op 28 februari 2015");
    expect(mailText).not.toContain("wij hebben haar op 28 februari 2015 ontvangen");
  });
});
