import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { serverI18n } from "../../entry.server.tsx";
import type { Language } from "../../i18n/resources.ts";
import { SettlementSection, type SettlementSummary } from "./settlement-status.tsx";

/**
 * Before the beschikking's letter is stored the claim has no day to pay yet (it counts from the
 * letter's sending, Awb 4:87): the plan page says the letter gives it, in Dutch and in English,
 * and names no day (nor the interest after it).
 */
const PLAN_ID = "00000000-0000-4000-8000-000000000001";
const recovery = { amount: "€ 10.000,00", dueOn: null, received: false, parts: [], interestSince: null };
const base = {
  dueOn: null,
  decisionWeeks: 22,
  overdue: false,
  submittedAt: null,
  late: false,
  finalPayment: null,
  recovery,
};

function section(summary: SettlementSummary, lng: Language): string {
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <SettlementSection planId={PLAN_ID} summary={summary} />
    </I18nextProvider>,
  )
    .replace(/<[^>]+>/g, " ")
    .replace(/[ \t\n]+/g, " ");
}

describe("a claim whose beschikking's letter is not stored yet", () => {
  it("after a vaststelling: the day to pay follows from the beschikking", () => {
    const summary = { ...base, status: "SETTLED", settled: "€ 50.000,00" };
    const nl = section(summary, "nl");
    expect(nl).toContain(
      "Wij vorderen € 10.000,00 terug; tot wanneer u dat kunt betalen, volgt uit de beschikking.",
    );
    expect(nl).not.toContain("uiterlijk");
    const en = section(summary, "en");
    expect(en).toContain(
      "We are reclaiming € 10.000,00; the date by which to pay follows from the decision.",
    );
    expect(en).not.toMatch(/realisation\.settlement|Invalid Date/);
  });

  it("after an intrekking: the day and the manner follow from the beschikking, no interest day is named", () => {
    const summary = { ...base, status: "WITHDRAWN", settled: null };
    const nl = section(summary, "nl");
    expect(nl).toContain(
      "Wij vorderen de betaalde voorschotten van € 10.000,00 terug. Tot wanneer en hoe u dat betaalt, volgt uit de beschikking tot intrekking.",
    );
    expect(nl).not.toContain("uiterlijk");
    const en = section(summary, "en");
    expect(en).toContain("By when and how to pay follows from the revocation decision.");
    expect(en).not.toMatch(/realisation\.settlement|Invalid Date|If you do not pay by/);
  });
});

describe("the vaststelling's letter", () => {
  const settled = { ...base, status: "SETTLED", settled: "€ 50.000,00", recovery: null };

  it("before it is stored: the beschikking follows, it is not yet among the documents", () => {
    const nl = section({ ...settled, letterSent: false }, "nl");
    expect(nl).toContain(
      "De beschikking volgt; u vindt haar bij de documenten zodra wij haar hebben verstuurd.",
    );
    expect(nl).not.toContain("De beschikking staat bij de documenten.");
    const en = section({ ...settled, letterSent: false }, "en");
    expect(en).toContain(
      "The decision will follow; you will find it among the documents once we have sent it.",
    );
    expect(en).not.toContain("The decision is among the documents.");
  });

  it("once stored: the beschikking is among the documents", () => {
    expect(section({ ...settled, letterSent: true }, "nl")).toContain(
      "De beschikking staat bij de documenten.",
    );
    expect(section({ ...settled, letterSent: true }, "en")).toContain("The decision is among the documents.");
  });
});
