import { useTranslation } from "react-i18next";
import { translateDomainText } from "./domain-messages.ts";
import { formatDateIn, formatDateTimeIn } from "./format.ts";
import { asLanguage, type Language } from "./resources.ts";

type I18n = ReturnType<typeof useTranslation>["i18n"];

function languageOf(i18n: I18n): Language {
  return asLanguage(i18n.resolvedLanguage ?? i18n.language);
}

/** The page's language as "nl" | "en". */
export function useLanguage(): Language {
  return languageOf(useTranslation().i18n);
}

/** t() plus the helpers every page needs: domain text and dates in the page's language. */
export function useI18n() {
  // One useTranslation, not two: on the server each call copies the i18n instance's properties
  // into a wrapper of its own (react-i18next), a few percent of a page's CPU over all components.
  const { t, i18n } = useTranslation();
  const lng = languageOf(i18n);
  return {
    t,
    lng,
    /** A Dutch text from the domain (zod message, error, label) in the page's language. */
    dt: (text: string) => translateDomainText(text, lng),
    dateTime: (at: Date | string | null | undefined) => formatDateTimeIn(lng, at),
    date: (at: Date | string | null | undefined) => formatDateIn(lng, at),
  };
}
