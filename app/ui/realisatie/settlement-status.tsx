import {
  Heading,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from "@rijkshuisstijl-community/components-react";
import { useId } from "react";
import type { LocalDate } from "../../domain/time/index.ts";
import { useI18n } from "../../i18n/hooks.ts";
import { Link } from "../link.tsx";

export type SettlementSummary = {
  status: string;
  dueOn: LocalDate | null;
  /** The regulation's term for the vaststelling, in weeks after the request. */
  decisionWeeks: number;
  overdue: boolean;
  submittedAt: string | null;
  late: boolean;
  settled: string | null;
  /** What the vaststelling left to pay; `paidOn` once the final payment was paid. */
  finalPayment: { amount: string; paidOn: LocalDate | null } | null;
  /**
   * The terugvordering of the vaststelling or the intrekking; `received` once Finance booked it, with
   * the wettelijke rente owed when the money came after its last day (`interest`, else null: also
   * while finance has not yet worked it out); `interestSince`, while still open after its last day,
   * the first day of verzuim; `interestDecision`, the beschikking that set the interest (Awb 4:99)
   * with its last day to pay and, once finance recorded it, the day the interest came in; `aanmaning`,
   * once its letter was sent, the aanmaning (Awb 4:112) of the unpaid claim or interest and its new
   * last day. Paid in parts (ADR 0031): `parts` received so far (while open; once received, only when
   * more than one), `outstanding` while open after a part (what came in, what is left), and
   * `receivedOn` the day it was paid in full (the last part's).
   */
  recovery: Recovery | null;
  /**
   * Once SETTLED: whether the vaststelling's letter is stored (sent). Until it is, the page says the
   * beschikking follows, not that it is among the documents.
   */
  letterSent?: boolean;
};

type Recovery = {
  amount: string;
  /** Null until the beschikking's letter is stored: the day counts from its sending (Awb 4:87). */
  dueOn: LocalDate | null;
  received: boolean;
  parts?: RecoveryPart[];
  outstanding?: { paid: string; amount: string } | null;
  receivedOn?: LocalDate | null;
  interest?: string | null;
  interestSince?: LocalDate | null;
  interestDecision?: InterestDecisionSummary | null;
  aanmaning?: AanmaningSummary | null;
};

export type RecoveryPart = { amount: string; receivedOn: LocalDate };

/** An aanmaning as sent: the day, and the last day to pay it sets (two weeks later, Atw applied). */
export type AanmaningSummary = { sentOn: LocalDate; payBy: LocalDate };

export type InterestDecisionSummary = {
  decidedOn: LocalDate;
  payBy: LocalDate;
  receivedOn: LocalDate | null;
  aanmaning?: AanmaningSummary | null;
};

/**
 * The beschikking of the wettelijke rente, and then its last day to pay, the aanmaning that set a
 * later one, or its receipt.
 */
function useInterestDecisionText(): (d: InterestDecisionSummary | null | undefined) => string {
  const { t, date } = useI18n();
  return (d) =>
    d
      ? `${t("realisation.settlement.interestDecided", { date: date(d.decidedOn) })} ${
          d.receivedOn
            ? t("realisation.settlement.interestReceived", { date: date(d.receivedOn) })
            : d.aanmaning
              ? t("realisation.settlement.interestAanmaning", {
                  date: date(d.aanmaning.sentOn),
                  payBy: date(d.aanmaning.payBy),
                })
              : t("realisation.settlement.interestPayBy", { date: date(d.payBy) })
        }`
      : "";
}

/** The aanmaning of the claim itself, with its new last day. */
function useAanmaningText(): (a: AanmaningSummary | null | undefined) => string {
  const { t, date } = useI18n();
  return (a) =>
    a ? t("realisation.settlement.aanmaning", { date: date(a.sentOn), payBy: date(a.payBy) }) : "";
}

/**
 * The receipt of the claim: in parts, with the day it was paid in full (the last part's); in one,
 * the sentence it always had.
 */
function useRecoveryReceivedText(): (r: Recovery) => string {
  const { t, date } = useI18n();
  return (r) =>
    r.parts && r.parts.length > 0 && r.receivedOn
      ? t("realisation.settlement.recoveryReceivedInParts", { amount: r.amount, date: date(r.receivedOn) })
      : t("realisation.settlement.recoveryReceived", { amount: r.amount });
}

/** While the claim is open after a part: what came in of it and what is still owed. */
function useOutstandingText(): (r: Recovery) => string {
  const { t } = useI18n();
  return (r) =>
    r.outstanding
      ? t("realisation.settlement.recoveryPartsPaid", {
          paid: r.outstanding.paid,
          outstanding: r.outstanding.amount,
        })
      : "";
}

/** The parts received, each with its day on the bank statement, under a label naming them. */
function RecoveryParts({ parts }: { parts: RecoveryPart[] | undefined }) {
  const { t, date } = useI18n();
  const id = useId();
  if (!parts || parts.length === 0) return null;
  return (
    <>
      <Paragraph id={id}>{t("realisation.settlement.recoveryPartsHeading")}</Paragraph>
      <UnorderedList aria-labelledby={id} data-testid="recovery-parts">
        {parts.map((p, i) => (
          // Parts have no other identity on the page; two may share amount and day.
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is in the order of their day and only grows
          <UnorderedListItem key={i}>
            {t("realisation.settlement.recoveryPart", { amount: p.amount, date: date(p.receivedOn) })}
          </UnorderedListItem>
        ))}
      </UnorderedList>
    </>
  );
}

/**
 * On the applicant's plan page: the realisation report to write, or where the vaststelling stands;
 * after an intrekking, the repayment its beschikking claims.
 */
export function SettlementSection({
  planId,
  summary,
}: {
  planId: string;
  summary: SettlementSummary | null;
}) {
  const { t, date } = useI18n();
  const decisionText = useInterestDecisionText();
  const aanmaningText = useAanmaningText();
  const receivedText = useRecoveryReceivedText();
  const outstandingText = useOutstandingText();
  if (!summary) return null;
  if (summary.status === "WITHDRAWN")
    return summary.recovery ? <RevokedRecovery {...summary.recovery} /> : null;
  return (
    <section aria-labelledby="vaststelling-kop" className="sp-stack">
      <Heading level={2} id="vaststelling-kop">
        {t("realisation.settlement.heading")}
      </Heading>
      {summary.status === "IN_EXECUTION" ? (
        <>
          <Paragraph>
            {summary.dueOn
              ? t("realisation.settlement.periodOver", { date: date(summary.dueOn) })
              : t("realisation.settlement.periodOverNoDate")}
            {summary.overdue ? ` ${t("realisation.settlement.overdue")}` : ""}
          </Paragraph>
          <Paragraph>
            <Link href={`/aanvrager/plannen/${planId}/realisatie`}>{t("realisation.settlement.fillIn")}</Link>
          </Paragraph>
        </>
      ) : null}
      {summary.status === "SETTLEMENT_REQUESTED" ? (
        <Paragraph>
          {t(summary.late ? "realisation.settlement.requestedLate" : "realisation.settlement.requested", {
            weeks: summary.decisionWeeks,
          })}{" "}
          <Link href={`/aanvrager/plannen/${planId}/realisatie/indienen`}>
            {t("realisation.settlement.viewReport")}
          </Link>
        </Paragraph>
      ) : null}
      {summary.status === "SETTLED" && summary.settled ? (
        <Paragraph>
          {t("realisation.settlement.settled", { amount: summary.settled })}
          {summary.finalPayment
            ? ` ${
                summary.finalPayment.paidOn
                  ? t("realisation.settlement.finalPaymentPaid", {
                      amount: summary.finalPayment.amount,
                      date: date(summary.finalPayment.paidOn),
                    })
                  : t("realisation.settlement.finalPayment", { amount: summary.finalPayment.amount })
              }`
            : ""}
          {summary.recovery
            ? ` ${
                summary.recovery.received
                  ? `${receivedText(summary.recovery)}${
                      summary.recovery.interest
                        ? ` ${t("realisation.settlement.recoveryInterest", { amount: summary.recovery.interest })}`
                        : ""
                    }${summary.recovery.interestDecision ? ` ${decisionText(summary.recovery.interestDecision)}` : ""}`
                  : `${
                      summary.recovery.dueOn
                        ? t("realisation.settlement.recovery", {
                            amount: summary.recovery.amount,
                            date: date(summary.recovery.dueOn),
                          })
                        : t("realisation.settlement.recoveryPending", { amount: summary.recovery.amount })
                    }${summary.recovery.outstanding ? ` ${outstandingText(summary.recovery)}` : ""}${
                      summary.recovery.interestSince
                        ? ` ${t("realisation.settlement.interestRunning", { date: date(summary.recovery.interestSince) })}`
                        : ""
                    }${summary.recovery.aanmaning ? ` ${aanmaningText(summary.recovery.aanmaning)}` : ""}`
              }`
            : ""}{" "}
          {t(summary.letterSent ? "realisation.settlement.letter" : "realisation.settlement.letterPending")}
        </Paragraph>
      ) : null}
      {summary.status === "SETTLED" && summary.settled ? (
        <RecoveryParts parts={summary.recovery?.parts} />
      ) : null}
    </section>
  );
}

/** The claim of the beschikking tot intrekking (art. 5.2), as the letter states it. */
function RevokedRecovery(recovery: Recovery) {
  const { amount, dueOn, received, interest, interestSince, interestDecision, aanmaning, parts } = recovery;
  const { t, date } = useI18n();
  const decisionText = useInterestDecisionText();
  const aanmaningText = useAanmaningText();
  const receivedText = useRecoveryReceivedText();
  const outstandingText = useOutstandingText();
  return (
    <section aria-labelledby="terugbetaling-kop" className="sp-stack" data-testid="revoked-recovery">
      <Heading level={2} id="terugbetaling-kop">
        {t("realisation.settlement.revoked.heading")}
      </Heading>
      {received ? (
        <>
          <Paragraph>{receivedText(recovery)}</Paragraph>
          <RecoveryParts parts={parts} />
          {interest ? (
            <Paragraph>{t("realisation.settlement.recoveryInterest", { amount: interest })}</Paragraph>
          ) : null}
          {interestDecision ? <Paragraph>{decisionText(interestDecision)}</Paragraph> : null}
        </>
      ) : (
        <>
          <Paragraph>
            {dueOn
              ? t("realisation.settlement.revoked.recovery", { amount, date: date(dueOn) })
              : t("realisation.settlement.revoked.recoveryPending", { amount })}
          </Paragraph>
          {recovery.outstanding ? <Paragraph>{outstandingText(recovery)}</Paragraph> : null}
          <RecoveryParts parts={parts} />
          {interestSince || dueOn ? (
            <Paragraph>
              {interestSince
                ? t("realisation.settlement.interestRunning", { date: date(interestSince) })
                : t("realisation.settlement.revoked.interest", { date: date(dueOn as LocalDate) })}
            </Paragraph>
          ) : null}
          {aanmaning ? <Paragraph>{aanmaningText(aanmaning)}</Paragraph> : null}
        </>
      )}
    </section>
  );
}
