/**
 * What a visitor reads while the database is away (app/db/unavailable.server.ts decides when):
 * shared by the server's 503 answers and the root error boundary, so it holds no server code.
 */
export const UNAVAILABLE_STATUS = 503;
/** Seconds after which a browser or client may try again; a PostgreSQL restart takes about this long. */
export const RETRY_AFTER_SECONDS = 30;

export const UNAVAILABLE_TEXT = {
  nl: {
    title: "Het portaal is tijdelijk niet beschikbaar",
    text: "Het portaal kan uw gegevens op dit moment niet bereiken. Er is niets verloren gegaan: wat u eerder heeft opgeslagen blijft bewaard.",
    retry: "Probeer het over een halve minuut opnieuw door de pagina te vernieuwen.",
  },
  en: {
    title: "The portal is temporarily unavailable",
    text: "The portal cannot reach your data right now. Nothing has been lost: what you saved earlier is kept.",
    retry: "Please try again in half a minute by reloading the page.",
  },
} as const;

/** The plain-text body of a 503 outside the React pages (data requests, the Express fallback). */
export const UNAVAILABLE_PLAIN = `${UNAVAILABLE_TEXT.nl.title}. ${UNAVAILABLE_TEXT.nl.text} ${UNAVAILABLE_TEXT.nl.retry}`;
