import { en } from "./en.ts";
import { nl } from "./nl.ts";

/** Bundled into both the server and the browser build: no fetch backend, no flash of keys. */
export const resources = {
  nl: { translation: nl },
  en: { translation: en },
} as const;

export const supportedLanguages = ["nl", "en"] as const;
export type Language = (typeof supportedLanguages)[number];
/** Dutch is the default for everyone; English only when asked for (?lng=en, then the cookie). */
export const defaultLanguage: Language = "nl";

export function asLanguage(value: unknown): Language {
  return value === "en" ? "en" : defaultLanguage;
}

/** The locale numbers and dates are written in: Dutch "1.234,5", British English "1,234.5". */
export function localeOf(lng: Language): "nl-NL" | "en-GB" {
  return lng === "en" ? "en-GB" : "nl-NL";
}

/** The options every i18next instance here shares (server per request, browser, meta titles). */
export const i18nextOptions = {
  resources,
  supportedLngs: [...supportedLanguages],
  fallbackLng: defaultLanguage,
  defaultNS: "translation",
  // React escapes what it renders; escaping here too would show "&amp;" in the page.
  interpolation: { escapeValue: false },
  // Resources are in memory, so init finishes synchronously and SSR never renders keys.
  initAsync: false,
} as const;
