import { Heading, Paragraph, TableBody, TableHeader } from "@rijkshuisstijl-community/components-react";
import type { ReactNode } from "react";
import type { PlanView } from "../domain/plan/plans.server.ts";
import { useI18n } from "../i18n/hooks.ts";
import { formatEuro, formatFileSize } from "./format.ts";
import { Link } from "./link.tsx";
import { RevocationDecision, RevokedGrant } from "./plan-revocation.tsx";
import { WithReferences } from "./references.tsx";
import { Table } from "./table.tsx";
import { TableCell, TableRow } from "./table-cell.tsx";
import { TableHeaderCell } from "./table-header-cell.tsx";

function Item({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="sp-dl__item">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

export function PlanHeader({ plan }: { plan: PlanView }) {
  const { t, dt, dateTime } = useI18n();
  return (
    <dl className="sp-dl">
      <Item label={t("planSummary.reference")} value={plan.reference} />
      <Item
        label={t("planSummary.status")}
        value={<span data-testid="plan-status">{dt(plan.statusLabel)}</span>}
      />
      <Item label={t("planSummary.applicant")} value={plan.organisation.name} />
      <Item label={t("planSummary.submitted")} value={dateTime(plan.submittedAt)} />
      {plan.completeReceivedAt ? (
        <Item label={t("planSummary.completeReceived")} value={dateTime(plan.completeReceivedAt)} />
      ) : null}
    </dl>
  );
}

export function AmountTable({ rows, caption }: { rows: { year: number; cents: string }[]; caption: string }) {
  const { t } = useI18n();
  const total = rows.reduce((s, r) => s + BigInt(r.cents), 0n);
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">{t("planSummary.year")}</TableHeaderCell>
          <TableHeaderCell scope="col" className="sp-money">
            {caption}
          </TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.year}>
            <TableCell>{r.year}</TableCell>
            <TableCell className="sp-money">{formatEuro(r.cents)}</TableCell>
          </TableRow>
        ))}
        <TableRow>
          <TableHeaderCell scope="row">{t("planSummary.total")}</TableHeaderCell>
          <TableCell className="sp-money">{formatEuro(total)}</TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
}

export function AdviceAndDecision({ plan }: { plan: PlanView }) {
  const { t, dateTime } = useI18n();
  return (
    <>
      <RevocationDecision plan={plan} />
      {plan.advice ? (
        <section aria-labelledby="advies" className="sp-stack">
          <Heading level={2} id="advies">
            {t("planSummary.advice")}
          </Heading>
          <Paragraph>
            {t(`planSummary.recommendation.${plan.advice.recommendation}`, {
              defaultValue: plan.advice.recommendation,
            })}{" "}
            — {plan.advice.adviserName}, {dateTime(plan.advice.createdAt)}
          </Paragraph>
          {/* Staff write in Dutch (their pages are Dutch only, ADR 0008): marked so on an English page. */}
          <Paragraph className="sp-pre" lang="nl">
            {plan.advice.text}
          </Paragraph>
          <AmountTable rows={plan.advice.amounts} caption={t("planSummary.advisedCaption")} />
        </section>
      ) : null}
      {plan.decision ? (
        <section aria-labelledby="besluit" className="sp-stack">
          <Heading level={2} id="besluit">
            {t("planSummary.decision")}
          </Heading>
          <Paragraph data-testid="decision-outcome">
            {t("planSummary.decisionOn", {
              outcome: t(`planSummary.outcome.${plan.decision.outcome}`, {
                defaultValue: plan.decision.outcome,
              }),
              date: dateTime(plan.decision.decidedAt),
            })}
            <RevokedGrant plan={plan} part="outcome" />
          </Paragraph>
          {plan.revocation ? (
            <RevokedGrant plan={plan} part="announcement" />
          ) : (
            <DecisionAnnouncement plan={plan} />
          )}
          <Paragraph className="sp-pre" lang="nl">
            {plan.decision.reason}
          </Paragraph>
          <AmountTable rows={plan.decision.amounts} caption={t("planSummary.grantedCaption")} />
          {plan.decision.interimAuditRequired ? (
            <Paragraph data-testid="decision-interim-audit">{t("planSummary.interimAudit")}</Paragraph>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/**
 * The bekendmaking and the objection term (Awb 6:7, 6:8): shown once the letter has been made
 * available; until then the term has not started.
 */
function DecisionAnnouncement({ plan }: { plan: PlanView }) {
  const { t, dateTime, date } = useI18n();
  const a = plan.announcement;
  if (!a) {
    return <Paragraph>{t("planSummary.letterPending")}</Paragraph>;
  }
  return (
    <dl className="sp-dl" data-testid="objection-term">
      <Item label={t("planSummary.announced")} value={dateTime(a.announcedAt)} />
      <Item
        label={t("planSummary.objectionUntil")}
        value={
          <>
            <span data-testid="objection-end">{date(a.objectionEnd)}</span>{" "}
            {t("planSummary.objectionWeeks", { weeks: a.objectionTermWeeks })}
          </>
        }
      />
    </dl>
  );
}

export function PlanDocuments({ plan }: { plan: PlanView }) {
  const { t, dateTime, lng } = useI18n();
  return (
    <section aria-labelledby="brieven" className="sp-stack">
      <Heading level={2} id="brieven">
        {t("planSummary.documents")}
      </Heading>
      {plan.documents.length === 0 ? (
        <Paragraph>{t("planSummary.noDocuments")}</Paragraph>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("planSummary.document")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("planSummary.date")}</TableHeaderCell>
              <TableHeaderCell scope="col">SHA-256</TableHeaderCell>
              <TableHeaderCell scope="col">{t("planSummary.file")}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {plan.documents.map((d) => (
              <TableRow key={d.id} data-kind={d.kind}>
                <TableCell>
                  {/* A letter's title is written with the letter, in Dutch (ADR 0008). */}
                  <span lang="nl">
                    <WithReferences text={d.title} />
                  </span>
                </TableCell>
                <TableCell>{dateTime(d.createdAt)}</TableCell>
                <TableCell>
                  <span className="sp-hash">{d.sha256}</span>
                </TableCell>
                <TableCell>
                  <Link href={`/documenten/${d.id}`} download>
                    {t("planSummary.download")}
                    <span className="sp-visually-hidden">
                      : <span lang="nl">{d.title}</span>
                    </span>
                  </Link>{" "}
                  ({formatFileSize(d.byteSize, lng)})
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <PlanVersions plan={plan} />
      {plan.caseFileHref ? (
        <Paragraph>
          <Link href={plan.caseFileHref} download data-testid="case-file-link">
            {t("planSummary.caseFile")}
          </Link>
          {t("planSummary.caseFileRest")}
        </Paragraph>
      ) : null}
    </section>
  );
}

/** Every submitted version, as frozen at submission, downloadable as a PDF. */
function PlanVersions({ plan }: { plan: PlanView }) {
  const { t, dateTime } = useI18n();
  if (plan.versions.length === 0) return null;
  return (
    <>
      <Heading level={3} id="versies">
        {t("planSummary.versions")}
      </Heading>
      <Table aria-labelledby="versies">
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t("planSummary.version")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("planSummary.submitted")}</TableHeaderCell>
            <TableHeaderCell scope="col">SHA-256</TableHeaderCell>
            <TableHeaderCell scope="col">{t("planSummary.file")}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {plan.versions.map((v) => (
            <TableRow key={v.id} data-testid="plan-version">
              <TableCell>{v.number}</TableCell>
              <TableCell>{dateTime(v.submittedAt)}</TableCell>
              <TableCell>
                <span className="sp-hash">{v.sha256}</span>
              </TableCell>
              <TableCell>
                <Link href={v.href} download>
                  {t("planSummary.download")}
                  <span className="sp-visually-hidden">
                    {t("planSummary.versionHidden", { number: v.number })}
                  </span>
                </Link>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

export function PlanHistory({ plan }: { plan: PlanView }) {
  const { t, dt, date, dateTime } = useI18n();
  if (plan.events.length === 0) return null;
  return (
    <section aria-labelledby="historie" className="sp-stack">
      <Heading level={2} id="historie">
        {t("planSummary.history")}
      </Heading>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t("planSummary.moment")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("planSummary.event")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("planSummary.newStatus")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("planSummary.by")}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {plan.events.map((e) => (
            <TableRow key={`${e.at}-${e.event}`}>
              <TableCell>{dateTime(e.at)}</TableCell>
              <TableCell>
                {dt(e.label)}
                {e.startedOn ? (
                  <>
                    <br />
                    <small>{t("planSummary.startedOn", { date: date(e.startedOn) })}</small>
                  </>
                ) : null}
                {e.checklist ? (
                  <>
                    <br />
                    <small>
                      {t("planSummary.checklist", { passed: e.checklist.passed, total: e.checklist.total })}
                      {e.checklist.agreementSigned ? `; ${t("planSummary.agreementSigned")}` : ""}
                    </small>
                  </>
                ) : null}
              </TableCell>
              <TableCell>{dt(e.toStatusLabel)}</TableCell>
              <TableCell>{e.actorName || "—"}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
