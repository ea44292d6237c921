import { Prisma, prisma, type Tx } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { availableCents } from "../budget/balances.ts";
import { requestAllocation } from "../budget/waiting-list.server.ts";
import { now } from "../clock.ts";
import { ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { formatEuro, formatRateBp } from "../money.ts";
import {
  MeasureCategoriesSchema,
  type MeasureCategory,
  parseMeasureCategories,
} from "../plan/cofinancing.ts";
import {
  addCalendarDays,
  amsterdamDate,
  formatDateNl,
  type LocalDate,
  localDateFromDb,
  localDateToDb,
  startOfAmsterdamDay,
} from "../time/local-date.ts";
import type {
  EnvelopeChangeInput,
  EnvelopeCreateInput,
  MeasureCategoryChangeInput,
  RegulationParamsInput,
  WindowChangeInput,
  WindowCreateInput,
} from "./setup-schemas.ts";

/**
 * Setting up the scheme as data (design.md §2): a regulation's parameters, its tijdvakken with
 * their subsidieplafond, and its fund's begrotingsjaren. Every change runs in one transaction
 * with its AuditLog row (old and new values). A ceiling is changed under the same FOR UPDATE lock
 * on the pot's balance row that the ledger takes, and checked under it, so a reservation booked
 * at the same moment cannot slip in between the check and the write (design.md §5).
 */

const SETUP_ROLES = ["FINANCE", "ADMIN"] as const;

type Db = Tx | typeof prisma;

function requireSetupRole(actor: Actor): void {
  if (!actor.roles.some((r) => (SETUP_ROLES as readonly string[]).includes(r))) {
    throw new ForbiddenError(
      "Alleen financiën en beheer richten regelingen, tijdvakken en begrotingsjaren in.",
    );
  }
}

export type WindowStatus = "aangekondigd" | "open" | "gesloten";

/** closesAt is exclusive; before opensAt the tijdvak and its ceiling are only announced (Awb 4:27). */
export function windowStatus(w: { opensAt: Date; closesAt: Date }, at: Date = now()): WindowStatus {
  if (at < w.opensAt) return "aangekondigd";
  if (at < w.closesAt) return "open";
  return "gesloten";
}

/** The last day applications count, Dutch time: the day before the exclusive closesAt. */
export function lastDayOf(closesAt: Date): LocalDate {
  return addCalendarDays(amsterdamDate(closesAt), -1);
}

function instantsOf(opensOn: LocalDate, closesOn: LocalDate): { opensAt: Date; closesAt: Date } {
  return {
    opensAt: startOfAmsterdamDay(opensOn),
    closesAt: startOfAmsterdamDay(addCalendarDays(closesOn, 1)),
  };
}

const potFigures = {
  id: true,
  ceilingCents: true,
  reservedCents: true,
  committedCents: true,
  disbursedCents: true,
} as const;

/** Every regulation with its windows and its fund's envelopes, each with the pot's figures. */
export async function regulationsOverview(db: Db = prisma, at: Date = now()) {
  const regulations = await db.regulation.findMany({
    orderBy: [{ isDemonstration: "asc" }, { code: "asc" }],
    select: {
      id: true,
      code: true,
      title: true,
      fund: true,
      isDemonstration: true,
      publication: true,
      publishedOn: true,
      windows: {
        orderBy: { opensAt: "asc" },
        select: {
          id: true,
          name: true,
          opensAt: true,
          closesAt: true,
          publication: true,
          pot: { select: potFigures },
          _count: { select: { plans: true } },
        },
      },
    },
  });
  const envelopes = await db.budgetEnvelope.findMany({
    where: { fund: { in: [...new Set(regulations.map((r) => r.fund))] } },
    orderBy: [{ fund: "asc" }, { year: "asc" }],
    select: { id: true, fund: true, year: true, illustrative: true, note: true, pot: { select: potFigures } },
  });
  return regulations.map((r) => ({
    ...r,
    windows: r.windows.map((w) => ({
      id: w.id,
      name: w.name,
      opensAt: w.opensAt,
      closesAt: w.closesAt,
      firstDay: amsterdamDate(w.opensAt),
      lastDay: lastDayOf(w.closesAt),
      publication: w.publication,
      status: windowStatus(w, at),
      planCount: w._count.plans,
      ...figures(w.pot),
    })),
    envelopes: envelopes
      .filter((e) => e.fund === r.fund)
      .map((e) => ({
        id: e.id,
        year: e.year,
        illustrative: e.illustrative,
        note: e.note,
        ...figures(e.pot),
      })),
  }));
}
export type RegulationOverview = Awaited<ReturnType<typeof regulationsOverview>>[number];

function figures(pot: {
  id: string;
  ceilingCents: bigint;
  reservedCents: bigint;
  committedCents: bigint;
  disbursedCents: bigint;
}) {
  return {
    potId: pot.id,
    ceilingCents: pot.ceilingCents,
    reservedCents: pot.reservedCents,
    committedCents: pot.committedCents,
    disbursedCents: pot.disbursedCents,
    availableCents: availableCents(pot),
  };
}

/** One regulation for its set-up page: the parameters, the windows and the envelopes. */
export async function regulationSetup(db: Db, regulationId: string, at: Date = now()) {
  const regulation = await db.regulation.findUnique({ where: { id: regulationId } });
  if (!regulation) throw new NotFoundError("Regeling niet gevonden.");
  const [overview] = (await regulationsOverview(db, at)).filter((r) => r.id === regulationId);
  if (!overview) throw new NotFoundError("Regeling niet gevonden.");
  return { regulation, windows: overview.windows, envelopes: overview.envelopes };
}

async function audit(
  tx: Tx,
  actor: Actor,
  action: AuditAction,
  targetType: string,
  targetId: string,
  details: Prisma.InputJsonValue,
): Promise<void> {
  await tx.auditLog.create({
    data: { actorId: actor.userId, action, targetType, targetId, details, createdAt: now() },
  });
}

/** The numeric parameters and their columns; publishedOn, a date, is compared on its own. */
const PARAM_COLUMNS = {
  cofinancingRate: "cofinancingRateBp",
  minimumRequest: "minimumRequestCents",
  maxDurationMonths: "maxDurationMonths",
  extensionMonths: "extensionMonths",
  minThemes: "minThemes",
  decisionTermWeeks: "decisionTermWeeks",
  hersteltermijnDays: "hersteltermijnDays",
  executionStartMonths: "executionStartMonths",
  settlementRequestWeeks: "settlementRequestWeeks",
  settlementDecisionWeeks: "settlementDecisionWeeks",
  advanceInitial: "advanceInitialBp",
  advanceMax: "advanceMaxBp",
  advanceIntervalMonths: "advanceIntervalMonths",
  settlementThreshold: "settlementThresholdBp",
  advisersRequired: "advisersRequired",
} as const satisfies Record<Exclude<keyof RegulationParamsInput, "publishedOn">, string>;

type ParamColumn = (typeof PARAM_COLUMNS)[keyof typeof PARAM_COLUMNS];

/**
 * Changes the parameters a policy officer sets. Plans already decided keep what their decision
 * says: decide() copied the terms that govern a grant onto the Decision (decision/terms.ts), and
 * every reader of a decided plan reads them there. A plan submitted keeps the beslistermijn and
 * the number of advisers of its submission (Plan.decisionTermWeeks, Plan.advisersRequired). The
 * parameters govern what comes next. Under the row's FOR UPDATE lock,
 * which a decision being taken holds FOR SHARE (lockedRegulationTermsForPlan): the change waits
 * for it, or lands before it reads its terms. Only changed values go into the audit row. The
 * publication date bounds a plan's start: drafts and the completeness check of a plan received
 * read it as it stands.
 */
export async function updateRegulationParameters(
  actor: Actor,
  regulationId: string,
  input: RegulationParamsInput,
): Promise<{ changed: string[] }> {
  requireSetupRole(actor);
  return prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Regulation" WHERE id = ${regulationId} FOR UPDATE`;
    if (!locked) throw new NotFoundError("Regeling niet gevonden.");
    const current = await tx.regulation.findUniqueOrThrow({ where: { id: regulationId } });
    const themes = Array.isArray(current.themes) ? current.themes.length : 0;
    if (input.minThemes > themes && themes > 0) {
      throw new RuleViolation(
        `De regeling kent ${themes} thema's: een plan kan er niet ${input.minThemes} moeten bestrijken.`,
        "minThemes",
      );
    }
    // null in the audit: no publication date (before or after).
    const before: Record<string, string | null> = {};
    const after: Record<string, string | null> = {};
    const data: Prisma.RegulationUncheckedUpdateInput = {};
    const publishedOn = current.publishedOn ? localDateFromDb(current.publishedOn) : null;
    if (input.publishedOn !== undefined && input.publishedOn !== publishedOn) {
      if (input.publishedOn !== null) await refuseLaterPublication(tx, regulationId, input.publishedOn);
      before.publishedOn = publishedOn;
      after.publishedOn = input.publishedOn;
      data.publishedOn = input.publishedOn === null ? null : localDateToDb(input.publishedOn);
    }
    for (const [field, column] of Object.entries(PARAM_COLUMNS) as [
      keyof typeof PARAM_COLUMNS,
      ParamColumn,
    ][]) {
      const value = input[field];
      if (String(current[column]) === String(value)) continue;
      before[column] = String(current[column]);
      after[column] = String(value);
      (data as Record<ParamColumn, number | bigint>)[column] = value;
    }
    const changed = Object.keys(after);
    if (changed.length === 0) return { changed };
    await tx.regulation.update({ where: { id: regulationId }, data });
    await audit(tx, actor, "regulation.parameters.changed", "Regulation", regulationId, {
      before,
      after,
    });
    return { changed };
  });
}

/**
 * A publication date is a fact of the past, and the earliest day a plan may start (art. 1.2 lid 5).
 * Set after a window had opened, or after the start of a plan already submitted, it would make
 * that plan's locked first step invalid: a supplement answer re-checks every step, and the
 * applicant could not change the period (a typo such as 2044 for 2013 refused every plan).
 */
async function refuseLaterPublication(tx: Tx, regulationId: string, date: LocalDate): Promise<void> {
  const [first] = await tx.applicationWindow.findMany({
    where: { regulationId },
    orderBy: { opensAt: "asc" },
    take: 1,
    select: { opensAt: true },
  });
  if (first && date > amsterdamDate(first.opensAt))
    throw new RuleViolation(
      `De publicatiedatum kan niet later zijn dan de opening van het eerste tijdvak, ${formatDateNl(amsterdamDate(first.opensAt))}.`,
      "publishedOn",
    );
  const earliest = await tx.plan.findFirst({
    where: { regulationId, status: { not: "DRAFT" }, periodStart: { lt: localDateToDb(date) } },
    orderBy: { periodStart: "asc" },
    select: { periodStart: true, reference: true },
  });
  if (earliest?.periodStart)
    throw new RuleViolation(
      `Plan ${earliest.reference} is ingediend met een begindatum van ${formatDateNl(localDateFromDb(earliest.periodStart))}: de publicatiedatum kan niet later zijn.`,
      "publishedOn",
    );
}

/** A category's settable figures as the audit row names them: `measureCategories[code].rateBp`. */
const CATEGORY_FIELDS = ["rateBp", "maxShareOfWageCostsBp"] as const;

/**
 * Changes a measure category's rate and its cap on wage costs (design.md §2: a rate is data a policy
 * officer changes). The same rule as the regulation's own rate (ADR 0023, ADR 0024): no refusal
 * while plans are pending; the change governs what comes next, and a decided plan keeps the
 * categories its Decision.terms recorded. Whether a category exists, and whether it caps on wage
 * costs or asks for net job growth, is the regulation's text: not changed here. Under the
 * regulation's row lock, as updateRegulationParameters, so two changes cannot lose one another in
 * the JSON list; one audit row with the old and new values of what changed.
 */
export async function changeMeasureCategory(
  actor: Actor,
  regulationId: string,
  input: MeasureCategoryChangeInput,
): Promise<{ label: string; changed: string[]; category: MeasureCategory }> {
  requireSetupRole(actor);
  return prisma.$transaction(async (tx) => {
    await lockRegulation(tx, regulationId);
    const current = await tx.regulation.findUniqueOrThrow({
      where: { id: regulationId },
      select: { measureCategories: true },
    });
    const categories = parseMeasureCategories(current.measureCategories);
    const category = categories.find((c) => c.code === input.code);
    if (!category) {
      throw new NotFoundError(
        "Deze regeling kent die maatregelcategorie niet. Een categorie toevoegen is een nieuwe regelingtekst.",
      );
    }
    const hasShare = category.maxShareOfWageCostsBp !== null;
    if (!hasShare && input.maxShareOfWageCosts !== undefined) {
      throw new RuleViolation(
        `De categorie ${category.label} kent geen maximum op de loonkosten. Een maximum invoeren is een wijziging van de regelingtekst, geen parameter.`,
        "maxShareOfWageCosts",
      );
    }
    if (hasShare && input.maxShareOfWageCosts === undefined) {
      throw new RuleViolation(
        `Vul bij de categorie ${category.label} het deel van de loonkosten in, bijvoorbeeld 20.`,
        "maxShareOfWageCosts",
      );
    }
    const next: MeasureCategory = {
      ...category,
      rateBp: input.rate,
      maxShareOfWageCostsBp: hasShare ? (input.maxShareOfWageCosts ?? null) : null,
    };
    const before: Record<string, string> = {};
    const after: Record<string, string> = {};
    for (const field of CATEGORY_FIELDS) {
      if (category[field] === next[field]) continue;
      const key = `measureCategories[${category.code}].${field}`;
      before[key] = String(category[field]);
      after[key] = String(next[field]);
    }
    const changed = Object.keys(after);
    if (changed.length === 0) return { label: category.label, changed, category };
    // The whole list is written back in its order, checked by the same schema every reader uses.
    const list = MeasureCategoriesSchema.parse(categories.map((c) => (c.code === category.code ? next : c)));
    await tx.regulation.update({ where: { id: regulationId }, data: { measureCategories: list } });
    await audit(tx, actor, "regulation.parameters.changed", "Regulation", regulationId, {
      measureCategory: category.code,
      before,
      after,
    });
    return { label: category.label, changed, category: next };
  });
}

/** The message of a category change, for the page. */
export function categoryChangeMessage(result: {
  label: string;
  changed: string[];
  category: MeasureCategory;
}) {
  if (result.changed.length === 0) return "Er was niets gewijzigd.";
  const share =
    result.category.maxShareOfWageCostsBp === null
      ? ""
      : `, ten hoogste ${formatRateBp(result.category.maxShareOfWageCostsBp)} van de loonkosten`;
  return `De categorie ${result.label} is opgeslagen: ${formatRateBp(result.category.rateBp)}${share}. Dit geldt voor wat hierna gebeurt; een plan waarover al is besloten houdt de percentages van zijn besluit.`;
}

/**
 * Windows of one regulation may not overlap: an application must fall in exactly one tijdvak,
 * whose ceiling it is measured against (Awb 4:25). Call with the regulation row locked.
 */
async function assertNoOverlap(
  tx: Tx,
  regulationId: string,
  span: { opensAt: Date; closesAt: Date },
  exceptWindowId?: string,
): Promise<void> {
  const clash = await tx.applicationWindow.findFirst({
    where: {
      regulationId,
      id: exceptWindowId ? { not: exceptWindowId } : undefined,
      opensAt: { lt: span.closesAt },
      closesAt: { gt: span.opensAt },
    },
    orderBy: { opensAt: "asc" },
  });
  if (clash) {
    throw new RuleViolation(
      `Dit tijdvak overlapt met ${clash.name} (${formatDateNl(amsterdamDate(clash.opensAt))} tot en met ${formatDateNl(lastDayOf(clash.closesAt))}). Tijdvakken van één regeling mogen elkaar niet overlappen.`,
      "opensOn",
    );
  }
}

/** A new window opens later than now: its ceiling is announced before it opens (Awb 4:27). */
function assertAnnouncedBeforeOpening(opensAt: Date, at: Date): void {
  if (opensAt <= at) {
    throw new RuleViolation(
      `Een tijdvak kan pas openen na vandaag (${formatDateNl(amsterdamDate(at))}): het subsidieplafond wordt bekendgemaakt voordat het tijdvak opent (Awb 4:27).`,
      "opensOn",
    );
  }
}

async function lockRegulation(tx: Tx, regulationId: string) {
  const [row] = await tx.$queryRaw<{ id: string; fund: string }[]>`
    SELECT id, fund FROM "Regulation" WHERE id = ${regulationId} FOR UPDATE`;
  if (!row) throw new NotFoundError("Regeling niet gevonden.");
  return row;
}

export async function createWindow(actor: Actor, regulationId: string, input: WindowCreateInput) {
  requireSetupRole(actor);
  return prisma.$transaction(async (tx) => {
    await lockRegulation(tx, regulationId);
    const span = instantsOf(input.opensOn, input.closesOn);
    assertAnnouncedBeforeOpening(span.opensAt, now());
    await assertNoOverlap(tx, regulationId, span);
    const pot = await tx.budgetPot.create({
      data: { kind: "WINDOW", name: `Subsidieplafond ${input.name}`, ceilingCents: input.ceiling },
    });
    const window = await tx.applicationWindow.create({
      data: {
        regulationId,
        name: input.name,
        ...span,
        publication: input.publication,
        potId: pot.id,
      },
    });
    await audit(tx, actor, "window.created", "ApplicationWindow", window.id, {
      regulationId,
      name: input.name,
      opensOn: input.opensOn,
      closesOn: input.closesOn,
      ceilingCents: input.ceiling.toString(),
      publication: input.publication,
    });
    return window;
  });
}

type CeilingChange = { oldCeilingCents: bigint; newCeilingCents: bigint };

/**
 * Sets a pot's ceiling, checked under the balance row's lock: never below what is reserved plus
 * committed (the invariant of design.md §5). `onlyRaise` is set for an open window (Awb 4:27).
 */
async function setPotCeiling(
  tx: Tx,
  potId: string,
  newCeilingCents: bigint,
  onlyRaise: string | null,
): Promise<CeilingChange> {
  const [pot] = await tx.$queryRaw<
    { ceilingCents: bigint; reservedCents: bigint; committedCents: bigint; disbursedCents: bigint }[]
  >`SELECT "ceilingCents", "reservedCents", "committedCents", "disbursedCents"
    FROM "BudgetPot" WHERE id = ${potId} FOR UPDATE`;
  if (!pot) throw new NotFoundError("Budget niet gevonden.");
  if (onlyRaise && newCeilingCents < pot.ceilingCents) {
    throw new RuleViolation(
      `${onlyRaise} Het plafond is nu ${formatEuro(pot.ceilingCents)} en kan alleen nog worden verhoogd.`,
      "ceiling",
    );
  }
  const held = pot.reservedCents + pot.committedCents;
  if (newCeilingCents < held) {
    throw new RuleViolation(
      `Het plafond kan niet lager dan ${formatEuro(held)}: er is ${formatEuro(pot.reservedCents)} gereserveerd en ${formatEuro(pot.committedCents)} verplicht.`,
      "ceiling",
    );
  }
  if (newCeilingCents !== pot.ceilingCents) {
    await tx.budgetPot.update({ where: { id: potId }, data: { ceilingCents: newCeilingCents } });
  }
  return { oldCeilingCents: pot.ceilingCents, newCeilingCents };
}

/**
 * Changes a window: its ceiling (raised any time; lowered only before it opens, and never below
 * what is held), and its dates only while it has not opened and holds no plans.
 */
export async function changeWindow(actor: Actor, regulationId: string, input: WindowChangeInput) {
  requireSetupRole(actor);
  const raised = await prisma.$transaction(async (tx) => {
    // Only a window of the regulation whose page it is: a posted id of another is not found here.
    const window = await tx.applicationWindow.findFirst({
      where: { id: input.windowId, regulationId },
      select: { id: true, name: true, regulationId: true, opensAt: true, closesAt: true, potId: true },
    });
    if (!window) throw new NotFoundError("Tijdvak niet gevonden.");
    const { fund } = await lockRegulation(tx, window.regulationId);
    const at = now();

    let dates: { opensAt: Date; closesAt: Date } | null = null;
    if (input.opensOn && input.closesOn) {
      const span = instantsOf(input.opensOn, input.closesOn);
      if (
        span.opensAt.getTime() !== window.opensAt.getTime() ||
        span.closesAt.getTime() !== window.closesAt.getTime()
      ) {
        if (window.opensAt <= at) {
          throw new RuleViolation("Dit tijdvak is al geopend: de data liggen vast (Awb 4:27).", "opensOn");
        }
        const plans = await tx.plan.count({ where: { windowId: window.id } });
        if (plans > 0) {
          throw new RuleViolation(
            `Er ${plans === 1 ? "is 1 aanvraag" : `zijn ${plans} aanvragen`} in dit tijdvak ontvangen: de data liggen vast.`,
            "opensOn",
          );
        }
        assertAnnouncedBeforeOpening(span.opensAt, at);
        await assertNoOverlap(tx, window.regulationId, span, window.id);
        dates = span;
      }
    }

    // Whether the window is open is decided by its current opening, under the regulation's lock.
    const onlyRaise =
      window.opensAt <= at
        ? `${window.name} is geopend op ${formatDateNl(amsterdamDate(window.opensAt))}: het subsidieplafond is vóór de openstelling bekendgemaakt (Awb 4:27).`
        : null;
    const change = await setPotCeiling(tx, window.potId, input.ceiling, onlyRaise);

    if (dates) {
      await tx.applicationWindow.update({ where: { id: window.id }, data: dates });
      await audit(tx, actor, "window.dates.changed", "ApplicationWindow", window.id, {
        before: {
          opensOn: amsterdamDate(window.opensAt),
          closesOn: lastDayOf(window.closesAt),
        },
        after: { opensOn: input.opensOn ?? null, closesOn: input.closesOn ?? null },
      });
    }
    if (change.newCeilingCents !== change.oldCeilingCents) {
      await audit(tx, actor, "window.ceiling.changed", "ApplicationWindow", window.id, {
        potId: window.potId,
        before: { ceilingCents: change.oldCeilingCents.toString() },
        after: { ceilingCents: change.newCeilingCents.toString() },
      });
    }
    const isRaise = change.newCeilingCents > change.oldCeilingCents;
    // More room: plans waiting for budget get it in order of receipt (design.md §4).
    if (isRaise) await requestAllocation(tx, fund);
    return { ...change, datesChanged: dates !== null };
  });
  return raised;
}

export async function createEnvelope(actor: Actor, regulationId: string, input: EnvelopeCreateInput) {
  requireSetupRole(actor);
  try {
    return await prisma.$transaction(async (tx) => {
      const { fund } = await lockRegulation(tx, regulationId);
      const existing = await tx.budgetEnvelope.findUnique({
        where: { fund_year: { fund, year: input.year } },
      });
      if (existing) throw duplicateEnvelope(input.year);
      const pot = await tx.budgetPot.create({
        data: { kind: "YEAR", name: `Begrotingsjaar ${input.year} (${fund})`, ceilingCents: input.ceiling },
      });
      const envelope = await tx.budgetEnvelope.create({
        data: { fund, year: input.year, illustrative: input.illustrative, note: input.note, potId: pot.id },
      });
      await audit(tx, actor, "envelope.created", "BudgetEnvelope", envelope.id, {
        fund,
        year: input.year,
        ceilingCents: input.ceiling.toString(),
        illustrative: input.illustrative,
        note: input.note,
      });
      return envelope;
    });
  } catch (err) {
    // Another regulation of the same fund may add the year at the same moment: the unique index decides.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw duplicateEnvelope(input.year);
    }
    throw err;
  }
}

function duplicateEnvelope(year: number): RuleViolation {
  return new RuleViolation(`Er is al een begrotingsjaar ${year} voor dit fonds.`, "year");
}

/** Changes a begrotingsjaar's ceiling: never below what is reserved plus committed in it. */
export async function changeEnvelopeCeiling(actor: Actor, regulationId: string, input: EnvelopeChangeInput) {
  requireSetupRole(actor);
  return prisma.$transaction(async (tx) => {
    // Only an envelope of the regulation's fund (the regulations of one fund share its envelopes).
    const regulation = await tx.regulation.findUnique({
      where: { id: regulationId },
      select: { fund: true },
    });
    if (!regulation) throw new NotFoundError("Regeling niet gevonden.");
    const envelope = await tx.budgetEnvelope.findFirst({
      where: { id: input.envelopeId, fund: regulation.fund },
      select: { id: true, fund: true, year: true, potId: true },
    });
    if (!envelope) throw new NotFoundError("Begrotingsjaar niet gevonden.");
    const change = await setPotCeiling(tx, envelope.potId, input.ceiling, null);
    if (change.newCeilingCents !== change.oldCeilingCents) {
      await audit(tx, actor, "envelope.ceiling.changed", "BudgetEnvelope", envelope.id, {
        potId: envelope.potId,
        fund: envelope.fund,
        year: envelope.year,
        before: { ceilingCents: change.oldCeilingCents.toString() },
        after: { ceilingCents: change.newCeilingCents.toString() },
      });
    }
    if (change.newCeilingCents > change.oldCeilingCents) await requestAllocation(tx, envelope.fund);
    return change;
  });
}
