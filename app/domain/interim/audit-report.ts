import type { InterimMonths } from "./status.ts";

/**
 * The accountant's controleverklaring with the tussentijds voortgangsverslag (regulation art. 5.4
 * lid 4; 2015: art. 4.4 lid 4), when the grant requires it (Decision.interimAuditRequired): a PDF
 * the organisation uploads on the report's last step, stored as a Document (INTERIM_AUDIT_REPORT)
 * and linked by InterimReport.auditReportDocumentId. The Dutch messages are the keys of their
 * English renderings (app/i18n/interim-messages.ts).
 */

export const AUDIT_REPORT_MISSING =
  "Voeg de controleverklaring van de accountant toe: de beschikking vereist haar bij dit verslag (artikel 5.4, vierde lid, van de regeling).";
export const AUDIT_REPORT_NOT_REQUIRED =
  "Voor dit verslag is geen controleverklaring van een accountant vereist: de beschikking vraagt er niet om.";
export const AUDIT_REPORT_NOT_PDF =
  "De controleverklaring moet een PDF zijn. Het bestand wordt herkend aan de inhoud, niet aan de naam.";
export const AUDIT_REPORT_TOO_LARGE = "De controleverklaring is groter dan 10 MB.";
export const AUDIT_REPORT_EMPTY = "Kies het PDF-bestand van de controleverklaring.";
export const AUDIT_REPORT_UNREADABLE = "Het bestand kon niet worden gelezen. Probeer het opnieuw.";

/** The Document's title, as the staff tab and the dossier name it. */
export const auditReportTitle = (months: InterimMonths | number) =>
  `Controleverklaring tussentijds voortgangsverslag na ${months} maanden`;

export type AuditReportView = {
  required: boolean;
  document: { id: string; filename: string; byteSize: number; createdAt: string } | null;
};

export function auditReportView(
  required: boolean,
  doc: { id: string; filename: string; byteSize: number; createdAt: Date } | null,
): AuditReportView {
  return {
    required,
    document: doc ? { ...doc, createdAt: doc.createdAt.toISOString() } : null,
  };
}
