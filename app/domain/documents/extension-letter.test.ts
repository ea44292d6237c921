import { createHash } from "node:crypto";
import { PDFDict, PDFDocument, PDFName, PDFStream } from "pdf-lib";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { ExtensionStatus } from "../../generated/prisma/enums.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { NotFoundError } from "../errors.ts";
import { EMAIL_TEMPLATES } from "../notifications/templates/index.server.ts";
import { renderEmail } from "../notifications/templates/message.ts";
import { SkipEmail } from "../notifications/templates/types.ts";
import { addedInterimReport, interimReportDueDates, reportDueOn } from "../settlement/terms.ts";
import { formatDateNl, localDateFromDb, termEnd } from "../time/index.ts";
import {
  EXTENSION_LETTER_TEMPLATE_VERSION,
  type ExtensionLetterInput,
  extensionLetterKey,
  loadExtensionLetterInput,
  produceExtensionLetter,
  renderExtensionLetter,
} from "./extension-letter.server.ts";
import { TEST_ADDRESSEE } from "./letter-input.test-support.ts";
import { readDocument } from "./store.server.ts";
import { grantedScenarioPlan } from "./test-fixtures.server.ts";

const XSS = `<script>window.__xss=1</script><img src=x onerror="window.__xss=1">"'&<b>vet</b>`;

const PARTIAL_REASON =
  "Drie maanden volstaan om de laatste opleidingsronde af te ronden; meer is niet onderbouwd.";
const REFUSAL_REASON = "De vertraging komt niet door omstandigheden buiten uw invloed en is niet onderbouwd.";

function input(overrides: Partial<ExtensionLetterInput> = {}): ExtensionLetterInput {
  return {
    extensionId: "00000000-0000-4000-8000-000000000003",
    planId: "00000000-0000-4000-8000-000000000002",
    reference: "SP-2014-000012",
    title: "Vakmanschap in de metaal",
    outcome: "GRANTED",
    decidedAt: new Date("2015-11-16T10:00:00Z"),
    requestedAt: new Date("2015-10-02T09:00:00Z"),
    requestedMonths: 6,
    grantedMonths: 6,
    previousPeriodEnd: "2015-12-31",
    newPeriodEnd: "2016-06-30",
    reason: "",
    grant: { decidedAt: new Date("2014-05-12T09:00:00Z"), grantedCents: 61_728_395_00n, years: [2014, 2015] },
    previousReportDueOn: "2016-03-31",
    reportDueOn: "2016-09-29",
    addedInterimReport: null,
    signatory: { name: "J. de Vries", title: "de directeur Agentschap SZW" },
    addressee: TEST_ADDRESSEE,
    regulation: {
      citationTitle: "Regeling cofinanciering sectorplannen",
      legalBasis: "de artikelen 2, 3 en 5 van de Kaderwet SZW-subsidies",
      publication: "Stcrt. 2013, 22962",
      extensionMonths: 6,
      settlementRequestWeeks: 13,
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

describe("the extension letter (besluit op het verzoek om verlenging)", () => {
  it("granted in full: the new last day, the months, art. 1.2a, the unchanged subsidy and the new report date", async () => {
    const bytes = await renderExtensionLetter(input());
    const text = await textOf(bytes);
    expect(text).toContain("Ministerie van Sociale Zaken en Werkgelegenheid");
    expect(text).toContain("Kenmerk SP-2014-000012");
    expect(text).toContain("Besluit op uw verzoek om verlenging van de looptijd van SP-2014-000012");
    expect(text).toContain("Datum 16 november 2015");
    expect(text).toContain("Opleidingscoöperatie Metaal U.A.");
    // The request: its date, the plan's title and kenmerk, the months asked.
    expect(text).toContain(
      "Op 2 oktober 2015 heeft u gevraagd de looptijd van het sectorplan “Vakmanschap in de metaal” " +
        "(kenmerk SP-2014-000012) met zes maanden te verlengen.",
    );
    expect(text).toContain(
      "Ik verleng de looptijd van het sectorplan met zes maanden, zoals u heeft gevraagd.",
    );
    expect(text).toContain("De laatste dag van het sectorplan is nu 30 juni 2016 (was 31 december 2015).");
    // Time, not money: the amount and its years stay.
    expect(text).toContain("De subsidie verandert niet.");
    expect(text).toContain("ten hoogste € 61.728.395,00 en de verdeling ervan over de jaren 2014 en 2015");
    expect(text).toContain("beschikking tot verlening van 12 mei 2014");
    expect(text).toContain("bij het laatste jaar van het sectorplan (2015)");
    // …and count only up to what the grant covers for that year (settlement/compute.ts, per year).
    expect(text).toContain(
      "Zij tellen bij de vaststelling mee tot de subsidiabele kosten die de beschikking tot verlening voor 2015 dekt",
    );
    expect(text).toContain(
      "uiterlijk 29 september 2016 in: 13 weken na de nieuwe laatste dag (artikel 5.5 van de regeling).",
    );
    expect(text).toContain("De eerdere datum, 31 maart 2016, vervalt.");
    expect(text).toContain("een tweede verlenging is niet mogelijk");
    expect(text).toContain("artikel 1.2a van de Regeling cofinanciering sectorplannen (Stcrt. 2013, 22962)");
    expect(text).toContain("eenmaal worden verlengd met ten hoogste zes maanden");
    // A full grant needs no motivation of a refusal.
    expect(text).not.toContain("3:46");
    expect(text).not.toContain("Waarom");
    expect(text).not.toContain("tussentijds");
    expect(text).toContain("binnen zes weken na de dag waarop dit besluit is verzonden");
    expect(text).toContain(
      "Met vriendelijke groet, De Minister van Sociale Zaken en Werkgelegenheid, namens deze, " +
        "de directeur Agentschap SZW, J. de Vries",
    );
    // House style size: the embedded font subsets, no more.
    expect(bytes.length).toBeLessThan(80_000);
  });

  it("granted with fewer months: the months refused and the reason (Awb 3:46), and a second interim report", async () => {
    const text = await textOf(
      await renderExtensionLetter(
        input({
          outcome: "PARTIAL",
          grantedMonths: 3,
          newPeriodEnd: "2016-03-31",
          reportDueOn: "2016-06-30",
          reason: PARTIAL_REASON,
          addedInterimReport: { afterMonths: 24, dueOn: "2016-02-25" },
        }),
      ),
    );
    expect(text).toContain(
      "Ik verleng de looptijd van het sectorplan met drie maanden, en niet met de zes maanden die u heeft " +
        "gevraagd. Voor de overige drie maanden wijs ik uw verzoek af.",
    );
    expect(text).toContain("De laatste dag van het sectorplan is nu 31 maart 2016 (was 31 december 2015).");
    expect(text).toContain(`Waarom verleng ik met minder maanden dan u vroeg? ${PARTIAL_REASON}`);
    expect(text).toContain("artikel 3:46 Awb");
    expect(text).toContain("uiterlijk 30 juni 2016 in");
    expect(text).toContain(
      "Het sectorplan duurt nu langer dan 24 maanden. Daarom dient u ook na de 24e maand een tussentijds " +
        "voortgangsverslag in, uiterlijk 25 februari 2016 (artikel 5.4",
    );
    expect(text).toContain("De subsidie verandert niet.");
  });

  it("says the added report needs the controleverklaring only when the grant requires it (art. 5.4 lid 4)", async () => {
    const added = { afterMonths: 24 as const, dueOn: "2016-02-25" as const };
    const text = await textOf(
      await renderExtensionLetter(input({ addedInterimReport: added, addedInterimReportAudit: true })),
    );
    expect(text).toContain(
      "dient u ook na de 24e maand een tussentijds voortgangsverslag in, uiterlijk 25 februari 2016 (artikel 5.4 " +
        "van de regeling). De beschikking tot verlening vereist bij het tussentijds voortgangsverslag een " +
        "controleverklaring van een accountant (artikel 5.4, vierde lid, van de regeling). Dat geldt ook voor " +
        "dit verslag: u voegt de controleverklaring in het portaal als PDF bij het verslag; zonder " +
        "controleverklaring kunt u het verslag niet indienen.",
    );
    // No report added, nothing to say: the flag alone changes no byte.
    expect(sha(await renderExtensionLetter(input({ addedInterimReportAudit: true })))).toBe(
      sha(await renderExtensionLetter(input())),
    );
    expect(await textOf(await renderExtensionLetter(input({ addedInterimReport: added })))).not.toContain(
      "controleverklaring",
    );
  });

  it("renders every letter without the obligation to the very bytes it had before it existed", async () => {
    // The sha256 of these inputs as rendered before the controleverklaring sentence was added, with
    // the same template version: a letter of a grant without the obligation may be made again (a
    // retried job, the dossier's check of its hash) and must not change.
    const added = { afterMonths: 24 as const, dueOn: "2016-02-25" as const };
    expect(sha(await renderExtensionLetter(input()))).toBe(
      "9cdaeb25fd343b1dc94b334764af869b4fff4ee8162dfbcfa85ef056c157fd07",
    );
    expect(sha(await renderExtensionLetter(input({ addedInterimReport: added })))).toBe(
      "38ff824b4ccb0ebff9682d9908dd62fcf457d901a15c4419ee36ae9dbe59bf67",
    );
    const refused = {
      outcome: "REFUSED" as const,
      grantedMonths: null,
      newPeriodEnd: null,
      reportDueOn: "2016-03-31" as const,
      reason: "Nee.",
    };
    expect(sha(await renderExtensionLetter(input(refused)))).toBe(
      "d78b28285437b21ff0d89e4bc254ef932052e18bb090d6bf7513b348d5ca4c14",
    );
  });

  it("refused: the reason, and the plan's end and the report date stay", async () => {
    const text = await textOf(
      await renderExtensionLetter(
        input({
          outcome: "REFUSED",
          grantedMonths: null,
          newPeriodEnd: null,
          reportDueOn: "2016-03-31",
          reason: REFUSAL_REASON,
        }),
      ),
    );
    expect(text).toContain(
      "Ik wijs uw verzoek om verlenging af. De looptijd van het sectorplan blijft eindigen op 31 december 2015.",
    );
    expect(text).toContain(`Waarom wijs ik uw verzoek af? ${REFUSAL_REASON}`);
    expect(text).toContain("met zes maanden te verlengen");
    expect(text).toContain("realisatieverslag, dient u uiterlijk 31 maart 2016 in");
    expect(text).toContain("Een afgewezen verzoek staat een nieuw verzoek om verlenging niet in de weg");
    expect(text).toContain("artikel 3:46 Awb");
    expect(text).not.toContain("is nu");
    expect(text).not.toContain("De subsidie verandert niet.");
    expect(text).toContain("als belanghebbende bezwaar maken");
  });

  it("refused after the report's day: the later day, eight weeks after the besluit, and why not the old one", async () => {
    const text = await textOf(
      await renderExtensionLetter(
        input({
          outcome: "REFUSED",
          grantedMonths: null,
          newPeriodEnd: null,
          decidedAt: new Date("2016-04-11T10:00:00Z"),
          reportDueOn: "2016-06-06",
          reason: REFUSAL_REASON,
        }),
      ),
    );
    expect(text).toContain(
      "realisatieverslag, dient u uiterlijk 6 juni 2016 in: acht weken na dit besluit. Zolang uw verzoek in " +
        "behandeling was, kon u de vaststelling niet aanvragen; daarom geldt niet de datum van 13 weken na " +
        "de laatste dag van het sectorplan (artikel 5.5 van de regeling), 31 maart 2016.",
    );
    expect(text).toContain("De looptijd van het sectorplan blijft eindigen op 31 december 2015.");
  });

  it("renders the same input to the same bytes, with its own template version", async () => {
    const a = await renderExtensionLetter(input());
    expect(sha(await renderExtensionLetter(input()))).toBe(sha(a));
    expect(sha(await renderExtensionLetter(input({ decidedAt: new Date("2015-11-17T10:00:00Z") })))).not.toBe(
      sha(a),
    );
    const pdf = await getDocumentProxy(new Uint8Array(a));
    const { info } = (await pdf.getMetadata()) as unknown as { info: Record<string, unknown> };
    expect(String(info.Creator)).toContain(EXTENSION_LETTER_TEMPLATE_VERSION);
    expect(EXTENSION_LETTER_TEMPLATE_VERSION).toBe("beschikking-verlenging@1");
  });

  it("draws script and HTML in the plan's title and the reason as the text they are, with no active content", async () => {
    const bytes = await renderExtensionLetter(
      input({
        outcome: "REFUSED",
        grantedMonths: null,
        newPeriodEnd: null,
        title: `Plan ${XSS}`,
        reason: `Reden ${XSS}`,
      }),
    );
    const text = await textOf(bytes);
    expect(text).toContain(`sectorplan “Plan ${XSS}”`);
    expect(text).toContain(`Reden ${XSS}`);
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

describe("the extension letter from its PlanExtension", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await createScenario();
  });
  afterAll(async () => {
    await disconnectPrisma();
  });

  /**
   * A granted scenario plan (24 months, ending on 31 December of its second year) with a request
   * made directly as a row, decided as `status` says: the letter reads only the row and the plan.
   */
  async function decidedExtension(
    status: ExtensionStatus,
    opts: { grantedMonths?: number; newPeriodEnd?: string; reason?: string } = {},
  ) {
    const { planId } = await grantedScenarioPlan(s);
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    const previousPeriodEnd = plan.periodEnd as Date;
    const newPeriodEnd = opts.newPeriodEnd ? new Date(opts.newPeriodEnd) : null;
    const ext = await prisma.planExtension.create({
      data: {
        planId,
        status,
        requestedMonths: 6,
        motivation: "De laatste opleidingsronde start later door een tekort aan praktijkbegeleiders.",
        requestedById: s.applicantA.userId,
        requestedAt: new Date(previousPeriodEnd.getTime() - 60 * 86_400_000),
        previousPeriodEnd,
        grantedMonths: status === "GRANTED" ? (opts.grantedMonths ?? 6) : null,
        newPeriodEnd,
        decisionReason: opts.reason ?? null,
        decidedById: status === "GRANTED" || status === "REFUSED" ? s.decisionMaker.userId : null,
        decidedAt: status === "GRANTED" || status === "REFUSED" ? new Date() : null,
      },
    });
    if (newPeriodEnd) await prisma.plan.update({ where: { id: planId }, data: { periodEnd: newPeriodEnd } });
    return { planId, plan, extensionId: ext.id, previousPeriodEnd };
  }

  async function prepareMail(planId: string, documentId: string) {
    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      include: { organisation: true },
    });
    const prepared = await EMAIL_TEMPLATES["extension-decided"].prepare(
      prisma,
      { template: "extension-decided", planId, recipientUserId: s.applicantA.userId, documentId },
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
    return renderEmail(prepared.message);
  }

  it("a granted extension: stored once, the organisation told once, in-app and by e-mail with the outcome", async () => {
    const lastYear = s.year + 2;
    const { planId, plan, extensionId, previousPeriodEnd } = await decidedExtension("GRANTED", {
      newPeriodEnd: `${lastYear + 1}-06-30`,
    });
    const input = await loadExtensionLetterInput(prisma, extensionId);
    expect(input).toMatchObject({
      outcome: "GRANTED",
      reference: plan.reference,
      grantedMonths: 6,
      previousPeriodEnd: localDateFromDb(previousPeriodEnd),
      newPeriodEnd: `${lastYear + 1}-06-30`,
      // The grant's settlementRequestWeeks (13) after the new end.
      reportDueOn: reportDueOn(new Date(`${lastYear + 1}-06-30`), 13),
      previousReportDueOn: reportDueOn(previousPeriodEnd, 13),
      signatory: { name: expect.stringContaining("DECISION_MAKER") },
    });
    // 24 months became 30: the report after the 24th month is added, eight weeks after it (Atw).
    expect(input.addedInterimReport).toEqual({
      afterMonths: 24,
      dueOn: interimReportDueDates(localDateFromDb(plan.periodStart as Date), `${lastYear + 1}-06-30`)[1],
    });

    const first = await produceExtensionLetter(extensionId);
    const second = await produceExtensionLetter(extensionId);
    expect(second.id).toBe(first.id);
    const docs = await prisma.document.findMany({ where: { planId, kind: "EXTENSION_DECISION" } });
    expect(docs).toHaveLength(1);
    expect(docs[0]?.idempotencyKey).toBe(extensionLetterKey(extensionId));
    expect(docs[0]?.templateVersion).toBe(EXTENSION_LETTER_TEMPLATE_VERSION);
    const text = await textOf((await readDocument(first.id)).bytes);
    expect(text).toContain(`De laatste dag van het sectorplan is nu 30 juni ${lastYear + 1}`);

    const notes = await prisma.notification.findMany({
      where: { planId, title: { startsWith: "Verlenging" } },
    });
    expect(notes.map((n) => [n.userId, n.title])).toEqual([
      [s.applicantA.userId, `Verlenging van ${plan.reference} toegekend`],
    ]);
    const mails = await prisma.outboxMessage.findMany({
      where: {
        jobName: "send-email",
        AND: [
          { payload: { path: ["planId"], equals: planId } },
          { payload: { path: ["template"], equals: "extension-decided" } },
        ],
      },
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]?.payload).toMatchObject({ recipientUserId: s.applicantA.userId, documentId: first.id });

    const mail = await prepareMail(planId, first.id);
    expect(mail.subject).toContain(`Verlenging van uw sectorplan ${plan.reference} toegekend`);
    const mailText = mail.text.replace(/\u00a0/g, " ");
    expect(mailText).toContain(`30 juni ${lastYear + 1}`);
    expect(mailText).toContain(formatDateNl(input.reportDueOn));
    expect(mailText).toContain("binnen zes weken");
  });

  it("a refused extension: the letter and the e-mail say so, with the end and report date unchanged", async () => {
    const { planId, plan, extensionId, previousPeriodEnd } = await decidedExtension("REFUSED", {
      reason: REFUSAL_REASON,
    });
    const doc = await produceExtensionLetter(extensionId);
    const text = await textOf((await readDocument(doc.id)).bytes);
    expect(text).toContain(`Waarom wijs ik uw verzoek af? ${REFUSAL_REASON}`);
    expect(text).toContain(`blijft eindigen op ${formatDateNl(localDateFromDb(previousPeriodEnd))}`);
    expect(text).toContain(`uiterlijk ${formatDateNl(reportDueOn(previousPeriodEnd, 13))} in`);
    const notes = await prisma.notification.findMany({
      where: { planId, title: { contains: "verlenging" } },
    });
    expect(notes.map((n) => n.title)).toEqual([`Verzoek om verlenging van ${plan.reference} afgewezen`]);
    const mail = await prepareMail(planId, doc.id);
    expect(mail.subject).toContain(`Verzoek om verlenging van ${plan.reference} afgewezen`);
  });

  it("a refusal decided after the report's day gives eight weeks from the besluit, in the letter and the notice", async () => {
    const { planId, extensionId, previousPeriodEnd } = await decidedExtension("REFUSED", {
      reason: REFUSAL_REASON,
    });
    // Decided 100 days after the last day: past the art. 5.5 day, 13 weeks after it.
    const decidedAt = new Date(previousPeriodEnd.getTime() + 100 * 86_400_000);
    await prisma.planExtension.update({ where: { id: extensionId }, data: { decidedAt } });
    const input = await loadExtensionLetterInput(prisma, extensionId);
    const moved = termEnd(decidedAt, { weeks: 8 });
    expect(input).toMatchObject({
      previousReportDueOn: reportDueOn(previousPeriodEnd, 13),
      reportDueOn: moved,
    });
    const doc = await produceExtensionLetter(extensionId);
    const text = await textOf((await readDocument(doc.id)).bytes);
    expect(text).toContain(`uiterlijk ${formatDateNl(moved)} in: acht weken na dit besluit`);
    const note = await prisma.notification.findFirstOrThrow({
      where: { planId, title: { contains: "verlenging" } },
    });
    expect(note.body).toContain(`Het realisatieverslag is uiterlijk ${formatDateNl(moved)} nodig.`);
    const mail = await prepareMail(planId, doc.id);
    expect(mail.text.replace(/\u00a0/g, " ")).toContain(`is nu uiterlijk ${formatDateNl(moved)} nodig`);
  });

  it("a granted extension with fewer months than asked reads as a partial grant", async () => {
    const { planId, plan, extensionId } = await decidedExtension("GRANTED", {
      grantedMonths: 2,
      newPeriodEnd: `${s.year + 3}-02-28`,
      reason: PARTIAL_REASON,
    });
    await prisma.plan.update({ where: { id: planId }, data: { title: `Plan ${XSS}` } });
    expect((await loadExtensionLetterInput(prisma, extensionId)).outcome).toBe("PARTIAL");
    const doc = await produceExtensionLetter(extensionId);
    const mail = await prepareMail(planId, doc.id);
    expect(mail.subject).toContain(`Verlenging van uw sectorplan ${plan.reference} gedeeltelijk toegekend`);
    expect(mail.text).toContain("u vroeg zes maanden");
    // The plan's title reaches the mail as text: escaped in the HTML, as it is in the text part.
    expect(mail.text).toContain(`Plan ${XSS}`);
    expect(mail.html).toContain("Plan &lt;script&gt;window.__xss=1&lt;/script&gt;");
    expect(mail.html).not.toMatch(/<script|<img|<b>vet/i);
  });

  it("a plan that reaches its 12th month only by the extension is told of the report after the 12th month", async () => {
    const lastYear = s.year + 2;
    const { planId, extensionId } = await decidedExtension("GRANTED", {
      newPeriodEnd: `${lastYear + 1}-06-30`,
    });
    // Nine months before the extension, fifteen after it.
    await prisma.plan.update({ where: { id: planId }, data: { periodStart: new Date(`${lastYear}-04-01`) } });
    const { addedInterimReport } = await loadExtensionLetterInput(prisma, extensionId);
    expect(addedInterimReport).toEqual({
      afterMonths: 12,
      dueOn: interimReportDueDates(`${lastYear}-04-01`, `${lastYear + 1}-06-30`)[0],
    });
    const text = await textOf((await readDocument((await produceExtensionLetter(extensionId)).id)).bytes);
    expect(text).toContain("Het sectorplan duurt nu 12 of meer maanden. Daarom dient u ook na de 12e maand");
  });

  it("a grant that requires the controleverklaring: the letter adding the report after month 24 says it needs one", async () => {
    const lastYear = s.year + 2;
    const { planId, extensionId } = await decidedExtension("GRANTED", {
      newPeriodEnd: `${lastYear + 1}-06-30`,
    });
    await prisma.decision.update({ where: { planId }, data: { interimAuditRequired: true } });
    const input = await loadExtensionLetterInput(prisma, extensionId);
    expect(input.addedInterimReport?.afterMonths).toBe(24);
    expect(input.addedInterimReportAudit).toBe(true);
    const text = await textOf((await readDocument((await produceExtensionLetter(extensionId)).id)).bytes);
    expect(text).toContain(
      "Dat geldt ook voor dit verslag: u voegt de controleverklaring in het portaal als PDF",
    );
  });

  it("without the obligation, or without an added report, the input has no such field", async () => {
    const lastYear = s.year + 2;
    const plain = await decidedExtension("GRANTED", { newPeriodEnd: `${lastYear + 1}-06-30` });
    expect("addedInterimReportAudit" in (await loadExtensionLetterInput(prisma, plain.extensionId))).toBe(
      false,
    );
    // Required, but refused: no report is added, so nothing is said.
    const refused = await decidedExtension("REFUSED", { reason: REFUSAL_REASON });
    await prisma.decision.update({ where: { planId: refused.planId }, data: { interimAuditRequired: true } });
    const input = await loadExtensionLetterInput(prisma, refused.extensionId);
    expect(input.addedInterimReport).toBeNull();
    expect("addedInterimReportAudit" in input).toBe(false);
  });

  it("an open, withdrawn or lapsed request has no letter", async () => {
    for (const status of ["REQUESTED", "WITHDRAWN", "LAPSED"] as const) {
      const { planId, extensionId } = await decidedExtension(status);
      await expect(produceExtensionLetter(extensionId)).rejects.toBeInstanceOf(NotFoundError);
      expect(await prisma.document.count({ where: { planId, kind: "EXTENSION_DECISION" } })).toBe(0);
      expect(await prisma.notification.count({ where: { planId, title: { contains: "erlenging" } } })).toBe(
        0,
      );
    }
  });
});

describe("the interim report a verlenging adds", () => {
  // A plan of exactly 24 months (2014–2015) extended by six: a report after the 24th month, due
  // 8 weeks after 31 December 2015 by art. 5.4.
  const due = interimReportDueDates("2014-01-01", "2016-06-30")[1];

  it("keeps the art. 5.4 date when the besluit leaves eight weeks or more before it", () => {
    const decidedAt = new Date("2015-11-16T10:00:00Z");
    expect(addedInterimReport("2014-01-01", "2015-12-31", "2016-06-30", decidedAt)).toEqual({
      afterMonths: 24,
      dueOn: due,
    });
  });

  it("gives eight weeks from the besluit when that date has passed or is near", () => {
    const decidedAt = new Date("2016-02-20T10:00:00Z");
    const report = addedInterimReport("2014-01-01", "2015-12-31", "2016-06-30", decidedAt);
    expect(due && due < "2016-02-20").toBe(false);
    expect(report).toEqual({ afterMonths: 24, dueOn: termEnd(decidedAt, { weeks: 8 }) });
    expect((report?.dueOn ?? "") > (due ?? "")).toBe(true);
  });
});
