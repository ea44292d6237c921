import SEPA from "sepa";
import { now } from "../clock.ts";
import { ConflictError } from "../errors.ts";
import { centsToDecimalString } from "../money.ts";
import { amsterdamTimeOn } from "../time/index.ts";
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
 * SEPA allows only the Latin basic set (a–z, 0–9, space and / - ? : ( ) . , ' +). Names like
 * "Stichting Metaal & Techniek" or "Coöperatie" are transliterated, other characters become a space.
 */
export function sepaText(text: string, max: number): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/&/g, "+")
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max);
}

/**
 * The approved batch as a SEPA credit transfer initiation (pain.001.001.03), built by the sepa
 * library: one PmtInf with the batch's execution date, one CdtTrfTxInf per payment. The library
 * computes NbOfTxs and CtrlSum from the transactions; amounts go in as exact two-decimal numbers
 * converted from integer cents.
 */
export function batchSepaXml(batch: BatchDetail): string {
  if (batch.status !== "APPROVED")
    throw new ConflictError("Een SEPA-bestand is er alleen voor een goedgekeurde batch.", "NOT_APPROVED");
  const debtor = debtorAccount();
  const doc = new SEPA.Document("pain.001.001.03");
  doc.grpHdr.id = batch.reference;
  doc.grpHdr.created = batch.approvedAt ?? now();
  doc.grpHdr.initiatorName = sepaText(debtor.name, 70);

  const info = doc.createPaymentInfo();
  info.id = "VS";
  // The library writes this Date's calendar day in the server's time zone: noon Dutch time is that day anywhere near.
  info.requestedExecutionDate = amsterdamTimeOn(batch.executionDate, 12);
  info.debtorName = sepaText(debtor.name, 70);
  info.debtorIBAN = debtor.iban;
  info.debtorBIC = debtor.bic;
  info.batchBooking = true;
  doc.addPaymentInfo(info);

  for (const p of batch.payments) {
    if (p.status !== "PAID") continue;
    const tx = info.createTransaction();
    tx.end2endId = p.reference;
    tx.amount = Number(centsToDecimalString(p.amountCents));
    tx.creditorName = sepaText(p.payeeName, 70);
    tx.creditorIBAN = p.iban;
    tx.remittanceInfo = sepaText(p.description, 140);
    info.addTransaction(tx);
  }
  return doc.toString();
}
