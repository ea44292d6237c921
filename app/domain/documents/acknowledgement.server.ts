import type { PrismaClient, Tx } from "../../db/client.server.ts";
import { NotFoundError } from "../errors.ts";
import { termWeeksOf } from "../review/decision-term.ts";
import { formatDateTimeNl } from "../time/index.ts";
import { amsterdamDate, euro, formatDateNl, type LocalDate } from "./format.ts";
import { LetterLayout } from "./layout.ts";
import { closing, coverageRows } from "./letter-parts.ts";
import { MINISTRY_NAME, newPdf, savePdf } from "./pdf.server.ts";
import { labelsFor, parseSnapshot } from "./snapshot.ts";

type Db = PrismaClient | Tx;

/** Recorded on the Document; bump it when the wording changes. */
export const ACKNOWLEDGEMENT_TEMPLATE_VERSION = "ontvangstbevestiging@4";

export function acknowledgementKey(planVersionId: string): string {
  return `acknowledgement:${planVersionId}`;
}

/** The plan version an acknowledgement's key names; null for the key of another document. */
export function acknowledgedVersionId(idempotencyKey: string): string | null {
  const prefix = acknowledgementKey("");
  return idempotencyKey.startsWith(prefix) ? idempotencyKey.slice(prefix.length) : null;
}

/** Everything the ontvangstbevestiging shows; the renderer reads no database and no clock. */
export type AcknowledgementInput = {
  planId: string;
  planVersionId: string;
  reference: string;
  versionNumber: number;
  /** SHA-256 of the version's snapshot, as stored on the PlanVersion. */
  versionSha256: string;
  /** The moment of receipt (PlanVersion.submittedAt); the letter's date and the PDF dates come from it. */
  submittedAt: Date;
  title: string;
  periodStart: LocalDate | null;
  periodEnd: LocalDate | null;
  sectors: string[];
  /** The arbeidsmarktregio's of a regional plan; empty for a sector plan. */
  regions: string[];
  requested: { year: number; cents: bigint }[];
  addressee: { name: string; street: string; postalCode: string; city: string };
  regulation: { citationTitle: string; decisionTermWeeks: number; hersteltermijnDays: number };
};

const localDateOrNull = (v: string | null): LocalDate | null =>
  v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? (v as LocalDate) : null;

/** Reads the version (its frozen snapshot, not the live plan) and the addressee. */
export async function loadAcknowledgementInput(db: Db, planVersionId: string): Promise<AcknowledgementInput> {
  const version = await db.planVersion.findUnique({
    where: { id: planVersionId },
    include: { plan: { include: { organisation: true, regulation: true } } },
  });
  if (!version) throw new NotFoundError("Ingediende versie niet gevonden.");
  const snap = parseSnapshot(version.snapshot);
  const { plan } = version;
  const org = plan.organisation;
  const reg = plan.regulation;
  return {
    planId: plan.id,
    planVersionId: version.id,
    reference: plan.reference,
    versionNumber: version.number,
    versionSha256: version.sha256,
    submittedAt: version.submittedAt,
    title: snap.title,
    periodStart: localDateOrNull(snap.periodStart),
    periodEnd: localDateOrNull(snap.periodEnd),
    sectors: labelsFor(reg.sectors, snap.sectorCodes),
    regions: labelsFor(reg.regions, snap.regionCodes),
    requested: snap.requested.map((r) => ({ year: r.year, cents: BigInt(r.cents) })),
    addressee: { name: org.name, street: org.street, postalCode: org.postalCode, city: org.city },
    regulation: {
      citationTitle: reg.citationTitle,
      // A supplement acknowledged during assessment: the term the plan was found complete under.
      decisionTermWeeks: termWeeksOf(plan),
      hersteltermijnDays: reg.hersteltermijnDays,
    },
  };
}

export function acknowledgementSubject(reference: string): string {
  return `Ontvangstbevestiging van uw aanvraag ${reference}`;
}

/** The same input always gives the same bytes: the letter is dated by the receipt, not by "now". */
export async function renderAcknowledgement(input: AcknowledgementInput): Promise<Uint8Array> {
  const reg = input.regulation;
  const subject = acknowledgementSubject(input.reference);
  const { doc, fonts } = await newPdf({
    title: `${subject} — ${input.title}`,
    subject,
    keywords: [input.reference, ACKNOWLEDGEMENT_TEMPLATE_VERSION],
    templateVersion: ACKNOWLEDGEMENT_TEMPLATE_VERSION,
    at: input.submittedAt,
  });
  const received = formatDateTimeNl(input.submittedAt);
  const total = input.requested.reduce((s, r) => s + r.cents, 0n);

  const l = new LetterLayout(doc, fonts);
  l.letterhead(MINISTRY_NAME, reg.citationTitle);
  const a = input.addressee;
  l.paragraph(`${a.name}\n${a.street}\n${a.postalCode}  ${a.city}`, { spaceAfter: 24 });
  l.keyValues([
    ["Datum", formatDateNl(amsterdamDate(input.submittedAt))],
    ["Kenmerk", input.reference],
    ["Onderwerp", subject],
  ]);
  l.space(18);

  l.paragraph("Geachte heer, mevrouw,");
  // A later version is the supplement asked for (Awb 4:5): the letter confirms that, not a new application.
  l.paragraph(
    input.versionNumber > 1
      ? `Op ${received} heb ik de aanvulling ontvangen op uw aanvraag om subsidie op grond van de ` +
          `${reg.citationTitle} voor het sectorplan “${input.title}”. Met deze brief bevestig ik de ontvangst. ` +
          `Uw aangevulde aanvraag is versie ${input.versionNumber}. Vermeld bij contact over uw aanvraag altijd ` +
          `het kenmerk ${input.reference}.`
      : `Op ${received} heb ik uw aanvraag ontvangen om subsidie op grond van de ${reg.citationTitle} voor het ` +
          `sectorplan “${input.title}”. Met deze brief bevestig ik de ontvangst. Vermeld bij contact over uw ` +
          `aanvraag altijd het kenmerk ${input.reference}.`,
  );

  l.heading("Uw aanvraag");
  const period =
    input.periodStart && input.periodEnd
      ? `${formatDateNl(input.periodStart)} tot en met ${formatDateNl(input.periodEnd)}`
      : "—";
  l.keyValues(
    [
      ["Sectorplan", input.title || "—"],
      ["Ontvangen op", received],
      ["Versie", String(input.versionNumber)],
      ["Looptijd", period],
      ...coverageRows(input.sectors, input.regions),
    ],
    90,
  );
  l.space(6);
  l.paragraph(
    "De SHA-256-vingerafdruk van de ingediende versie staat hieronder. Daarmee kunt u nagaan dat de versie " +
      "die wij behandelen dezelfde is als de versie die u heeft ingediend (u vindt die als PDF in het portaal).",
    { spaceAfter: 2 },
  );
  l.paragraph(`SHA-256: ${input.versionSha256}`, { size: 8.5 });

  l.heading("Gevraagde subsidie per jaar");
  l.table(
    [
      { header: "Jaar", width: 120 },
      { header: "Gevraagd", width: 170, align: "right" },
    ],
    input.requested.map((r) => [String(r.year), euro(r.cents)]),
    { totalRow: ["Totaal", euro(total)] },
  );

  l.heading("Hoe gaat het verder?");
  l.bullet(
    "Eerst controleer ik of uw aanvraag volledig is. Ontbreekt er iets, dan vraag ik u om de aanvraag aan te " +
      `vullen binnen een hersteltermijn (in de regel ${reg.hersteltermijnDays} dagen; artikel 4:5 van de ` +
      "Algemene wet bestuursrecht, Awb). Vult u niet op tijd aan, dan kan ik besluiten uw aanvraag niet te behandelen.",
  );
  l.bullet(
    `Ik beslis binnen ${reg.decisionTermWeeks} weken na ontvangst van de volledige aanvraag (artikel 4:13 Awb ` +
      "en artikel 2.3 van de regeling). Vraag ik u om een aanvulling, dan staat die termijn stil vanaf de dag " +
      "na mijn verzoek tot de dag waarop ik uw aanvulling ontvang, maar niet langer dan tot het einde van de " +
      "hersteltermijn (artikel 4:15 Awb).",
  );
  l.bullet(
    "Het beschikbare subsidiebedrag verdeel ik in de volgorde van ontvangst van de volledige aanvragen " +
      "(artikel 1.5 van de regeling). Daarvoor telt het moment waarop uw aanvraag volledig is.",
  );
  l.paragraph(
    "U hoeft nu niets te doen. Zodra er nieuws is over uw aanvraag, ziet u dat in het Sectorplanportaal en " +
      "ontvangt u daarover een e-mail.",
  );

  closing(l);

  l.finish(`Kenmerk ${input.reference}`);
  return savePdf(doc);
}
