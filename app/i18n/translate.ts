import i18next, { type TFunction } from "i18next";
import { asLanguage, i18nextOptions, type Language } from "./resources.ts";

/**
 * One plain i18next instance (no React) for texts made outside components: meta titles, server
 * messages in actions. Components use `useTranslation()` instead.
 */
const plain = i18next.createInstance();
void plain.init({ ...i18nextOptions, lng: "nl" });

export function fixedT(lng: string | undefined): TFunction {
  return plain.getFixedT(asLanguage(lng));
}

/** The language the root loader detected, read from route matches (for `meta` functions). */
export function languageFromMatches(matches: readonly unknown[]): Language {
  for (const m of matches) {
    const match = m as { id?: string; data?: { locale?: unknown } } | undefined;
    if (match?.id === "root") return asLanguage(match.data?.locale);
  }
  return "nl";
}

/** "<page> — Sectorplanportaal" in the page's language. */
export function pageTitle(matches: readonly unknown[], pageKey: string, values?: Record<string, unknown>) {
  const t = fixedT(languageFromMatches(matches));
  return t("common.pageTitle", { page: t(pageKey, values) });
}
