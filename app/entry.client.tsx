import i18next from "i18next";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { HydratedRouter } from "react-router/dom";
import { i18nextOptions } from "./i18n/resources.ts";

/**
 * The browser's i18next starts in the language the server rendered (<html lang>), before
 * hydration, so the first client render matches the HTML. Later switches come from the root
 * loader's `locale` (root.tsx calls changeLanguage).
 */
async function hydrate() {
  await i18next.use(initReactI18next).init({ ...i18nextOptions, lng: document.documentElement.lang || "nl" });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <HydratedRouter />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
