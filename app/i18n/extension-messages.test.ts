import { describe, expect, it } from "vitest";
import * as rules from "../domain/extension/rules.ts";
import { extensionNoteText } from "../domain/settlement/report.server.ts";
import { EVENT_LABEL } from "../domain/workflow/labels.ts";
import { hasEnglish, translateDomainText } from "./domain-messages.ts";

/** Every message a schema raises for `input`. */
function messages(schema: { safeParse: (v: unknown) => { error?: { issues: { message: string }[] } } }) {
  return (input: unknown) => schema.safeParse(input).error?.issues.map((i) => i.message) ?? [];
}

describe("the English of the verlenging's domain texts", () => {
  it("covers every message of the request form, for one month and for several", () => {
    const raised = [6, 1].flatMap((max) => {
      const of = messages(rules.extensionRequestSchema(max));
      return [
        ...of({}),
        ...of({ months: "", motivation: "kort" }),
        ...of({ months: "7", motivation: "x".repeat(rules.MOTIVATION_MAX + 1) }),
        ...of({ months: "1,5", motivation: 12 }),
      ];
    });
    expect(raised.length).toBeGreaterThanOrEqual(8);
    expect(raised.filter((m) => !hasEnglish(m))).toEqual([]);
  });

  it("renders the realisation report's note on a verlenging in English", () => {
    expect(translateDomainText(extensionNoteText("30 juni 2016", 2015), "en")).toBe(
      "The period has been extended up to and including 30 June 2016. Costs made in the months of the extension count toward the plan's last year, 2015, up to the eligible costs the grant covers for that year.",
    );
  });

  it("renders the number of months and characters into the English", () => {
    const [message] = messages(rules.extensionRequestSchema(6))({ months: "9", motivation: "x".repeat(25) });
    expect(translateDomainText(message ?? "", "en")).toBe("Choose the number of months: 1 to 6.");
  });

  it("covers every refusal, every status and every event of a verlenging", () => {
    const texts = [
      ...(Object.values(rules) as unknown[]).filter((v): v is string => typeof v === "string"),
      ...Object.values(rules.EXTENSION_STATUS_LABEL),
      EVENT_LABEL.request_extension,
      EVENT_LABEL.withdraw_extension,
      EVENT_LABEL.decide_extension,
    ]
      // The decision maker's form is a staff page, in Dutch only.
      .filter((t) => t !== rules.REASON_FOR_FEWER_MONTHS)
      .filter((t): t is string => typeof t === "string" && /\s/.test(t));
    expect(texts.length).toBeGreaterThanOrEqual(12);
    expect(texts.filter((t) => !hasEnglish(t))).toEqual([]);
    // One-word statuses as well ("Geweigerd").
    expect(Object.values(rules.EXTENSION_STATUS_LABEL).filter((t) => !hasEnglish(t))).toEqual([]);
  });
});
