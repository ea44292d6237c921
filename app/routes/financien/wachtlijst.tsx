import {
  Heading,
  Paragraph,
  TableBody,
  TableCaption,
  TableHeader,
} from "@rijkshuisstijl-community/components-react";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { prisma } from "../../db/client.server.ts";
import { waitingList } from "../../domain/budget/waiting-list.server.ts";
import { formatEuro } from "../../domain/money.ts";
import { formatDateTime } from "../../ui/format.ts";
import { Link } from "../../ui/link.tsx";
import { Table } from "../../ui/table.tsx";
import { TableCell, TableRow } from "../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../ui/table-header-cell.tsx";
import type { Route } from "./+types/wachtlijst";

export const meta: Route.MetaFunction = () => [{ title: "Wachtlijst budget — Sectorplanportaal" }];

const Query = z.object({
  // A fund name has no control characters; a NUL (%00) would be refused by PostgreSQL.
  fonds: z
    .string()
    .trim()
    .max(100)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
    .regex(/^[^\u0000-\u001f\u007f]*$/)
    .optional(),
  tijdvak: z.string().uuid().optional(),
});

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, ["FINANCE", "DECISION_MAKER", "CASE_HANDLER"]);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  // A bad filter shows the whole list rather than an error: it only narrows what is shown.
  const parsed = Query.safeParse(params);
  const filter = parsed.success ? parsed.data : {};
  const rows = await waitingList(prisma, {
    ...(filter.fonds ? { fund: filter.fonds } : {}),
    ...(filter.tijdvak ? { windowId: filter.tijdvak } : {}),
  });
  // Figures as text: the page shows them, nothing on the client computes with them.
  const funds = new Map<string, { fund: string; rows: ReturnType<typeof present>[] }>();
  for (const row of rows) {
    const group = funds.get(row.fund) ?? { fund: row.fund, rows: [] };
    group.rows.push(present(row));
    funds.set(row.fund, group);
  }
  return { groups: [...funds.values()], filtered: Boolean(filter.fonds || filter.tijdvak) };
}

function present(row: Awaited<ReturnType<typeof waitingList>>[number]) {
  return {
    position: row.position,
    planId: row.planId,
    reference: row.reference,
    title: row.title,
    organisationName: row.organisationName,
    receivedAt: formatDateTime(row.completeReceivedAt),
    windowName: row.windowName ?? "",
    requested: formatEuro(row.requestedCents),
    fits: row.fits,
    advice: row.advice.enough
      ? "Advies compleet"
      : row.advice.advisers === 0
        ? "Wacht op advies: nog geen adviseur toegewezen"
        : `Wacht op advies (${row.advice.advisers} ${row.advice.advisers === 1 ? "adviseur" : "adviseurs"} toegewezen)`,
    needs: row.needs.map((n) => ({
      pot: n.year === null ? n.potName : `Begrotingsjaar ${n.year}`,
      needed: formatEuro(n.neededCents),
      available: formatEuro(n.availableCents),
      short: n.neededCents > n.availableCents,
    })),
  };
}

export default function Wachtlijst({ loaderData }: Route.ComponentProps) {
  const { groups, filtered } = loaderData;
  return (
    <div className="sp-stack">
      <Heading level={1}>Wachtlijst budget</Heading>
      <Paragraph>
        Een volledige aanvraag die niet binnen het subsidieplafond of het budget van een begrotingsjaar past,
        wacht op budget. De plannen van één fonds delen de begrotingsjaren en staan daarom in één rij, in
        volgorde van ontvangst van de volledige aanvraag (artikel 1.5 van de regeling). Komt er geld vrij, dan
        krijgt het eerste plan zijn reservering zodra het past; een later plan gaat nooit voor.
      </Paragraph>
      <Paragraph>
        Een wachtend plan wordt ook beoordeeld: na de sluiting van het tijdvak wordt het alleen op advies van
        het Actieteam (gedeeltelijk) verleend. De coördinator wijst er adviseurs aan toe.
      </Paragraph>
      {filtered ? (
        <Paragraph>
          <Link href="/financien/wachtlijst">Toon de hele wachtlijst</Link>
        </Paragraph>
      ) : null}
      {groups.length === 0 ? <Paragraph>Er wachten geen plannen op budget.</Paragraph> : null}
      {groups.map((group, i) => (
        // The fund is a name ("Sociaal Akkoord 2013"), so the heading's id is its place, not the name.
        <section key={group.fund} aria-labelledby={`fonds-${i + 1}`} className="sp-stack">
          <Heading level={2} id={`fonds-${i + 1}`}>
            Fonds {group.fund}
          </Heading>
          <Table>
            <TableCaption>
              Wachtende plannen van fonds {group.fund}, in volgorde van ontvangst ({group.rows.length}{" "}
              {group.rows.length === 1 ? "plan" : "plannen"})
            </TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Plaats</TableHeaderCell>
                <TableHeaderCell scope="col">Plan</TableHeaderCell>
                <TableHeaderCell scope="col">Aanvrager</TableHeaderCell>
                <TableHeaderCell scope="col">Volledig ontvangen</TableHeaderCell>
                <TableHeaderCell scope="col">Aangevraagd</TableHeaderCell>
                <TableHeaderCell scope="col">Nodig en nog beschikbaar per pot</TableHeaderCell>
                <TableHeaderCell scope="col">Advies</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {group.rows.map((row) => (
                <TableRow key={row.planId}>
                  <TableHeaderCell scope="row">{row.position}</TableHeaderCell>
                  <TableCell>
                    <Link href={`/behandeling/plannen/${row.planId}`} className="sp-nowrap">
                      {row.reference}
                    </Link>
                    <br />
                    {row.title}
                    {row.windowName ? (
                      <>
                        <br />
                        <small>{row.windowName}</small>
                      </>
                    ) : null}
                  </TableCell>
                  <TableCell>{row.organisationName}</TableCell>
                  <TableCell>{row.receivedAt}</TableCell>
                  <TableCell>{row.requested}</TableCell>
                  <TableCell>
                    <ul>
                      {row.needs.map((n) => (
                        <li key={n.pot}>
                          {n.pot}: nodig {n.needed}, beschikbaar {n.available}
                          {n.short ? " — past niet" : ""}
                        </li>
                      ))}
                    </ul>
                    {row.fits ? (
                      <Paragraph>
                        Past nu; krijgt zijn reservering bij de volgende toewijzing
                        {row.position > 1 ? " als de plannen ervoor aan de beurt zijn geweest" : ""}.
                      </Paragraph>
                    ) : null}
                  </TableCell>
                  <TableCell>{row.advice}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      ))}
    </div>
  );
}
