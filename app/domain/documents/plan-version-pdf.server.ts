import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { visiblePlans } from "../plan/access.server.ts";
import { formatDateTimeNl } from "../time/index.ts";
import { euro, formatDateNl, type LocalDate } from "./format.ts";
import { LetterLayout } from "./layout.ts";
import { newPdf, savePdf } from "./pdf.server.ts";
import { labelsFor, type PlanSnapshot, parseSnapshot } from "./snapshot.ts";
import { sha256Hex } from "./store.server.ts";

type Db = PrismaClient | Tx;

export const PLAN_VERSION_TEMPLATE_VERSION = "ingediende-versie@1";

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
      ["Sector", input.sectorLabels.join(", ") || "—"],
      ...(input.regionLabels.length ? [["Regio’s", input.regionLabels.join(", ")] as [string, string]] : []),
      ["Looptijd", `${dateOr(s.periodStart)} tot en met ${dateOr(s.periodEnd)}`],
      ["Voorschotten", s.advancesRequested ? "gevraagd" : "niet gevraagd"],
    ],
    100,
  );

  l.heading("Maatregelen");
  s.measures.forEach((m, i) => {
    l.paragraph(`${i + 1}. ${m.title}`, { bold: true, spaceAfter: 2 });
    l.paragraph(
      `Thema: ${input.themeLabels[m.theme] ?? m.theme}; deelnemers: ${m.participants.toLocaleString("nl-NL")}`,
      { indent: 14, spaceAfter: 2 },
    );
    if (m.description.trim()) l.paragraph(m.description, { indent: 14, spaceAfter: 2 });
    if (m.costs.length) {
      l.paragraph(`Kosten: ${m.costs.map((c) => `${c.year} ${euro(BigInt(c.cents))}`).join("; ")}`, {
        indent: 14,
      });
    }
  });

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

  l.finish(`Kenmerk ${input.reference} — versie ${input.versionNumber}`);
  return savePdf(doc);
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
