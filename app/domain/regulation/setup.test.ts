import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { paramsForm } from "../../test/regulation-params.server.ts";
import { createScenario, SCENARIO_CATEGORY } from "../../test/scenario.server.ts";
import type { Actor } from "../actor.ts";
import { createBudgetFixture, potRow, TX_OPTIONS } from "../budget/fixtures.test-support.ts";
import { reserveForPlan } from "../budget/ledger.server.ts";
import { checkLedger } from "../budget/reports.server.ts";
import { now } from "../clock.ts";
import { regulationTermsForPlan } from "../decision/terms.server.ts";
import { grantTermsJson, parseGrantTerms } from "../decision/terms.ts";
import { BudgetShortfallError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { parseMeasureCategories } from "../plan/cofinancing.ts";
import { HERSTELTERMIJN_MAX_DAYS, supplementRequestSchema } from "../plan/supplement.ts";
import { addCalendarDays, amsterdamDate, startOfAmsterdamDay } from "../time/local-date.ts";
import {
  categoryChangeMessage,
  changeEnvelopeCeiling,
  changeMeasureCategory,
  changeWindow,
  createEnvelope,
  createWindow,
  updateRegulationParameters,
  windowStatus,
} from "./setup.server.ts";
import {
  envelopeCreateSchema,
  measureCategoryChangeSchema,
  parsePercentInput,
  REGULATION_PARAM_FIELDS,
  regulationParamsSchema,
  windowCreateSchema,
} from "./setup-schemas.ts";

const EUR = 100n;
const finance: Actor = { userId: "setup-test-finance", roles: ["FINANCE"], organisationIds: [] };

afterAll(async () => {
  await disconnectPrisma();
});

async function fixture() {
  return createBudgetFixture({
    windowCeilingCents: 1_000_000n * EUR,
    envelopes: [
      { year: 2014, ceilingCents: 600_000n * EUR },
      { year: 2015, ceilingCents: 600_000n * EUR },
    ],
  });
}

const reserve = (planId: string) =>
  prisma.$transaction((tx) => reserveForPlan(tx, { planId, actorId: "setup-test" }), TX_OPTIONS);

/** Moves the fixture's window (opened in 2014) to the future: announced, not yet open. */
async function announceInFuture(windowId: string, fromToday = 30) {
  const today = amsterdamDate(now());
  await prisma.applicationWindow.update({
    where: { id: windowId },
    data: {
      opensAt: startOfAmsterdamDay(addCalendarDays(today, fromToday)),
      closesAt: startOfAmsterdamDay(addCalendarDays(today, fromToday + 60)),
    },
  });
}

async function lastAudit(targetId: string) {
  return prisma.auditLog.findFirst({ where: { targetId }, orderBy: { id: "desc" } });
}

async function refusal(work: Promise<unknown>): Promise<RuleViolation> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RuleViolation);
  return err as RuleViolation;
}

describe("ceilings", () => {
  it("refuses to lower an envelope below reserved + committed, with the figures, and allows exactly that", async () => {
    const f = await fixture();
    const plan = await f.createPlan([
      { year: 2014, cents: 250_000n * EUR },
      { year: 2015, cents: 100_000n * EUR },
    ]);
    await reserve(plan);
    const envelope = await prisma.budgetEnvelope.findUniqueOrThrow({
      where: { fund_year: { fund: f.fund, year: 2014 } },
    });

    const err = await refusal(
      changeEnvelopeCeiling(finance, f.regulationId, { envelopeId: envelope.id, ceiling: 249_999n * EUR }),
    );
    expect(err.message).toBe(
      "Het plafond kan niet lager dan €\u00a0250.000,00: er is €\u00a0250.000,00 gereserveerd en €\u00a00,00 verplicht.",
    );
    expect(err.field).toBe("ceiling");
    expect((await potRow(f.yearPot(2014))).ceilingCents).toBe(600_000n * EUR);

    const change = await changeEnvelopeCeiling(finance, f.regulationId, {
      envelopeId: envelope.id,
      ceiling: 250_000n * EUR,
    });
    expect(change).toEqual({ oldCeilingCents: 600_000n * EUR, newCeilingCents: 250_000n * EUR });
    expect((await potRow(f.yearPot(2014))).ceilingCents).toBe(250_000n * EUR);
    const audit = await lastAudit(envelope.id);
    expect(audit).toMatchObject({
      actorId: finance.userId,
      action: "envelope.ceiling.changed",
      targetType: "BudgetEnvelope",
      details: { before: { ceilingCents: "60000000" }, after: { ceilingCents: "25000000" } },
    });
  });

  it("names reserved and committed separately when a window that has not opened is lowered too far", async () => {
    const f = await fixture();
    await announceInFuture(f.windowId);
    const plan = await f.createPlan([{ year: 2014, cents: 300_000n * EUR }]);
    await reserve(plan);
    await prisma.$executeRaw`UPDATE "BudgetPot" SET "reservedCents" = "reservedCents" - 10000000, "committedCents" = "committedCents" + 10000000 WHERE id = ${f.windowPotId}`;
    const err = await refusal(
      changeWindow(finance, f.regulationId, { windowId: f.windowId, ceiling: 100_000n * EUR }),
    );
    expect(err.message).toBe(
      "Het plafond kan niet lager dan €\u00a0300.000,00: er is €\u00a0200.000,00 gereserveerd en €\u00a0100.000,00 verplicht.",
    );
    // Restore the pot to what its entries say, so that the ledger check of other tests stays clean.
    await prisma.$executeRaw`UPDATE "BudgetPot" SET "reservedCents" = "reservedCents" + 10000000, "committedCents" = "committedCents" - 10000000 WHERE id = ${f.windowPotId}`;

    // Before opening, lowering down to what is held is allowed.
    const lowered = await changeWindow(finance, f.regulationId, {
      windowId: f.windowId,
      ceiling: 300_000n * EUR,
    });
    expect(lowered.newCeilingCents).toBe(300_000n * EUR);
    expect((await potRow(f.windowPotId)).ceilingCents).toBe(300_000n * EUR);
  });

  it("once a window is open its ceiling can be raised, not lowered (Awb 4:27)", async () => {
    const f = await fixture(); // opened on 1 April 2014
    expect(
      windowStatus(await prisma.applicationWindow.findUniqueOrThrow({ where: { id: f.windowId } })),
    ).toBe("gesloten");
    const err = await refusal(
      changeWindow(finance, f.regulationId, { windowId: f.windowId, ceiling: 999_999n * EUR }),
    );
    expect(err.message).toContain("Awb 4:27");
    expect(err.message).toContain("kan alleen nog worden verhoogd");
    expect((await potRow(f.windowPotId)).ceilingCents).toBe(1_000_000n * EUR);

    const outboxBefore = await prisma.outboxMessage.count({
      where: { queue: "budget", jobName: "allocate-waiting", payload: { equals: { fund: f.fund } } },
    });
    const raised = await changeWindow(finance, f.regulationId, {
      windowId: f.windowId,
      ceiling: 1_250_000n * EUR,
    });
    expect(raised.newCeilingCents).toBe(1_250_000n * EUR);
    expect((await potRow(f.windowPotId)).ceilingCents).toBe(1_250_000n * EUR);
    expect(await lastAudit(f.windowId)).toMatchObject({
      action: "window.ceiling.changed",
      details: { before: { ceilingCents: "100000000" }, after: { ceilingCents: "125000000" } },
    });
    // More room: the waiting line of the fund is served (an allocateWaiting job in the same transaction).
    expect(
      await prisma.outboxMessage.count({
        where: { queue: "budget", jobName: "allocate-waiting", payload: { equals: { fund: f.fund } } },
      }),
    ).toBe(outboxBefore + 1);
  });

  it("a reservation and a lowering at the same moment never break the invariant", async () => {
    const f = await createBudgetFixture({
      windowCeilingCents: 100_000_000n * EUR,
      envelopes: [{ year: 2014, ceilingCents: 1_000n * EUR }],
    });
    const envelope = await prisma.budgetEnvelope.findUniqueOrThrow({
      where: { fund_year: { fund: f.fund, year: 2014 } },
    });
    // Each round: the pot has 1000 free, a plan wants 600, the ceiling is lowered by 500 to leave
    // room for only 500. Whichever goes first, the other must be refused.
    for (let round = 0; round < 8; round++) {
      const pot = await potRow(f.yearPot(2014));
      const plan = await f.createPlan([{ year: 2014, cents: 600n * EUR }]);
      const results = await Promise.allSettled([
        reserve(plan),
        changeEnvelopeCeiling(finance, f.regulationId, {
          envelopeId: envelope.id,
          ceiling: pot.ceilingCents - 500n * EUR,
        }),
      ]);
      const [reservation, lowering] = results;
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      if (reservation?.status === "rejected") expect(reservation.reason).toBeInstanceOf(BudgetShortfallError);
      if (lowering?.status === "rejected") expect(lowering.reason).toBeInstanceOf(RuleViolation);
      const after = await potRow(f.yearPot(2014));
      expect(after.reservedCents + after.committedCents).toBeLessThanOrEqual(after.ceilingCents);
      // Next round starts with 1000 free again.
      await prisma.budgetPot.update({
        where: { id: f.yearPot(2014) },
        data: { ceilingCents: after.reservedCents + after.committedCents + 1_000n * EUR },
      });
    }
    expect(await checkLedger(prisma, { potIds: f.potIds })).toEqual([]);
  });

  it("only finance and admin change the set-up", async () => {
    const f = await fixture();
    const handler: Actor = { userId: "setup-test-handler", roles: ["CASE_HANDLER"], organisationIds: [] };
    await expect(
      changeWindow(handler, f.regulationId, { windowId: f.windowId, ceiling: 2_000_000n * EUR }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("windows", () => {
  const today = () => amsterdamDate(now());

  it("adds a window that opens after today, with its pot and an audit row; refuses overlaps and past openings", async () => {
    const f = await fixture();
    const input = windowCreateSchema.parse({
      name: "Tijdvak 3",
      opensOn: addCalendarDays(today(), 10),
      closesOn: addCalendarDays(today(), 40),
      ceiling: "150.000.000",
      publication: "Stcrt. 2015, 1",
    });
    const window = await createWindow(finance, f.regulationId, input);
    expect(window.opensAt).toEqual(startOfAmsterdamDay(addCalendarDays(today(), 10)));
    // The last day counts: closesAt is the start of the day after.
    expect(window.closesAt).toEqual(startOfAmsterdamDay(addCalendarDays(today(), 41)));
    expect((await potRow(window.potId)).ceilingCents).toBe(150_000_000n * EUR);
    expect(await lastAudit(window.id)).toMatchObject({ action: "window.created" });

    const overlap = await refusal(
      createWindow(finance, f.regulationId, {
        ...input,
        name: "Overlap",
        opensOn: addCalendarDays(today(), 40),
        closesOn: addCalendarDays(today(), 50),
      }),
    );
    expect(overlap.message).toContain("overlapt met Tijdvak 3");
    expect(overlap.field).toBe("opensOn");
    // The day after the last day is free.
    await createWindow(finance, f.regulationId, {
      ...input,
      name: "Aansluitend",
      opensOn: addCalendarDays(today(), 41),
      closesOn: addCalendarDays(today(), 50),
    });

    const past = await refusal(
      createWindow(finance, f.regulationId, {
        ...input,
        name: "Vandaag",
        opensOn: today(),
        closesOn: today(),
      }),
    );
    expect(past.message).toContain("Awb 4:27");
  });

  it("moves the dates of an announced window without plans, and refuses once it holds a plan or has opened", async () => {
    const f = await fixture();
    await announceInFuture(f.windowId, 20);
    const moved = await changeWindow(finance, f.regulationId, {
      windowId: f.windowId,
      ceiling: 1_000_000n * EUR,
      opensOn: addCalendarDays(today(), 25),
      closesOn: addCalendarDays(today(), 90),
    });
    expect(moved.datesChanged).toBe(true);
    expect(await lastAudit(f.windowId)).toMatchObject({ action: "window.dates.changed" });

    await f.createPlan([{ year: 2014, cents: 1n }]);
    const withPlan = await refusal(
      changeWindow(finance, f.regulationId, {
        windowId: f.windowId,
        ceiling: 1_000_000n * EUR,
        opensOn: addCalendarDays(today(), 26),
        closesOn: addCalendarDays(today(), 90),
      }),
    );
    expect(withPlan.message).toContain("1 aanvraag");

    const opened = await fixture();
    const err = await refusal(
      changeWindow(finance, opened.regulationId, {
        windowId: opened.windowId,
        ceiling: 1_000_000n * EUR,
        opensOn: addCalendarDays(today(), 5),
        closesOn: addCalendarDays(today(), 9),
      }),
    );
    expect(err.message).toContain("al geopend");
  });

  it("the form refuses a last day before the first", () => {
    const r = windowCreateSchema.safeParse({
      name: "X",
      opensOn: "2030-05-02",
      closesOn: "2030-05-01",
      ceiling: "1",
      publication: "",
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({
      path: ["closesOn"],
      message: "De laatste dag van het tijdvak moet op of na de eerste dag liggen.",
    });
  });

  it("the form refuses a date no date function can carry a day past (9999-12-31), with a message", () => {
    const r = windowCreateSchema.safeParse({
      name: "X",
      opensOn: "2030-05-02",
      closesOn: "9999-12-31",
      ceiling: "1",
      publication: "",
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({
      path: ["closesOn"],
      message: "Vul bij de laatste dag een datum tussen 2000 en 2100 in.",
    });
  });
});

describe("envelopes and parameters", () => {
  it("adds one envelope per fund and year", async () => {
    const f = await fixture();
    const input = envelopeCreateSchema.parse({
      year: "2016",
      ceiling: "300.000.000",
      illustrative: "on",
      note: "",
    });
    const envelope = await createEnvelope(finance, f.regulationId, input);
    expect(envelope).toMatchObject({ fund: f.fund, year: 2016, illustrative: true, note: null });
    const again = await refusal(createEnvelope(finance, f.regulationId, input));
    expect(again.message).toBe("Er is al een begrotingsjaar 2016 voor dit fonds.");
    expect(again.field).toBe("year");
  });

  it("changes the parameters with the old and new values in the audit", async () => {
    const f = await fixture();
    const current = await prisma.regulation.findUniqueOrThrow({ where: { id: f.regulationId } });
    const form = {
      cofinancingRate: "40",
      minimumRequest: "125.000",
      maxDurationMonths: "24",
      extensionMonths: "6",
      minThemes: "2",
      decisionTermWeeks: "13",
      hersteltermijnDays: "14",
      executionStartMonths: "6",
      settlementRequestWeeks: "13",
      settlementDecisionWeeks: "22",
      advanceInitial: "10",
      advanceMax: "80",
      advanceIntervalMonths: "6",
      settlementThreshold: "60",
      advisersRequired: "1",
    };
    const { changed } = await updateRegulationParameters(
      finance,
      f.regulationId,
      regulationParamsSchema.parse(form),
    );
    expect(changed.sort()).toEqual(["cofinancingRateBp", "minimumRequestCents"]);
    const after = await prisma.regulation.findUniqueOrThrow({ where: { id: f.regulationId } });
    expect(after.cofinancingRateBp).toBe(4000);
    expect(after.minimumRequestCents).toBe(12_500_000n);
    expect(await lastAudit(f.regulationId)).toMatchObject({
      action: "regulation.parameters.changed",
      details: {
        before: { cofinancingRateBp: String(current.cofinancingRateBp), minimumRequestCents: "0" },
        after: { cofinancingRateBp: "4000", minimumRequestCents: "12500000" },
      },
    });

    const bad = regulationParamsSchema.safeParse({ ...form, advanceInitial: "90", cofinancingRate: "101" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["cofinancingRate"]);
    const order = regulationParamsSchema.safeParse({ ...form, advanceInitial: "90" });
    expect(order.error?.issues[0]).toMatchObject({
      path: ["advanceInitial"],
      message: "Het eerste voorschot kan niet hoger zijn dan het maximale voorschot.",
    });
  });

  it("saves the publication date, clears it, and leaves it when the form does not send it", async () => {
    const f = await fixture();
    // The form's other fields as they stand (the fixture's minimum of € 0 is no valid input).
    const current = await prisma.regulation.update({
      where: { id: f.regulationId },
      data: { minimumRequestCents: 25_000_000n },
    });
    const form = {
      publishedOn: "2013-08-14",
      cofinancingRate: String(current.cofinancingRateBp / 100),
      minimumRequest: "250.000",
      maxDurationMonths: String(current.maxDurationMonths),
      extensionMonths: String(current.extensionMonths),
      minThemes: String(current.minThemes),
      decisionTermWeeks: String(current.decisionTermWeeks),
      hersteltermijnDays: String(current.hersteltermijnDays),
      executionStartMonths: String(current.executionStartMonths),
      settlementRequestWeeks: String(current.settlementRequestWeeks),
      settlementDecisionWeeks: String(current.settlementDecisionWeeks),
      advanceInitial: String(current.advanceInitialBp / 100),
      advanceMax: String(current.advanceMaxBp / 100),
      advanceIntervalMonths: String(current.advanceIntervalMonths),
      settlementThreshold: String(current.settlementThresholdBp / 100),
      advisersRequired: String(current.advisersRequired),
    };
    const save = (patch: Record<string, string | undefined>) =>
      updateRegulationParameters(
        finance,
        f.regulationId,
        regulationParamsSchema.parse({ ...form, ...patch }),
      );
    const publishedOn = async () =>
      (await prisma.regulation.findUniqueOrThrow({ where: { id: f.regulationId } })).publishedOn;

    expect(current.publishedOn).toBeNull();
    expect(await save({})).toEqual({ changed: ["publishedOn"] });
    expect(await publishedOn()).toEqual(new Date("2013-08-14T00:00:00Z"));
    expect(await lastAudit(f.regulationId)).toMatchObject({
      actorId: finance.userId,
      action: "regulation.parameters.changed",
      details: { before: { publishedOn: null }, after: { publishedOn: "2013-08-14" } },
    });
    // The same date again is no change; a form without the field leaves the date as it is.
    expect(await save({})).toEqual({ changed: [] });
    expect(await save({ publishedOn: undefined })).toEqual({ changed: [] });
    expect(await publishedOn()).toEqual(new Date("2013-08-14T00:00:00Z"));
    // Emptied: a scheme that was not published.
    expect(await save({ publishedOn: " " })).toEqual({ changed: ["publishedOn"] });
    expect(await publishedOn()).toBeNull();
    expect(await lastAudit(f.regulationId)).toMatchObject({
      details: { before: { publishedOn: "2013-08-14" }, after: { publishedOn: null } },
    });

    for (const bad of ["14-08-2013", "2013-02-30", "gisteren"]) {
      const parsed = regulationParamsSchema.safeParse({ ...form, publishedOn: bad });
      expect(parsed.error?.issues, bad).toEqual([
        expect.objectContaining({
          path: ["publishedOn"],
          message: "Vul bij de publicatiedatum een geldige datum in (dag, maand en jaar).",
        }),
      ]);
    }
    expect(REGULATION_PARAM_FIELDS[0]).toBe("publishedOn");

    // Not after the first window opened (1 April 2014), nor after a submitted plan's start: its
    // locked first step would fail the supplement answer's check, and nobody could change it.
    const late = await refusal(save({ publishedOn: "2044-08-14" }));
    expect([late.field, late.message]).toEqual([
      "publishedOn",
      "De publicatiedatum kan niet later zijn dan de opening van het eerste tijdvak, 1 april 2014.",
    ]);
    const planId = await f.createPlan([{ year: 2014, cents: 100n * EUR }], { status: "INFO_REQUESTED" });
    const { reference } = await prisma.plan.update({
      where: { id: planId },
      data: { periodStart: new Date("2014-01-01T00:00:00Z") },
    });
    const afterPlan = await refusal(save({ publishedOn: "2014-02-01" }));
    expect([afterPlan.field, afterPlan.message]).toEqual([
      "publishedOn",
      `Plan ${reference} is ingediend met een begindatum van 1 januari 2014: de publicatiedatum kan niet later zijn.`,
    ]);
    expect(await publishedOn()).toBeNull();
    // On or before that start it is taken.
    expect(await save({ publishedOn: "2014-01-01" })).toEqual({ changed: ["publishedOn"] });
  });

  it("leaves the objection term to the Awb: six weeks, not a parameter", async () => {
    const f = await fixture();
    expect(REGULATION_PARAM_FIELDS).not.toContain("objectionTermWeeks");
    const form = {
      cofinancingRate: "50",
      minimumRequest: "250.000",
      maxDurationMonths: "24",
      extensionMonths: "6",
      minThemes: "2",
      decisionTermWeeks: "13",
      hersteltermijnDays: "14",
      executionStartMonths: "6",
      settlementRequestWeeks: "13",
      settlementDecisionWeeks: "22",
      advanceInitial: "10",
      advanceMax: "80",
      advanceIntervalMonths: "6",
      settlementThreshold: "60",
      advisersRequired: "1",
      // A form posted by hand, with the field the page no longer has.
      objectionTermWeeks: "4",
    };
    const parsed = regulationParamsSchema.parse(form);
    expect(parsed).not.toHaveProperty("objectionTermWeeks");
    const { changed } = await updateRegulationParameters(finance, f.regulationId, parsed);
    expect(changed).not.toContain("objectionTermWeeks");
    const after = await prisma.regulation.findUniqueOrThrow({ where: { id: f.regulationId } });
    // No column to hold one any more: the term is OBJECTION_TERM_WEEKS.
    expect(after).not.toHaveProperty("objectionTermWeeks");
    const audit = await lastAudit(f.regulationId);
    expect(JSON.stringify(audit?.details ?? {})).not.toContain("objectionTermWeeks");
  });

  it("refuses a default hersteltermijn longer than the handler's request for a supplement takes", async () => {
    const s = await createScenario();
    const form = await paramsForm(s.regulation.id);
    // The default pre-fills that form (volledigheid.tsx): at the most, the form takes it.
    const longest = regulationParamsSchema.parse({
      ...form,
      hersteltermijnDays: String(HERSTELTERMIJN_MAX_DAYS),
    });
    const prefilled = { text: "Voeg de begroting toe.", steps: ["measures"] };
    expect(
      supplementRequestSchema.safeParse({ ...prefilled, termDays: String(longest.hersteltermijnDays) })
        .success,
    ).toBe(true);
    const tooLong = regulationParamsSchema.safeParse({
      ...form,
      hersteltermijnDays: String(HERSTELTERMIJN_MAX_DAYS + 1),
    });
    expect(tooLong.error?.issues).toEqual([
      expect.objectContaining({
        path: ["hersteltermijnDays"],
        message: `Vul bij de standaard hersteltermijn een heel getal van 1 tot en met ${HERSTELTERMIJN_MAX_DAYS} in.`,
      }),
    ]);
    expect(supplementRequestSchema.safeParse({ ...prefilled, termDays: "91" }).success).toBe(false);
  });

  it("reads percentages exactly, without floats", () => {
    expect(parsePercentInput("50")).toBe(5000);
    expect(parsePercentInput("12,5")).toBe(1250);
    expect(parsePercentInput("7.25 %")).toBe(725);
    expect(parsePercentInput("100,01")).toBeNull();
    expect(parsePercentInput("1,234")).toBeNull();
    expect(parsePercentInput("-1")).toBeNull();
  });
});

describe("measure categories", () => {
  const CODE = SCENARIO_CATEGORY.code;
  const categoriesOf = async (regulationId: string) =>
    parseMeasureCategories(
      (await prisma.regulation.findUniqueOrThrow({ where: { id: regulationId } })).measureCategories,
    );

  it("changes a category's rate and wage-cost share, with the old and new values in the audit; the rest of the category stays", async () => {
    const s = await createScenario();
    const input = measureCategoryChangeSchema.parse({ code: CODE, rate: "87,5", maxShareOfWageCosts: "25" });
    const result = await changeMeasureCategory(finance, s.regulation.id, input);
    expect(result.changed.sort()).toEqual([
      `measureCategories[${CODE}].maxShareOfWageCostsBp`,
      `measureCategories[${CODE}].rateBp`,
    ]);
    expect(await categoriesOf(s.regulation.id)).toEqual([
      { ...SCENARIO_CATEGORY, rateBp: 8750, maxShareOfWageCostsBp: 2500 },
    ]);
    expect(await lastAudit(s.regulation.id)).toMatchObject({
      action: "regulation.parameters.changed",
      actorId: finance.userId,
      details: {
        measureCategory: CODE,
        before: {
          [`measureCategories[${CODE}].rateBp`]: "10000",
          [`measureCategories[${CODE}].maxShareOfWageCostsBp`]: "2000",
        },
        after: {
          [`measureCategories[${CODE}].rateBp`]: "8750",
          [`measureCategories[${CODE}].maxShareOfWageCostsBp`]: "2500",
        },
      },
    });
    expect(categoryChangeMessage(result)).toBe(
      `De categorie ${SCENARIO_CATEGORY.label} is opgeslagen: 87,5%, ten hoogste 25% van de loonkosten. Dit geldt voor wat hierna gebeurt; een plan waarover al is besloten houdt de percentages van zijn besluit.`,
    );

    // Saving the same values again changes nothing and writes no audit row.
    const auditsBefore = await prisma.auditLog.count({ where: { targetId: s.regulation.id } });
    const again = await changeMeasureCategory(finance, s.regulation.id, input);
    expect(again.changed).toEqual([]);
    expect(await prisma.auditLog.count({ where: { targetId: s.regulation.id } })).toBe(auditsBefore);
  });

  it("as with the own rate, a change governs later decisions: a decided plan keeps the category rate of its terms", async () => {
    const s = await createScenario();
    const plan = await prisma.plan.create({
      data: {
        reference: `CAT-${s.tag}`,
        organisationId: s.orgA.id,
        regulationId: s.regulation.id,
        windowId: s.window.id,
        status: "GRANTED",
        title: "Plan met een categorie",
        createdById: s.applicantA.userId,
      },
    });
    const decision = await prisma.decision.create({
      data: {
        planId: plan.id,
        outcome: "GRANTED",
        reason: "test",
        decidedById: s.decisionMaker.userId,
        decidedAt: now(),
        terms: grantTermsJson(await regulationTermsForPlan(prisma, plan.id)),
      },
    });
    await changeMeasureCategory(
      finance,
      s.regulation.id,
      measureCategoryChangeSchema.parse({ code: CODE, rate: "75", maxShareOfWageCosts: "20" }),
    );
    const kept = parseGrantTerms(
      (await prisma.decision.findUniqueOrThrow({ where: { id: decision.id } })).terms,
    );
    expect(kept.measureCategories.map((c) => [c.code, c.rateBp])).toEqual([[CODE, 10_000]]);
    const next = await regulationTermsForPlan(prisma, plan.id);
    expect(next.measureCategories.map((c) => [c.code, c.rateBp])).toEqual([[CODE, 7500]]);
  });

  it("refuses what is not a parameter: an unknown category, a wage-cost cap switched on or off, and bad percentages", async () => {
    const s = await createScenario();
    await expect(
      changeMeasureCategory(
        finance,
        s.regulation.id,
        measureCategoryChangeSchema.parse({ code: "nieuwe-categorie", rate: "100" }),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
    const noShare = await refusal(
      changeMeasureCategory(
        finance,
        s.regulation.id,
        measureCategoryChangeSchema.parse({ code: CODE, rate: "100" }),
      ),
    );
    expect(noShare).toMatchObject({
      field: "maxShareOfWageCosts",
      message: `Vul bij de categorie ${SCENARIO_CATEGORY.label} het deel van de loonkosten in, bijvoorbeeld 20.`,
    });
    // A category without a cap on wage costs does not get one from this form.
    await prisma.regulation.update({
      where: { id: s.regulation.id },
      data: { measureCategories: [{ ...SCENARIO_CATEGORY, maxShareOfWageCostsBp: null }] },
    });
    const capOn = await refusal(
      changeMeasureCategory(
        finance,
        s.regulation.id,
        measureCategoryChangeSchema.parse({ code: CODE, rate: "100", maxShareOfWageCosts: "20" }),
      ),
    );
    expect(capOn).toMatchObject({
      field: "maxShareOfWageCosts",
      message: `De categorie ${SCENARIO_CATEGORY.label} kent geen maximum op de loonkosten. Een maximum invoeren is een wijziging van de regelingtekst, geen parameter.`,
    });
    expect((await categoriesOf(s.regulation.id))[0]).toMatchObject({
      rateBp: 10_000,
      maxShareOfWageCostsBp: null,
    });

    // The form's percentages, as the own rate's: 0–100 with at most two decimals; a share above 0.
    const bad = measureCategoryChangeSchema.safeParse({
      code: CODE,
      rate: "100,5",
      maxShareOfWageCosts: "0",
    });
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      [
        "rate",
        "Vul bij het cofinancieringspercentage van de categorie een percentage tussen 0 en 100 in, met hoogstens twee decimalen, bijvoorbeeld 50 of 12,5.",
      ],
      [
        "maxShareOfWageCosts",
        "Het deel van de loonkosten moet hoger zijn dan 0%: bij 0% kan een deelnemer geen subsidiabele kosten hebben.",
      ],
    ]);
    expect(measureCategoryChangeSchema.safeParse({ code: CODE, rate: "12,345" }).success).toBe(false);
    expect(measureCategoryChangeSchema.parse({ code: CODE, rate: "12,34" }).rate).toBe(1234);
  });

  it("only finance and admin change a category", async () => {
    const s = await createScenario();
    const input = measureCategoryChangeSchema.parse({ code: CODE, rate: "50", maxShareOfWageCosts: "20" });
    for (const roles of [["CASE_HANDLER"], ["DECISION_MAKER"], ["ADVISER"], ["APPLICANT"]] as const) {
      const actor: Actor = { userId: "setup-test-other", roles: [...roles], organisationIds: [] };
      await expect(changeMeasureCategory(actor, s.regulation.id, input)).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    }
    expect((await categoriesOf(s.regulation.id))[0]?.rateBp).toBe(10_000);
    const admin: Actor = { userId: "setup-test-admin", roles: ["ADMIN"], organisationIds: [] };
    expect((await changeMeasureCategory(admin, s.regulation.id, input)).changed).toEqual([
      `measureCategories[${CODE}].rateBp`,
    ]);
  });
});
