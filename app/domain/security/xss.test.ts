import { unzipSync } from "fflate";
import { PDFDict, PDFDocument, PDFName, PDFStream, PDFString } from "pdf-lib";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import type { EmailTemplate, SendEmailPayload } from "../../jobs/definitions.ts";
import {
  activeAdviser,
  declareComplete,
  draftPlan,
  fullAmounts,
  scenarioScores,
} from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { buildCaseFile } from "../documents/case-file.server.ts";
import { renderPlanVersionFile } from "../documents/plan-version-pdf.server.ts";
import { produceAcknowledgement, produceDecisionLetter } from "../documents/produce.server.ts";
import { readDocument } from "../documents/store.server.ts";
import { EMAIL_TEMPLATES } from "../notifications/templates/index.server.ts";
import { type EmailMessage, renderEmail } from "../notifications/templates/message.ts";
import { SkipEmail } from "../notifications/templates/types.ts";
import { decidePlan, recordAdvice, submitPlan } from "../plan/plans.server.ts";

/** Script, an event handler, quotes, an ampersand and markup: each must come out as the text it is. */
const XSS = `<script>window.__xss=1</script><img src=x onerror="window.__xss=1">"'&<b>vet</b>`;
/** The payload as escaped HTML text (what a template must write). */
const XSS_HTML = XSS.replace(/&/g, "&amp;")
  .replace(/</g, "&lt;")
  .replace(/>/g, "&gt;")
  .replace(/"/g, "&quot;")
  .replace(/'/g, "&#39;");

/** No live markup the payload could have produced, anywhere in an HTML text. */
function expectInertHtml(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  // An event handler only runs as an attribute of a real tag; escaped text may still read "onerror=".
  expect(html).not.toMatch(/<[a-z][^<>]*\sonerror\s*=/i);
  expect(html).not.toContain("<b>vet");
}

const flat = (text: string) => text.replace(/\s+/g, " ");

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return flat(text);
}

/** Keys that make a PDF run something: scripts, actions on open or on events, launching programs. */
const ACTIVE_KEYS = ["JavaScript", "JS", "OpenAction", "AA", "Launch", "EmbeddedFiles", "RichMedia"];

/** Walks every object of the file (also those in object streams, which a byte search misses). */
async function activeContent(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const found: string[] = [];
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFStream ? object.dict : object instanceof PDFDict ? object : null;
    if (!dict) continue;
    for (const key of dict.keys()) {
      const name = key.decodeText();
      if (ACTIVE_KEYS.includes(name) || dict.get(PDFName.of("S"))?.toString() === "/JavaScript")
        found.push(`${ref.toString()} /${name}`);
    }
  }
  return found;
}

async function expectInertPdf(bytes: Uint8Array, label: string): Promise<void> {
  expect(await pdfText(bytes), `${label}: the payload as text`).toContain(flat(XSS));
  expect(await activeContent(bytes), `${label}: active content`).toEqual([]);
}

let s: Scenario;
let planId: string;
let planVersionId: string;
let decisionId: string;

beforeAll(async () => {
  s = await createScenario();
  await prisma.organisation.update({ where: { id: s.orgA.id }, data: { name: `Stichting ${XSS}` } });
  await prisma.user.update({ where: { id: s.applicantA.userId }, data: { name: `Aanvrager ${XSS}` } });
  // Every free text of the wizard carries the payload.
  const draft = await draftPlan(s, {
    change: (inputs) => {
      inputs.lead.title = `Plan ${XSS}`;
      inputs.lead.summary = XSS;
      inputs.lead.leadName = `Fonds ${XSS}`;
      inputs.lead.contactName = XSS;
      for (const partner of inputs.partnership.partners) {
        partner.name = `${partner.name} ${XSS}`;
        partner.contactName = XSS;
      }
      for (const key of Object.keys(inputs.analysis) as (keyof typeof inputs.analysis)[])
        inputs.analysis[key] = `${key}: ${XSS}`;
      for (const m of inputs.measures.measures) {
        m.title = `${m.title} ${XSS}`;
        m.description = XSS;
        m.conditions = XSS;
        m.executingParty = XSS;
      }
      inputs.budget.otherSourcesDescription = XSS;
    },
  });
  const submitted = await submitPlan(s.applicantA, draft.id, draft.version);
  planId = draft.id;
  planVersionId = (
    await prisma.planVersion.findFirstOrThrow({ where: { planId }, orderBy: { number: "desc" } })
  ).id;
  const complete = await declareComplete(s.handler, planId, submitted.version);
  await activeAdviser(s, planId);
  const advised = await recordAdvice(s.adviser, planId, complete.version, {
    scores: scenarioScores(),
    recommendation: "GRANT",
    text: XSS,
    amounts: fullAmounts(s),
  });
  await decidePlan(s.decisionMaker, planId, advised.version, {
    outcome: "GRANT",
    reason: `Motivering ${XSS}`,
    amounts: fullAmounts(s),
  });
  decisionId = (await prisma.decision.findUniqueOrThrow({ where: { planId } })).id;
});

afterAll(async () => {
  await disconnectPrisma();
});

describe("script and HTML in free text stay inert in PDFs", () => {
  it("(the check itself finds a script that opens with the document)", async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const action = doc.context.obj({ S: "JavaScript", JS: PDFString.of("app.alert(1)") });
    doc.catalog.set(PDFName.of("OpenAction"), doc.context.register(action));
    expect(await activeContent(await doc.save())).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/OpenAction$/), expect.stringMatching(/\/JS$/)]),
    );
  });

  it("in the acknowledgement of receipt", async () => {
    const doc = await produceAcknowledgement(planVersionId);
    await expectInertPdf((await readDocument(doc.id)).bytes, "ontvangstbevestiging");
  });

  it("in the decision letter (the motivation, the title, the addressee)", async () => {
    const doc = await produceDecisionLetter(decisionId);
    const { bytes } = await readDocument(doc.id);
    await expectInertPdf(bytes, "beschikking");
    expect(await pdfText(bytes)).toContain(flat(`Motivering ${XSS}`));
  });

  it("in the submitted version's PDF (every wizard text)", async () => {
    const file = await renderPlanVersionFile(prisma, planVersionId);
    const bytes = file?.bytes ?? new Uint8Array();
    await expectInertPdf(bytes, "versie");
    const text = await pdfText(bytes);
    for (const label of ["bottlenecksNow", "goals", "continuation"])
      expect(text).toContain(flat(`${label}: ${XSS}`));
  });

  it("in every PDF of the case file", async () => {
    const file = await buildCaseFile(planId);
    const zip = unzipSync(file?.bytes ?? new Uint8Array());
    const pdfs = Object.keys(zip).filter((name) => name.endsWith(".pdf"));
    expect(pdfs.length).toBeGreaterThanOrEqual(3); // version, acknowledgement, decision letter
    for (const name of pdfs) await expectInertPdf(zip[name] as Uint8Array, name);
  });
});

describe("script and HTML in free text stay inert in e-mails", () => {
  it("are escaped wherever a message puts text", () => {
    const message: EmailMessage = {
      subject: XSS,
      preheader: XSS,
      heading: XSS,
      blocks: [{ p: [XSS, { strong: XSS }] }, { h2: XSS }, { list: [[XSS], [{ strong: XSS }]] }],
      action: { label: XSS, href: "https://portaal.test.example/aanvrager" },
    };
    const { html, text, subject } = renderEmail(message);
    expectInertHtml(html);
    // heading, preheader, paragraph, strong, h2, two list items, the button: all escaped text.
    expect(html.split(XSS_HTML).length - 1).toBeGreaterThanOrEqual(8);
    expect(text).toContain(XSS);
    expect(subject).toBe(XSS);
  });

  it("refuses a link that is not http(s)", () => {
    const message: EmailMessage = {
      subject: "x",
      preheader: "x",
      heading: "x",
      blocks: [],
      action: { label: "x", href: "javascript:alert(1)" },
    };
    expect(() => renderEmail(message)).toThrow(/Not a web link/);
  });

  const STATUS_OF_MAIL: Partial<Record<EmailTemplate, PlanStatus>> = {
    "sign-off-requested": "DRAFT",
    "supplement-requested": "INFO_REQUESTED",
  };
  it.each(["plan-received", "decision-available", "sign-off-requested", "supplement-requested"] as const)(
    "in the %s e-mail, with the plan's texts, the organisation and the recipient",
    async (template: EmailTemplate) => {
      if (template === "supplement-requested") {
        await prisma.supplementRequest.deleteMany({ where: { planId } });
        await prisma.supplementRequest.create({
          data: {
            planId,
            requestedById: s.handler.userId,
            text: `Aanvulling ${XSS}`,
            steps: ["analyse"],
            requestedAt: new Date(),
            dueAt: new Date(Date.now() + 14 * 86_400_000),
          },
        });
      }
      const plan = await prisma.plan.findUniqueOrThrow({
        where: { id: planId },
        include: { organisation: true },
      });
      const payload: SendEmailPayload = { template, planId, recipientUserId: s.applicantA.userId };
      const prepared = await EMAIL_TEMPLATES[template].prepare(prisma, payload, {
        recipient: { id: s.applicantA.userId, name: `Aanvrager ${XSS}`, email: "a@example.nl" },
        plan: {
          id: plan.id,
          reference: plan.reference,
          title: plan.title,
          // The state each mail is sent in: these two are skipped once the plan has moved on.
          status: STATUS_OF_MAIL[template] ?? plan.status,
          organisationName: plan.organisation.name,
        },
        publicUrl: "https://portaal.test.example",
        at: new Date(),
      });
      expect(prepared).not.toBeInstanceOf(SkipEmail);
      if (prepared instanceof SkipEmail) return;
      const { html, text } = renderEmail(prepared.message);
      expectInertHtml(html);
      // The template shows at least one of the hostile texts, escaped; the text part has it as it is.
      expect(html).toContain(XSS_HTML);
      expect(text).toContain(XSS);
    },
  );
});
