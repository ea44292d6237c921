import {
  Heading,
  Paragraph,
  TableBody,
  TableCaption,
  TableHeader,
} from "@rijkshuisstijl-community/components-react";
import type { ReactNode } from "react";
import { requireRole } from "../../auth/session.server.ts";
import { TERMS_LIST_LIMIT, termsOverview } from "../../domain/review/deadlines.server.ts";
import { formatDateNl } from "../../domain/time/index.ts";
import { lateMeldingen, meldingenToRead } from "../../domain/underspending/lists.server.ts";
import { dayCount, formatEuro } from "../../ui/format.ts";
import { Link } from "../../ui/link.tsx";
import { Table } from "../../ui/table.tsx";
import { TableCell, TableRow } from "../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../ui/table-header-cell.tsx";
import { throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/termijnen";

// Termijnen: decision terms passed or nearly passed (days left, penalty exposure per plan and in
// total, Awb 4:17), hersteltermijnen that lapsed (Awb 4:5), grants whose execution did not start
// in time (regulation art. 5.2), requests for verlenging awaiting their besluit (eight weeks, Awb
// 4:13 lid 2; art. 1.2a), requests for vaststelling whose decision term passed or nearly passed
// (art. 5.5). A late besluit on either costs a penalty as the grant's does, once the applicant's
// ingebrekestelling is recorded on its tab. And plans in execution whose realisation report is
// overdue with no vaststelling asked (art. 5.5; an ambtshalve vaststelling, Awb 4:47, may be
// needed). The interim progress reports (art. 5.4) that are late, and those handed in and not yet
// read. For the case handler and the decision maker.

export const meta: Route.MetaFunction = () => [{ title: "Termijnen — Behandeling — Sectorplanportaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["CASE_HANDLER", "DECISION_MAKER"]);
  try {
    const [o, meldingenLate, meldingenUnread] = await Promise.all([
      termsOverview(user.actor),
      // The meldingen onderbesteding (art. 5.3): late, and handed in but not yet read.
      lateMeldingen({ limit: TERMS_LIST_LIMIT }),
      meldingenToRead({ limit: TERMS_LIST_LIMIT }),
    ]);
    // Cents travel as strings: the page only shows them.
    const money = (e: { cents: bigint; days: number; capped: boolean } | null) =>
      e ? { cents: e.cents.toString(), days: e.days, capped: e.capped } : null;
    return {
      today: o.today,
      decisionTerms: o.decisionTerms.map((t) => ({ ...t, exposure: money(t.exposure) })),
      penalties: o.penalties.map((p) => ({ ...p, exposure: money(p.exposure) })),
      totalPenaltyCents: o.totalPenaltyCents.toString(),
      lapsed: o.lapsed,
      executionLate: o.executionLate,
      extensionTerms: o.extensionTerms.map((t) => ({ ...t, exposure: money(t.exposure) })),
      settlementTerms: o.settlementTerms.map((t) => ({ ...t, exposure: money(t.exposure) })),
      reportsOverdue: o.reportsOverdue,
      interimReportsOverdue: o.interimReportsOverdue,
      interimReportsToRead: o.interimReportsToRead,
      meldingenLate: meldingenLate.rows,
      meldingenUnread: meldingenUnread.rows,
      more: { ...o.more, meldingenLate: meldingenLate.more, meldingenUnread: meldingenUnread.more },
      listLimit: TERMS_LIST_LIMIT,
    };
  } catch (err) {
    throwAsPage(err);
  }
}

const planHref = (id: string) => `/behandeling/plannen/${id}`;

function daysLeftText(days: number): string {
  if (days < 0) return `${dayCount(-days)} te laat`;
  if (days === 0) return "laatste dag";
  return dayCount(days);
}

/** The days left of a term, in bold once it has passed. */
function DaysLeft({ days }: { days: number }) {
  return days < 0 ? <strong>{daysLeftText(days)}</strong> : daysLeftText(days);
}

type Column<T> = { header: string; cell: (row: T) => ReactNode };

/**
 * One list of the page: its heading, a sentence when it is empty (or nothing, without `empty`),
 * else a table whose first column is the kenmerk linking to where the term is dealt with.
 */
function TermsSection<T extends { id: string; reference: string }>(props: {
  id: string;
  title: string;
  intro?: ReactNode;
  empty?: string;
  caption: ReactNode;
  rows: T[];
  href: (row: T) => string;
  columns: Column<T>[];
  rowKey?: (row: T) => string;
  overdue?: (row: T) => boolean;
  /** Said under the table when the list had more rows than it shows. */
  more?: ReactNode;
}) {
  const { id, title, intro, empty, caption, rows, href, columns, rowKey, overdue, more } = props;
  return (
    <section aria-labelledby={id} className="sp-stack">
      <Heading level={2} id={id}>
        {title}
      </Heading>
      {intro}
      {rows.length === 0 ? (
        empty ? (
          <Paragraph>{empty}</Paragraph>
        ) : null
      ) : (
        <Table>
          <TableCaption>{caption}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Kenmerk</TableHeaderCell>
              {columns.map((c) => (
                <TableHeaderCell key={c.header} scope="col">
                  {c.header}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={rowKey ? rowKey(row) : row.id} data-overdue={overdue?.(row) ? "ja" : undefined}>
                <TableHeaderCell scope="row">
                  <Link href={href(row)} className="sp-nowrap">
                    {row.reference}
                  </Link>
                </TableHeaderCell>
                {columns.map((c) => (
                  <TableCell key={c.header}>{c.cell(row)}</TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {more && rows.length > 0 ? <Paragraph data-testid={`${id}-more`}>{more}</Paragraph> : null}
    </section>
  );
}

/** Under a list cut at TERMS_LIST_LIMIT rows: that it was cut, and where every row can be found. */
function MoreNote({ href, what, limit }: { href?: string; what: string; limit: number }) {
  return (
    <>
      Alleen de eerste {limit} {what} staan hier, de vroegste eerst; er zijn er meer.
      {href ? (
        <>
          {" "}
          Alle staan in de <Link href={href}>lijst van alle plannen met een verlopen termijn</Link>.
        </>
      ) : (
        " Handel deze eerst af; de volgende verschijnen dan vanzelf."
      )}
    </>
  );
}

const late = (row: { daysLeft: number }) => row.daysLeft < 0;

/** The penalty of a term in its row: the amount, or why there is none yet. */
function penaltyCell(t: { exposure: { cents: string } | null; daysLeft: number }): string {
  return t.exposure ? formatEuro(t.exposure.cents) : t.daysLeft < 0 ? "geen ingebrekestelling" : "—";
}

/** Where the besluit a notice is about is handled (and its notice recorded). */
const noticeHref = (p: { id: string; subject: "GRANT" | "EXTENSION" | "SETTLEMENT" }) =>
  p.subject === "EXTENSION"
    ? `${planHref(p.id)}/verlenging`
    : p.subject === "SETTLEMENT"
      ? `${planHref(p.id)}/vaststelling`
      : planHref(p.id);

export default function Terms({ loaderData }: Route.ComponentProps) {
  const {
    today,
    decisionTerms,
    penalties,
    totalPenaltyCents,
    lapsed,
    executionLate,
    extensionTerms,
    settlementTerms,
    reportsOverdue,
    interimReportsOverdue,
    interimReportsToRead,
    meldingenLate,
    meldingenUnread,
    more,
    listLimit,
  } = loaderData;
  return (
    <div className="sp-stack">
      <Heading level={1}>Termijnen</Heading>
      <Paragraph>Stand van {formatDateNl(today)}.</Paragraph>

      <TermsSection
        id="beslistermijnen"
        title="Beslistermijnen verstreken of bijna verstreken"
        empty="Geen beslistermijn verstreken of binnen 7 dagen."
        caption="Plannen waarvan de beslistermijn verstreken is of binnen 7 dagen eindigt"
        rows={decisionTerms}
        more={
          more.decisionTerms ? (
            <MoreNote
              limit={listLimit}
              what="plannen"
              href="/behandeling?lijst=alle&termijn=verlopen&sorteer=termijn"
            />
          ) : undefined
        }
        href={(t) => planHref(t.id)}
        overdue={late}
        columns={[
          { header: "Organisatie", cell: (t) => t.organisationName },
          { header: "Status", cell: (t) => t.statusLabel },
          { header: "Termijn tot en met", cell: (t) => formatDateNl(t.due) },
          { header: "Dagen over", cell: (t) => <DaysLeft days={t.daysLeft} /> },
          { header: "Dwangsom", cell: penaltyCell },
        ]}
      />

      <TermsSection
        id="verlengingen"
        title="Beslistermijnen van verzoeken om verlenging"
        empty="Er staan geen verzoeken om verlenging open."
        caption="Verzoeken om verlenging van de looptijd (regeling art. 1.2a) waarop nog niet is beslist; de beslistermijn is acht weken na ontvangst (Awb 4:13 lid 2)"
        rows={extensionTerms}
        more={more.extensionTerms ? <MoreNote limit={listLimit} what="verzoeken" /> : undefined}
        rowKey={(t) => t.extensionId}
        href={(t) => `${planHref(t.id)}/verlenging`}
        overdue={late}
        columns={[
          { header: "Organisatie", cell: (t) => t.organisationName },
          { header: "Gevraagd op", cell: (t) => formatDateNl(t.requestedOn) },
          { header: "Maanden", cell: (t) => t.months },
          { header: "Termijn tot en met", cell: (t) => formatDateNl(t.due) },
          { header: "Dagen over", cell: (t) => <DaysLeft days={t.daysLeft} /> },
          { header: "Dwangsom", cell: penaltyCell },
        ]}
      />

      <TermsSection
        id="vaststellingen"
        title="Beslistermijnen van vaststellingen"
        empty="Geen beslistermijn van een vaststelling verstreken of binnen 7 dagen."
        caption="Verzoeken om vaststelling waarop nog niet is beslist en waarvan de beslistermijn verstreken is of binnen 7 dagen eindigt (regeling art. 5.5)"
        rows={settlementTerms}
        more={more.settlementTerms ? <MoreNote limit={listLimit} what="vaststellingen" /> : undefined}
        href={(t) => `${planHref(t.id)}/vaststelling`}
        overdue={late}
        columns={[
          { header: "Organisatie", cell: (t) => t.organisationName },
          {
            header: "Verslag ontvangen op",
            cell: (t) => (t.requestedOn ? formatDateNl(t.requestedOn) : "—"),
          },
          { header: "Termijn tot en met", cell: (t) => formatDateNl(t.due) },
          { header: "Dagen over", cell: (t) => <DaysLeft days={t.daysLeft} /> },
          { header: "Dwangsom", cell: penaltyCell },
        ]}
      />

      <TermsSection
        id="realisatieverslagen"
        title="Realisatieverslagen te laat"
        empty="Geen plan waarvan het realisatieverslag te laat is."
        intro={
          <Paragraph>
            Plannen in uitvoering waarvan de termijn voor het realisatieverslag verstreken is en geen
            vaststelling is aangevraagd (regeling art. 5.5). Herinner de organisatie, of stel de subsidie
            ambtshalve vast (Awb 4:47).
          </Paragraph>
        }
        caption="Plannen in uitvoering zonder aanvraag tot vaststelling, waarvan het realisatieverslag te laat is"
        rows={reportsOverdue}
        more={more.reportsOverdue ? <MoreNote limit={listLimit} what="plannen" /> : undefined}
        href={(r) => `${planHref(r.id)}/vaststelling`}
        overdue={() => true}
        columns={[
          { header: "Organisatie", cell: (r) => r.organisationName },
          { header: "Looptijd tot en met", cell: (r) => formatDateNl(r.periodEnd) },
          { header: "Verslag uiterlijk", cell: (r) => formatDateNl(r.due) },
          { header: "Te laat", cell: (r) => <strong>{dayCount(r.daysLate)}</strong> },
          {
            header: "Verlenging",
            cell: (r) => (r.extensionRequested ? "verzoek staat open" : "—"),
          },
        ]}
      />

      <TermsSection
        id="tussentijdse-verslagen"
        title="Tussentijdse voortgangsverslagen te laat"
        empty="Geen plan waarvan een tussentijds voortgangsverslag te laat is."
        intro={
          <Paragraph>
            Verleningen van 12 maanden of langer die na maand 12 (en bij een looptijd van meer dan 24 maanden
            na maand 24) een tussentijds voortgangsverslag moeten indienen, uiterlijk 8 weken daarna (regeling
            art. 5.4), en dat niet op tijd hebben gedaan. De tekenbevoegden van de organisatie kregen vier
            weken voor de termijn en de dag erna een herinnering.
          </Paragraph>
        }
        caption="Tussentijdse voortgangsverslagen die niet op tijd zijn ingediend, van verleningen die nog lopen"
        rows={interimReportsOverdue}
        more={more.interimReportsOverdue ? <MoreNote limit={listLimit} what="verslagen" /> : undefined}
        rowKey={(r) => `${r.id}-${r.afterMonths}`}
        href={(r) => `${planHref(r.id)}/tussentijds`}
        overdue={() => true}
        columns={[
          { header: "Organisatie", cell: (r) => r.organisationName },
          { header: "Status", cell: (r) => r.statusLabel },
          { header: "Na maand", cell: (r) => r.afterMonths },
          { header: "Verslag uiterlijk", cell: (r) => formatDateNl(r.due) },
          { header: "Te laat", cell: (r) => <strong>{dayCount(r.daysLate)}</strong> },
          { header: "Concept", cell: (r) => (r.draftStarted ? "begonnen" : "—") },
        ]}
      />

      <TermsSection
        id="tussentijdse-verslagen-te-lezen"
        title="Tussentijdse voortgangsverslagen te lezen"
        empty="Geen ingediend tussentijds voortgangsverslag dat nog gelezen moet worden."
        caption="Ingediende tussentijdse voortgangsverslagen die nog niet door een behandelaar zijn gelezen, het langst wachtende eerst"
        rows={interimReportsToRead}
        more={more.interimReportsToRead ? <MoreNote limit={listLimit} what="verslagen" /> : undefined}
        rowKey={(r) => r.reportId}
        href={(r) => `${planHref(r.id)}/tussentijds`}
        columns={[
          { header: "Organisatie", cell: (r) => r.organisationName },
          { header: "Status", cell: (r) => r.statusLabel },
          { header: "Na maand", cell: (r) => r.afterMonths },
          { header: "Verslag uiterlijk", cell: (r) => formatDateNl(r.due) },
          {
            header: "Ingediend op",
            cell: (r) =>
              r.late ? <strong>{formatDateNl(r.submittedOn)} (te laat)</strong> : formatDateNl(r.submittedOn),
          },
        ]}
      />

      <TermsSection
        id="onderbesteding-te-laat"
        title="Meldingen onderbesteding te laat"
        empty="Geen melding onderbesteding te laat."
        intro={
          <Paragraph>
            Meldingen over een halfjaar waarin de kosten op of onder 75% van de begroting bleven (regeling
            art. 5.3), die na hun uiterste datum zijn ingediend en nog niet gelezen, of die begonnen zijn en
            na hun uiterste datum nog niet zijn ingediend. Of een melding nodig was zonder dat de organisatie
            er een begon, weet het portaal niet.
          </Paragraph>
        }
        caption="Meldingen onderbesteding die te laat zijn ingediend of na hun uiterste datum nog als concept openstaan"
        rows={meldingenLate}
        more={more.meldingenLate ? <MoreNote limit={listLimit} what="meldingen" /> : undefined}
        rowKey={(r) => r.meldingId}
        href={(r) => `${planHref(r.id)}/onderbesteding`}
        overdue={() => true}
        columns={[
          { header: "Organisatie", cell: (r) => r.organisationName },
          { header: "Status", cell: (r) => r.statusLabel },
          { header: "Halfjaar", cell: (r) => r.halfYear },
          { header: "Melding uiterlijk", cell: (r) => formatDateNl(r.due) },
          {
            header: "Ingediend op",
            cell: (r) =>
              r.submittedOn ? formatDateNl(r.submittedOn) : <strong>concept, niet ingediend</strong>,
          },
        ]}
      />

      <TermsSection
        id="onderbesteding-te-lezen"
        title="Meldingen onderbesteding te lezen"
        empty="Geen ingediende melding onderbesteding die nog gelezen moet worden."
        caption="Ingediende meldingen onderbesteding die nog niet door een behandelaar zijn gelezen, de langst wachtende eerst"
        rows={meldingenUnread}
        more={more.meldingenUnread ? <MoreNote limit={listLimit} what="meldingen" /> : undefined}
        rowKey={(r) => r.meldingId}
        href={(r) => `${planHref(r.id)}/onderbesteding`}
        columns={[
          { header: "Organisatie", cell: (r) => r.organisationName },
          { header: "Status", cell: (r) => r.statusLabel },
          { header: "Halfjaar", cell: (r) => r.halfYear },
          { header: "Melding uiterlijk", cell: (r) => formatDateNl(r.due) },
          {
            header: "Ingediend op",
            cell: (r) =>
              r.late && r.submittedOn ? (
                <strong>{formatDateNl(r.submittedOn)} (te laat)</strong>
              ) : r.submittedOn ? (
                formatDateNl(r.submittedOn)
              ) : (
                "—"
              ),
          },
        ]}
      />

      <TermsSection
        id="dwangsommen"
        title="Dwangsommen (Awb 4:17)"
        intro={
          <Paragraph>
            Totaal verschuldigd: <strong data-testid="penalty-total">{formatEuro(totalPenaltyCents)}</strong>.
            Een dwangsom loopt vanaf twee weken na ontvangst van de ingebrekestelling, zolang de beslistermijn
            is verstreken: € 23 per dag, na 14 dagen € 35, na 28 dagen € 45, ten hoogste 42 dagen (€ 1.442;
            Awb 4:17 lid 2).
          </Paragraph>
        }
        caption="Besluiten op aanvragen, verzoeken om verlenging en aanvragen tot vaststelling met een verschuldigde dwangsom"
        rows={penalties}
        rowKey={(p) => p.noticeId}
        href={noticeHref}
        columns={[
          { header: "Besluit op", cell: (p) => p.subjectLabel },
          { header: "Status", cell: (p) => p.statusLabel },
          { header: "Ingebrekestelling ontvangen", cell: (p) => formatDateNl(p.noticeReceivedOn) },
          {
            header: "Dagen",
            cell: (p) => `${p.exposure?.days ?? 0}${p.exposure?.capped ? " (maximum)" : ""}`,
          },
          { header: "Bedrag", cell: (p) => formatEuro(p.exposure?.cents ?? "0") },
        ]}
      />

      <TermsSection
        id="hersteltermijnen"
        title="Verstreken hersteltermijnen"
        empty="Geen verstreken hersteltermijnen."
        caption="Aanvullingen die niet binnen de hersteltermijn kwamen (buiten behandeling stellen binnen vier weken, Awb 4:5)"
        rows={lapsed}
        more={more.lapsed ? <MoreNote limit={listLimit} what="plannen" /> : undefined}
        href={(l) => `${planHref(l.id)}/volledigheid`}
        columns={[
          { header: "Organisatie", cell: (l) => l.organisationName },
          { header: "Gevraagd op", cell: (l) => formatDateNl(l.requestedOn) },
          { header: "Termijn tot en met", cell: (l) => formatDateNl(l.due) },
          { header: "Buiten behandeling stellen uiterlijk", cell: (l) => formatDateNl(l.closeBy) },
        ]}
      />

      <TermsSection
        id="uitvoering"
        title="Uitvoering niet op tijd gestart"
        empty="Geen verleningen waarvan de uitvoering te laat is."
        caption="Verleningen zonder gemelde start, voor intrekking (regeling art. 5.2)"
        rows={executionLate}
        more={more.executionLate ? <MoreNote limit={listLimit} what="verleningen" /> : undefined}
        href={(e) => planHref(e.id)}
        columns={[
          { header: "Organisatie", cell: (e) => e.organisationName },
          { header: "Had moeten starten uiterlijk", cell: (e) => formatDateNl(e.due) },
        ]}
      />
    </div>
  );
}
