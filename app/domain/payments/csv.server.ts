import { stringify } from "csv-stringify/sync";
import { defuseFormula, QUOTE_LINE_BREAKS } from "../csv-cell.ts";
import { centsToDecimalString } from "../money.ts";
import type { BatchDetail } from "./batches.server.ts";

export const CSV_COLUMNS = [
  "kenmerk",
  "betalingskenmerk",
  "organisatie",
  "iban",
  "bedrag",
  "omschrijving",
  "vervaldatum",
] as const;

/**
 * The batch as CSV for review and for the financial administration. Semicolon-separated with a
 * decimal comma, as Dutch spreadsheet programs read it; the csv-stringify library does the quoting
 * (organisation names contain commas and quotes). The organisation name is the applicant's own
 * text, so every column but the amount is defused; csv-stringify's escape_formulas would also
 * turn a negative amount into text.
 */
export function batchCsv(batch: BatchDetail): string {
  const rows = batch.payments
    .filter((p) => p.status !== "CANCELLED")
    .map((p) => [
      defuseFormula(p.planReference),
      defuseFormula(p.reference),
      defuseFormula(p.payeeName),
      defuseFormula(p.iban),
      centsToDecimalString(p.amountCents, ","),
      defuseFormula(p.description),
      defuseFormula(p.dueOn),
    ]);
  return stringify(rows, {
    header: true,
    columns: [...CSV_COLUMNS],
    delimiter: ";",
    record_delimiter: "\r\n",
    quoted_match: QUOTE_LINE_BREAKS,
  });
}
