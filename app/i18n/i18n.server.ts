import { createCookie } from "react-router";
import { RemixI18Next } from "remix-i18next/server";
import { defaultLanguage, i18nextOptions, type Language, supportedLanguages } from "./resources.ts";
import { fixedT } from "./translate.ts";

/** Same rule as the session cookie: Secure in production unless COOKIE_SECURE=false (plain-http runs). */
function secure(): boolean {
  if (process.env.COOKIE_SECURE === "false") return false;
  if (process.env.COOKIE_SECURE === "true") return true;
  return process.env.NODE_ENV === "production";
}

/** Remembers a chosen language for a year; holds nothing but "nl" or "en", so it is not signed. */
export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  secure: secure(),
  maxAge: 365 * 24 * 60 * 60,
});

/**
 * Detection without the v8_middleware API (ADR 0008): the ?lng= parameter, then the cookie, then
 * Dutch. Accept-Language is deliberately NOT consulted: a Dutch government portal is Dutch unless
 * the user asks otherwise, whatever the browser says.
 */
export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage: defaultLanguage,
    cookie: localeCookie,
    order: ["searchParams", "cookie"],
  },
  i18next: i18nextOptions,
});

/**
 * The staff's areas (case handling, finance, administration) are written in Dutch only (ADR 0008).
 * Their pages are Dutch and must say so (`<html lang="nl">`, WCAG 3.1.1), whatever language the
 * user chose for the rest of the portal. A data request's path ends in ".data".
 */
const DUTCH_ONLY = /^\/(behandeling|financien|beheer)(\/|\.data$|$)/;

function isDutchOnly(request: Request): boolean {
  return DUTCH_ONLY.test(new URL(request.url).pathname);
}

/** The language the user chose (?lng=, then the cookie, then Dutch): what the cookie keeps. */
export async function chosenLocale(request: Request): Promise<Language> {
  const lng = await i18nServer.getLocale(request);
  return lng === "en" ? "en" : "nl";
}

/**
 * A request's languages, read once: the one the user chose, and the one the page is written in
 * (the chosen one, and Dutch in the staff's areas, which then offer no switch).
 */
export async function requestLanguages(
  request: Request,
): Promise<{ chosen: Language; page: Language; dutchOnly: boolean }> {
  const chosen = await chosenLocale(request);
  const dutchOnly = isDutchOnly(request);
  return { chosen, page: dutchOnly ? "nl" : chosen, dutchOnly };
}

/** The language the page is written in. */
export async function getLocale(request: Request): Promise<Language> {
  return (await requestLanguages(request)).page;
}

/** A t() fixed to the request's language, for messages an action or loader writes. */
export async function getRequestT(request: Request) {
  return fixedT(await getLocale(request));
}
