import { someInErrorChain } from "./error-chain.ts";

/**
 * "The request carried text PostgreSQL cannot store": a NUL character (U+0000, `%00` in an
 * address or a form) in any text parameter is SQLSTATE 22021 (invalid byte sequence for encoding
 * "UTF8": 0x00), inside a JSON value 22P05 (\u0000 cannot be converted to text). Both can only come
 * from what was sent — a query value, a form field, a message, a motivation — never from the
 * portal's own rows, so they are the sender's mistake (400), not a fault of the server (500).
 * Observed with Prisma 7 + @prisma/adapter-pg: P2010 (raw queries) and P2039 (the client's own
 * queries), the SQLSTATE on meta.driverAdapterError.cause (originalCode and code).
 */
const SQLSTATE = new Set(["22021", "22P05"]);

/** True when `error` (or what it wraps: cause, Prisma's driver adapter error) is PostgreSQL refusing the text it was sent. */
export function isInvalidTextInput(error: unknown): boolean {
  return someInErrorChain(
    error,
    (e) =>
      (typeof e.originalCode === "string" && SQLSTATE.has(e.originalCode)) ||
      (typeof e.code === "string" && SQLSTATE.has(e.code)),
  );
}

/**
 * What the sender reads (the root error boundary shows it, translated by domain-messages.ts): which
 * character, where it usually comes from, and what to do.
 */
export const INVALID_TEXT_MESSAGE =
  "Uw invoer bevat een teken dat het portaal niet kan verwerken: een NUL-teken (in een adres geschreven als %00), meestal meegekopieerd uit een ander programma. Ga terug, haal het teken weg (typ de tekst zo nodig opnieuw) en probeer het nog eens.";
