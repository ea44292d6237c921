import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { action as interimAction } from "../../routes/aanvrager/tussentijds.tsx";
import { loader as documentLoader } from "../../routes/documenten.tsx";
import { minimalPdf, paddedTo, textFile } from "../../test/files.ts";
import { gate, untilWaiting } from "../../test/lock-waits.server.ts";
import { advisePlan, completePlan, fullAmounts } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { ATTACHMENT_MAX_BYTES } from "../attachments/detect.ts";
import { reportsPart } from "../casefile/reports-part.server.ts";
import { setClock } from "../clock.ts";
import { decide } from "../decision/decide.server.ts";
import { AUDIT_WITHOUT_ADVANCES, AUDIT_WITHOUT_INTERIM_REPORT } from "../decision/interim-audit.ts";
import { decisionPage } from "../decision/page.server.ts";
import { ageFile, fileExists, withFolderStore } from "../documents/folder-store.test-support.ts";
import { produceDecisionLetter } from "../documents/produce.server.ts";
import { documentStore, readDocument } from "../documents/store.server.ts";
import { RuleViolation } from "../errors.ts";
import { listOrganisationPlanOverview } from "../plan/dashboard.server.ts";
import { reportExecutionStart } from "../plan/execution.server.ts";
import { decisionFormSchema } from "../plan/plan-form.ts";
import { getPlanView } from "../plan/view.server.ts";
import { amsterdamDate } from "../time/index.ts";
import { verifyChains } from "../workflow/chain.server.ts";
import { uploadInterimAuditReport } from "./audit-report.server.ts";
import {
  AUDIT_REPORT_EMPTY,
  AUDIT_REPORT_MISSING,
  AUDIT_REPORT_NOT_PDF,
  AUDIT_REPORT_NOT_REQUIRED,
  AUDIT_REPORT_TOO_LARGE,
} from "./audit-report.ts";
import {
  getInterimReport,
  openInterimReport,
  saveInterimStep,
  submitInterimReport,
} from "./report.server.ts";
import { interimReportsForStaff } from "./review.server.ts";

/**
 * The accountant's controleverklaring with the interim report (regulation art. 5.4 lid 4; 2015:
 * art. 4.4 lid 4): imposed in the grant when it pays advances, stated in the letter, uploaded as a
 * PDF on the report's last step, required to submit, and shown (and downloadable) to staff only
 * besides the organisation.
 */

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

const planVersion = async (id: string) =>
  (await prisma.plan.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, " ");
}

/** An advised plan of the scenario, optionally one whose applicant asked for no advances. */
async function advisedPlan(advances = true): Promise<{ id: string; version: number }> {
  setClock(null);
  const { id, version } = await completePlan(s);
  if (!advances) await prisma.plan.update({ where: { id }, data: { advancesRequested: false } });
  return { id, version: await advisePlan(s, id, advances ? version : await planVersion(id)) };
}

/** A plan granted (with or without the requirement), in execution, its report after month 12 open. */
async function reportOpen(required: boolean) {
  const { id, version } = await advisedPlan();
  await decide(s.decisionMaker, id, version, {
    outcome: "GRANT",
    reason: "Het plan voldoet aan de regeling.",
    amounts: fullAmounts(s),
    interimAuditRequired: required,
  });
  await reportExecutionStart(s.applicantA, id, await planVersion(id), amsterdamDate(new Date()));
  const measureIds = (
    await prisma.measure.findMany({ where: { planId: id }, orderBy: { position: "asc" } })
  ).map((m) => m.id);
  setClock(new Date(`${s.year + 2}-01-05T09:00:00+01:00`));
  const view = await openInterimReport(s.applicantA, id, 12);
  const one = await saveInterimStep(s.applicantA, id, 12, view.report?.version ?? 0, "results", {
    measures: measureIds.map((measureId) => ({ measureId, participants: "40" })),
    summary: "De scholing liep volgens plan.",
  });
  const two = await saveInterimStep(s.applicantA, id, 12, one.version, "costs", {
    costs: measureIds.map((measureId) => ({ measureId, year: String(s.year + 1), amount: "50.000,00" })),
  });
  expect([...one.issues, ...two.issues]).toEqual([]);
  return { planId: id, version: two.version };
}

/** Makes stored bytes look as if they were written an hour ago (older than RECENT_PUT_MS). */
async function ageBlob(key: string): Promise<void> {
  await prisma.storedBlob.update({ where: { key }, data: { createdAt: new Date(Date.now() - 3_600_000) } });
}

const reportVersion = async (planId: string) =>
  (await prisma.interimReport.findFirstOrThrow({ where: { planId, afterMonths: 12 } })).version;

async function refusal(promise: Promise<unknown>): Promise<RuleViolation> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RuleViolation);
  return err as RuleViolation;
}

describe("the decision: requiring a controleverklaring (art. 5.4 lid 4)", () => {
  it("parses the box as the browser posts it: ticked 'on' or 'true', unticked absent", () => {
    const base = { outcome: "GRANT", reason: "Ja.", amounts: [] };
    expect(decisionFormSchema.parse({ ...base, interimAuditRequired: "on" }).interimAuditRequired).toBe(true);
    expect(decisionFormSchema.parse({ ...base, interimAuditRequired: "true" }).interimAuditRequired).toBe(
      true,
    );
    expect(decisionFormSchema.parse(base).interimAuditRequired).toBe(false);
    expect(decisionFormSchema.safeParse({ ...base, interimAuditRequired: "ja" }).success).toBe(false);
  });

  it("is stored on a grant with advances, and stated in its letter with the article and 2:393 BW", async () => {
    const { id, version } = await advisedPlan();
    expect((await decisionPage(s.decisionMaker, id)).interimAudit.refusal).toBeNull();
    await decide(s.decisionMaker, id, version, {
      outcome: "GRANT",
      reason: "Het plan voldoet.",
      amounts: fullAmounts(s),
      interimAuditRequired: true,
    });
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId: id } });
    expect(decision.interimAuditRequired).toBe(true);
    const text = await pdfText(
      (await documentStore().get((await produceDecisionLetter(decision.id)).storageKey)) ?? new Uint8Array(),
    );
    expect(text).toContain(
      "controleverklaring van een accountant als bedoeld in artikel 393, eerste lid, van Boek 2 van het Burgerlijk Wetboek, volgens het model dat de minister voorschrijft (artikel 5.4, vierde lid, van de regeling)",
    );
    // Shown where the decision is summarised (staff and applicant plan pages).
    expect((await getPlanView(s.handler, id)).decision?.interimAuditRequired).toBe(true);
  });

  it("is stored on a grant in part too", async () => {
    const { id, version } = await advisedPlan();
    await decide(s.decisionMaker, id, version, {
      outcome: "PARTIAL_GRANT",
      ground: "art-2.5-analyse",
      reason: "Deels onderbouwd.",
      amounts: [
        { year: s.year + 1, amount: 30_000_000n },
        { year: s.year + 2, amount: 10_000_000n },
      ],
      interimAuditRequired: true,
    });
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId: id } });
    expect(decision.interimAuditRequired).toBe(true);
    const doc = await produceDecisionLetter(decision.id);
    expect(doc.kind).toBe("PARTIAL_GRANT_DECISION");
    expect(await pdfText((await documentStore().get(doc.storageKey)) ?? new Uint8Array())).toContain(
      "artikel 393, eerste lid, van Boek 2 van het Burgerlijk Wetboek",
    );
  });

  it("is refused, with its own message at the box, when the applicant asked for no advances", async () => {
    const { id, version } = await advisedPlan(false);
    expect((await decisionPage(s.decisionMaker, id)).interimAudit.refusal).toBe(AUDIT_WITHOUT_ADVANCES);
    const err = await refusal(
      decide(s.decisionMaker, id, version, {
        outcome: "GRANT",
        reason: "Het plan voldoet.",
        amounts: fullAmounts(s),
        interimAuditRequired: true,
      }),
    );
    expect(err.message).toBe(AUDIT_WITHOUT_ADVANCES);
    expect(err.field).toBe("interimAuditRequired");
    expect(await prisma.decision.count({ where: { planId: id } })).toBe(0);
    expect((await prisma.plan.findUniqueOrThrow({ where: { id } })).status).toBe("ADVISED");
    // Without the box the same plan is granted, and its letter says nothing of it.
    await decide(s.decisionMaker, id, version, { outcome: "GRANT", reason: "Ja.", amounts: fullAmounts(s) });
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId: id } });
    expect(decision.interimAuditRequired).toBe(false);
    const text = await pdfText(
      (await documentStore().get((await produceDecisionLetter(decision.id)).storageKey)) ?? new Uint8Array(),
    );
    expect(text).not.toContain("controleverklaring");
  });

  it("is refused, with its own message at the box, for a plan shorter than 12 months (no interim report)", async () => {
    const { id, version } = await advisedPlan();
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id } });
    expect(plan.periodStart?.toISOString().slice(0, 10)).toBe(`${s.year + 1}-01-01`);
    // Eleven months: art. 5.4 lid 1 asks no interim report, so there is nothing to go with.
    await prisma.plan.update({
      where: { id },
      data: { periodEnd: new Date(`${s.year + 1}-11-30T00:00:00Z`) },
    });
    expect((await decisionPage(s.decisionMaker, id)).interimAudit.refusal).toBe(AUDIT_WITHOUT_INTERIM_REPORT);
    const err = await refusal(
      decide(s.decisionMaker, id, version, {
        outcome: "GRANT",
        reason: "Het plan voldoet.",
        amounts: fullAmounts(s),
        interimAuditRequired: true,
      }),
    );
    expect(err.message).toBe(AUDIT_WITHOUT_INTERIM_REPORT);
    expect(err.field).toBe("interimAuditRequired");
    expect(await prisma.decision.count({ where: { planId: id } })).toBe(0);
    // Twelve months has its report after month 12: the box may be ticked.
    await prisma.plan.update({
      where: { id },
      data: { periodEnd: new Date(`${s.year + 1}-12-31T00:00:00Z`) },
    });
    expect((await decisionPage(s.decisionMaker, id)).interimAudit.refusal).toBeNull();
    await decide(s.decisionMaker, id, version, {
      outcome: "GRANT",
      reason: "Het plan voldoet.",
      amounts: fullAmounts(s),
      interimAuditRequired: true,
    });
    expect((await prisma.decision.findUniqueOrThrow({ where: { planId: id } })).interimAuditRequired).toBe(
      true,
    );
  });

  it("is not imposed by a refusal, whatever the hidden box posts", async () => {
    const { id, version } = await advisedPlan();
    await decide(s.decisionMaker, id, version, {
      outcome: "REJECT",
      ground: "art-2.5-analyse",
      reason: "Nee.",
      amounts: [],
      interimAuditRequired: true,
    });
    expect((await prisma.decision.findUniqueOrThrow({ where: { planId: id } })).interimAuditRequired).toBe(
      false,
    );
  });
});

describe("uploading the controleverklaring with the interim report", () => {
  it("refuses what is not a PDF by its content, an empty file and one over 10 MB, storing nothing", async () => {
    const { planId, version } = await reportOpen(true);
    const documents = () => prisma.document.count({ where: { planId, kind: "INTERIM_AUDIT_REPORT" } });
    for (const [bytes, message] of [
      [textFile(), AUDIT_REPORT_NOT_PDF],
      [new Uint8Array(), AUDIT_REPORT_EMPTY],
      [paddedTo(await minimalPdf(), ATTACHMENT_MAX_BYTES + 1), AUDIT_REPORT_TOO_LARGE],
    ] as const) {
      const err = await refusal(uploadInterimAuditReport(s.applicantA, planId, 12, version, { bytes }));
      expect(err.message).toBe(message);
      expect(err.field).toBe("auditReport");
    }
    expect(await documents()).toBe(0);
    // Exactly 10 MB is accepted, as the plan's attachments.
    await uploadInterimAuditReport(s.applicantA, planId, 12, version, {
      bytes: paddedTo(await minimalPdf(), ATTACHMENT_MAX_BYTES),
    });
    expect(await documents()).toBe(1);
  });

  it("is not asked, and refused, when the grant does not require it; submitting goes without", async () => {
    const { planId, version } = await reportOpen(false);
    expect((await getInterimReport(s.applicantA, planId, 12)).audit).toEqual({
      required: false,
      document: null,
    });
    const err = await refusal(
      uploadInterimAuditReport(s.applicantA, planId, 12, version, { bytes: await minimalPdf() }),
    );
    expect(err.message).toBe(AUDIT_REPORT_NOT_REQUIRED);
    await submitInterimReport(s.applicantA, planId, 12, version, true);
    expect((await prisma.interimReport.findFirstOrThrow({ where: { planId } })).submittedAt).not.toBeNull();
    // Without a file the event's payload is as before the controleverklaring existed.
    const event = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId, event: "submit_interim_report" },
    });
    expect(Object.keys(event.payload as object).sort()).toEqual(["afterMonths", "interimReportId", "late"]);
    expect((await verifyChains(prisma, { planIds: [planId] })).broken).toEqual([]);
  });

  it("refuses the submission without it, next to the field; with it the report is submitted", async () => {
    const { planId, version } = await reportOpen(true);
    const err = await refusal(submitInterimReport(s.applicantA, planId, 12, version, true));
    expect(err.message).toBe(AUDIT_REPORT_MISSING);
    expect(err.field).toBe("auditReport");
    const { documentId, version: after } = await uploadInterimAuditReport(s.applicantA, planId, 12, version, {
      bytes: await minimalPdf("Controleverklaring"),
    });
    const doc = await prisma.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(doc).toMatchObject({
      planId,
      kind: "INTERIM_AUDIT_REPORT",
      title: "Controleverklaring tussentijds voortgangsverslag na 12 maanden",
      mimeType: "application/pdf",
    });
    const view = await getInterimReport(s.applicantA, planId, 12);
    expect(view.audit.required).toBe(true);
    expect(view.audit.document?.id).toBe(documentId);
    // The page that did not see the file is refused; the one that did submits.
    await expect(submitInterimReport(s.applicantA, planId, 12, version, true)).rejects.toThrow(
      /elders gewijzigd/,
    );
    await submitInterimReport(s.applicantA, planId, 12, after, true);
    const report = await prisma.interimReport.findFirstOrThrow({ where: { planId } });
    expect(report.auditReportDocumentId).toBe(documentId);
    // The submission's event names the file handed in, so the plan's hash chain covers it.
    const event = await prisma.workflowEvent.findFirstOrThrow({
      where: { planId, event: "submit_interim_report" },
    });
    expect(event.payload).toEqual({
      interimReportId: report.id,
      afterMonths: 12,
      late: false,
      auditReportDocumentId: documentId,
      auditReportSha256: doc.sha256,
    });
    expect((await verifyChains(prisma, { planIds: [planId] })).broken).toEqual([]);
    await prisma.$executeRaw`UPDATE "WorkflowEvent" SET payload = jsonb_set(payload, '{auditReportSha256}', '"0"') WHERE id = ${event.id}`;
    expect((await verifyChains(prisma, { planIds: [planId] })).broken.map((b) => b.eventId)).toContain(
      String(event.id),
    );
    await prisma.workflowEvent.update({
      where: { id: event.id },
      data: { payload: event.payload as object },
    });
    expect((await verifyChains(prisma, { planIds: [planId] })).broken).toEqual([]);
    // Submitted: it can no longer be replaced.
    await expect(
      uploadInterimAuditReport(s.applicantA, planId, 12, report.version, {
        bytes: await minimalPdf("Ander"),
      }),
    ).rejects.toThrow(/al ingediend/);

    // Staff see it on the tab, and the dossier holds it under verslagen/.
    const staff = await interimReportsForStaff(s.handler, planId);
    expect(staff.reports[0]?.audit).toEqual({
      required: true,
      document: { id: documentId, title: doc.title, byteSize: doc.byteSize },
    });
    const plan = await prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    const entries = await reportsPart.entries({ db: prisma, store: documentStore(), plan } as never);
    const entry = entries.find(
      (e) => e.path === "verslagen/controleverklaring-tussentijds-verslag-na-12-maanden.pdf",
    );
    expect(
      Buffer.from(entry?.bytes ?? []).equals(Buffer.from((await documentStore().get(doc.storageKey)) ?? [])),
    ).toBe(true);
    // It is no letter: the applicant's letters and the plan's list of documents leave it out.
    await produceDecisionLetter((await prisma.decision.findUniqueOrThrow({ where: { planId } })).id);
    const rows = await listOrganisationPlanOverview(s.applicantA);
    const letters = rows.find((r) => r.id === planId)?.letters ?? [];
    // The grant's letter is there; the controleverklaring is not.
    expect(letters.length).toBeGreaterThan(0);
    expect(letters.map((l) => l.id)).not.toContain(documentId);
    expect((await getPlanView(s.applicantA, planId)).documents.map((d) => d.id)).not.toContain(documentId);
  });

  it("replaces the file: the old row and its bytes go, with a folder store after the commit", async () => {
    await withFolderStore(async (_store, fileOf) => {
      const { planId, version } = await reportOpen(true);
      const first = await uploadInterimAuditReport(s.applicantA, planId, 12, version, {
        bytes: await minimalPdf("Eerste versie"),
      });
      const old = await prisma.document.findUniqueOrThrow({ where: { id: first.documentId } });
      expect(await fileExists(fileOf(old.storageKey))).toBe(true);
      // Bytes stored just now may be another upload's in flight: they would stay for the sweep.
      await ageFile(fileOf(old.storageKey), 1);
      const second = await uploadInterimAuditReport(s.applicantA, planId, 12, first.version, {
        bytes: await minimalPdf("Tweede versie"),
      });
      expect(await prisma.document.findUnique({ where: { id: first.documentId } })).toBeNull();
      expect(await fileExists(fileOf(old.storageKey))).toBe(false);
      const report = await prisma.interimReport.findFirstOrThrow({ where: { planId } });
      expect(report.auditReportDocumentId).toBe(second.documentId);
      expect(await prisma.document.count({ where: { planId, kind: "INTERIM_AUDIT_REPORT" } })).toBe(1);
    });
  });

  it("replaces the file in the database store in the same transaction", async () => {
    const { planId, version } = await reportOpen(true);
    const first = await uploadInterimAuditReport(s.applicantA, planId, 12, version, {
      bytes: await minimalPdf("Eerste versie"),
    });
    const old = await prisma.document.findUniqueOrThrow({ where: { id: first.documentId } });
    await ageBlob(old.storageKey);
    await uploadInterimAuditReport(s.applicantA, planId, 12, first.version, {
      bytes: await minimalPdf("Tweede"),
    });
    expect(await prisma.storedBlob.count({ where: { key: old.storageKey } })).toBe(0);
  });
});

describe("the same controleverklaring uploaded for one report while it is replaced on another", () => {
  /**
   * Report 1 has file X (stored an hour ago); a colleague uploads the same X for report 2. That
   * upload has stored X's bytes and waits to insert its Document (held on plan 2's row, which the
   * insert's foreign key checks) while report 1's replacement by Y deletes X's old row and
   * releases X. The bytes report 2's new row points at must stay.
   */
  async function race(aged: (key: string) => Promise<void>, tag: string, database: boolean): Promise<string> {
    const p1 = (await reportOpen(true)).planId;
    const p2 = (await reportOpen(true)).planId;
    const x = await minimalPdf(`Controleverklaring accountant ${tag}`);
    const y = await minimalPdf(`Controleverklaring accountant ${tag}, gecorrigeerd`);
    const first = await uploadInterimAuditReport(s.applicantA, p1, 12, await reportVersion(p1), { bytes: x });
    await aged((await prisma.document.findUniqueOrThrow({ where: { id: first.documentId } })).storageKey);
    const held = gate();
    const release = gate();
    const holder = prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Plan" WHERE id = ${p2} FOR UPDATE`;
      held.open();
      await release.opened;
    });
    await held.opened;
    const upload2 = uploadInterimAuditReport(s.applicantA, p2, 12, await reportVersion(p2), { bytes: x });
    await untilWaiting(1);
    const replace1 = uploadInterimAuditReport(s.applicantA, p1, 12, await reportVersion(p1), { bytes: y });
    // The database store's replacement waits for X's blob, which upload 2's put holds; a folder
    // store's deletes its file after its commit, without waiting.
    if (database) await untilWaiting(2);
    else await replace1;
    release.open();
    await holder;
    const [r2, r1] = await Promise.allSettled([upload2, replace1]);
    expect(r1.status).toBe("fulfilled");
    if (r2.status === "rejected") throw r2.reason;
    return r2.value.documentId;
  }

  it("keeps the bytes the new upload points at (database store)", async () => {
    const documentId = await race(ageBlob, "db", true);
    await expect(readDocument(documentId)).resolves.toBeTruthy();
  });

  it("keeps them with the folder store too", async () => {
    await withFolderStore(async (_store, fileOf) => {
      const documentId = await race((key) => ageFile(fileOf(key), 1), "map", false);
      await expect(readDocument(documentId)).resolves.toBeTruthy();
    });
  });
});

describe("the routes", () => {
  async function cookieOf(userId: string): Promise<string> {
    return (await createUserSession(new Request("http://localhost/"), userId)).split(";")[0] ?? "";
  }

  async function download(userId: string, documentId: string): Promise<Response> {
    const request = new Request(`http://localhost/documenten/${documentId}`, {
      headers: { Cookie: await cookieOf(userId) },
    });
    try {
      return (await documentLoader({ request, params: { documentId }, context: {} } as never)) as Response;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  }

  async function post(planId: string, fields: Record<string, string | File>, stap = "indienen") {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    const request = new Request(`http://localhost/aanvrager/plannen/${planId}/tussentijds/12/${stap}`, {
      method: "POST",
      body,
      headers: { Cookie: await cookieOf(s.applicantA.userId) },
    });
    const result: unknown = await interimAction({
      request,
      params: { planId, maanden: "12", stap },
      context: {},
    } as never);
    if (result instanceof Response) return { status: result.status, body: undefined };
    const answer = result as { data: Record<string, unknown>; init: ResponseInit | null };
    return { status: answer.init?.status ?? 200, body: answer.data };
  }

  const pdf = async (name: string, bytes?: Uint8Array) =>
    new File([new Uint8Array(bytes ?? (await minimalPdf()))], name, { type: "application/pdf" });

  it("uploads on the last step, refusing a renamed text file and one over 10 MB; a submit without names the field", async () => {
    const { planId, version } = await reportOpen(true);
    const submit = await post(planId, {
      intent: "submit",
      expectedVersion: String(version),
      declaration: "true",
    });
    expect(submit.status).toBe(400);
    expect(submit.body?.errors).toEqual({ auditReport: { type: "server", message: AUDIT_REPORT_MISSING } });

    const text = await post(planId, {
      intent: "audit",
      expectedVersion: String(version),
      auditReport: new File([new Uint8Array(textFile())], "verklaring.pdf", { type: "application/pdf" }),
    });
    expect(text).toMatchObject({ status: 422, body: { ok: false, auditError: AUDIT_REPORT_NOT_PDF } });
    const big = await post(planId, {
      intent: "audit",
      expectedVersion: String(version),
      auditReport: await pdf("groot.pdf", paddedTo(await minimalPdf(), ATTACHMENT_MAX_BYTES + 1)),
    });
    expect(big).toMatchObject({ status: 413, body: { ok: false, auditError: AUDIT_REPORT_TOO_LARGE } });
    expect(await prisma.document.count({ where: { planId, kind: "INTERIM_AUDIT_REPORT" } })).toBe(0);

    const ok = await post(planId, {
      intent: "audit",
      expectedVersion: String(version),
      auditReport: await pdf("verklaring.pdf"),
    });
    expect(ok).toMatchObject({ status: 200, body: { ok: true, audit: "saved", version: version + 1 } });
    const done = await post(planId, {
      intent: "submit",
      expectedVersion: String(version + 1),
      declaration: "true",
    });
    expect(done.status).toBe(302);
  });

  it("hands it as an attachment download to the organisation, to staff and the adviser once submitted, 404 to another organisation", async () => {
    const { planId, version } = await reportOpen(true);
    const bytes = await minimalPdf("Controleverklaring");
    const { documentId, version: after } = await uploadInterimAuditReport(s.applicantA, planId, 12, version, {
      bytes,
    });
    const expectFile = async (userId: string) => {
      const answer = await download(userId, documentId);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("Content-Disposition")).toMatch(/^attachment; filename="controleverklaring-/);
      expect(answer.headers.get("Content-Type")).toBe("application/pdf");
      expect(Buffer.from(await answer.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    };
    // A draft's file is the organisation's own: staff and the assigned adviser get "not found", as
    // the tab does not list a draft either.
    await expectFile(s.applicantA.userId);
    for (const userId of [s.handler.userId, s.adviser.userId, s.decisionMaker.userId, s.applicantB.userId])
      expect((await download(userId, documentId)).status).toBe(404);
    await submitInterimReport(s.applicantA, planId, 12, after, true);
    for (const userId of [s.applicantA.userId, s.handler.userId, s.adviser.userId, s.decisionMaker.userId])
      await expectFile(userId);
    expect((await download(s.applicantB.userId, documentId)).status).toBe(404);
  });
});
