import type { PrismaClient, Tx } from "../../db/client.server.ts";
import type { DecisionOutcome } from "../../generated/prisma/enums.ts";
import { NotFoundError } from "../errors.ts";
import type { DecisionLetterInput, DecisionLetterKind } from "./decision-letter.server.ts";
import { amsterdamDate, utcDate } from "./format.ts";

type Db = PrismaClient | Tx;

export const LETTER_KIND_BY_OUTCOME: Record<DecisionOutcome, DecisionLetterKind> = {
  GRANTED: "GRANT_DECISION",
  PARTIALLY_GRANTED: "PARTIAL_GRANT_DECISION",
  REJECTED: "REJECTION_DECISION",
};

/** Labels from a regulation's code list (a JSON column); an unknown code shows as itself. */
function labelsFor(list: unknown, codes: string[]): string[] {
  const items = Array.isArray(list) ? (list as { code?: unknown; label?: unknown }[]) : [];
  const byCode = new Map(items.map((i) => [String(i.code), String(i.label ?? i.code)]));
  return codes.map((c) => byCode.get(c) ?? c);
}

/** Reads what a decision letter shows, so that rendering itself needs no database. */
export async function loadDecisionLetterInput(db: Db, decisionId: string): Promise<DecisionLetterInput> {
  const decision = await db.decision.findUnique({
    where: { id: decisionId },
    include: {
      years: { orderBy: { year: "asc" } },
      plan: {
        include: {
          organisation: true,
          regulation: true,
          years: { orderBy: { year: "asc" } },
          measures: { orderBy: { position: "asc" } },
        },
      },
    },
  });
  if (!decision) throw new NotFoundError("Beschikking niet gevonden.");
  const { plan } = decision;
  const reg = plan.regulation;
  const org = plan.organisation;
  const signer = await db.user.findUnique({ where: { id: decision.decidedById }, select: { name: true } });

  const granted = new Map(decision.years.map((y) => [y.year, y.grantedCents]));
  const requested = new Map(plan.years.map((y) => [y.year, y.requestedCents]));
  const years = [...new Set([...requested.keys(), ...granted.keys()])].sort((a, b) => a - b);
  const received = plan.completeReceivedAt ?? plan.submittedAt;
  const themeLabel = (code: string) => labelsFor(reg.themes, [code])[0] ?? code;

  return {
    kind: LETTER_KIND_BY_OUTCOME[decision.outcome],
    decisionId: decision.id,
    decidedAt: decision.decidedAt,
    reason: decision.reason,
    signatory: signer?.name ?? null,
    plan: {
      id: plan.id,
      reference: plan.reference,
      title: plan.title,
      receivedOn: received ? amsterdamDate(received) : null,
      periodStart: plan.periodStart ? utcDate(plan.periodStart) : null,
      periodEnd: plan.periodEnd ? utcDate(plan.periodEnd) : null,
      sectors: labelsFor(reg.sectors, plan.sectorCodes),
      regions: labelsFor(reg.regions, plan.regionCodes),
      advancesRequested: plan.advancesRequested,
      activities: plan.measures.map((m) => ({
        title: m.title,
        theme: themeLabel(m.theme),
        participants: m.participants,
      })),
    },
    addressee: { name: org.name, street: org.street, postalCode: org.postalCode, city: org.city },
    regulation: {
      citationTitle: reg.citationTitle,
      legalBasis: reg.legalBasis,
      publication: reg.publication,
      cofinancingRateBp: reg.cofinancingRateBp,
      objectionAuthority: reg.objectionAuthority,
      objectionAddress: reg.objectionAddress,
      objectionTermWeeks: reg.objectionTermWeeks,
      executionStartMonths: reg.executionStartMonths,
      settlementRequestWeeks: reg.settlementRequestWeeks,
      advanceInitialBp: reg.advanceInitialBp,
      advanceMaxBp: reg.advanceMaxBp,
      advanceIntervalMonths: reg.advanceIntervalMonths,
    },
    years: years.map((year) => ({
      year,
      requestedCents: requested.get(year) ?? 0n,
      grantedCents: granted.get(year) ?? 0n,
    })),
  };
}
