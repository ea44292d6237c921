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
import { requireRole } from "../../auth/session.server.ts";
import { listQueue, type QueueName } from "../../domain/plan/plans.server.ts";
import type { Role } from "../../generated/prisma/enums.ts";
import { formatDateTime } from "../../ui/format.ts";
import type { Route } from "./+types/queues";

export const meta: Route.MetaFunction = () => [{ title: "Behandeling — Sectorplanportaal" }];

const QUEUES: { name: QueueName; role: Role; anchor: string; title: string; empty: string }[] = [
  {
    name: "completeness",
    role: "CASE_HANDLER",
    anchor: "volledigheid",
    title: "Volledigheid beoordelen",
    empty: "Er wachten geen ingediende plannen op een volledigheidscontrole.",
  },
  {
    name: "assessment",
    role: "ADVISER",
    anchor: "beoordeling",
    title: "Beoordelen en adviseren",
    empty: "Er wachten geen plannen op een advies.",
  },
  {
    name: "decision",
    role: "DECISION_MAKER",
    anchor: "besluit",
    title: "Besluiten",
    empty: "Er wachten geen plannen op een besluit.",
  },
];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["CASE_HANDLER", "ADVISER", "DECISION_MAKER"]);
  const mine = QUEUES.filter((q) => user.roles.includes(q.role));
  const lists = await Promise.all(mine.map((q) => listQueue(user.actor, q.name)));
  return {
    queues: mine.map((q, i) => ({
      ...q,
      plans: (lists[i] ?? []).map((p) => ({
        id: p.id,
        reference: p.reference,
        title: p.title,
        organisationName: p.organisationName,
        statusLabel: p.statusLabel,
        submittedAt: p.submittedAt?.toISOString() ?? null,
        completeReceivedAt: p.completeReceivedAt?.toISOString() ?? null,
      })),
    })),
  };
}

export default function Queues({ loaderData }: Route.ComponentProps) {
  return (
    <div className="sp-stack">
      <Heading level={1}>Behandeling</Heading>
      <Paragraph>Plannen staan in volgorde van ontvangst; de oudste bovenaan.</Paragraph>
      {loaderData.queues.map((q) => (
        <section key={q.name} aria-labelledby={q.anchor} className="sp-stack">
          <Heading level={2} id={q.anchor}>
            {q.title} ({q.plans.length})
          </Heading>
          {q.plans.length === 0 ? (
            <Paragraph>{q.empty}</Paragraph>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Kenmerk</TableHeaderCell>
                  <TableHeaderCell scope="col">Titel</TableHeaderCell>
                  <TableHeaderCell scope="col">Aanvrager</TableHeaderCell>
                  <TableHeaderCell scope="col">Ingediend</TableHeaderCell>
                  <TableHeaderCell scope="col">Volledig ontvangen</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {q.plans.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell>
                      <Link href={`/behandeling/plannen/${p.id}`}>{p.reference}</Link>
                    </TableCell>
                    <TableCell>{p.title}</TableCell>
                    <TableCell>{p.organisationName}</TableCell>
                    <TableCell>{formatDateTime(p.submittedAt)}</TableCell>
                    <TableCell>{formatDateTime(p.completeReceivedAt)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </section>
      ))}
    </div>
  );
}
