import { TZDate } from "@date-fns/tz";
import SEPA from "sepa";
import type { prisma, Tx } from "../../db/client.server.ts";
import { now } from "../clock.ts";
import { ConflictError } from "../errors.ts";
import { centsToDecimalString } from "../money.ts";
import {
  AMSTERDAM,
  amsterdamDate,
  amsterdamIsoDateTime,
  amsterdamTimeOn,
  formatDateNl,
  type LocalDate,
} from "../time/index.ts";
import type { BatchDetail } from "./batches.server.ts";

/**
 * The executing agency that pays the subsidies (the debtor of every transfer). Configured with
 * SEPA_DEBTOR_NAME, SEPA_DEBTOR_IBAN and SEPA_DEBTOR_BIC; the defaults are a realistic but
 * fictitious account of "Agentschap SZW" for development and tests (NL IBAN with a valid checksum).
 */
export function debtorAccount(): { name: string; iban: string; bic: string } {
  return {
    name: process.env.SEPA_DEBTOR_NAME || "Agentschap SZW",
    iban: process.env.SEPA_DEBTOR_IBAN || "NL28INGB0705001239",
    bic: process.env.SEPA_DEBTOR_BIC || "INGBNL2A",
  };
}

/**
 * The largest amount one SEPA credit transfer carries (EPC rulebook: InstdAmt ≤ 999999999.99 EUR).
 * Checked when a batch is prepared (batches.server.ts), so no approved and booked batch meets it
 * first in the file writer.
 */
export const SEPA_MAX_AMOUNT_CENTS = 999_999_999_99n;

/**
 * Letters NFD does not split into a base letter and accents: without this they would become a
 * space ("Straße" → "Stra e"). Spelled as the EPC's conversion of the extended character set does.
 * Also the Dutch IJ ligature and the typographic apostrophes and dashes that word processors and
 * phones type ("Vereniging ’t Gooi", "’s-Hertogenbosch"): the bank checks the payee's name.
 */
const LATIN_SPELLING: Record<string, string> = {
  Ĳ: "IJ",
  ĳ: "ij",
  "\u2018": "'",
  "\u2019": "'",
  "\u2013": "-",
  "\u2014": "-",
  ß: "ss",
  ẞ: "SS",
  Æ: "AE",
  æ: "ae",
  Ø: "O",
  ø: "o",
  Œ: "OE",
  œ: "oe",
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  Þ: "TH",
  þ: "th",
};
const SPELLED = new RegExp(`[${Object.keys(LATIN_SPELLING).join("")}]`, "g");

/**
 * SEPA allows only the Latin basic set (a–z, 0–9, space and / - ? : ( ) . , ' +). Names like
 * "Stichting Metaal & Techniek", "Coöperatie" or "Straße" are transliterated, other characters
 * become a space. Cut to `max`, then trimmed again, as the cut may fall just after a space.
 */
export function sepaText(text: string, max: number): string {
  return text
    .replace(SPELLED, (c) => LATIN_SPELLING[c] ?? c)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/&/g, "+")
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max)
    .trimEnd();
}

/**
 * The approved batch as a SEPA credit transfer initiation (pain.001.001.03), built by the sepa
 * library: one PmtInf with the batch's execution date, one CdtTrfTxInf per payment. Amounts go in
 * as exact two-decimal numbers converted from integer cents.
 *
 * The file is the same bytes for the same batch on every server (design.md §8: many servers, any
 * time zone): the library writes dates on the server's local clock, so the execution day goes in
 * as a date on the Dutch clock and CreDtTm is replaced by the approval moment in Dutch time with
 * its offset. The library sums the amounts in floating point for NbOfTxs and CtrlSum; a file whose
 * totals differ from the batch's own integer-cent total and count is refused, never handed out.
 */
export function batchSepaXml(batch: BatchDetail): string {
  if (batch.status !== "APPROVED")
    throw new ConflictError("Een SEPA-bestand is er alleen voor een goedgekeurde batch.", "NOT_APPROVED");
  const debtor = debtorAccount();
  const created = batch.approvedAt ?? now();
  const doc = new SEPA.Document("pain.001.001.03");
  doc.grpHdr.id = batch.reference;
  doc.grpHdr.created = created;
  doc.grpHdr.initiatorName = sepaText(debtor.name, 70);

  const info = doc.createPaymentInfo();
  info.id = "VS";
  // A TZDate reads its calendar fields on the Dutch clock, so the library writes the Dutch day.
  info.requestedExecutionDate = new TZDate(amsterdamTimeOn(batch.executionDate, 12).getTime(), AMSTERDAM);
  info.debtorName = sepaText(debtor.name, 70);
  info.debtorIBAN = debtor.iban;
  info.debtorBIC = debtor.bic;
  info.batchBooking = true;
  doc.addPaymentInfo(info);

  for (const p of batch.payments) {
    // A payment the bank sent back later was still paid by this file: it stays in it.
    if (p.status !== "PAID" && p.status !== "RETURNED") continue;
    const tx = info.createTransaction();
    tx.end2endId = p.reference;
    tx.amount = Number(centsToDecimalString(p.amountCents));
    tx.creditorName = sepaText(p.payeeName, 70);
    tx.creditorIBAN = p.iban;
    tx.remittanceInfo = sepaText(p.description, 140);
    info.addTransaction(tx);
  }
  const written = doc.toString();
  if ((written.match(/<CreDtTm>/g) ?? []).length !== 1)
    throw new Error(`SEPA file of batch ${batch.reference}: expected one CreDtTm from the sepa library.`);
  const xml = written.replace(
    /<CreDtTm>[^<]*<\/CreDtTm>/,
    `<CreDtTm>${amsterdamIsoDateTime(created)}</CreDtTm>`,
  );
  assertTotals(xml, batch);
  return xml;
}

/**
 * GrpHdr and PmtInf each carry NbOfTxs and CtrlSum; both must be the batch's count and integer-cent
 * total exactly as approved. Anything else is a defect, not something finance can fix: a plain Error
 * (a 500, logged), and no file.
 */
function assertTotals(xml: string, batch: BatchDetail): void {
  const totals = [...xml.matchAll(/<NbOfTxs>([^<]*)<\/NbOfTxs><CtrlSum>([^<]*)<\/CtrlSum>/g)].map((m) => ({
    count: m[1],
    sum: m[2],
  }));
  const expected = { count: String(batch.count), sum: centsToDecimalString(batch.totalCents) };
  const ok = totals.length === 2 && totals.every((t) => t.count === expected.count && t.sum === expected.sum);
  if (!ok)
    throw new Error(
      `SEPA file of batch ${batch.reference} does not match the batch (${expected.count} payments, ` +
        `${expected.sum} EUR): the file says ${JSON.stringify(totals)}.`,
    );
}

/**
 * Whether a SEPA file of the batch was ever handed out: every download is in the audit trail
 * (batchFile writes the row before it returns the file). From the first one on, the file is what
 * the bank may have received, and a re-download must be the same bytes.
 */
export async function sepaFileHandedOut(db: typeof prisma | Tx, batchId: string): Promise<boolean> {
  const downloads = await db.auditLog.count({
    where: {
      action: "payment_batch_downloaded",
      targetType: "PaymentBatch",
      targetId: batchId,
      details: { path: ["format"], equals: "sepa" },
    },
  });
  return downloads > 0;
}

/**
 * Why an approved batch's SEPA file may not be handed out today, or null: its execution day
 * (ReqdExctnDt) passed before anyone downloaded it, so the first file would ask the bank for a day
 * in the past, which a bank refuses or pays late. An approved batch is booked as paid and cannot be
 * cancelled; the way forward is a new execution date, confirmed by a second finance user
 * (confirmExecutionDate). A file already handed out is handed out again as it was — the same
 * bytes, its day included — whatever the day: it is the file the bank has.
 */
export function sepaFileRefusal(
  batch: { status: string; executionDate: LocalDate },
  handedOut: boolean,
  today: LocalDate,
): string | null {
  if (batch.status !== "APPROVED" || handedOut || batch.executionDate >= today) return null;
  return (
    `De uitvoeringsdatum van deze batch (${formatDateNl(batch.executionDate)}) is voorbij en het SEPA-bestand is nog niet gedownload. ` +
    "Een bank weigert een betaalopdracht met een datum in het verleden, of voert hem te laat uit. " +
    "Een goedgekeurde batch is al als betaald geboekt en kan niet meer worden geannuleerd: stel op de pagina van de batch een nieuwe uitvoeringsdatum voor. " +
    "Zodra een andere medewerker van Financiën die heeft bevestigd (vier-ogenprincipe), kunt u het SEPA-bestand downloaden."
  );
}

/** Refuses the first SEPA file of a batch whose execution day has passed (sepaFileRefusal). */
export async function assertSepaFileDate(
  db: typeof prisma | Tx,
  batch: { id: string; status: string; executionDate: LocalDate },
): Promise<void> {
  const today = amsterdamDate(now());
  if (batch.status !== "APPROVED" || batch.executionDate >= today) return;
  const refusal = sepaFileRefusal(batch, await sepaFileHandedOut(db, batch.id), today);
  if (refusal) throw new ConflictError(refusal, "SEPA_DATE_PASSED");
}
