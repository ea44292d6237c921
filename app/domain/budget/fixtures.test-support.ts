import { randomInt, randomUUID } from "node:crypto";
import { prisma } from "../../db/client.server.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { DomainError } from "../errors.ts";
import {
  commitForPlan,
  disburseForPlan,
  releaseForPlan,
  reserveForPlan,
  settleForPlan,
  undoDisbursement,
} from "./ledger.server.ts";

/**
 * Test data for the budget tests: its own regulation, fund, window, envelopes and organisation,
 * all tagged with a random suffix, so that these tests can run beside others in the same database.
 */
export type BudgetFixture = Awaited<ReturnType<typeof createBudgetFixture>>;

export async function createBudgetFixture(opts: {
  windowCeilingCents: bigint;
  envelopes: { year: number; ceilingCents: bigint }[];
  /** A second regulation of that fixture's fund: it shares its envelopes (then `envelopes` is []). */
  sharesFundOf?: { fund: string; yearPots: ReadonlyMap<number, string> };
}) {
  const tag = randomUUID().slice(0, 8);
  const fund = opts.sharesFundOf?.fund ?? `test-${tag}`;
  const regulation = await prisma.regulation.create({
    data: {
      code: `TEST-${tag}`,
      title: `Testregeling ${tag}`,
      citationTitle: "Testregeling",
      legalBasis: "Test",
      publication: "Test",
      fund,
      cofinancingRateBp: 5000,
      minimumRequestCents: 0n,
      maxDurationMonths: 24,
      overheadTiers: [],
      themes: [],
      sectors: [],
      regions: [],
      criteria: [],
      objectionAuthority: "Test",
      objectionAddress: "Test",
    },
  });
  const windowPot = await prisma.budgetPot.create({
    data: { kind: "WINDOW", name: `Tijdvak ${tag}`, ceilingCents: opts.windowCeilingCents },
  });
  const window = await prisma.applicationWindow.create({
    data: {
      regulationId: regulation.id,
      name: `Tijdvak ${tag}`,
      opensAt: new Date("2014-04-01T00:00:00+02:00"),
      closesAt: new Date("2014-06-01T00:00:00+02:00"),
      potId: windowPot.id,
    },
  });
  const yearPots = new Map<number, string>(opts.sharesFundOf?.yearPots);
  for (const e of opts.envelopes) {
    const pot = await prisma.budgetPot.create({
      data: { kind: "YEAR", name: `Begrotingsjaar ${e.year} (${tag})`, ceilingCents: e.ceilingCents },
    });
    await prisma.budgetEnvelope.create({ data: { fund, year: e.year, potId: pot.id } });
    yearPots.set(e.year, pot.id);
  }
  const organisation = await prisma.organisation.create({
    data: {
      name: `Sectorfonds ${tag}`,
      kvkNumber: String(randomInt(0, 100_000_000)).padStart(8, "0"),
      legalForm: "Stichting",
      street: "Teststraat 1",
      postalCode: "1234 AB",
      city: "Den Haag",
      iban: "NL91ABNA0417164300",
      // Checked by finance, so that its payments are not held (batches.server.ts).
      ibanCheckedAt: new Date(),
    },
  });

  let planCount = 0;
  async function createPlan(
    years: { year: number; cents: bigint }[],
    /** Its sectors and one measure per theme (none of either by default), its status. */
    groups: { sectorCodes?: string[]; themes?: string[]; status?: PlanStatus } = {},
  ): Promise<string> {
    planCount += 1;
    const plan = await prisma.plan.create({
      data: {
        sectorCodes: groups.sectorCodes ?? [],
        measures: { create: (groups.themes ?? []).map((theme, position) => testMeasure(theme, position)) },
        reference: `TEST-${tag}-${planCount}`,
        organisationId: organisation.id,
        regulationId: regulation.id,
        windowId: window.id,
        status: groups.status ?? "IN_ASSESSMENT",
        title: `Testplan ${planCount}`,
        createdById: "test",
        years: { create: years.map((y) => ({ year: y.year, requestedCents: y.cents })) },
      },
    });
    return plan.id;
  }

  function yearPot(year: number): string {
    const id = yearPots.get(year);
    if (!id) throw new Error(`No envelope for ${year} in this fixture`);
    return id;
  }

  return {
    tag,
    fund,
    regulationId: regulation.id,
    windowId: window.id,
    windowPotId: windowPot.id,
    yearPots,
    yearPot,
    potIds: [windowPot.id, ...yearPots.values()],
    createPlan,
  };
}

/** A measure with this theme, as a submission materialises one (its other fields do not matter here). */
export function testMeasure(theme: string, position: number) {
  return {
    position,
    theme,
    title: `Maatregel ${position + 1}`,
    description: "Test",
    conditions: "Test",
    executingParty: "Test",
    participants: 1,
  };
}

export async function potRow(potId: string) {
  return prisma.budgetPot.findUniqueOrThrow({
    where: { id: potId },
    select: { ceilingCents: true, reservedCents: true, committedCents: true, disbursedCents: true },
  });
}

/** Long enough for 20 transactions queueing on the pool (10 connections) and on the pot locks. */
export const TX_OPTIONS = { maxWait: 60_000, timeout: 60_000 } as const;

/** One ledger operation as the random-sequence tests draw it, with its amounts already worked out. */
export type LedgerOperation =
  | { op: "reserve" }
  | { op: "release" }
  | { op: "commit"; grantedPerYear: { year: number; cents: bigint }[] }
  | { op: "disburse"; amountCents: bigint }
  | { op: "settle"; settledCents: bigint }
  | { op: "return"; paymentId: string };

/**
 * Books `o` for the plan in a transaction of its own. A refusal (no room, nothing to commit, paying
 * too much) is a DomainError and answers false; any other error is a bug and is thrown.
 */
export async function bookOperation(planId: string, actorId: string, o: LedgerOperation): Promise<boolean> {
  try {
    await prisma.$transaction(async (tx) => {
      if (o.op === "reserve") await reserveForPlan(tx, { planId, actorId });
      else if (o.op === "release") await releaseForPlan(tx, { planId, actorId, reason: "vrijgave" });
      else if (o.op === "commit")
        await commitForPlan(tx, { planId, actorId, grantedPerYear: o.grantedPerYear });
      else if (o.op === "disburse")
        await disburseForPlan(tx, {
          planId,
          actorId,
          paymentId: randomUUID(),
          amountCents: o.amountCents,
          reason: "betaling",
        });
      else if (o.op === "return") {
        const { undone } = await undoDisbursement(tx, {
          planId,
          paymentId: o.paymentId,
          actorId,
          reason: "storno",
        });
        // The fixture's payments have no row until returned; checkLedger holds a claimless RECOVERY
        // to a payment marked RETURNED, as returns.server.ts marks it.
        await tx.payment.create({
          data: {
            id: o.paymentId,
            planId,
            sequence: (await tx.payment.count({ where: { planId } })) + 1,
            kind: "ADVANCE",
            dueOn: new Date("2014-06-01"),
            amountCents: undone.reduce((sum, u) => (u.year === null ? sum + u.amountCents : sum), 0n),
            status: "RETURNED",
            returnedAt: new Date(),
          },
        });
      } else
        await settleForPlan(tx, {
          planId,
          actorId,
          settledCents: o.settledCents,
          reason: "vaststelling",
          recoveryDueOn: new Date("2016-01-01"),
        });
    });
    return true;
  } catch (err) {
    if (err instanceof DomainError) return false;
    throw err;
  }
}
