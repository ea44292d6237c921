import { randomUUID } from "node:crypto";
import type { Actor } from "../actor.ts";
import { ATTACHMENT_MAX_BYTES, detectAttachmentType } from "../attachments/detect.ts";
import { now } from "../clock.ts";
import {
  DatabaseDocumentStore,
  type DocumentStore,
  deletingBytes,
  documentStore,
  storeDocumentOnce,
} from "../documents/store.server.ts";
import { ConflictError, RuleViolation } from "../errors.ts";
import { amsterdamDate } from "../time/index.ts";
import {
  AUDIT_REPORT_EMPTY,
  AUDIT_REPORT_NOT_PDF,
  AUDIT_REPORT_NOT_REQUIRED,
  AUDIT_REPORT_TOO_LARGE,
  auditReportTitle,
} from "./audit-report.ts";
import { INTERIM_CHANGED, interimClosedReason, loadPlan, lockReport, scheduleOf } from "./report.server.ts";
import type { InterimMonths } from "./status.ts";

/**
 * Stores the controleverklaring an organisation uploads with its interim report and links it to
 * the report, replacing the one uploaded before. Checked as the plan's attachments are (by content:
 * a PDF only; at most 10 MB), and only while the report is a draft of a grant that requires it.
 * The report's version moves on: a submission from a page that did not see this file is refused.
 *
 * The old file's row goes in the same transaction and its bytes with deletingBytes (the database
 * store in that transaction, a folder store once it committed, and neither while another row
 * points at the same bytes, nor while they were stored less than RECENT_PUT_MS ago: another
 * report's upload of the same PDF may not have committed its row yet; the nightly sweep takes them
 * then, ADR 0028). A submitted report's file is never replaced: submission closes it.
 */
export async function uploadInterimAuditReport(
  actor: Actor,
  planId: string,
  afterMonths: InterimMonths,
  expectedVersion: number,
  input: { bytes: Uint8Array },
  store: DocumentStore = documentStore(),
): Promise<{ documentId: string; version: number }> {
  const { bytes } = input;
  if (bytes.byteLength === 0) throw new RuleViolation(AUDIT_REPORT_EMPTY, "auditReport");
  if (bytes.byteLength > ATTACHMENT_MAX_BYTES) throw new RuleViolation(AUDIT_REPORT_TOO_LARGE, "auditReport");
  const type = await detectAttachmentType(bytes);
  if (type?.mimeType !== "application/pdf") throw new RuleViolation(AUDIT_REPORT_NOT_PDF, "auditReport");

  return deletingBytes(async (tx, release) => {
    const plan = await loadPlan(tx, actor, planId);
    const report = await lockReport(tx, planId, afterMonths);
    const closed = interimClosedReason(
      plan,
      scheduleOf(plan, afterMonths),
      afterMonths,
      !!report.submittedAt,
      amsterdamDate(now()),
    );
    if (closed) throw new RuleViolation(closed);
    if (!plan.decision?.interimAuditRequired)
      throw new RuleViolation(AUDIT_REPORT_NOT_REQUIRED, "auditReport");
    if (report.version !== expectedVersion) throw new ConflictError(INTERIM_CHANGED, "INTERIM_CHANGED");

    const at = now();
    // The database store writes in this transaction, so a refusal further on leaves no bytes.
    const into = store instanceof DatabaseDocumentStore ? new DatabaseDocumentStore(tx) : store;
    const { document } = await storeDocumentOnce(
      tx,
      {
        planId,
        kind: "INTERIM_AUDIT_REPORT",
        // Each upload its own row: a replacement is a new document, the old one goes.
        idempotencyKey: `interim-audit-report:${report.id}:${randomUUID()}`,
        title: auditReportTitle(afterMonths),
        filename: `controleverklaring-${plan.reference}-${afterMonths}-maanden.pdf`,
        mimeType: "application/pdf",
        bytes,
        createdAt: at,
      },
      into,
    );
    const old = report.auditReportDocumentId
      ? await tx.document.findUnique({
          where: { id: report.auditReportDocumentId },
          select: { id: true, storageKey: true },
        })
      : null;
    const version = report.version + 1;
    await tx.interimReport.update({
      where: { id: report.id },
      data: { auditReportDocumentId: document.id, version, updatedAt: at },
    });
    if (old) {
      await tx.document.delete({ where: { id: old.id } });
      release([old.storageKey]);
    }
    return { documentId: document.id, version };
  }, store);
}
