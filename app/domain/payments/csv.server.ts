import { stringify } from "csv-stringify/sync";
import type { BatchDetail } from "./batches.server.ts";

/** Cents as euros with two decimals and a decimal comma, no thousands separator: "1234,56". */
export function centsToEuroDecimal(cents: bigint, separator = ","): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? "-" : ""}${abs / 100n}${separator}${(abs % 100n).toString().padStart(2, "0")}`;
}

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
      centsToEuroDecimal(p.amountCents),
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
