import { electronicFormatIBAN, friendlyFormatIBAN, isSEPACountry, isValidIBAN } from "ibantools";

/**
 * IBAN checks shared by the applicant's change form, the finance pages and the batch: an IBAN is
 * stored in electronic format (no spaces, upper case) and must pass the country's length and the
 * mod-97 checksum. Only SEPA countries: the batch goes out as a SEPA credit transfer.
 */
export type IbanCheck = { ok: true; iban: string } | { ok: false; message: string };

/**
 * SEPA countries outside the EEA: the EPC's rulebook asks for the payee's BIC on a transfer there,
 * and the bank file names only the IBAN (sepa.server.ts), so a bank would refuse it after the
 * batch was booked as paid.
 */
const SEPA_OUTSIDE_EEA = new Set([
  "AD",
  "AL",
  "CH",
  "GB",
  "GG",
  "GI",
  "IM",
  "JE",
  "MC",
  "MD",
  "ME",
  "MK",
  "SM",
  "VA",
]);

export const IBAN_OUTSIDE_EEA =
  "Dit IBAN is van een land buiten de Europese Economische Ruimte; daarheen kunnen wij niet overmaken zonder de BIC van de bank, die het portaal niet vraagt. Geef een rekeningnummer in de EER op.";

export function checkIban(input: string): IbanCheck {
  const iban = electronicFormatIBAN(input.trim());
  if (!iban) return { ok: false, message: "Vul een IBAN in, bijvoorbeeld NL91 ABNA 0417 1643 00." };
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban))
    return {
      ok: false,
      message: "Een IBAN begint met een landcode en twee cijfers, bijvoorbeeld NL91 ABNA 0417 1643 00.",
    };
  if (!isValidIBAN(iban))
    return {
      ok: false,
      message: "Dit IBAN klopt niet: controleer de cijfers (de controlesom of de lengte is onjuist).",
    };
  if (!isSEPACountry(iban.slice(0, 2)))
    return { ok: false, message: "Dit IBAN is niet van een SEPA-land; wij kunnen er niet naar overmaken." };
  if (SEPA_OUTSIDE_EEA.has(iban.slice(0, 2))) return { ok: false, message: IBAN_OUTSIDE_EEA };
  return { ok: true, iban };
}

/** A valid SEPA IBAN of a country outside the EEA (the bank file cannot pay it: no BIC). */
export function isOutsideEea(iban: string): boolean {
  return SEPA_OUTSIDE_EEA.has(electronicFormatIBAN(iban.trim())?.slice(0, 2) ?? "");
}

export function isPayableIban(iban: string): boolean {
  return checkIban(iban).ok;
}

/** For display: "NL91 ABNA 0417 1643 00"; an invalid value is shown as stored. */
export function formatIban(iban: string): string {
  return friendlyFormatIBAN(iban) ?? iban;
}
