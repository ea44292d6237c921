/**
 * The bank's reasons for sending a payment back, and the note's length: shared by the domain
 * (returns.server.ts) and the finance batch page, whose form lists them in the browser too.
 */
/** The bank's reason codes (ISO 20022 / SEPA R-transactions) finance can choose, with Dutch labels. */
export const RETURN_REASONS = {
  AC01: "Rekeningnummer onjuist (AC01)",
  AC04: "Rekening opgeheven (AC04)",
  AC06: "Rekening geblokkeerd (AC06)",
  AG01: "Betaling op deze rekening niet toegestaan (AG01)",
  MD07: "Rekeninghouder overleden (MD07)",
  MS02: "Geweigerd door de begunstigde (MS02)",
  MS03: "Geen reden opgegeven door de bank (MS03)",
} as const;
export type ReturnReasonCode = keyof typeof RETURN_REASONS;

export function isReturnReasonCode(code: string): code is ReturnReasonCode {
  return Object.hasOwn(RETURN_REASONS, code);
}

/** Codes that say the account itself is wrong: it is checked again before anything is paid to it. */
export const ACCOUNT_REASONS: ReadonlySet<ReturnReasonCode> = new Set(["AC01", "AC04", "AC06"]);

export function returnReasonLabel(code: string | null): string {
  return code && isReturnReasonCode(code) ? RETURN_REASONS[code] : (code ?? "onbekend");
}

export const RETURN_NOTE_MAX = 500;
