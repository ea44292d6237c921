import { stringify } from "csv-stringify/sync";
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
 * (organisation names contain commas and quotes).
 */
export function batchCsv(batch: BatchDetail): string {
  const rows = batch.payments
    .filter((p) => p.status !== "CANCELLED")
    .map((p) => [
      p.planReference,
      p.reference,
      p.payeeName,
      p.iban,
      centsToDecimalString(p.amountCents, ","),
      p.description,
      p.dueOn,
    ]);
  return stringify(rows, {
    header: true,
    columns: [...CSV_COLUMNS],
    delimiter: ";",
    record_delimiter: "\r\n",
  });
}
