import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { Document } from "../../generated/prisma/client.ts";
import { NotFoundError } from "../errors.ts";
import { notifyPlanOrganisation } from "../notifications/notify.server.ts";
import { termWeeksOf } from "../review/decision-term.ts";
import { amsterdamDate, formatDateNl, formatDateTimeNl } from "../time/index.ts";
import { LetterLayout } from "./layout.ts";
import { produceLetterOnce } from "./letter-once.server.ts";
import { closing, objectionClause, type Signatory } from "./letter-parts.ts";
import { MINISTRY_NAME, newPdf, savePdf } from "./pdf.server.ts";
import { signatoryOf } from "./signatory.server.ts";
import { type DocumentStore, documentStore } from "./store.server.ts";

/**
 * The two letters of Awb 4:5: the request to supplement the application (with its hersteltermijn)
 * and, when the term lapsed without a supplement, the decision not to consider the application
 * (buiten behandeling). Rendered by the letters worker from the outbox, stored once under a key,
 * dated by the event they record — never by "now" — so the same input gives the same bytes.
 */

type Db = PrismaClient | Tx;

export const SUPPLEMENT_REQUEST_TEMPLATE_VERSION = "verzoek-aanvulling@5";
export const NOT_CONSIDERED_TEMPLATE_VERSION = "buiten-behandeling@3";

export function supplementRequestLetterKey(supplementRequestId: string): string {
  return `supplement-request:${supplementRequestId}`;
}

/** NOT_CONSIDERED is final: one decision per plan. */
export function notConsideredLetterKey(planId: string): string {
  return `not-considered:${planId}`;
}

const STEP_LABELS: Record<string, string> = {
  lead: "stap 1, aanvrager en plan",
  partnership: "stap 2, samenwerkingsverband",
  analysis: "stap 3, analyse en aanpak",
  measures: "stap 4, maatregelen",
  budget: "stap 5, begroting en cofinanciering",
  attachments: "stap 6, bijlagen",
};

export type SupplementLetterInput = {
  planId: string;
  reference: string;
  title: string;
  submittedAt: Date | null;
  request: {
    id: string;
    text: string;
    steps: string[];
    requestedAt: Date;
    dueAt: Date;
    /**
     * Where the plan stood when it was asked: SUBMITTED (not yet complete: the supplement's arrival
     * becomes the moment of receipt) or IN_ASSESSMENT (complete already: that moment stays).
     */
    fromStatus: string;
  };
  /** The moment of receipt of the complete application, once there is one. */
  receivedAt: Date | null;
  /** For the not-considered decision: the moment of that decision. */
  decidedAt: Date | null;
  /** Who asked for the supplement, or who decided not to consider the application. */
  signatory: Signatory | null;
  addressee: { name: string; street: string; postalCode: string; city: string };
  regulation: {
    citationTitle: string;
    decisionTermWeeks: number;
    objectionAuthority: string;
    objectionAddress: string;
  };
};

async function loadInput(db: Db, planId: string, supplementRequestId: string | null) {
  const plan = await db.plan.findUnique({
    where: { id: planId },
    include: { organisation: true, regulation: true },
  });
  const request = await db.supplementRequest.findFirst({
    where: supplementRequestId ? { id: supplementRequestId, planId } : { planId },
    orderBy: { requestedAt: "desc" },
  });
  if (!plan || !request) throw new NotFoundError("Geen verzoek om aanvulling gevonden.");
  const o = plan.organisation;
  const r = plan.regulation;
  return {
    plan,
    input: {
      planId,
      reference: plan.reference,
      title: plan.title,
      submittedAt: plan.submittedAt,
      request: {
        id: request.id,
        text: request.text,
        steps: request.steps,
        requestedAt: request.requestedAt,
        dueAt: request.dueAt,
        fromStatus: request.fromStatus,
      },
      receivedAt: plan.receivedAt,
      decidedAt: null,
      signatory: await signatoryOf(db, request.requestedById, request.requestedAt),
      addressee: { name: o.name, street: o.street, postalCode: o.postalCode, city: o.city },
      regulation: {
        citationTitle: r.citationTitle,
        // The term the plan was found complete under (a request during assessment names it), not
        // the regulation's as it stands when the letter is rendered (again).
        decisionTermWeeks: termWeeksOf(plan),
        objectionAuthority: r.objectionAuthority,
        objectionAddress: r.objectionAddress,
      },
    } satisfies SupplementLetterInput,
  };
}

export async function loadSupplementRequestLetterInput(
  db: Db,
  supplementRequestId: string,
): Promise<SupplementLetterInput> {
  const request = await db.supplementRequest.findUnique({
    where: { id: supplementRequestId },
    select: { planId: true },
  });
  if (!request) throw new NotFoundError("Geen verzoek om aanvulling gevonden.");
  return (await loadInput(db, request.planId, supplementRequestId)).input;
}

export async function loadNotConsideredInput(db: Db, planId: string): Promise<SupplementLetterInput> {
  const { input } = await loadInput(db, planId, null);
  const event = await db.workflowEvent.findFirst({
    where: { planId, event: "not_consider" },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true, actorId: true },
  });
  if (!event) throw new NotFoundError("Deze aanvraag is niet buiten behandeling gesteld.");
  return {
    ...input,
    decidedAt: event.createdAt,
    signatory: await signatoryOf(db, event.actorId, event.createdAt),
  };
}

function opening(l: LetterLayout, input: SupplementLetterInput, date: Date, subject: string) {
  l.letterhead(MINISTRY_NAME, input.regulation.citationTitle);
  const a = input.addressee;
  l.paragraph(`${a.name}\n${a.street}\n${a.postalCode}  ${a.city}`, { spaceAfter: 24 });
  l.keyValues([
    ["Datum", formatDateNl(amsterdamDate(date))],
    ["Kenmerk", input.reference],
    ["Onderwerp", subject],
  ]);
  l.space(18);
  l.paragraph("Geachte heer, mevrouw,");
}

function signOff(l: LetterLayout, input: SupplementLetterInput) {
  closing(l, input.signatory);
  l.finish(`Kenmerk ${input.reference}`);
}

const received = (input: SupplementLetterInput) =>
  input.submittedAt ? `op ${formatDateTimeNl(input.submittedAt)} ` : "";

export const supplementRequestSubject = (reference: string) =>
  `Verzoek om aanvulling van uw aanvraag ${reference}`;

export async function renderSupplementRequestLetter(input: SupplementLetterInput): Promise<Uint8Array> {
  const subject = supplementRequestSubject(input.reference);
  const { doc, fonts } = await newPdf({
    title: `${subject} — ${input.title}`,
    subject,
    keywords: [input.reference, SUPPLEMENT_REQUEST_TEMPLATE_VERSION],
    templateVersion: SUPPLEMENT_REQUEST_TEMPLATE_VERSION,
    at: input.request.requestedAt,
  });
  const l = new LetterLayout(doc, fonts);
  opening(l, input, input.request.requestedAt, subject);
  const due = formatDateNl(amsterdamDate(input.request.dueAt));
  // Asked during the assessment, the application was complete: its moment of receipt, and with it
  // its place in the order of receipt and its reservation, stay (review/workflow-effects.server.ts).
  const complete = input.request.fromStatus === "IN_ASSESSMENT" && input.receivedAt !== null;
  l.paragraph(
    `U heeft ${received(input)}subsidie aangevraagd op grond van de ${input.regulation.citationTitle} voor het ` +
      `sectorplan “${input.title}”. ` +
      (complete
        ? "Om uw aanvraag te kunnen beoordelen heb ik meer gegevens nodig. "
        : "Uw aanvraag is nog niet volledig. ") +
      "Ik vraag u de aanvraag aan te vullen (artikel 4:5 van de Algemene wet bestuursrecht, Awb).",
  );
  l.heading("Wat ontbreekt");
  l.paragraph(input.request.text.trim() || "—");
  l.heading("Hoe vult u aan?");
  l.paragraph(
    "In het Sectorplanportaal staan deze onderdelen van uw aanvraag weer voor u open; daarna verstuurt een " +
      "tekenbevoegde de aanvulling:",
  );
  for (const step of input.request.steps) l.bullet(STEP_LABELS[step] ?? step);
  l.heading("Hersteltermijn");
  l.paragraph(
    `Ik moet de aanvulling uiterlijk op ${due} hebben ontvangen. De beslistermijn van ` +
      `${input.regulation.decisionTermWeeks} weken staat stil vanaf de dag na de datum van deze brief tot de ` +
      `dag waarop ik de aanvulling ontvang, maar niet langer dan tot en met ${due} (artikel 4:15 Awb). ` +
      (complete && input.receivedAt
        ? `Als moment van ontvangst van uw volledige aanvraag blijft ${formatDateTimeNl(input.receivedAt)} ` +
          "gelden; daarmee houdt uw aanvraag haar plaats in de volgorde van ontvangst."
        : "Als moment van ontvangst van uw aanvraag geldt het moment waarop de aanvulling binnenkomt."),
  );
  l.paragraph(
    "Ontvang ik de aanvulling niet op tijd, dan kan ik besluiten uw aanvraag niet te behandelen " +
      "(buiten behandeling stellen, artikel 4:5 Awb).",
  );
  signOff(l, input);
  return savePdf(doc);
}

export const notConsideredSubject = (reference: string) =>
  `Besluit: uw aanvraag ${reference} wordt niet behandeld`;

export async function renderNotConsideredDecision(input: SupplementLetterInput): Promise<Uint8Array> {
  if (!input.decidedAt) throw new Error("not-considered decision without its moment");
  const subject = notConsideredSubject(input.reference);
  const { doc, fonts } = await newPdf({
    title: `${subject} — ${input.title}`,
    subject,
    keywords: [input.reference, NOT_CONSIDERED_TEMPLATE_VERSION],
    templateVersion: NOT_CONSIDERED_TEMPLATE_VERSION,
    at: input.decidedAt,
  });
  const l = new LetterLayout(doc, fonts);
  opening(l, input, input.decidedAt, subject);
  const asked = formatDateNl(amsterdamDate(input.request.requestedAt));
  const due = formatDateNl(amsterdamDate(input.request.dueAt));
  l.paragraph(
    `U heeft ${received(input)}subsidie aangevraagd op grond van de ${input.regulation.citationTitle} voor het ` +
      `sectorplan “${input.title}”. Op ${asked} heb ik u gevraagd uw aanvraag aan te vullen, uiterlijk op ${due}.`,
  );
  l.heading("Besluit");
  l.paragraph(
    "Ik heb de gevraagde aanvulling niet binnen de hersteltermijn ontvangen. Daarom besluit ik uw aanvraag " +
      "niet te behandelen (artikel 4:5, eerste lid, van de Algemene wet bestuursrecht).",
  );
  l.heading("Wat ontbrak");
  l.paragraph(input.request.text.trim() || "—");
  objectionClause(l, input.regulation);
  signOff(l, input);
  return savePdf(doc);
}

/**
 * The letter asking for a supplement, stored once under its key. The applicant was told at the
 * request itself (bell and e-mail, in the transaction of the event), so this tells nobody again.
 */
export async function produceSupplementRequestLetter(
  supplementRequestId: string,
  store: DocumentStore = documentStore(),
): Promise<Document> {
  return produceLetterOnce(
    {
      idempotencyKey: supplementRequestLetterKey(supplementRequestId),
      load: () => loadSupplementRequestLetterInput(prisma, supplementRequestId),
      render: renderSupplementRequestLetter,
      describe: (input) => ({
        planId: input.planId,
        kind: "SUPPLEMENT_REQUEST",
        title: supplementRequestSubject(input.reference),
        filename: `verzoek-aanvulling-${input.reference}-${amsterdamDate(input.request.requestedAt)}.pdf`,
        templateVersion: SUPPLEMENT_REQUEST_TEMPLATE_VERSION,
      }),
    },
    store,
  );
}

/**
 * The decision not to consider the application: stored once, and the run that created it tells
 * the organisation (in-app and by e-mail) in the same transaction.
 */
export async function produceNotConsideredDecision(
  planId: string,
  store: DocumentStore = documentStore(),
): Promise<Document> {
  return produceLetterOnce(
    {
      idempotencyKey: notConsideredLetterKey(planId),
      load: () => loadNotConsideredInput(prisma, planId),
      render: renderNotConsideredDecision,
      describe: (input) => ({
        planId,
        kind: "NOT_CONSIDERED_DECISION",
        title: notConsideredSubject(input.reference),
        filename: `besluit-buiten-behandeling-${input.reference}.pdf`,
        templateVersion: NOT_CONSIDERED_TEMPLATE_VERSION,
      }),
      notify: (tx, input, document) =>
        notifyPlanOrganisation(tx, {
          planId,
          title: `Aanvraag ${input.reference} buiten behandeling gesteld`,
          body: "De aanvulling is niet binnen de hersteltermijn ontvangen. Het besluit staat bij uw plan in het portaal.",
          link: `/aanvrager/plannen/${planId}`,
          email: { template: "plan-not-considered", documentId: document.id },
        }),
    },
    store,
  );
}
