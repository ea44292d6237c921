import { prisma } from "../../db/client.server.ts";
import type { DocumentKind } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import { now } from "../clock.ts";
import { fourEyesRefusal, loadFourEyesFacts } from "../decision/engine.server.ts";
import { PLAN_TERMS_SELECT, termsOf } from "../decision/terms.ts";
import { percent } from "../documents/format.ts";
import { NotFoundError } from "../errors.ts";
import { centsToInputString, formatEuro, sumCents } from "../money.ts";
import { planWhereForActor } from "../plan/access.server.ts";
import { settlementDecisionTerm } from "../review/deadlines.server.ts";
import { amsterdamDate, compareLocalDates, type LocalDate, localDateFromDb } from "../time/index.ts";
import { aanmaningDueOn, aanmaningKey } from "./aanmaning.server.ts";
import { computeSettlement } from "./compute.ts";
import { interestPaymentDueOn } from "./interest-decision.server.ts";
import { loadSettlementBasis, wageCapText } from "./propose.server.ts";
import {
  claimLetterKind,
  firstDayOfVerzuim,
  interestDecisionKey,
  recoveryPartsOf,
} from "./recovery.server.ts";
import { PROPOSER_MAY_NOT_SETTLE } from "./settle.server.ts";
import { isLate, reportDueOn } from "./terms.ts";

/**
 * A claim's last day to pay, once its beschikking's letter is stored; null before. The letter
 * counts six weeks from its own sending (Awb 4:87, with the Atw) and writes that day on the claim:
 * until then the claim holds a provisional day, from the decision, that the letter may not name.
 */
function claimDueOnOnceKnown(
  claim: { dueOn: Date; settlementId: string | null },
  letters: readonly { kind: DocumentKind }[],
): LocalDate | null {
  return letters.some((d) => d.kind === claimLetterKind(claim)) ? localDateFromDb(claim.dueOn) : null;
}

/**
 * What the Vaststelling tab shows, as display strings (amounts in euro, rates as percentages):
 * the grant, planned against actual, the rule's computation, the proposal and the settlement, and
 * — said, not hidden — why this actor may not propose or settle now.
 */
export async function settlementPage(actor: Actor, planId: string) {
  const visible = await prisma.plan.findFirst({
    where: planWhereForActor(actor, planId),
    select: { id: true },
  });
  if (!visible) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
  // biome-ignore lint/plugin/plan-scope: the planWhereForActor lookup just above refused an invisible plan
  const plan = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      id: true,
      status: true,
      version: true,
      organisationId: true,
      handlerId: true,
      settlement: true,
      recoveryClaims: {
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        take: 1,
        select: { amountCents: true, dueOn: true, status: true, settlementId: true },
      },
      payments: {
        // The latest: a final payment sent back (storno) is paid again by a new row.
        where: { kind: "FINAL" },
        orderBy: { sequence: "desc" },
        take: 1,
        select: { amountCents: true, status: true, dueOn: true },
      },
      // The vaststelling's letter, and the intrekking's (whose claim the tab shows as well).
      documents: {
        where: { kind: { in: ["SETTLEMENT_DECISION", "REVOCATION_DECISION"] } },
        select: { id: true, title: true, kind: true },
      },
      events: {
        where: { event: "request_settlement" },
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { createdAt: true, reason: true },
      },
    },
  });
  const [advices, fourEyes, decisionTerm] = await Promise.all([
    prisma.advice.findMany({ where: { planId }, select: { adviserId: true } }),
    // The engine refuses anyone who took a handler's step or proposed the vaststelling, not only the
    // current handler and proposer: the page must not offer "vaststellen" that the engine refuses.
    loadFourEyesFacts(prisma, planId),
    // The 22-week beslistermijn (art. 5.5), as the terms page reads it, with the ingebrekestelling.
    settlementDecisionTerm(prisma, planId),
  ]);
  const basis = await loadSettlementBasis(prisma, planId);
  const figures = computeSettlement(basis.rule);
  const s = plan.settlement;
  const names = new Map(
    (
      await prisma.user.findMany({
        where: { id: { in: [s?.proposedById, s?.settledById].filter((x): x is string => !!x) } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u.name]),
  );
  const requested = plan.status === "SETTLEMENT_REQUESTED";
  const proposeRefusal = !actor.roles.includes("CASE_HANDLER")
    ? "Alleen een behandelaar stelt een vaststelling voor."
    : !requested
      ? "Er is geen aanvraag tot vaststelling die op een voorstel wacht."
      : null;
  const settleRefusal = !actor.roles.includes("DECISION_MAKER")
    ? "Alleen een beslisser stelt de subsidie vast."
    : !requested
      ? "Er is geen aanvraag tot vaststelling die op een besluit wacht."
      : !s
        ? "Er is nog geen voorstel van de behandelaar."
        : s.proposedById === actor.userId
          ? PROPOSER_MAY_NOT_SETTLE
          : fourEyesRefusal(
              {
                id: plan.id,
                status: plan.status,
                version: plan.version,
                organisationId: plan.organisationId,
                handlerId: plan.handlerId,
                adviserIds: advices.map((a) => a.adviserId),
                ...fourEyes,
              },
              actor,
            );
  const dueOn: LocalDate | null = basis.reportDueOn ? localDateFromDb(basis.reportDueOn) : null;
  const claim = plan.recoveryClaims[0];
  const final = plan.payments[0];
  const letter = plan.documents.find((d) => d.kind === "SETTLEMENT_DECISION");
  return {
    plan: { id: plan.id, status: plan.status, version: plan.version },
    report: basis.reportSubmittedAt
      ? {
          submittedAt: basis.reportSubmittedAt.toISOString(),
          late: !!dueOn && isLate(dueOn, basis.reportSubmittedAt),
          dueOn,
          summary: basis.reportSummary,
          participantsReached: basis.participantsReached,
        }
      : null,
    grantedPerYear: basis.grantedPerYear.map((g) => ({ year: g.year, amount: formatEuro(g.cents) })),
    eligiblePerYear: basis.eligiblePerYear.map((y) => ({ year: y.year, amount: formatEuro(y.cents) })),
    // What of each year's reported costs counts: no more than the grant covers in that year.
    countedPerYear: figures.countedPerYear.map((y) => ({ year: y.year, amount: formatEuro(y.cents) })),
    measures: basis.measures.map((m) => ({
      id: m.id,
      title: m.title,
      /** Its rate, shown only when the plan mixes rates. */
      rate: figures.mixedRates ? percent(m.rateBp) : null,
      participants: `${m.reachedParticipants.toLocaleString("nl-NL")} van ${m.plannedParticipants.toLocaleString("nl-NL")}`,
      years: m.years.map((y) => ({
        year: y.year,
        planned: formatEuro(y.plannedCents),
        actual: formatEuro(y.actualCents),
      })),
      /** The costs its category's wage-cost cap leaves out (art. 4.3), said in full; null when none. */
      aboveCap:
        m.wageCap && m.wageCap.aboveCapCents > 0n ? wageCapText(m.wageCap, m.reachedParticipants) : null,
    })),
    years: basis.plannedPerYear.map((y) => y.year),
    figures: {
      granted: formatEuro(basis.rule.grantedCents),
      planned: formatEuro(basis.plannedCostsCents),
      eligible: formatEuro(figures.eligibleCostsCents),
      actual: formatEuro(figures.reportedCostsCents),
      counted: formatEuro(figures.countedCostsCents),
      /** Reported costs above a category's wage-cost cap per participant (art. 4.3): never eligible. */
      aboveCap: figures.aboveCapCents > 0n ? formatEuro(figures.aboveCapCents) : null,
      /** Some (other) reported costs fall outside what the grant covers in their year and do not count. */
      notCounted:
        figures.countedCostsCents + figures.aboveCapCents < figures.reportedCostsCents
          ? formatEuro(figures.reportedCostsCents - figures.aboveCapCents - figures.countedCostsCents)
          : null,
      realisation: percent(figures.realisationBp),
      // The grant's terms, as the computation used them (loadSettlementBasis).
      threshold: percent(basis.rule.settlementThresholdBp),
      rate: percent(basis.rule.cofinancingRateBp),
      /**
       * Measures at a rate other than the grant's own (ADR 0024): the amount is worked out per rate
       * class, the overhead at the own rate. Per class: its rate, its categories and what counted.
       */
      mixedRates: figures.mixedRates,
      classes: figures.classes.map((c) => ({
        rate: percent(c.rateBp),
        labels: basis.rateClasses.find((r) => r.rateBp === c.rateBp)?.labels ?? [],
        eligible: formatEuro(c.eligibleCents),
        counted: formatEuro(c.countedCents),
      })),
      overhead: formatEuro(figures.overheadCents),
      rateAmount: formatEuro(figures.rateAmountCents),
      capped: formatEuro(figures.cappedCents),
      cappedInput: centsToInputString(figures.cappedCents),
      computed: formatEuro(figures.computedCents),
      belowThreshold: figures.belowThreshold,
      paid: formatEuro(basis.paidCents),
    },
    settlement: s
      ? {
          proposed: formatEuro(s.proposedCents),
          proposedBy: names.get(s.proposedById) ?? "—",
          proposedAt: s.proposedAt.toISOString(),
          motivation: s.proposalMotivation,
          settled: s.settledCents === null ? null : formatEuro(s.settledCents),
          settledBy: s.settledById ? (names.get(s.settledById) ?? "—") : null,
          settledAt: s.settledAt?.toISOString() ?? null,
          reduction: s.reduction,
          reason: s.reason,
          paid: s.paidCents === null ? null : formatEuro(s.paidCents),
        }
      : null,
    recovery: claim
      ? {
          amount: formatEuro(claim.amountCents),
          dueOn: claimDueOnOnceKnown(claim, plan.documents),
          status: claim.status,
        }
      : null,
    finalPayment: final ? { amount: formatEuro(final.amountCents), status: final.status } : null,
    letter: letter ? { id: letter.id, title: letter.title } : null,
    /** The besluit's term (Awb 4:17 applies to it as to the grant); null before it was asked. */
    decisionTerm: decisionTerm
      ? {
          due: decisionTerm.due,
          daysLeft: decisionTerm.daysLeft,
          noticeReceivedOn: decisionTerm.noticeReceivedOn,
          penalty: decisionTerm.exposure?.firstDay
            ? {
                firstDay: decisionTerm.exposure.firstDay,
                days: decisionTerm.exposure.days,
                amount: formatEuro(decisionTerm.exposure.cents),
                capped: decisionTerm.exposure.capped,
              }
            : null,
          /** Only the case handler records the applicant's notice, while the besluit is awaited. */
          canRecordNotice: decisionTerm.noticeOpen && actor.roles.includes("CASE_HANDLER"),
        }
      : null,
    proposeRefusal,
    settleRefusal,
  };
}

/**
 * For the applicant's plan page: whether the realisation report can be written (IN_EXECUTION and
 * the period over), its due date and state, and the outcome of the vaststelling once settled; after
 * an intrekking, the claim the beschikking tot intrekking makes. Null when none of it applies.
 */
export async function applicantSettlementSummary(planId: string) {
  // biome-ignore lint/plugin/plan-scope: called by the applicant's plan page with a plan getPlanView found for the actor
  const plan = await prisma.plan.findUnique({
    where: { id: planId },
    select: {
      status: true,
      periodEnd: true,
      ...PLAN_TERMS_SELECT,
      realisationReport: { select: { submittedAt: true, dueOn: true } },
      settlement: { select: { settledCents: true, paidCents: true } },
      // The final payment as it stands: the latest row, as one sent back (storno) is paid again by a
      // new one.
      payments: {
        where: { kind: "FINAL", status: { not: "CANCELLED" } },
        orderBy: { sequence: "desc" },
        take: 1,
        select: { status: true, paidAt: true },
      },
      // The latest claim: a plan has one (the vaststelling's or the intrekking's), but say which.
      recoveryClaims: {
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        take: 1,
        select: {
          id: true,
          settlementId: true,
          amountCents: true,
          dueOn: true,
          status: true,
          receivedOn: true,
          interestCents: true,
          interestDecidedAt: true,
          interestReceivedOn: true,
        },
      },
    },
  });
  if (!plan) return null;
  const claim = plan.recoveryClaims[0];
  // The day to pay is the letter's (claimDueOnOnceKnown): none is named before it is stored.
  const claimLetters = claim
    ? await prisma.document.findMany({
        where: { planId, kind: claimLetterKind(claim) },
        select: { kind: true },
        take: 1,
      })
    : [];
  const claimDueOn = claim ? claimDueOnOnceKnown(claim, claimLetters) : null;
  // The beschikking exists for the organisation once its letter is stored (made known, Awb 3:40):
  // until the letters worker has run, the page names neither it nor a day to pay.
  const interestLetter = claim?.interestDecidedAt
    ? await prisma.document.findUnique({
        where: { idempotencyKey: interestDecisionKey(claim.id) },
        select: { createdAt: true },
      })
    : null;
  // An aanmaning (Awb 4:112) likewise exists for the organisation once its letter is stored; its two
  // weeks run from that moment, as the letter states.
  const aanmaningLetters = claim
    ? await prisma.document.findMany({
        where: {
          idempotencyKey: { in: [aanmaningKey(claim.id, "claim"), aanmaningKey(claim.id, "interest")] },
        },
        select: { idempotencyKey: true, createdAt: true },
      })
    : [];
  const aanmaningOf = (key: string) => {
    const sent = aanmaningLetters.find((d) => d.idempotencyKey === key)?.createdAt;
    return sent ? { sentOn: amsterdamDate(sent), payBy: aanmaningDueOn(sent) } : null;
  };
  const interestAanmaning = claim ? aanmaningOf(aanmaningKey(claim.id, "interest")) : null;
  // Paid in parts (ADR 0031): the organisation sees each part finance recorded and what is left.
  const parts = claim ? ((await recoveryPartsOf(prisma, [claim.id])).get(claim.id) ?? []) : [];
  const paidCents = sumCents(parts.map((p) => p.cents));
  const received = claim?.status === "RECEIVED";
  const recovery = claim
    ? {
        amount: formatEuro(claim.amountCents),
        /** Null until the beschikking's letter is stored: the page then says the letter gives it. */
        dueOn: claimDueOn,
        received,
        // The parts, listed while the claim is open and once it came in more than one: a receipt in
        // one part is the receipt itself and keeps its one sentence.
        parts:
          !received || parts.length > 1
            ? parts.map((p) => ({ amount: formatEuro(p.cents), receivedOn: p.on }))
            : [],
        // What is still owed while parts came in: the claim less the parts (null before any part).
        outstanding:
          !received && parts.length > 0
            ? { paid: formatEuro(paidCents), amount: formatEuro(claim.amountCents - paidCents) }
            : null,
        // Paid in full on the last part's day (the day the claim was received); null for a receipt
        // recorded before the portal asked the day.
        receivedOn: received && claim.receivedOn ? localDateFromDb(claim.receivedOn) : null,
        // The wettelijke rente worked out at the receipt, when the money came late (and € 20 or more);
        // null too while it waits for a rate (then the page names no amount yet).
        interest: claim.interestCents ? formatEuro(claim.interestCents) : null,
        // The beschikking that set it (Awb 4:99), dated as its letter is, with the day to pay that the
        // letter states (six weeks after it was sent), and the day the interest came in.
        interestDecision:
          claim.interestDecidedAt && claim.interestCents && interestLetter
            ? {
                decidedOn: amsterdamDate(claim.interestDecidedAt),
                payBy: interestPaymentDueOn(interestLetter.createdAt),
                receivedOn: claim.interestReceivedOn ? localDateFromDb(claim.interestReceivedOn) : null,
                // Named while the interest is still unpaid: once received, the receipt says enough.
                ...(interestAanmaning && !claim.interestReceivedOn ? { aanmaning: interestAanmaning } : {}),
              }
            : null,
        // The aanmaning of the claim itself, while it is open.
        aanmaning: claim.status === "OPEN" ? aanmaningOf(aanmaningKey(claim.id, "claim")) : null,
        // Awb 4:97: an open claim past its last day is in verzuim from the day after, without a reminder.
        interestSince:
          claim.status === "OPEN" && claimDueOn && compareLocalDates(amsterdamDate(now()), claimDueOn) > 0
            ? firstDayOfVerzuim(claimDueOn)
            : null,
      }
    : null;
  // A WITHDRAWN plan with a claim was revoked after advances were paid (revocation-letter.server.ts):
  // the letter asks the money back by a day, and the applicant's page must say the same.
  if (plan.status === "WITHDRAWN")
    return recovery
      ? {
          status: plan.status,
          dueOn: null,
          decisionWeeks: termsOf(plan).settlementDecisionWeeks,
          overdue: false,
          submittedAt: null,
          late: false,
          settled: null,
          finalPayment: null,
          recovery,
        }
      : null;
  if (!["IN_EXECUTION", "SETTLEMENT_REQUESTED", "SETTLED"].includes(plan.status)) return null;
  const at = now();
  const periodOver =
    !!plan.periodEnd && compareLocalDates(localDateFromDb(plan.periodEnd), amsterdamDate(at)) < 0;
  if (plan.status === "IN_EXECUTION" && !periodOver) return null;
  // The settlement's terms are the grant's (decision/terms.ts), whatever the regulation says now.
  const terms = termsOf(plan);
  // The report's own day once it is opened: a refused verlenging may have given a later one.
  const reportDue = plan.realisationReport?.dueOn;
  const dueOn = reportDue
    ? localDateFromDb(reportDue)
    : plan.periodEnd
      ? reportDueOn(plan.periodEnd, terms.settlementRequestWeeks)
      : null;
  const submittedAt = plan.realisationReport?.submittedAt ?? null;
  const s = plan.settlement;
  const settled = s?.settledCents ?? null;
  // What the advances came to at the vaststelling (the letter's figure), not what is paid now.
  const paid = s?.paidCents ?? 0n;
  const final = plan.payments[0];
  // The vaststelling exists for the organisation once its letter is stored (Awb 3:40): before, the
  // page says the beschikking follows rather than that it is among the documents.
  const letterSent =
    plan.status === "SETTLED" &&
    (await prisma.document.count({ where: { planId, kind: "SETTLEMENT_DECISION" }, take: 1 })) > 0;
  return {
    status: plan.status,
    dueOn,
    decisionWeeks: terms.settlementDecisionWeeks,
    overdue: !submittedAt && !!dueOn && isLate(dueOn, at),
    submittedAt: submittedAt?.toISOString() ?? null,
    late: !!submittedAt && !!dueOn && isLate(dueOn, submittedAt),
    settled: settled === null ? null : formatEuro(settled),
    finalPayment:
      settled !== null && settled > paid
        ? {
            amount: formatEuro(settled - paid),
            paidOn: final?.status === "PAID" && final.paidAt ? amsterdamDate(final.paidAt) : null,
          }
        : null,
    recovery,
    letterSent,
  };
}
