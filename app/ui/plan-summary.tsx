import {
  Heading,
  Link,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@rijkshuisstijl-community/components-react";
import type { ReactNode } from "react";
import type { PlanView } from "../domain/plan/plans.server.ts";
import { formatBytes, formatDate, formatDateTime, formatEuro } from "./format.ts";

const RECOMMENDATION: Record<string, string> = {
  GRANT: "Verlenen",
  PARTIAL_GRANT: "Gedeeltelijk verlenen",
  REJECT: "Afwijzen",
};
const OUTCOME: Record<string, string> = {
  GRANTED: "Verleend",
  PARTIALLY_GRANTED: "Gedeeltelijk verleend",
  REJECTED: "Afgewezen",
};

function Item({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="sp-dl__item">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

export function PlanHeader({ plan }: { plan: PlanView }) {
  return (
    <dl className="sp-dl">
      <Item label="Kenmerk" value={plan.reference} />
      <Item label="Status" value={<span data-testid="plan-status">{plan.statusLabel}</span>} />
      <Item label="Hoofdaanvrager" value={plan.organisation.name} />
      <Item label="Ingediend" value={formatDateTime(plan.submittedAt)} />
      {plan.completeReceivedAt ? (
        <Item label="Volledig ontvangen" value={formatDateTime(plan.completeReceivedAt)} />
      ) : null}
    </dl>
  );
}

/** The read-only plan: what was submitted. */
export function PlanContent({ plan }: { plan: PlanView }) {
  const years = plan.years.map((y) => y.year);
  return (
    <section aria-labelledby="plan-inhoud" className="sp-stack">
      <Heading level={2} id="plan-inhoud">
        {plan.title || "(nog geen titel)"}
      </Heading>
      {plan.summary ? <Paragraph>{plan.summary}</Paragraph> : null}
      <dl className="sp-dl">
        <Item label="Sector" value={plan.sectorLabels.join(", ") || "—"} />
        <Item
          label="Looptijd"
          value={
            plan.periodStart && plan.periodEnd
              ? `${formatDate(plan.periodStart)} t/m ${formatDate(plan.periodEnd)}`
              : "—"
          }
        />
        <Item label="Voorschotten gevraagd" value={plan.advancesRequested ? "Ja" : "Nee"} />
      </dl>
      <Heading level={3}>Maatregelen</Heading>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Thema</TableHeaderCell>
            <TableHeaderCell scope="col">Maatregel</TableHeaderCell>
            <TableHeaderCell scope="col">Deelnemers</TableHeaderCell>
            {years.map((y) => (
              <TableHeaderCell scope="col" key={y} className="sp-money">
                Kosten {y}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {plan.measures.map((m, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: measures have no id in the view and keep their order.
            <TableRow key={i}>
              <TableCell>{m.themeLabel}</TableCell>
              <TableCell>{m.title}</TableCell>
              <TableCell>{m.participants}</TableCell>
              {years.map((y) => {
                const c = m.costs.find((x) => x.year === y);
                return (
                  <TableCell key={y} className="sp-money">
                    {c ? formatEuro(c.cents) : "—"}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Heading level={3}>Gevraagde subsidie</Heading>
      <AmountTable
        rows={plan.years.map((y) => ({ year: y.year, cents: y.requestedCents }))}
        caption="Gevraagd"
      />
    </section>
  );
}

export function AmountTable({ rows, caption }: { rows: { year: number; cents: string }[]; caption: string }) {
  const total = rows.reduce((s, r) => s + BigInt(r.cents), 0n);
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">Jaar</TableHeaderCell>
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
          <TableHeaderCell scope="row">Totaal</TableHeaderCell>
          <TableCell className="sp-money">{formatEuro(total)}</TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
}

export function AdviceAndDecision({ plan }: { plan: PlanView }) {
  return (
    <>
      {plan.advice ? (
        <section aria-labelledby="advies" className="sp-stack">
          <Heading level={2} id="advies">
            Advies
          </Heading>
          <Paragraph>
            {RECOMMENDATION[plan.advice.recommendation] ?? plan.advice.recommendation} —{" "}
            {plan.advice.adviserName}, {formatDateTime(plan.advice.createdAt)}
          </Paragraph>
          <Paragraph className="sp-pre">{plan.advice.text}</Paragraph>
          <AmountTable rows={plan.advice.amounts} caption="Geadviseerd" />
        </section>
      ) : null}
      {plan.decision ? (
        <section aria-labelledby="besluit" className="sp-stack">
          <Heading level={2} id="besluit">
            Besluit
          </Heading>
          <Paragraph data-testid="decision-outcome">
            {OUTCOME[plan.decision.outcome] ?? plan.decision.outcome} op{" "}
            {formatDateTime(plan.decision.decidedAt)}
          </Paragraph>
          <DecisionAnnouncement plan={plan} />
          <Paragraph className="sp-pre">{plan.decision.reason}</Paragraph>
          <AmountTable rows={plan.decision.amounts} caption="Verleend" />
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
  const a = plan.announcement;
  if (!a) {
    return (
      <Paragraph>De beschikking wordt aangemaakt; de bezwaartermijn begint zodra zij is verzonden.</Paragraph>
    );
  }
  return (
    <dl className="sp-dl" data-testid="objection-term">
      <Item label="Beschikking verzonden (bekendmaking)" value={formatDateTime(a.announcedAt)} />
      <Item
        label="Bezwaar maken kan tot en met"
        value={
          <>
            <span data-testid="objection-end">{formatDate(a.objectionEnd)}</span> ({a.objectionTermWeeks}{" "}
            weken na de dag van verzending)
          </>
        }
      />
    </dl>
  );
}

export function PlanDocuments({ plan }: { plan: PlanView }) {
  return (
    <section aria-labelledby="brieven" className="sp-stack">
      <Heading level={2} id="brieven">
        Brieven en documenten
      </Heading>
      {plan.documents.length === 0 ? (
        <Paragraph>Er zijn nog geen brieven.</Paragraph>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Document</TableHeaderCell>
              <TableHeaderCell scope="col">Datum</TableHeaderCell>
              <TableHeaderCell scope="col">SHA-256</TableHeaderCell>
              <TableHeaderCell scope="col">Bestand</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {plan.documents.map((d) => (
              <TableRow key={d.id} data-kind={d.kind}>
                <TableCell>{d.title}</TableCell>
                <TableCell>{formatDateTime(d.createdAt)}</TableCell>
                <TableCell>
                  <span className="sp-hash">{d.sha256}</span>
                </TableCell>
                <TableCell>
                  <Link href={`/documenten/${d.id}`} download>
                    Download (PDF)<span className="utrecht-visually-hidden">: {d.title}</span>
                  </Link>{" "}
                  ({formatBytes(d.byteSize)})
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
            Download het hele dossier (zip)
          </Link>{" "}
          — alle ingediende versies, brieven en het verloop, met hun SHA-256 in inhoud.txt.
        </Paragraph>
      ) : null}
    </section>
  );
}

/** Every submitted version, as frozen at submission, downloadable as a PDF. */
function PlanVersions({ plan }: { plan: PlanView }) {
  if (plan.versions.length === 0) return null;
  return (
    <>
      <Heading level={3} id="versies">
        Ingediende versies
      </Heading>
      <Table aria-labelledby="versies">
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Versie</TableHeaderCell>
            <TableHeaderCell scope="col">Ingediend</TableHeaderCell>
            <TableHeaderCell scope="col">SHA-256</TableHeaderCell>
            <TableHeaderCell scope="col">Bestand</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {plan.versions.map((v) => (
            <TableRow key={v.id} data-testid="plan-version">
              <TableCell>{v.number}</TableCell>
              <TableCell>{formatDateTime(v.submittedAt)}</TableCell>
              <TableCell>
                <span className="sp-hash">{v.sha256}</span>
              </TableCell>
              <TableCell>
                <Link href={v.href} download>
                  Download (PDF)<span className="utrecht-visually-hidden">: versie {v.number}</span>
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
  if (plan.events.length === 0) return null;
  return (
    <section aria-labelledby="historie" className="sp-stack">
      <Heading level={2} id="historie">
        Verloop
      </Heading>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Moment</TableHeaderCell>
            <TableHeaderCell scope="col">Gebeurtenis</TableHeaderCell>
            <TableHeaderCell scope="col">Nieuwe status</TableHeaderCell>
            <TableHeaderCell scope="col">Door</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {plan.events.map((e) => (
            <TableRow key={`${e.at}-${e.event}`}>
              <TableCell>{formatDateTime(e.at)}</TableCell>
              <TableCell>{e.label}</TableCell>
              <TableCell>{e.toStatusLabel}</TableCell>
              <TableCell>{e.actorName || "—"}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
