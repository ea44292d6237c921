import { z } from "zod";
import type { prisma, Tx } from "../../db/client.server.ts";
import { now } from "../clock.ts";
import { NotFoundError } from "../errors.ts";
import { MeasureCategoriesSchema } from "../plan/cofinancing.ts";
import type { PlanRules } from "../plan/steps/rules.ts";
import { addCalendarDays, localDateFromDb } from "../time/index.ts";

/** The regulation's list-valued parameters live in JSON columns; this is their shape. */
const CodeLabel = z.object({ code: z.string(), label: z.string() });
export const RegulationLists = z.object({
  themes: z.array(CodeLabel),
  sectors: z.array(CodeLabel),
  regions: z.array(CodeLabel),
  criteria: z.array(
    z.object({
      code: z.string(),
      label: z.string(),
      /** The criterion turned round, as a ground of refusal (decision/grounds.ts). */
      refusal: z.string().optional(),
      weight: z.number().positive(),
    }),
  ),
  overheadTiers: z.array(z.object({ uptoCents: z.string().nullable(), rateBp: z.number().int() })),
  measureCategories: MeasureCategoriesSchema,
});
export type RegulationLists = z.infer<typeof RegulationLists>;

type Db = Tx | typeof prisma;

export async function loadRegulation(db: Db, regulationId: string) {
  const reg = await db.regulation.findUnique({ where: { id: regulationId } });
  if (!reg) throw new NotFoundError("Regeling niet gevonden.");
  const lists = RegulationLists.parse({
    themes: reg.themes,
    sectors: reg.sectors,
    regions: reg.regions,
    criteria: reg.criteria,
    overheadTiers: reg.overheadTiers,
    measureCategories: reg.measureCategories,
  });
  return { ...reg, ...lists };
}
export type LoadedRegulation = Awaited<ReturnType<typeof loadRegulation>>;

/** The window (tijdvak) of a regulation that is open at `at`, if any. closesAt is exclusive. */
export async function findOpenWindow(db: Db, regulationId: string, at = now()) {
  return db.applicationWindow.findFirst({
    where: { regulationId, opensAt: { lte: at }, closesAt: { gt: at } },
    orderBy: { opensAt: "desc" },
  });
}

/** Any regulation with a window open now; the newest opened first. */
export async function findRegulationsOpenNow(db: Db, at = now()) {
  const windows = await db.applicationWindow.findMany({
    where: { opensAt: { lte: at }, closesAt: { gt: at } },
    orderBy: { opensAt: "desc" },
    select: { regulationId: true },
  });
  return [...new Set(windows.map((w) => w.regulationId))];
}

/**
 * The form rules for a regulation. A plan's years must each have a yearly envelope of the
 * regulation's fund, so the envelopes bound the period a plan may cover; and a plan starts no
 * earlier than the regulation's publication (art. 1.2 lid 5).
 */
export async function planRules(db: Db, regulationId: string): Promise<PlanRules> {
  const reg = await loadRegulation(db, regulationId);
  const years = await db.budgetEnvelope.findMany({
    where: { fund: reg.fund },
    select: { year: true },
    orderBy: { year: "asc" },
  });
  const first = years[0]?.year ?? now().getUTCFullYear();
  const last = years[years.length - 1]?.year ?? first;
  const publishedOn = reg.publishedOn ? localDateFromDb(reg.publishedOn) : null;
  const firstDay = `${first}-01-01`;
  // Art. 1.2 lid 5: the period starts "niet eerder … dan na publicatie", so the day after it at the
  // earliest (the regulation is in force from that day, art. 7.2).
  const dayAfterPublication = publishedOn !== null ? addCalendarDays(publishedOn, 1) : null;
  return {
    themes: reg.themes,
    sectors: reg.sectors,
    regions: reg.regions,
    securityMinBp: reg.securityMinBp,
    minThemes: reg.minThemes,
    maxDurationMonths: reg.maxDurationMonths,
    minimumRequestCents: reg.minimumRequestCents.toString(),
    rateBp: reg.cofinancingRateBp,
    measureCategories: reg.measureCategories,
    earliestStart:
      dayAfterPublication !== null && dayAfterPublication > firstDay ? dayAfterPublication : firstDay,
    latestEnd: `${last}-12-31`,
    publishedOn,
    envelopeYears: years.map((y) => y.year),
  };
}
