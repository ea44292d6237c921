import { Heading, Paragraph, TableBody, TableHeader } from "@rijkshuisstijl-community/components-react";
import type { ExtensionRow } from "../domain/extension/extension.server.ts";
import { EXTENSION_STATUS_LABEL } from "../domain/extension/rules.ts";
import type { ExtensionStatus } from "../generated/prisma/enums.ts";
import { useI18n } from "../i18n/hooks.ts";
import { Link } from "./link.tsx";
import { Table } from "./table.tsx";
import { TableCell, TableRow } from "./table-cell.tsx";
import { TableHeaderCell } from "./table-header-cell.tsx";

/** An extension request as loader data: instants as ISO strings, days as "2027-06-30". */
export type ExtensionRowData = {
  id: string;
  status: ExtensionStatus;
  requestedMonths: number;
  motivation: string;
  requestedAt: string;
  requestedByName: string;
  previousPeriodEnd: string;
  grantedMonths: number | null;
  newPeriodEnd: string | null;
  decisionReason: string | null;
  decidedAt: string | null;
  decidedByName: string | null;
  closedAt: string | null;
  decisionDueOn: string;
  letterDocumentId: string | null;
};

export function extensionRowData(row: ExtensionRow): ExtensionRowData {
  return {
    id: row.id,
    status: row.status,
    requestedMonths: row.requestedMonths,
    motivation: row.motivation,
    requestedAt: row.requestedAt.toISOString(),
    requestedByName: row.requestedByName,
    previousPeriodEnd: row.previousPeriodEnd,
    grantedMonths: row.grantedMonths,
    newPeriodEnd: row.newPeriodEnd,
    decisionReason: row.decisionReason,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedByName: row.decidedByName,
    closedAt: row.closedAt?.toISOString() ?? null,
    decisionDueOn: row.decisionDueOn,
    letterDocumentId: row.letterDocumentId,
  };
}

/** Whether the request has a decision, and so (once the worker has made it) a letter. */
export function isDecided(status: ExtensionStatus): boolean {
  return status === "GRANTED" || status === "REFUSED";
}

/** The applicant's requests, newest first: what was asked, what became of it, and the letter. */
export function ExtensionRequests({ rows }: { rows: ExtensionRowData[] }) {
  const { t, dt, date } = useI18n();
  return (
    <section aria-labelledby="verzoeken" className="sp-stack">
      <Heading level={2} id="verzoeken">
        {t("extension.requests.heading")}
      </Heading>
      {rows.length === 0 ? (
        <Paragraph>{t("extension.requests.none")}</Paragraph>
      ) : (
        <Table aria-labelledby="verzoeken">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("extension.requests.requestedAt")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("extension.requests.months")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("extension.requests.status")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("extension.requests.decision")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("extension.requests.letter")}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.id} data-status={r.status}>
                <TableCell>
                  <span className="sp-nowrap">{date(r.requestedAt)}</span>{" "}
                  {t("extension.requests.by", { name: r.requestedByName })}
                </TableCell>
                <TableCell>{t("extension.requests.monthsValue", { count: r.requestedMonths })}</TableCell>
                <TableCell>{dt(EXTENSION_STATUS_LABEL[r.status])}</TableCell>
                <TableCell>
                  <Decision row={r} />
                </TableCell>
                <TableCell>
                  {r.letterDocumentId ? (
                    <Link href={`/documenten/${r.letterDocumentId}`}>{t("extension.requests.download")}</Link>
                  ) : isDecided(r.status) ? (
                    t("extension.requests.letterPending")
                  ) : (
                    t("extension.requests.noLetter")
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

function Decision({ row: r }: { row: ExtensionRowData }) {
  const { t, date } = useI18n();
  if (r.status === "REQUESTED") return <>{t("extension.requests.dueOn", { date: date(r.decisionDueOn) })}</>;
  if (r.status === "WITHDRAWN" || r.status === "LAPSED")
    return <>{r.closedAt ? t("extension.requests.closedAt", { date: date(r.closedAt) }) : "—"}</>;
  return (
    <>
      {r.status === "GRANTED" && r.grantedMonths !== null && r.newPeriodEnd
        ? t("extension.requests.granted", { count: r.grantedMonths, date: date(r.newPeriodEnd) })
        : t("extension.requests.refused")}
      {r.decisionReason ? (
        <span className="sp-cell-note" style={{ whiteSpace: "pre-wrap" }}>
          {t("extension.requests.reason")}{" "}
          {/* The decision maker's words are Dutch, whatever the page's language. */}
          <span lang="nl">{r.decisionReason}</span>
        </span>
      ) : null}
    </>
  );
}

/** The plan's period on the applicant's plan page, with its verlenging and the way to ask for one. */
export type ExtensionSummaryData = {
  planId: string;
  periodStart: string | null;
  /** The last day as granted; after a verlenging, `extendedTo` is the plan's last day. */
  periodEnd: string | null;
  extendedTo: string | null;
  /** "request" while one may be asked for, "view" once there are requests, else nothing. */
  link: "request" | "view" | null;
  /**
   * Why a request cannot be made yet or any more (the period ended; art. 1.2a lid 2: not before
   * the interim report, not after 24 months from the grant), naming the day, in Dutch: the domain's
   * message (loadExtensions' requestTiming). Null otherwise: "not you" or "not this grant" is said
   * on the verlenging page, not on every plan page.
   */
  notice?: string | null;
};

export function ExtensionSummary({ summary: s }: { summary: ExtensionSummaryData }) {
  const { t, dt, date } = useI18n();
  if (!s.periodStart || !s.periodEnd) return null;
  return (
    <section aria-labelledby="looptijd" className="sp-stack">
      <Heading level={2} id="looptijd">
        {t("extension.period")}
      </Heading>
      <Paragraph>
        {t("extension.periodValue", { start: date(s.periodStart), end: date(s.periodEnd) })}
        {s.extendedTo ? `, ${t("extension.extendedUntil", { date: date(s.extendedTo) })}` : null}
      </Paragraph>
      {s.link ? (
        <Paragraph>
          <Link href={`/aanvrager/plannen/${s.planId}/verlenging`}>
            {s.link === "request" ? t("extension.planLink.request") : t("extension.planLink.view")}
          </Link>
        </Paragraph>
      ) : null}
      {s.notice ? <Paragraph>{dt(s.notice)}</Paragraph> : null}
    </section>
  );
}
