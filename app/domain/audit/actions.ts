/**
 * Every action the audit trail (AuditLog) records, with the words the admin's page shows for it.
 * The codes are stored data and stay as they are (some with dots, some with underscores); every
 * place that writes a row takes its code from this type, so a new action cannot be written without
 * a label.
 */
export const AUDIT_ACTION_LABEL = {
  "organisation.signed-up": "Organisatie aangemeld",
  "user.invited": "Collega uitgenodigd",
  "user.invitation-accepted": "Uitnodiging aanvaard",
  "user.invitation-withdrawn": "Uitnodiging ingetrokken",
  "user.signatory-changed": "Tekenbevoegdheid gewijzigd",
  "user.membership-ended": "Toegang tot organisatie beëindigd",
  "user.created": "Medewerker toegevoegd",
  "user.roles-changed": "Rollen gewijzigd",
  "user.deactivated": "Account uitgeschakeld",
  "user.reactivated": "Account weer ingeschakeld",
  "user.password-reset": "Wachtwoord opnieuw ingesteld",
  "user.absence-set": "Afwezigheid vastgelegd",
  "user.coordinator-changed": "Coördinatorschap Actieteam gewijzigd",
  "user.signing-title-changed": "Functie bij ondertekening gewijzigd",
  "plan.handler-taken-over": "Behandeling overgenomen",
  "plan.handler-released": "Dossier teruggezet in de werkvoorraad",
  "plan.sign-off-requested": "Ter ondertekening aangeboden",
  "plan.draft-deleted": "Concept verwijderd",
  "plan.default-notice-recorded": "Ingebrekestelling vastgelegd",
  "assignment.assigned": "Adviseur toegewezen",
  "assignment.claimed": "Beoordeling opgepakt",
  "assignment.removed": "Toewijzing ingetrokken",
  "assignment.conflict-declared": "Belangenconflict gemeld",
  "assignment.no-conflict-declared": "Geen belangenconflict verklaard",
  "grant.revoked": "Subsidieverlening ingetrokken",
  "extension.granted": "Periode van het plan verlengd",
  "extension.refused": "Verlenging van de periode geweigerd",
  "extension.lapsed": "Verzoek om verlenging vervallen",
  "interim-report.reminded": "Herinnering tussentijds voortgangsverslag verstuurd",
  "underspending.reminded": "Herinnering melding onderbesteding verstuurd",
  "settlement.proposed": "Vaststelling voorgesteld",
  "settlement.settled": "Subsidie vastgesteld",
  "recovery.received": "Terugbetaling ontvangen",
  "recovery.part-received": "Deel van een terugbetaling ontvangen",
  "recovery.interest-calculated": "Wettelijke rente van een terugvordering berekend",
  "recovery.interest-decided": "Beschikking wettelijke rente van een terugvordering gemaakt",
  "recovery.interest-received": "Wettelijke rente van een terugvordering ontvangen",
  "recovery.aanmaning-sent": "Aanmaning van een terugvordering of van haar wettelijke rente gemaakt",
  "interest-rate.added": "Wettelijke rente vastgelegd",
  iban_change_requested: "Wijziging rekeningnummer aangevraagd",
  iban_change_approved: "Wijziging rekeningnummer goedgekeurd",
  iban_change_rejected: "Wijziging rekeningnummer afgewezen",
  payment_batch_prepared: "Betaalbatch klaargezet",
  payment_batch_approved: "Betaalbatch goedgekeurd",
  payment_batch_cancelled: "Betaalbatch geannuleerd",
  payment_batch_downloaded: "Betaalbestand van een batch gedownload",
  payment_batch_redate_proposed: "Nieuwe uitvoeringsdatum van een betaalbatch voorgesteld",
  payment_batch_redated: "Nieuwe uitvoeringsdatum van een betaalbatch bevestigd",
  payment_returned: "Betaling teruggeboekt door de bank",
  "regulation.parameters.changed": "Regeling gewijzigd",
  "window.created": "Aanvraagtijdvak ingesteld",
  "window.dates.changed": "Data van een tijdvak gewijzigd",
  "window.ceiling.changed": "Subsidieplafond gewijzigd",
  "envelope.created": "Jaarbudget ingesteld",
  "envelope.ceiling.changed": "Jaarbudget gewijzigd",
  "job.retried": "Mislukte taak opnieuw gestart",
  "job.discarded": "Mislukte taak verwijderd",
  "jobs.retried": "Alle mislukte taken van een wachtrij opnieuw gestart",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTION_LABEL;

/** The label of a stored code; a code this version does not know is shown as it is. */
export function auditActionLabel(code: string): string {
  return (AUDIT_ACTION_LABEL as Record<string, string>)[code] ?? code;
}
