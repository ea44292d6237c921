import { describe, expect, it } from "vitest";
import { MEASURE_CATEGORIES } from "../../prisma/seed/regulation-data.ts";
import { actorOrganisation } from "../domain/accounts/organisation.server.ts";
import { ExtensionInputError } from "../domain/extension/extension.server.ts";
import { adviceFormSchema, decisionFormSchema } from "../domain/plan/plan-form.ts";
import { DRAFT_LIST_CAP } from "../domain/plan/steps/common.ts";
import { HIRING_GROUND_LABELS } from "../domain/plan/steps/measures.ts";
import type { PlanRules } from "../domain/plan/steps/rules.ts";
import {
  emptyDraft,
  type PlanDraft,
  STEPS,
  validatePlan,
  validateSupplementAnswer,
} from "../domain/plan/steps/wizard.ts";
import { EVENT_LABEL, STATUS_LABEL } from "../domain/workflow/labels.ts";
import { inScenarioCategory, scenarioRules, validPlanDraft } from "../test/scenario.server.ts";
import { formMessageKeys, hasEnglish, translateDomainText } from "./domain-messages.ts";

const rules = scenarioRules(2026);

/** The valid draft of the test scenario with `change` applied. */
function draft(change: (d: PlanDraft) => void = () => {}): PlanDraft {
  const d: PlanDraft = { ...validPlanDraft(2026), saved: STEPS.map((s) => s.key), lastStep: "submit" };
  change(d);
  return d;
}
const long = (n: number) => "x".repeat(n + 1);

/** Many kinds of bad drafts, so that together they raise (nearly) every message the steps have. */
const badDrafts: PlanDraft[] = [
  emptyDraft(),
  // Texts over their limits.
  draft((d) => {
    Object.assign(d.lead, {
      title: long(200),
      summary: long(10_000),
      leadName: long(200),
      leadAddress: long(200),
      contactName: long(200),
    });
    d.partnership.partners = d.partnership.partners.map((p) => ({
      ...p,
      name: long(200),
      contactName: long(200),
    }));
    for (const key of Object.keys(d.analysis) as (keyof PlanDraft["analysis"])[])
      d.analysis[key] = long(10_000);
    d.measures.measures = d.measures.measures.map((m) => ({
      ...m,
      title: long(200),
      description: long(10_000),
      conditions: long(10_000),
      executingParty: long(200),
    }));
    d.budget.otherSourcesDescription = long(10_000);
  }),
  // Amounts that are no amounts, and wrong choices.
  draft((d) => {
    Object.assign(d.lead, {
      leadKvk: "1234",
      leadIban: "NL92ABNA0417164300",
      leadLegalForm: "Eenmanszaak",
      securityKind: "",
      securityAmount: "-5",
      contactEmail: "geen-adres",
      employeesInScope: "0",
      periodStart: "2027-02-30",
      periodEnd: "nooit",
    });
    d.partnership.partners.push({ kind: "" as "OTHER", name: "", contactName: "", contactEmail: "" });
    d.measures.measures = d.measures.measures.map((m) => ({
      ...m,
      theme: "vakantie",
      participants: "veel",
      costPerParticipant: "12,345",
      costs: m.costs.map((c) => ({ ...c, amount: "abc" })),
    }));
    d.budget.rows = d.budget.rows.map((r) => ({
      ...r,
      requested: "abc",
      ownContribution: "-1",
      otherSources: "x",
    }));
  }),
  // Empty amounts and an invalid coverage.
  draft((d) => {
    Object.assign(d.lead, { securityAmount: "", coverage: "LAND" });
    d.measures.measures = d.measures.measures.map((m) => ({
      ...m,
      costs: m.costs.map((c) => ({ ...c, amount: "" })),
    }));
    d.budget.rows = d.budget.rows.map((r) => ({
      ...r,
      requested: "",
      ownContribution: "",
      otherSources: "",
    }));
  }),
  // Periods outside the rules.
  draft((d) => {
    d.lead.periodEnd = "2026-12-31";
  }),
  draft((d) => {
    d.lead.periodStart = "2025-07-01";
    d.lead.periodEnd = "2026-06-30";
  }),
  draft((d) => {
    d.lead.periodStart = "2029-07-01";
    d.lead.periodEnd = "2030-06-30";
  }),
  draft((d) => {
    d.lead.periodStart = "2027-01-01";
    d.lead.periodEnd = "2029-01-01";
  }),
  // Coverage without a choice; a partnership without employers or employees; themes and costs.
  draft((d) => {
    d.lead.sectorCodes = [];
    d.partnership.partners = [];
    for (const m of d.measures.measures) m.theme = "scholing";
    const first = d.measures.measures[0];
    if (first) first.costPerParticipant = "1,00";
    const second = d.measures.measures[1];
    if (second) second.costs = second.costs.slice(0, 1);
    d.budget.rows = d.budget.rows.slice(0, 1);
  }),
  draft((d) => {
    Object.assign(d.lead, { coverage: "REGIONS", regionCodes: [], contactEmail: "" });
    d.measures.measures = [];
  }),
  // The budget's own rules, and the cross-step security rule.
  draft((d) => {
    d.budget.rows = d.budget.rows.map((r) => ({ ...r, requested: "350.000,01", otherSources: "1,00" }));
    d.budget.noDoubleFunding = false;
    d.submit = { truthful: false, stateAid: false };
  }),
  draft((d) => {
    d.budget.rows = d.budget.rows.map((r) => ({
      ...r,
      requested: "100.000,00",
      ownContribution: "600.000,00",
    }));
  }),
  draft((d) => {
    d.lead.securityAmount = "1,00";
  }),
  // One row more than a draft may hold (the form's add buttons stop at the cap).
  draft((d) => {
    const measure = d.measures.measures[0];
    const partner = d.partnership.partners[0];
    if (measure) d.measures.measures = Array.from({ length: DRAFT_LIST_CAP + 1 }, () => measure);
    if (partner) d.partnership.partners = Array.from({ length: DRAFT_LIST_CAP + 1 }, () => partner);
  }),
  // Every cent in one year, though the costs are spread over two.
  draft((d) => {
    d.budget.rows = d.budget.rows.map((r, i) => ({
      ...r,
      requested: i === 0 ? "0,00" : "300.000,00",
      ownContribution: i === 0 ? "700.000,00" : "400.000,00",
    }));
  }),
  // A measure's category: unknown; its questions unanswered; then wage costs too low for the costs.
  draft((d) => {
    inScenarioCategory(d);
    const [first, second] = d.measures.measures;
    if (first) first.category = "onbekend";
    if (second) Object.assign(second, { wageCostsPerParticipant: "", hiringGround: "", netJobGrowth: false });
  }),
  draft((d) => {
    inScenarioCategory(d);
    const second = d.measures.measures[1];
    if (second) second.wageCostsPerParticipant = "veel";
  }),
  draft((d) => {
    inScenarioCategory(d);
    const second = d.measures.measures[1];
    if (second) second.wageCostsPerParticipant = "1.000,00";
  }),
  // Mixed rates: above the co-financing of a year's measures, and split against their weights.
  draft((d) => {
    inScenarioCategory(d);
    d.budget.rows = d.budget.rows.map((r, i) => ({
      ...r,
      requested: i === 0 ? "0,00" : "410.000,01",
      ownContribution: i === 0 ? "700.000,00" : "289.999,99",
    }));
  }),
];

/**
 * Periods against rules other than the scenario's: a regulation published after 1 January of its
 * first budget year, and a fund with a year without an envelope (2028 of 2026–2029).
 */
const published: PlanRules = { ...rules, earliestStart: "2026-08-15", publishedOn: "2026-08-14" };
const withGap: PlanRules = { ...rules, envelopeYears: [2026, 2027, 2029] };
const badPeriods: [PlanDraft, PlanRules][] = [
  [
    draft((d) => {
      d.lead.periodStart = "2026-03-01";
      d.lead.periodEnd = "2027-12-31";
    }),
    published,
  ],
  [
    draft((d) => {
      d.lead.periodStart = "2027-07-01";
      d.lead.periodEnd = "2029-06-30";
    }),
    withGap,
  ],
  [
    draft((d) => {
      d.lead.periodStart = "2028-01-01";
      d.lead.periodEnd = "2029-06-30";
    }),
    withGap,
  ],
];

function messages(d: PlanDraft, r: PlanRules = rules): string[] {
  const { issues } = validatePlan(d, r, { kinds: [] });
  return Object.values(issues).flatMap((list) => list.map((i) => i.message));
}
/** Supplement answers: a request raised beyond a closed step 1's guarantee, a period moved off closed years. */
function raisedAnswer(): string[] {
  const raised = draft((d) => {
    d.lead.securityAmount = "480.000,00";
    d.budget.rows = d.budget.rows.map((r) => ({
      ...r,
      requested: "350.000,00",
      ownContribution: "350.000,00",
    }));
  });
  const agreement = { kinds: ["PARTNERSHIP_AGREEMENT"] };
  const shorter = draft((d) => {
    d.lead.periodEnd = "2027-12-31";
  });
  return [
    validateSupplementAnswer(raised, rules, agreement, ["budget"]),
    // A period in other years than the closed steps 4 and 5 hold (one year, two years).
    validateSupplementAnswer(draft(), rules, agreement, ["lead"], [2027]),
    validateSupplementAnswer(shorter, rules, agreement, ["lead"], [2027, 2028]),
    // Step 4 reopened with costs the closed step 5 no longer fits (said on step 4).
    validateSupplementAnswer(
      draft((d) => {
        for (const m of d.measures.measures) m.costs = m.costs.map((c) => ({ ...c, amount: "1,00" }));
        for (const m of d.measures.measures) m.costPerParticipant = "";
      }),
      rules,
      agreement,
      ["measures"],
    ),
  ].flatMap(({ issues }) => Object.values(issues).flatMap((list) => list.map((i) => i.message)));
}
const formMessages = () => [
  ...badDrafts.flatMap((d) => messages(d)),
  ...badPeriods.flatMap(([d, r]) => messages(d, r)),
  ...raisedAnswer(),
];

function staffMessages(): string[] {
  const bad = [
    adviceFormSchema.safeParse({ recommendation: "", text: "", amounts: [{ year: 2027, amount: "abc" }] }),
    adviceFormSchema.safeParse({
      scores: [{ criterion: "analyse", score: "9", motivation: "" }],
      recommendation: "GRANT",
      text: "Ja.",
      amounts: [],
    }),
    adviceFormSchema.safeParse({
      scores: [{ criterion: "analyse", score: "3", motivation: "Redelijk." }],
      recommendation: "REJECT",
      text: "Nee.",
      amounts: [{ year: 2027, amount: "5" }],
    }),
    adviceFormSchema.safeParse({
      scores: [{ criterion: "analyse", score: "3", motivation: "Redelijk." }],
      recommendation: "PARTIAL_GRANT",
      text: "Deels.",
      amounts: [{ year: 2027, amount: "0" }],
    }),
    adviceFormSchema.safeParse({
      recommendation: "REJECT",
      text: long(10_000),
      amounts: [{ year: 2027, amount: "5" }],
    }),
    adviceFormSchema.safeParse({
      recommendation: "GRANT",
      text: "Ja.",
      amounts: [{ year: 2027, amount: "" }],
    }),
    decisionFormSchema.safeParse({ outcome: "", reason: "", amounts: [{ year: 2027, amount: "abc" }] }),
    decisionFormSchema.safeParse({ outcome: "REJECT", reason: "Nee.", amounts: [] }),
    decisionFormSchema.safeParse({
      outcome: "GRANT",
      reason: long(10_000),
      amounts: [{ year: 2027, amount: "" }],
    }),
  ];
  return bad.flatMap((r) => r.error?.issues.map((i) => i.message) ?? []);
}

describe("English renderings of the domain's Dutch texts", () => {
  it("cover every status and every event of a plan's history", () => {
    const labels = [...Object.values(STATUS_LABEL), ...Object.values(EVENT_LABEL)];
    expect(labels.length).toBeGreaterThan(25);
    expect(labels.filter((m) => !hasEnglish(m))).toEqual([]);
  });

  it("cover every message the wizard's steps produce for the bad drafts", () => {
    const all = [...new Set(formMessages())];
    expect(all.length).toBeGreaterThan(75);
    expect(all.filter((m) => !hasEnglish(m))).toEqual([]);
    // Dates as the pages write them: Dutch in Dutch, English in English; never as the field stores them.
    const dated = all.filter((m) => /\d{1,2} (januari|augustus|december) \d{4}/.test(m));
    expect(dated.length).toBeGreaterThanOrEqual(3);
    expect(all.filter((m) => /\d{4}-\d{2}-\d{2}/.test(m))).toEqual([]);
    const english = dated.map((m) => translateDomainText(m, "en"));
    expect(english.filter((m) => /januari|augustus|december/.test(m))).toEqual([]);
  });

  it("cover every message of the staff's advice and decision forms", () => {
    const all = [...new Set(staffMessages())];
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.filter((m) => !hasEnglish(m))).toEqual([]);
  });

  it("have no form key that none of the bad inputs raises (a stale key hides a missing one)", () => {
    const raised = [...formMessages(), ...staffMessages()];
    const unraised = formMessageKeys.filter((key) => {
      const source = key
        .split(/\{\w+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join(".+?");
      const regex = new RegExp(`^${source}$`, "s");
      return !raised.some((m) => regex.test(m));
    });
    expect(unraised).toEqual([]);
  });

  it("render a category's wage-cost cap whole, not through the participants message it contains", () => {
    expect(
      translateDomainText(
        "In de categorie Indienstneming van kwetsbare werknemers zijn de kosten hoogstens 20% van de loonkosten: 120 deelnemers × € 1.999,99 is € 239.998,80, maar de kosten van deze maatregel zijn samen € 240.000,00.",
        "en",
      ),
    ).toBe(
      "In the category Indienstneming van kwetsbare werknemers the costs are at most 20% of the wage costs: 120 participants × € 1.999,99 is € 239.998,80, but the costs of this measure total € 240.000,00.",
    );
  });

  it("name a category by its English label, as the form's list does, and its legal basis", () => {
    // The seed's 2013 category (prisma/seed/regulation-data.ts): the select shows dt(label).
    const label = "Indienstneming van kwetsbare werknemers (staatssteun)";
    expect(
      translateDomainText(
        `Vul de loonkosten per deelnemer over 12 maanden in: de categorie ${label} vraagt erom.`,
        "en",
      ),
    ).toBe(
      "Enter the wage costs per participant over 12 months: the category Hiring vulnerable workers (state aid) asks for them.",
    );
    expect(
      translateDomainText(
        `Kies waarom de indienstneming in aanmerking komt: nettogroei van het aantal banen, of een vacature die niet door afvloeiing is ontstaan. De categorie ${label} vraagt erom.`,
        "en",
      ),
    ).toBe(
      "Choose why the hiring qualifies: a net increase in the number of jobs, or a vacancy that did not arise from redundancies. The category Hiring vulnerable workers (state aid) asks for it.",
    );
    // A label without an English rendering stays as the regulation has it.
    expect(
      translateDomainText(
        "Vul de loonkosten per deelnemer over 12 maanden in: de categorie Instroom vraagt erom.",
        "en",
      ),
    ).toBe("Enter the wage costs per participant over 12 months: the category Instroom asks for them.");
    expect(translateDomainText("artikelen 4.4 en 5.1, tweede lid", "en")).toBe("articles 4.4 and 5.1(2)");
  });

  it("name every seeded category, its legal basis and every ground of art. 4.4 in English", () => {
    // The wizard shows them through dt(): a missing key would show Dutch on an English page.
    const texts = [
      ...MEASURE_CATEGORIES.flatMap((c) => [c.label, c.legalBasis]),
      ...Object.values(HIRING_GROUND_LABELS),
    ];
    expect(texts.filter((text) => !hasEnglish(text))).toEqual([]);
  });

  it("carry the numbers, dates and amounts over", () => {
    // Dates the domain writes the Dutch way come out as an English page writes them (en-GB).
    expect(translateDomainText("Het plan kan niet eerder beginnen dan 1 januari 2026.", "en")).toBe(
      "The plan cannot start before 1 January 2026.",
    );
    expect(
      translateDomainText(
        "De regeling is op 14 augustus 2013 gepubliceerd: het plan kan pas de dag daarna beginnen.",
        "en",
      ),
    ).toBe(
      "The regulation was published on 14 August 2013: the plan can start on the day after at the earliest.",
    );
    expect(
      translateDomainText(
        "Voor 2015, 2017 heeft de regeling geen budget: het plan moet uiterlijk op 31 december 2014 eindigen.",
        "en",
      ),
    ).toBe(
      "The regulation has no budget for 2015, 2017: the plan must end on 31 December 2014 at the latest.",
    );
    expect(
      translateDomainText(
        "U heeft dit plan op 30 november 2026 om 11:00 al ter ondertekening aangeboden; de tekenbevoegden hebben toen bericht gekregen. Na een wijziging van het plan kunt u het opnieuw aanbieden, anders een uur na het vorige verzoek.",
        "en",
      ),
    ).toMatch(/^You already sent this plan for sign-off on 30 November 2026 at 11:00;/);
    // What is not a Dutch date is carried over as it is.
    expect(translateDomainText("Het plan kan niet eerder beginnen dan 2026-01-01.", "en")).toBe(
      "The plan cannot start before 2026-01-01.",
    );
    expect(
      translateDomainText(
        "De gevraagde subsidie voor 2027 is hoger dan 50% van de kosten in dat jaar (hoogstens € 50.000,00).",
        "en",
      ),
    ).toBe("The requested grant for 2027 is more than 50% of the costs in that year (at most € 50.000,00).");
    expect(
      translateDomainText(
        "400 deelnemers × € 2.900,01 is € 1.160.004,00, maar de kosten van deze maatregel zijn samen € 1.160.000,00.",
        "en",
      ),
    ).toBe(
      "400 participants × € 2.900,01 is € 1.160.004,00, but the costs of this measure total € 1.160.000,00.",
    );
    expect(translateDomainText("De titel van het plan mag hoogstens 200 tekens hebben.", "en")).toBe(
      "The title of the plan may have at most 200 characters.",
    );
    expect(
      translateDomainText(
        "Het plan is nog niet compleet: Het samenwerkingsverband heeft ten minste één werknemersorganisatie.",
        "en",
      ),
    ).toBe("The plan is not complete yet: The partnership has at least one employees' organisation.");
  });

  it("cover every plan status", () => {
    expect(Object.values(STATUS_LABEL).filter((label) => !hasEnglish(label))).toEqual([]);
  });

  it("cover the errors an applicant's English page can show about an organisation, a notification, a download", () => {
    const thrown = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return (err as Error).message;
      }
      return "";
    };
    const messages = [
      thrown(() => actorOrganisation({ userId: "u", roles: ["APPLICANT"], organisationIds: [] })),
      new ExtensionInputError([]).message,
      // organisation.server.ts (assertMember), inbox.server.ts (markRead), routes/documenten*.tsx.
      "Deze organisatie bestaat niet of u heeft er geen toegang toe.",
      "Deze melding bestaat niet.",
      "Document niet gevonden.",
    ];
    expect(messages[0]).toBe("U hoort bij geen organisatie.");
    expect(messages.filter((m) => !hasEnglish(m))).toEqual([]);
  });

  it("leave Dutch pages and unknown texts alone", () => {
    expect(translateDomainText("Vul de titel van het plan in.", "nl")).toBe("Vul de titel van het plan in.");
    expect(translateDomainText("Iets nieuws dat nog geen vertaling heeft.", "en")).toBe(
      "Iets nieuws dat nog geen vertaling heeft.",
    );
    expect(translateDomainText("", "en")).toBe("");
  });
});
