import { z } from "zod";

/**
 * The immutable snapshot a PlanVersion holds (plan/drafts.server.ts `snapshotOf`), read back for
 * the acknowledgement and the version PDF. Parsed rather than cast: a snapshot frozen by an older
 * version of the code may lack a field, which then shows as empty instead of breaking the letter.
 */
const Cents = z.string().regex(/^-?\d+$/);

export const PlanSnapshot = z.object({
  reference: z.string(),
  title: z.string().default(""),
  summary: z.string().default(""),
  sectorCodes: z.array(z.string()).default([]),
  regionCodes: z.array(z.string()).default([]),
  periodStart: z.string().nullable().default(null),
  periodEnd: z.string().nullable().default(null),
  advancesRequested: z.boolean().default(false),
  employeesInScope: z.number().int().nullable().default(null),
  /** Step 1's lead applicant (hoofdaanvrager); null in snapshots frozen before the wizard. */
  lead: z
    .object({
      name: z.string(),
      kvk: z.string(),
      legalForm: z.string(),
      address: z.string(),
      iban: z.string(),
      contactName: z.string(),
      contactEmail: z.string(),
      securityKind: z.enum(["EQUITY", "GUARANTEE"]),
      securityCents: Cents,
    })
    .nullable()
    .default(null),
  partners: z
    .array(
      z.object({ kind: z.string(), name: z.string(), contactName: z.string(), contactEmail: z.string() }),
    )
    .default([]),
  /** Step 3's texts by field (bottlenecksNow, bottlenecksExpected, targetGroups, goals, organisation, continuation). */
  analysis: z.record(z.string(), z.string()).default({}),
  measures: z
    .array(
      z.object({
        theme: z.string(),
        title: z.string(),
        description: z.string().default(""),
        conditions: z.string().default(""),
        executingParty: z.string().default(""),
        participants: z.number(),
        costPerParticipantCents: Cents.nullable().default(null),
        /** The measure's category (Regulation.measureCategories) as submitted; null: the regulation's own rate. */
        category: z.string().nullable().default(null),
        categoryLabel: z.string().nullable().default(null),
        /** The rate the measure was submitted under; null in snapshots frozen before categories. */
        rateBp: z.number().int().nullable().default(null),
        wageCostsPerParticipantCents: Cents.nullable().default(null),
        /** Art. 4.4 lid 2: net job growth declared (also the only answer of snapshots before hiringGround). */
        netJobGrowth: z.boolean().default(false),
        /** Art. 4.4's ground (steps/measures.ts HIRING_GROUNDS); null in older snapshots: read hiringGroundOf. */
        hiringGround: z.string().nullable().default(null),
        costs: z.array(z.object({ year: z.number().int(), cents: Cents })).default([]),
      }),
    )
    .default([]),
  requested: z.array(z.object({ year: z.number().int(), cents: Cents })).default([]),
  /** Step 5's financing plan per year. */
  financing: z
    .array(
      z.object({
        year: z.number().int(),
        costsCents: Cents,
        requestedCents: Cents,
        ownContributionCents: Cents,
        otherSourcesCents: Cents,
      }),
    )
    .default([]),
  otherSourcesDescription: z.string().default(""),
  noDoubleFunding: z.boolean().default(false),
  attachments: z
    .array(
      z.object({ kind: z.string(), filename: z.string(), byteSize: z.number().int(), sha256: z.string() }),
    )
    .default([]),
  declarations: z.object({ truthful: z.boolean(), stateAid: z.boolean() }).nullable().default(null),
});
export type PlanSnapshot = z.infer<typeof PlanSnapshot>;

export function parseSnapshot(value: unknown): PlanSnapshot {
  return PlanSnapshot.parse(value);
}

/** Labels from a regulation's code list (a JSON column); an unknown code shows as itself. */
export function labelsFor(list: unknown, codes: string[]): string[] {
  const items = Array.isArray(list) ? (list as { code?: unknown; label?: unknown }[]) : [];
  const byCode = new Map(items.map((i) => [String(i.code), String(i.label ?? i.code)]));
  return codes.map((c) => byCode.get(c) ?? c);
}
