import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { serverI18n } from "../../entry.server.tsx";
import { AmountFields } from "./amount-fields.tsx";

/** The texts that the element with this id names in its aria-describedby, in order. */
function describedByOf(html: string, id: string): string[] {
  const tag = html.match(new RegExp(`<[a-z]+[^>]* id="${id}"[^>]*>`))?.[0] ?? "";
  const ids = tag.match(/aria-describedby="([^"]*)"/)?.[1]?.split(" ") ?? [];
  return ids.map((d) => html.match(new RegExp(`id="${d}"[^>]*>(.*?)</`))?.[1]?.replace(/<[^>]+>/g, "") ?? "");
}

const MESSAGE = "Vul een bedrag in voor elk jaar van het plan.";

const render = (errors?: Record<string, unknown>) =>
  renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>
      <AmountFields
        prefix="advice"
        years={[2027, 2028]}
        defaults={new Map()}
        failure={errors ? { ok: false, errors } : undefined}
        label="Geadviseerd bedrag"
      />
    </I18nextProvider>,
  );

describe("the amount group's message on the advice and decision forms (WCAG 1.3.1, 3.3.1)", () => {
  it("is in the accessible description of every amount, where the summary's link puts focus", () => {
    const html = render({ amounts: { type: "server", message: MESSAGE } });
    expect(describedByOf(html, "advice-amounts-0-amount")).toContain(MESSAGE);
    expect(describedByOf(html, "advice-amounts-1-amount")).toContain(MESSAGE);
  });

  it("a field's own message comes with it, and without errors nothing is described", () => {
    const own = render({ amounts: [{ amount: { type: "server", message: "Vul een bedrag in." } }] });
    expect(describedByOf(own, "advice-amounts-0-amount")).toEqual(["Vul een bedrag in."]);
    expect(describedByOf(render(), "advice-amounts-0-amount")).toEqual([]);
  });
});
