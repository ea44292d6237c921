import { describe, expect, it } from "vitest";
import { parseEuroInput } from "../domain/money.ts";
import type { LocalDate } from "../domain/time/index.ts";
import { notOwedMessage } from "../domain/underspending/melding.server.ts";
import { halfYears, meldingClosedReason } from "../domain/underspending/rules.ts";
import { meldingSchema } from "../domain/underspending/schema.ts";
import { NOT_A_SIGNATORY_TO_REPORT_UNDERSPENDING } from "../domain/workflow/definition.server.ts";
import { EVENT_LABEL } from "../domain/workflow/labels.ts";
import { hasEnglish, translateDomainText } from "./domain-messages.ts";
import { interimEn, interimNl } from "./interim-texts.ts";
import { underspendingEn, underspendingNl } from "./underspending-texts.ts";

describe("the English of the melding onderbesteding's domain texts", () => {
  it("covers every reason a melding cannot be made, the form, the refusals and the events", () => {
    const first = halfYears("2015-01-01" as LocalDate, "2016-12-31" as LocalDate)[0];
    const half = first && { ...first, plannedCents: 0n, inScope: true, beforeGrant: false };
    const running = { status: "IN_EXECUTION" as const };
    const today = "2015-06-01" as LocalDate;
    const reasons = [
      meldingClosedReason(running, half, 1, true, today),
      meldingClosedReason({ ...running, status: "SETTLED" }, half, 1, false, today),
      meldingClosedReason(running, half && { ...half, inScope: false }, 1, false, today),
      meldingClosedReason(running, half && { ...half, beforeGrant: true }, 1, false, today),
      meldingClosedReason(running, undefined, 7, false, today),
      meldingClosedReason(running, half, 1, false, today),
    ];
    const form = meldingSchema.safeParse({ actual: "x", causes: "", outlook: "" }).error?.issues ?? [];
    const empty = meldingSchema.safeParse({ actual: "", causes: "", outlook: "" }).error?.issues ?? [];
    const texts = [
      ...(reasons as string[]),
      ...form.map((i) => i.message),
      ...empty.map((i) => i.message),
      notOwedMessage(2, 9_000_000n, 10_000_000n),
      NOT_A_SIGNATORY_TO_REPORT_UNDERSPENDING,
      EVENT_LABEL.submit_underspending_report as string,
      EVENT_LABEL.review_underspending_report as string,
      "De melding onderbesteding over halfjaar 3 is gelezen. Opmerking: Prima.",
      "De melding onderbesteding over halfjaar 3 is te laat ingediend (uiterste datum 31 augustus 2015).",
    ];
    expect(texts.filter((m) => !hasEnglish(m))).toEqual([]);
    expect(translateDomainText(reasons[5] as string, "en")).toBe(
      "You can report on half-year 1 from 1 July 2015.",
    );
  });
});

describe("the example amounts of the amount fields", () => {
  it("name, in Dutch and English, a format the field takes (parseEuroInput)", () => {
    const example = (text: string) => /(\d[\d.,]*\d)/.exec(text)?.[1] ?? "";
    for (const hint of [
      underspendingNl.actualHint,
      underspendingEn.actualHint,
      interimNl.costsIntro,
      interimEn.costsIntro,
    ])
      expect(parseEuroInput(example(hint)), hint).toBe(12_500_000n);
  });
});
