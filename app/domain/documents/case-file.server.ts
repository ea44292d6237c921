import { type Zippable, zipSync } from "fflate";
import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import { ROLE_LABEL } from "../accounts/validation.ts";
import { type Actor, isStaff, REVIEW_ROLES } from "../actor.ts";
import { notesAndMessagesPart } from "../casefile/case-file-part.server.ts";
import { reportsPart } from "../casefile/reports-part.server.ts";
import { csvBytes, csvCell } from "../csv-cell.ts";
import { visiblePlans } from "../plan/access.server.ts";
import { formatDateTimeNl } from "../time/index.ts";
import { EVENT_LABEL, eventStatusLabel, STATUS_LABEL } from "../workflow/labels.ts";
import { renderPlanVersionFile } from "./plan-version-pdf.server.ts";
import { type DocumentStore, documentStore, readDocument, sha256Hex } from "./store.server.ts";
import { stampZipTimes } from "./zip-time.ts";

type Db = PrismaClient | Tx;

/**
 * The whole case file (dossier) of a plan as one zip, for staff: built from a list of parts, one
 * function each, so that a later issue adds the attachments or the assessment by adding a part.
 * Every entry is listed with its SHA-256 in `inhoud.txt`; entries carry fixed times taken from the
 * data, so the same dossier zips to the same bytes.
 */
export type CaseFileEntry = {
  /** Path inside the zip, e.g. "brieven/01-beschikking-SP-2026-000012.pdf". */
  path: string;
  bytes: Uint8Array;
  /** What the manifest says it is. */
  description: string;
  /** The moment the entry stands for (submission, letter, last event); its mtime in the zip. */
  at: Date;
};

export type CaseFileContext = {
  db: Db;
  store: DocumentStore;
  plan: { id: string; reference: string; title: string; createdAt: Date };
};

export type CaseFilePart = {
  name: string;
  entries: (ctx: CaseFileContext) => Promise<CaseFileEntry[]>;
};

/** Each submitted version, rendered from its snapshot. */
export const versionsPart: CaseFilePart = {
  name: "Ingediende versies",
  async entries({ db, plan }) {
    const versions = await db.planVersion.findMany({
      where: { planId: plan.id },
      orderBy: { number: "asc" },
      select: { id: true, number: true, sha256: true, submittedAt: true },
    });
    const out: CaseFileEntry[] = [];
    for (const v of versions) {
      const file = await renderPlanVersionFile(db, v.id);
      if (!file) continue;
      out.push({
        path: `versies/${file.filename}`,
        bytes: file.bytes,
        description: `Ingediende versie ${v.number} van ${formatDateTimeNl(v.submittedAt)} (SHA-256 van de momentopname ${v.sha256})`,
        at: v.submittedAt,
      });
    }
    return out;
  },
};

/** Every stored letter, its bytes checked against the stored SHA-256 on the way (readDocument). */
export const lettersPart: CaseFilePart = {
  name: "Brieven",
  async entries({ db, store, plan }) {
    const docs = await db.document.findMany({
      // The controleverklaring goes with its interim report under verslagen/ (reports-part.server.ts).
      where: { planId: plan.id, kind: { notIn: ["ATTACHMENT", "PLAN_VERSION", "INTERIM_AUDIT_REPORT"] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    const out: CaseFileEntry[] = [];
    let n = 0;
    for (const { id } of docs) {
      const { doc, bytes } = await readDocument(id, db, store);
      n += 1;
      out.push({
        path: `brieven/${String(n).padStart(2, "0")}-${safeName(doc.filename)}`,
        bytes,
        description: `${doc.title}, opgeslagen ${formatDateTimeNl(doc.createdAt)}${doc.templateVersion ? `, sjabloon ${doc.templateVersion}` : ""}`,
        at: doc.createdAt,
      });
    }
    return out;
  },
};

/** The workflow events as CSV (Excel reads the BOM as UTF-8). */
export const eventLogPart: CaseFilePart = {
  name: "Verloop",
  async entries({ db, plan }) {
    const events = await db.workflowEvent.findMany({ where: { planId: plan.id }, orderBy: { id: "asc" } });
    const userIds = [...new Set(events.map((e) => e.actorId).filter((id): id is string => !!id))];
    const users = await db.user.findMany({
      where: { id: { in: userIds } },
      select: { id: true, name: true },
    });
    const nameOf = new Map(users.map((u) => [u.id, u.name]));
    const rows = [
      [
        "moment (UTC)",
        "moment (Nederlandse tijd)",
        "gebeurtenis",
        "van status",
        "naar status",
        "door",
        "rol",
        "reden",
      ],
      ...events.map((e) => [
        e.createdAt.toISOString(),
        formatDateTimeNl(e.createdAt),
        EVENT_LABEL[e.event] ?? e.event,
        e.fromStatus ? STATUS_LABEL[e.fromStatus] : "",
        eventStatusLabel(e.event, e.toStatus),
        e.actorId ? (nameOf.get(e.actorId) ?? "") : "",
        e.actorRole ? ROLE_LABEL[e.actorRole] : "",
        e.reason ?? "",
      ]),
    ];
    return [
      {
        path: "verloop.csv",
        bytes: csvBytes(rows.map((r) => r.map(csvCell))),
        description: `Verloop van de behandeling (${events.length} gebeurtenissen)`,
        at: events.at(-1)?.createdAt ?? plan.createdAt,
      },
    ];
  },
};

/** The parts, in the order they appear in the manifest. Later issues append theirs here. */
export const CASE_FILE_PARTS: CaseFilePart[] = [
  versionsPart,
  lettersPart,
  eventLogPart,
  notesAndMessagesPart,
  reportsPart,
];

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, "_");
}

export type CaseFile = { filename: string; bytes: Uint8Array; entries: { path: string; sha256: string }[] };

/** Builds the zip for a plan; no authorisation (caseFileFor does that). */
export async function buildCaseFile(
  planId: string,
  opts: { db?: Db; store?: DocumentStore; parts?: CaseFilePart[] } = {},
): Promise<CaseFile | null> {
  const db = opts.db ?? prisma;
  const store = opts.store ?? documentStore();
  const plan = await db.plan.findUnique({
    where: { id: planId },
    select: { id: true, reference: true, title: true, createdAt: true },
  });
  if (!plan) return null;
  const ctx: CaseFileContext = { db, store, plan };

  const entries: (CaseFileEntry & { part: string })[] = [];
  for (const part of opts.parts ?? CASE_FILE_PARTS) {
    for (const e of await part.entries(ctx)) entries.push({ ...e, part: part.name });
  }
  const listed = entries.map((e) => ({ path: e.path, sha256: sha256Hex(e.bytes) }));

  const lastAt = new Date(Math.max(plan.createdAt.getTime(), ...entries.map((e) => e.at.getTime())));
  const manifest = [
    `Dossier van sectorplan ${plan.reference}`,
    `Titel: ${plan.title}`,
    `Stand van het dossier: ${formatDateTimeNl(lastAt)}`,
    "",
    "Elk bestand met zijn SHA-256 (sha256sum -c leest de regels onder 'Controle').",
    "",
    ...entries.map((e, i) => `${e.part}: ${e.path}\n  ${e.description}\n  SHA-256 ${listed[i]?.sha256}`),
    "",
    "Controle:",
    ...listed.map((e) => `${e.sha256}  ${e.path}`),
    "",
  ].join("\n");

  const files: Zippable = {};
  const times = new Map<string, Date>();
  for (const e of entries) {
    files[e.path] = [e.bytes, { level: 6 }];
    times.set(e.path, e.at);
  }
  files["inhoud.txt"] = [new TextEncoder().encode(manifest), { level: 6 }];
  // Each entry's time on the Dutch clock, whatever the server's zone (zip-time.ts).
  const bytes = stampZipTimes(zipSync(files), (name) => times.get(name) ?? lastAt);
  return {
    filename: `dossier-${plan.reference}.zip`,
    bytes,
    entries: [...listed, { path: "inhoud.txt", sha256: sha256Hex(new TextEncoder().encode(manifest)) }],
  };
}

/**
 * The case file for an actor: staff only, and only plans staff can see (never a draft); anyone
 * else gets null (404: the route does not reveal that the plan exists).
 */
export async function caseFileFor(actor: Actor, planId: string): Promise<CaseFile | null> {
  if (!isStaff(actor)) return null;
  const visible = await prisma.plan.findFirst({
    // Explicitly no drafts: a user who is staff and also an applicant still gets no dossier of a draft.
    where: { AND: [{ id: planId }, visiblePlans(actor), { status: { not: "DRAFT" } }] },
    select: { id: true },
  });
  if (!visible) return null;
  // The notes and the message thread are the reviewers' (casefile/notes.server.ts refuses anyone
  // else); finance reads the plan for its payments and gets the dossier without them.
  const reviewer = actor.roles.some((r) => REVIEW_ROLES.includes(r));
  return buildCaseFile(planId, {
    parts: reviewer ? CASE_FILE_PARTS : CASE_FILE_PARTS.filter((p) => p !== notesAndMessagesPart),
  });
}
