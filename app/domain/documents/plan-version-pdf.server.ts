import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { attachmentKindLabel } from "../attachments/detect.ts";
import { formatRateBp } from "../money.ts";
import { visiblePlans } from "../plan/access.server.ts";
import { ANALYSIS_FIELDS } from "../plan/steps/analysis.ts";
import { HIRING_GROUND_LABELS, hiringGroundOf } from "../plan/steps/measures.ts";
import { formatDateTimeNl } from "../time/index.ts";
import { euro, formatDateNl, type LocalDate } from "./format.ts";
import { LetterLayout } from "./layout.ts";
import { coverageRows } from "./letter-parts.ts";
import { newPdf, savePdf } from "./pdf.server.ts";
import { labelsFor, type PlanSnapshot, parseSnapshot } from "./snapshot.ts";
import { sha256Hex } from "./store.server.ts";

type Db = PrismaClient | Tx;

export const PLAN_VERSION_TEMPLATE_VERSION = "ingediende-versie@2";

/** What the PDF of one submitted version shows: the frozen snapshot, labelled; no live plan data. */
export type PlanVersionPdfInput = {
  reference: string;
  versionNumber: number;
  versionSha256: string;
  submittedAt: Date;
  submittedBy: string;
  organisation: string;
  regulation: string;
  snapshot: PlanSnapshot;
  sectorLabels: string[];
  regionLabels: string[];
  themeLabels: Record<string, string>;
};

export async function loadPlanVersionPdfInput(
  db: Db,
  planVersionId: string,
): Promise<PlanVersionPdfInput | null> {
  const v = await db.planVersion.findUnique({
    where: { id: planVersionId },
    include: { plan: { include: { organisation: true, regulation: true } } },
  });
  if (!v) return null;
  const snapshot = parseSnapshot(v.snapshot);
  const reg = v.plan.regulation;
  const submitter = await db.user.findUnique({ where: { id: v.submittedById }, select: { name: true } });
  const themes = [...new Set(snapshot.measures.map((m) => m.theme))];
  const labels = labelsFor(reg.themes, themes);
  const themeLabels = Object.fromEntries(themes.map((t, i) => [t, labels[i] ?? t]));
  return {
    reference: v.plan.reference,
    versionNumber: v.number,
    versionSha256: v.sha256,
    submittedAt: v.submittedAt,
    submittedBy: submitter?.name ?? "",
    organisation: v.plan.organisation.name,
    regulation: reg.citationTitle,
    snapshot,
    sectorLabels: labelsFor(reg.sectors, snapshot.sectorCodes),
    regionLabels: labelsFor(reg.regions, snapshot.regionCodes),
    themeLabels,
  };
}

export function planVersionFilename(reference: string, versionNumber: number): string {
  return `sectorplan-${reference}-versie-${versionNumber}.pdf`;
}

const dateOr = (v: string | null) =>
  v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDateNl(v as LocalDate) : "—";

/**
 * The submitted version as a PDF, rendered from its immutable snapshot: the same snapshot gives
 * the same bytes (dates from the submission, fixed metadata), so rendering on demand is as good
 * as storing it. Every text the applicant typed is drawn as plain text.
 */
export async function renderPlanVersionPdf(input: PlanVersionPdfInput): Promise<Uint8Array> {
  const s = input.snapshot;
  const subject = `Sectorplan ${input.reference}, ingediende versie ${input.versionNumber}`;
  const { doc, fonts } = await newPdf({
    title: `${subject} — ${s.title}`,
    subject,
    keywords: [input.reference, `versie ${input.versionNumber}`, PLAN_VERSION_TEMPLATE_VERSION],
    templateVersion: PLAN_VERSION_TEMPLATE_VERSION,
    at: input.submittedAt,
  });
  const l = new LetterLayout(doc, fonts);
  l.paragraph(subject, { bold: true, size: 14, spaceAfter: 10 });
  l.keyValues(
    [
      ["Kenmerk", input.reference],
      ["Versie", String(input.versionNumber)],
      ["Ingediend op", formatDateTimeNl(input.submittedAt)],
      ["Ingediend door", input.submittedBy || "—"],
      ["Hoofdaanvrager", input.organisation],
      ["Regeling", input.regulation],
    ],
    100,
  );
  l.paragraph(`SHA-256 van deze versie: ${input.versionSha256}`, { size: 8.5 });

  l.heading(s.title || "(zonder titel)");
  if (s.summary.trim()) l.paragraph(s.summary);
  l.keyValues(
    [
      ...coverageRows(input.sectorLabels, input.regionLabels),
      ...(s.employeesInScope !== null
        ? [["Werknemers", s.employeesInScope.toLocaleString("nl-NL")] as [string, string]]
        : []),
      ["Looptijd", `${dateOr(s.periodStart)} tot en met ${dateOr(s.periodEnd)}`],
      ["Voorschotten", s.advancesRequested ? "gevraagd" : "niet gevraagd"],
    ],
    100,
  );

  leadSection(l, s);
  partnersSection(l, s);
  analysisSection(l, s);
  measuresSection(l, s, input.themeLabels);
  financingSection(l, s);
  attachmentsSection(l, s);
  declarationsSection(l, s);

  l.finish(`Kenmerk ${input.reference} — versie ${input.versionNumber}`);
  return savePdf(doc);
}

const SECURITY_KIND: Record<string, string> = {
  EQUITY: "eigen vermogen van de hoofdaanvrager",
  GUARANTEE: "garantie van het samenwerkingsverband",
};
const PARTNER_KIND: Record<string, string> = {
  EMPLOYERS: "Werkgeversorganisatie",
  EMPLOYEES: "Werknemersorganisatie",
  OTHER: "Andere organisatie",
};
/** Heights in points of the layout's heading and table rows (size 10 with its line gap, and some). */
const TABLE_HEADING_POINTS = 40;
const TABLE_ROW_POINTS = 17;
const cents = (c: string | null) => (c === null ? "—" : euro(BigInt(c)));
const yesNo = (v: boolean) => (v ? "ja" : "nee");

/** Step 1's lead applicant; snapshots frozen before the wizard have none (the header names the organisation). */
function leadSection(l: LetterLayout, s: PlanSnapshot): void {
  const lead = s.lead;
  if (!lead) return;
  l.heading("Hoofdaanvrager");
  l.keyValues(
    [
      ["Naam", lead.name],
      ["KvK-nummer", lead.kvk],
      ["Rechtsvorm", lead.legalForm],
      ["Adres", lead.address],
      ["IBAN", lead.iban],
      ["Contactpersoon", `${lead.contactName} (${lead.contactEmail})`],
      ["Zekerheid", `${SECURITY_KIND[lead.securityKind] ?? lead.securityKind}: ${cents(lead.securityCents)}`],
    ],
    100,
  );
}

function partnersSection(l: LetterLayout, s: PlanSnapshot): void {
  if (s.partners.length === 0) return;
  l.heading("Samenwerkingsverband");
  for (const p of s.partners) {
    l.bullet(
      `${PARTNER_KIND[p.kind] ?? p.kind}: ${p.name}; contactpersoon ${p.contactName} (${p.contactEmail})`,
    );
  }
}

function analysisSection(l: LetterLayout, s: PlanSnapshot): void {
  const texts = ANALYSIS_FIELDS.filter(([key]) => (s.analysis[key] ?? "").trim() !== "");
  if (texts.length === 0) return;
  l.heading("Analyse en aanpak");
  for (const [key, , heading] of texts) {
    l.paragraph(heading, { bold: true, spaceAfter: 2 });
    l.paragraph(s.analysis[key] ?? "");
  }
}

function measuresSection(l: LetterLayout, s: PlanSnapshot, themeLabels: Record<string, string>): void {
  l.heading("Maatregelen");
  s.measures.forEach((m, i) => {
    l.paragraph(`${i + 1}. ${m.title}`, { bold: true, spaceAfter: 2 });
    const facts = [
      `Thema: ${themeLabels[m.theme] ?? m.theme}`,
      `deelnemers: ${m.participants.toLocaleString("nl-NL")}`,
      ...(m.costPerParticipantCents !== null
        ? [`kosten per deelnemer: ${cents(m.costPerParticipantCents)}`]
        : []),
    ];
    l.paragraph(facts.join("; "), { indent: 14, spaceAfter: 2 });
    if (m.executingParty.trim())
      l.paragraph(`Uitvoerende partij: ${m.executingParty}`, { indent: 14, spaceAfter: 2 });
    if (m.description.trim()) l.paragraph(m.description, { indent: 14, spaceAfter: 2 });
    if (m.conditions.trim()) l.paragraph(`Voorwaarden: ${m.conditions}`, { indent: 14, spaceAfter: 2 });
    if (m.category !== null) {
      // A category with a rate of its own (design.md §2), and the answers it asked for; a snapshot
      // from before art. 4.4's ground was asked has its net-growth tick, which reads as that ground.
      const ground = hiringGroundOf(m);
      const category = [
        `Categorie: ${m.categoryLabel ?? m.category}${m.rateBp !== null ? `, cofinanciering ${formatRateBp(m.rateBp)}` : ""}`,
        ...(m.wageCostsPerParticipantCents !== null
          ? [`loonkosten per deelnemer over 12 maanden: ${cents(m.wageCostsPerParticipantCents)}`]
          : []),
        ...(ground === "net-growth"
          ? ["verklaard: nettogroei van het aantal banen"]
          : ground !== ""
            ? [`verklaard: ${HIRING_GROUND_LABELS[ground].replace(/^V/, "v")}`]
            : []),
      ];
      l.paragraph(category.join("; "), { indent: 14, spaceAfter: 2 });
    }
    if (m.costs.length) {
      l.paragraph(`Kosten: ${m.costs.map((c) => `${c.year} ${euro(BigInt(c.cents))}`).join("; ")}`, {
        indent: 14,
      });
    }
  });
}

/** Step 5's financing plan; a snapshot from before the wizard has only the request per year. */
function financingSection(l: LetterLayout, s: PlanSnapshot): void {
  if (s.financing.length === 0) {
    l.heading("Gevraagde subsidie per jaar");
    const total = s.requested.reduce((t, r) => t + BigInt(r.cents), 0n);
    l.table(
      [
        { header: "Jaar", width: 120 },
        { header: "Gevraagd", width: 170, align: "right" },
      ],
      s.requested.map((r) => [String(r.year), euro(BigInt(r.cents))]),
      { totalRow: ["Totaal", euro(total)] },
    );
    return;
  }
  // A plan runs at most a few calendar years: keep its table, total row included, on one page.
  l.ensureSpace(TABLE_HEADING_POINTS + (s.financing.length + 2) * TABLE_ROW_POINTS);
  l.heading("Financieringsplan per jaar");
  const sum = (pick: (f: PlanSnapshot["financing"][number]) => string) =>
    euro(s.financing.reduce((t, f) => t + BigInt(pick(f)), 0n));
  l.table(
    [
      { header: "Jaar", width: 49 },
      { header: "Kosten", width: 104, align: "right" },
      { header: "Subsidie", width: 104, align: "right" },
      { header: "Eigen bijdrage", width: 104, align: "right" },
      { header: "Andere bronnen", width: 104, align: "right" },
    ],
    s.financing.map((f) => [
      String(f.year),
      cents(f.costsCents),
      cents(f.requestedCents),
      cents(f.ownContributionCents),
      cents(f.otherSourcesCents),
    ]),
    {
      totalRow: [
        "Totaal",
        sum((f) => f.costsCents),
        sum((f) => f.requestedCents),
        sum((f) => f.ownContributionCents),
        sum((f) => f.otherSourcesCents),
      ],
    },
  );
  if (s.otherSourcesDescription.trim()) l.paragraph(`Andere bronnen: ${s.otherSourcesDescription}`);
  l.paragraph(
    `Geen dubbele financiering: voor dezelfde kosten is geen andere subsidie (zoals ESF) aangevraagd — ${yesNo(s.noDoubleFunding)}.`,
  );
}

function attachmentsSection(l: LetterLayout, s: PlanSnapshot): void {
  if (s.attachments.length === 0) return;
  l.heading("Bijlagen");
  for (const a of s.attachments) {
    l.paragraph(
      `${attachmentKindLabel(a.kind)}: ${a.filename} (${a.byteSize.toLocaleString("nl-NL")} bytes)`,
      {
        spaceAfter: 1,
      },
    );
    l.paragraph(`SHA-256: ${a.sha256}`, { indent: 14, size: 8.5 });
  }
}

function declarationsSection(l: LetterLayout, s: PlanSnapshot): void {
  if (!s.declarations) return;
  l.heading("Verklaringen");
  l.bullet(`Het formulier is naar waarheid ingevuld: ${yesNo(s.declarations.truthful)}.`);
  l.bullet(
    `De regels voor de-minimissteun en staatssteun zijn gelezen en nageleefd: ${yesNo(s.declarations.stateAid)}.`,
  );
}

export type RenderedFile = { filename: string; bytes: Uint8Array; sha256: string };

/**
 * The PDF of a submitted version, for an actor: the plan's organisation and staff (through
 * visiblePlans, as every plan query); anyone else gets null, which the route turns into 404.
 */
export async function planVersionPdfFor(actor: Actor, planVersionId: string): Promise<RenderedFile | null> {
  const allowed = await prisma.planVersion.findFirst({
    where: { id: planVersionId, plan: visiblePlans(actor) },
    select: { id: true },
  });
  if (!allowed) return null;
  return renderPlanVersionFile(prisma, planVersionId);
}

/** No authorisation: for callers that did it already (the case file). */
export async function renderPlanVersionFile(db: Db, planVersionId: string): Promise<RenderedFile | null> {
  const input = await loadPlanVersionPdfInput(db, planVersionId);
  if (!input) return null;
  const bytes = await renderPlanVersionPdf(input);
  return {
    filename: planVersionFilename(input.reference, input.versionNumber),
    bytes,
    sha256: sha256Hex(bytes),
  };
}
