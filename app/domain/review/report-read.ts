import { RuleViolation } from "../errors.ts";

/**
 * What a case handler writes when marking a report the organisation handed in as read (the
 * tussentijds voortgangsverslag, the melding onderbesteding): one note rule and one wording of the
 * event's reason for both (interim/review.server.ts, underspending/review.server.ts).
 */

export const REVIEW_NOTE_MAX = 4000;
export const REVIEW_NOTE_TOO_LONG = `De opmerking mag hoogstens ${REVIEW_NOTE_MAX} tekens hebben.`;

/** The note as stored: trimmed, "" for none; longer than REVIEW_NOTE_MAX is refused at its field. */
export function reviewNoteOf(raw: string): string {
  const note = raw.trim();
  if (note.length > REVIEW_NOTE_MAX) throw new RuleViolation(REVIEW_NOTE_TOO_LONG, "note");
  return note;
}

/** The reason the review event records: "<report> is gelezen.", with the note when there is one. */
export function readReason(reportName: string, note: string): string {
  return note ? `${reportName} is gelezen. Opmerking: ${note}` : `${reportName} is gelezen.`;
}
