import { Heading, Link, Paragraph } from "@rijkshuisstijl-community/components-react";
import { formatDateNl, type LocalDate } from "../../domain/time/index.ts";

export type SettlementSummary = {
  status: string;
  dueOn: LocalDate | null;
  overdue: boolean;
  submittedAt: string | null;
  late: boolean;
  settled: string | null;
  finalPayment: string | null;
  recovery: { amount: string; dueOn: LocalDate } | null;
};

/** On the applicant's plan page: the realisation report to write, or where the vaststelling stands. */
export function SettlementSection({
  planId,
  summary,
}: {
  planId: string;
  summary: SettlementSummary | null;
}) {
  if (!summary) return null;
  return (
    <section aria-labelledby="vaststelling-kop" className="sp-stack">
      <Heading level={2} id="vaststelling-kop">
        Realisatieverslag en vaststelling
      </Heading>
      {summary.status === "IN_EXECUTION" ? (
        <>
          <Paragraph>
            De periode van uw plan is afgelopen. Dien het realisatieverslag in
            {summary.dueOn ? ` uiterlijk ${formatDateNl(summary.dueOn)}` : ""} en vraag daarmee de
            vaststelling aan.
            {summary.overdue
              ? " De uiterste datum is verstreken; wij nemen het verslag nog in behandeling."
              : ""}
          </Paragraph>
          <Paragraph>
            <Link href={`/aanvrager/plannen/${planId}/realisatie`}>Realisatieverslag invullen</Link>
          </Paragraph>
        </>
      ) : null}
      {summary.status === "SETTLEMENT_REQUESTED" ? (
        <Paragraph>
          U heeft de vaststelling aangevraagd{summary.late ? " (na de uiterste datum)" : ""}. Wij beslissen
          binnen 22 weken.{" "}
          <Link href={`/aanvrager/plannen/${planId}/realisatie/indienen`}>Bekijk uw verslag</Link>
        </Paragraph>
      ) : null}
      {summary.status === "SETTLED" && summary.settled ? (
        <Paragraph>
          De subsidie is vastgesteld op {summary.settled}.
          {summary.finalPayment ? ` U ontvangt nog ${summary.finalPayment}.` : ""}
          {summary.recovery
            ? ` Wij vorderen ${summary.recovery.amount} terug; betaal dat uiterlijk ${formatDateNl(summary.recovery.dueOn)}.`
            : ""}{" "}
          De beschikking staat bij de documenten.
        </Paragraph>
      ) : null}
    </section>
  );
}
