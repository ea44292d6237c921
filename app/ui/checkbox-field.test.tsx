import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { serverI18n } from "../entry.server.tsx";
import { CheckboxField } from "./wizard/choice.tsx";

// One checkbox with its label; a description (a hint, or why the box cannot be ticked) is part of
// the box's accessible description (WCAG 1.3.1). Without one the markup is what every existing
// declaration box has always had.

const registration = { name: "declaration", onChange: async () => {}, onBlur: async () => {}, ref: () => {} };

function html(props: Partial<Parameters<typeof CheckboxField>[0]> = {}): string {
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>
      <CheckboxField id="x" label="Ik verklaar" registration={registration} {...props} />
    </I18nextProvider>,
  );
}

describe("CheckboxField", () => {
  it("renders the very markup it had before descriptions existed, with and without an error", () => {
    expect(html()).toBe(
      '<div class="utrecht-form-field utrecht-form-field--checkbox"><input type="checkbox" id="x" class="utrecht-checkbox utrecht-checkbox--html-input" name="declaration"/> <label for="x" class="utrecht-form-label utrecht-form-label--checkbox">Ik verklaar</label></div>',
    );
    expect(html({ error: "Vink dit aan." })).toBe(
      '<div class="utrecht-form-field utrecht-form-field--checkbox utrecht-form-field--invalid"><div id="x-error" class="utrecht-form-field-error-message">Vink dit aan.</div><input type="checkbox" id="x" aria-invalid="true" aria-describedby="x-error" class="utrecht-checkbox utrecht-checkbox--html-input" name="declaration"/> <label for="x" class="utrecht-form-label utrecht-form-label--checkbox">Ik verklaar</label></div>',
    );
  });

  it("links its description by aria-describedby, after the error, and can be disabled", () => {
    const markup = html({ description: "Alleen bij voorschotten.", disabled: true, error: "Fout." });
    const input = markup.match(/<input[^>]*>/)?.[0] ?? "";
    expect(input).toContain('aria-describedby="x-error x-desc"');
    expect(input).toContain('disabled=""');
    expect(markup).toContain(
      '<div class="utrecht-form-field-description" id="x-desc">Alleen bij voorschotten.</div>',
    );
    expect(html({ description: "Hint." }).match(/<input[^>]*>/)?.[0]).not.toContain("disabled");
  });
});
