import { z } from "zod";
import { Prisma, prisma, type Tx } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { ForbiddenError, RuleViolation } from "../errors.ts";
import { formatRateBp } from "../money.ts";
import { parsePercentInput } from "../regulation/setup-schemas.ts";
import {
  amsterdamDate,
  compareLocalDates,
  dateParts,
  formatDateNl,
  isLocalDate,
  type LocalDate,
  localDate,
  localDateFromDb,
  localDateToDb,
} from "../time/index.ts";
import type { InterestRate } from "./interest.ts";

/**
 * The wettelijke rente as the Besluit vaststelling wettelijke rente publishes it, per half-year
 * (1 January and 1 July), kept by finance. A row once recorded is never changed or overwritten:
 * interest already worked out at a receipt stays as it was recorded (RecoveryClaim.interestCents),
 * and a correction would need its own decision, not a silent edit.
 */

/** The highest rate the form accepts: the statutory rate has not been above 15% since 1982; 20% catches a typo. */
export const MAX_INTEREST_RATE_BP = 2000;

export type InterestRateRow = { validFrom: LocalDate; rateBp: number; source: string };

/**
 * The published rates up to RATES_EVERY_HALF_YEAR_FROM: law, like the Awb's penalty amounts
 * (review/penalty.ts), so in the code rather than in a migration's rows. Rows a migration inserts
 * would make a freshly migrated database "not empty" and collide with the rows of a restored backup
 * (scripts/restore.ts); finance records the later half-years in StatutoryInterestRate.
 */
export const PUBLISHED_RATES: readonly InterestRateRow[] = [
  { validFrom: "2012-07-01", rateBp: 300, source: "Besluit vaststelling wettelijke rente, per 1 juli 2012" },
  {
    validFrom: "2015-01-01",
    rateBp: 200,
    source: "Besluit vaststelling wettelijke rente, per 1 januari 2015",
  },
  {
    validFrom: "2023-01-01",
    rateBp: 400,
    source: "Besluit vaststelling wettelijke rente, per 1 januari 2023",
  },
  { validFrom: "2023-07-01", rateBp: 600, source: "Besluit vaststelling wettelijke rente, per 1 juli 2023" },
  {
    validFrom: "2024-01-01",
    rateBp: 700,
    source: "Besluit vaststelling wettelijke rente, per 1 januari 2024",
  },
  {
    validFrom: "2024-07-01",
    rateBp: 700,
    source: "Besluit vaststelling wettelijke rente, per 1 juli 2024 (ongewijzigd)",
  },
];
const PUBLISHED_DAYS = new Set(PUBLISHED_RATES.map((r) => r.validFrom));

/** The published rates and the ones finance recorded after them, in order of their first day. */
export async function listInterestRates(db: Tx | typeof prisma = prisma): Promise<InterestRateRow[]> {
  const rows = await db.statutoryInterestRate.findMany({
    orderBy: { validFrom: "asc" },
    select: { validFrom: true, rateBp: true, source: true },
  });
  const recorded = rows
    .map((r) => ({ validFrom: localDateFromDb(r.validFrom), rateBp: r.rateBp, source: r.source }))
    // A row for a published day (a database migrated while the migration still inserted them) is that same rate.
    .filter((r) => !PUBLISHED_DAYS.has(r.validFrom));
  return [...PUBLISHED_RATES, ...recorded].sort((a, b) => compareLocalDates(a.validFrom, b.validFrom));
}

/** The rates as statutoryInterest takes them. */
export async function interestRates(db: Tx | typeof prisma = prisma): Promise<InterestRate[]> {
  return (await listInterestRates(db)).map(({ validFrom, rateBp }) => ({ validFrom, rateBp }));
}

/** 1 January or 1 July: the first day of the half-year `day` is in. */
export function halfYearStart(day: LocalDate): LocalDate {
  const { year, month } = dateParts(day);
  return localDate(year, month <= 6 ? 1 : 7, 1);
}

/** The first day of the half-year after the one `day` is in. */
export function nextHalfYearStart(day: LocalDate): LocalDate {
  const { year, month } = dateParts(day);
  return month <= 6 ? localDate(year, 7, 1) : localDate(year + 1, 1, 1);
}

/**
 * From this day on a rate is recorded for every half-year, also when it did not change (the last
 * of PUBLISHED_RATES, 1 July 2024, repeats 7%). Before it PUBLISHED_RATES holds only the published
 * changes, so a half-year without a row there means "unchanged"; from it on, a half-year without a
 * row means finance has not yet recorded the published rate, and the portal must not guess it.
 * Finance records only later days: the ones up to it are fixed in the code.
 */
export const RATES_EVERY_HALF_YEAR_FROM: LocalDate = "2024-07-01";

/** Every 1 January and 1 July from the half-year `from` is in up to the one `until` is in. */
export function halfYearStartsBetween(from: LocalDate, until: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let day = halfYearStart(from); compareLocalDates(day, until) <= 0; day = nextHalfYearStart(day))
    out.push(day);
  return out;
}

/**
 * The half-years from RATES_EVERY_HALF_YEAR_FROM on that touch `from` … `until` (inclusive) and
 * have no rate recorded: interest over such a day cannot be worked out yet.
 */
export async function missingHalfYearsBetween(
  from: LocalDate,
  until: LocalDate,
  db: Tx | typeof prisma = prisma,
): Promise<LocalDate[]> {
  const start = compareLocalDates(from, RATES_EVERY_HALF_YEAR_FROM) < 0 ? RATES_EVERY_HALF_YEAR_FROM : from;
  const wanted = halfYearStartsBetween(start, until);
  if (wanted.length === 0) return [];
  const rows = await db.statutoryInterestRate.findMany({
    where: { validFrom: { in: wanted.map(localDateToDb) } },
    select: { validFrom: true },
  });
  const recorded = new Set([...PUBLISHED_DAYS, ...rows.map((r) => localDateFromDb(r.validFrom))]);
  return wanted.filter((d) => !recorded.has(d));
}

/** Every half-year from RATES_EVERY_HALF_YEAR_FROM up to and including today's that has no rate yet. */
export async function missingHalfYears(
  today: LocalDate,
  db: Tx | typeof prisma = prisma,
): Promise<LocalDate[]> {
  return missingHalfYearsBetween(RATES_EVERY_HALF_YEAR_FROM, today, db);
}

/**
 * True when today's own half-year has no row. A row for a later half-year (the next one may be
 * recorded ahead) does not cover it: 6:120 lid 1 applies each rate from its own day.
 */
export async function currentHalfYearUnconfirmed(today: LocalDate): Promise<boolean> {
  return (await missingHalfYearsBetween(today, today)).length > 0;
}

/**
 * For the warning on the finance pages: null when every half-year up to today's has its rate;
 * otherwise today's half-year's first day, all half-years without a rate, and the rate the
 * interest to date falls back on (the last recorded one).
 */
export async function halfYearRateCheck(today: LocalDate): Promise<{
  halfYearStart: LocalDate;
  missing: LocalDate[];
  latest: InterestRateRow | null;
} | null> {
  const missing = await missingHalfYears(today);
  if (missing.length === 0) return null;
  const latest = (await listInterestRates()).filter((r) => compareLocalDates(r.validFrom, today) <= 0).at(-1);
  return { halfYearStart: halfYearStart(today), missing, latest: latest ?? null };
}

export const interestRateInputSchema = z.object({
  validFrom: z.string().transform((s, ctx): LocalDate => {
    const t = s.trim();
    const year = Number(t.slice(0, 4));
    if (!isLocalDate(t) || year < 2000 || year > 2100) {
      ctx.addIssue({
        code: "custom",
        message: "Vul de ingangsdatum in als een geldige datum (dag, maand en jaar).",
      });
      return z.NEVER;
    }
    const { month, day } = dateParts(t);
    if (day !== 1 || (month !== 1 && month !== 7)) {
      ctx.addIssue({
        code: "custom",
        message:
          "De wettelijke rente wordt per halfjaar vastgesteld: vul 1 januari of 1 juli als ingangsdatum in.",
      });
      return z.NEVER;
    }
    return t;
  }),
  ratePercent: z.string().transform((s, ctx) => {
    const bp = parsePercentInput(s);
    if (bp === null || bp > MAX_INTEREST_RATE_BP) {
      ctx.addIssue({
        code: "custom",
        message:
          "Vul een percentage van 0 tot en met 20 in, met hoogstens twee decimalen, bijvoorbeeld 6 of 4,25.",
      });
      return z.NEVER;
    }
    return bp;
  }),
  source: z
    .string()
    .trim()
    .min(1, "Vermeld waar het tarief is bekendgemaakt, bijvoorbeeld het nummer van het Staatsblad.")
    .max(300, "Vermeld de bron in ten hoogste 300 tekens."),
});

export type InterestRateInput = z.input<typeof interestRateInputSchema>;

/**
 * Records a published rate. Finance only; the day must be a half-year's first, and no later than
 * the next half-year (a rate is published shortly before it applies: a later day is a typo). A day
 * that already has a rate is refused, not overwritten.
 */
export async function addInterestRate(actor: Actor, input: InterestRateInput): Promise<InterestRateRow> {
  if (!actor.roles.includes("FINANCE"))
    throw new ForbiddenError("Alleen financiën legt de wettelijke rente vast.");
  const parsed = interestRateInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RuleViolation(issue?.message ?? "Controleer de invoer.", String(issue?.path[0] ?? "validFrom"));
  }
  const { validFrom, ratePercent: rateBp, source } = parsed.data;
  if (compareLocalDates(validFrom, RATES_EVERY_HALF_YEAR_FROM) <= 0)
    throw new RuleViolation(
      `De tarieven tot en met ${formatDateNl(RATES_EVERY_HALF_YEAR_FROM)} staan vast in het portaal; vul een latere ingangsdatum in.`,
      "validFrom",
    );
  const at = now();
  const latest = nextHalfYearStart(amsterdamDate(at));
  if (compareLocalDates(validFrom, latest) > 0)
    throw new RuleViolation(
      `Een tarief wordt kort voor het halfjaar bekendgemaakt: vul een ingangsdatum tot en met ${formatDateNl(latest)} in.`,
      "validFrom",
    );
  try {
    return await prisma.$transaction(async (tx) => {
      const existing = await tx.statutoryInterestRate.findUnique({
        where: { validFrom: localDateToDb(validFrom) },
        select: { rateBp: true },
      });
      if (existing) throw duplicate(validFrom, existing.rateBp);
      await tx.statutoryInterestRate.create({
        data: {
          validFrom: localDateToDb(validFrom),
          rateBp,
          source,
          createdById: actor.userId,
          createdAt: at,
        },
      });
      await tx.auditLog.create({
        data: {
          actorId: actor.userId,
          action: "interest-rate.added" satisfies AuditAction,
          targetType: "StatutoryInterestRate",
          targetId: validFrom,
          details: { validFrom, rateBp, source },
          createdAt: at,
        },
      });
      return { validFrom, rateBp, source };
    });
  } catch (err) {
    // Two finance users adding the same day at once: the primary key decides.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      const row = await prisma.statutoryInterestRate.findUnique({
        where: { validFrom: localDateToDb(validFrom) },
        select: { rateBp: true },
      });
      throw duplicate(validFrom, row?.rateBp ?? rateBp);
    }
    throw err;
  }
}

function duplicate(day: LocalDate, rateBp: number): RuleViolation {
  return new RuleViolation(
    `Voor ${formatDateNl(day)} is al een wettelijke rente vastgelegd (${formatRateBp(rateBp)}). Een vastgelegd tarief wordt niet overschreven.`,
    "validFrom",
    "DUPLICATE_INTEREST_RATE",
  );
}
