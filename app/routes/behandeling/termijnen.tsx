import {
  Heading,
  Paragraph,
  TableBody,
  TableCaption,
  TableHeader,
} from "@rijkshuisstijl-community/components-react";
import { requireRole } from "../../auth/session.server.ts";
import { termsOverview } from "../../domain/review/deadlines.server.ts";
import { formatDateNl } from "../../domain/time/index.ts";
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
// (art. 5.5). For the case handler and the decision maker.

export const meta: Route.MetaFunction = () => [{ title: "Termijnen — Behandeling — Sectorplanportaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["CASE_HANDLER", "DECISION_MAKER"]);
  try {
    const o = await termsOverview(user.actor);
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
      extensionTerms: o.extensionTerms,
      settlementTerms: o.settlementTerms,
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
  } = loaderData;
  return (
    <div className="sp-stack">
      <Heading level={1}>Termijnen</Heading>
      <Paragraph>Stand van {formatDateNl(today)}.</Paragraph>

      <section aria-labelledby="beslistermijnen" className="sp-stack">
        <Heading level={2} id="beslistermijnen">
          Beslistermijnen verstreken of bijna verstreken
        </Heading>
        {decisionTerms.length === 0 ? (
          <Paragraph>Geen beslistermijn verstreken of binnen 7 dagen.</Paragraph>
        ) : (
          <Table>
            <TableCaption>
              Plannen waarvan de beslistermijn verstreken is of binnen 7 dagen eindigt
            </TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Kenmerk</TableHeaderCell>
                <TableHeaderCell scope="col">Organisatie</TableHeaderCell>
                <TableHeaderCell scope="col">Status</TableHeaderCell>
                <TableHeaderCell scope="col">Termijn tot en met</TableHeaderCell>
                <TableHeaderCell scope="col">Dagen over</TableHeaderCell>
                <TableHeaderCell scope="col">Dwangsom</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {decisionTerms.map((t) => (
                <TableRow key={t.id} data-overdue={t.daysLeft < 0 ? "ja" : undefined}>
                  <TableHeaderCell scope="row">
                    <Link href={planHref(t.id)} className="sp-nowrap">
                      {t.reference}
                    </Link>
                  </TableHeaderCell>
                  <TableCell>{t.organisationName}</TableCell>
                  <TableCell>{t.statusLabel}</TableCell>
                  <TableCell>{formatDateNl(t.due)}</TableCell>
                  <TableCell>
                    {t.daysLeft < 0 ? <strong>{daysLeftText(t.daysLeft)}</strong> : daysLeftText(t.daysLeft)}
                  </TableCell>
                  <TableCell>
                    {t.exposure
                      ? formatEuro(t.exposure.cents)
                      : t.daysLeft < 0
                        ? "geen ingebrekestelling"
                        : "—"}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="verlengingen" className="sp-stack">
        <Heading level={2} id="verlengingen">
          Beslistermijnen van verzoeken om verlenging
        </Heading>
        {extensionTerms.length === 0 ? (
          <Paragraph>Er staan geen verzoeken om verlenging open.</Paragraph>
        ) : (
          <Table>
            <TableCaption>
              Verzoeken om verlenging van de looptijd (regeling art. 1.2a) waarop nog niet is beslist; de
              beslistermijn is acht weken na ontvangst (Awb 4:13 lid 2)
            </TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Kenmerk</TableHeaderCell>
                <TableHeaderCell scope="col">Organisatie</TableHeaderCell>
                <TableHeaderCell scope="col">Gevraagd op</TableHeaderCell>
                <TableHeaderCell scope="col">Maanden</TableHeaderCell>
                <TableHeaderCell scope="col">Termijn tot en met</TableHeaderCell>
                <TableHeaderCell scope="col">Dagen over</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {extensionTerms.map((t) => (
                <TableRow key={t.extensionId} data-overdue={t.daysLeft < 0 ? "ja" : undefined}>
                  <TableHeaderCell scope="row">
                    <Link href={`${planHref(t.id)}/verlenging`} className="sp-nowrap">
                      {t.reference}
                    </Link>
                  </TableHeaderCell>
                  <TableCell>{t.organisationName}</TableCell>
                  <TableCell>{formatDateNl(t.requestedOn)}</TableCell>
                  <TableCell>{t.months}</TableCell>
                  <TableCell>{formatDateNl(t.due)}</TableCell>
                  <TableCell>
                    {t.daysLeft < 0 ? <strong>{daysLeftText(t.daysLeft)}</strong> : daysLeftText(t.daysLeft)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="vaststellingen" className="sp-stack">
        <Heading level={2} id="vaststellingen">
          Beslistermijnen van vaststellingen
        </Heading>
        {settlementTerms.length === 0 ? (
          <Paragraph>Geen beslistermijn van een vaststelling verstreken of binnen 7 dagen.</Paragraph>
        ) : (
          <Table>
            <TableCaption>
              Verzoeken om vaststelling waarop nog niet is beslist en waarvan de beslistermijn verstreken is
              of binnen 7 dagen eindigt (regeling art. 5.5)
            </TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Kenmerk</TableHeaderCell>
                <TableHeaderCell scope="col">Organisatie</TableHeaderCell>
                <TableHeaderCell scope="col">Verslag ontvangen op</TableHeaderCell>
                <TableHeaderCell scope="col">Termijn tot en met</TableHeaderCell>
                <TableHeaderCell scope="col">Dagen over</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {settlementTerms.map((t) => (
                <TableRow key={t.id} data-overdue={t.daysLeft < 0 ? "ja" : undefined}>
                  <TableHeaderCell scope="row">
                    <Link href={`${planHref(t.id)}/vaststelling`} className="sp-nowrap">
                      {t.reference}
                    </Link>
                  </TableHeaderCell>
                  <TableCell>{t.organisationName}</TableCell>
                  <TableCell>{t.requestedOn ? formatDateNl(t.requestedOn) : "—"}</TableCell>
                  <TableCell>{formatDateNl(t.due)}</TableCell>
                  <TableCell>
                    {t.daysLeft < 0 ? <strong>{daysLeftText(t.daysLeft)}</strong> : daysLeftText(t.daysLeft)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="dwangsommen" className="sp-stack">
        <Heading level={2} id="dwangsommen">
          Dwangsommen (Awb 4:17)
        </Heading>
        <Paragraph>
          Totaal verschuldigd: <strong data-testid="penalty-total">{formatEuro(totalPenaltyCents)}</strong>.
          Een dwangsom loopt vanaf twee weken na ontvangst van de ingebrekestelling, zolang de beslistermijn
          is verstreken: € 23 per dag, na 14 dagen € 35, na 28 dagen € 45, ten hoogste 42 dagen (€ 1.442; Awb
          4:17 lid 2).
        </Paragraph>
        {penalties.length > 0 ? (
          <Table>
            <TableCaption>Plannen met een verschuldigde dwangsom</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Kenmerk</TableHeaderCell>
                <TableHeaderCell scope="col">Status</TableHeaderCell>
                <TableHeaderCell scope="col">Ingebrekestelling ontvangen</TableHeaderCell>
                <TableHeaderCell scope="col">Dagen</TableHeaderCell>
                <TableHeaderCell scope="col">Bedrag</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {penalties.map((p) => (
                <TableRow key={p.id}>
                  <TableHeaderCell scope="row">
                    <Link href={planHref(p.id)} className="sp-nowrap">
                      {p.reference}
                    </Link>
                  </TableHeaderCell>
                  <TableCell>{p.statusLabel}</TableCell>
                  <TableCell>{formatDateNl(p.noticeReceivedOn)}</TableCell>
                  <TableCell>
                    {p.exposure?.days ?? 0}
                    {p.exposure?.capped ? " (maximum)" : ""}
                  </TableCell>
                  <TableCell>{formatEuro(p.exposure?.cents ?? "0")}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </section>

      <section aria-labelledby="hersteltermijnen" className="sp-stack">
        <Heading level={2} id="hersteltermijnen">
          Verstreken hersteltermijnen
        </Heading>
        {lapsed.length === 0 ? (
          <Paragraph>Geen verstreken hersteltermijnen.</Paragraph>
        ) : (
          <Table>
            <TableCaption>
              Aanvullingen die niet binnen de hersteltermijn kwamen (buiten behandeling stellen binnen vier
              weken, Awb 4:5)
            </TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Kenmerk</TableHeaderCell>
                <TableHeaderCell scope="col">Organisatie</TableHeaderCell>
                <TableHeaderCell scope="col">Gevraagd op</TableHeaderCell>
                <TableHeaderCell scope="col">Termijn tot en met</TableHeaderCell>
                <TableHeaderCell scope="col">Buiten behandeling stellen uiterlijk</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {lapsed.map((l) => (
                <TableRow key={l.id}>
                  <TableHeaderCell scope="row">
                    <Link href={`${planHref(l.id)}/volledigheid`} className="sp-nowrap">
                      {l.reference}
                    </Link>
                  </TableHeaderCell>
                  <TableCell>{l.organisationName}</TableCell>
                  <TableCell>{formatDateNl(l.requestedOn)}</TableCell>
                  <TableCell>{formatDateNl(l.due)}</TableCell>
                  <TableCell>{formatDateNl(l.closeBy)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="uitvoering" className="sp-stack">
        <Heading level={2} id="uitvoering">
          Uitvoering niet op tijd gestart
        </Heading>
        {executionLate.length === 0 ? (
          <Paragraph>Geen verleningen waarvan de uitvoering te laat is.</Paragraph>
        ) : (
          <Table>
            <TableCaption>Verleningen zonder gemelde start, voor intrekking (regeling art. 5.2)</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Kenmerk</TableHeaderCell>
                <TableHeaderCell scope="col">Organisatie</TableHeaderCell>
                <TableHeaderCell scope="col">Had moeten starten uiterlijk</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {executionLate.map((e) => (
                <TableRow key={e.id}>
                  <TableHeaderCell scope="row">
                    <Link href={planHref(e.id)} className="sp-nowrap">
                      {e.reference}
                    </Link>
                  </TableHeaderCell>
                  <TableCell>{e.organisationName}</TableCell>
                  <TableCell>{formatDateNl(e.due)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </div>
  );
}
