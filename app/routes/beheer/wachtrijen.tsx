import {
  Heading,
  Paragraph,
  TableBody,
  TableCaption,
  TableHeader,
} from "@rijkshuisstijl-community/components-react";
import { data } from "react-router";
import { type JobCounts, jobCounts, QueuesUnavailable } from "../../../workers/queue-admin.ts";
import { DEFAULT_JOB_OPTIONS, isQueueName, QUEUE_NAMES } from "../../../workers/queues.ts";
import { requireRole } from "../../auth/session.server.ts";
import { outboxBacklog } from "../../domain/audit/job-actions.server.ts";
import { formatDateTimeNl } from "../../domain/time/index.ts";
import { inWords } from "../../domain/words.ts";
import { QUEUE_LABEL } from "../../jobs/definitions.ts";
import { Alert } from "../../ui/alert.tsx";
import { Link } from "../../ui/link.tsx";
import { Table } from "../../ui/table.tsx";
import { TableCell, TableRow } from "../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../ui/table-header-cell.tsx";
import type { Route } from "./+types/wachtrijen";

export const meta: Route.MetaFunction = () => [{ title: "Wachtrijen — Beheer — Sectorplanportaal" }];

// The admin's view of the background work (ADR 0021): per queue how many jobs wait, run, wait for a
// retry, failed for good and finished; each queue opens its failed jobs.

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["ADMIN"]);
  const attempts = DEFAULT_JOB_OPTIONS.attempts ?? 1;
  // PostgreSQL first: what waits in the outbox is worth showing most when Redis is away.
  const backlog = await outboxBacklog(user.actor);
  const outbox = QUEUE_NAMES.map((id) => {
    const b = backlog.get(id);
    return {
      id,
      label: QUEUE_LABEL[id].name,
      count: b?.count ?? 0,
      oldest: b ? formatDateTimeNl(b.oldest) : null,
    };
  });
  // Messages for a queue this version does not know: a newer version's, during a rolling deploy,
  // or one whose name changed. No worker of this version sends them; they wait, untouched.
  const unknownOutbox = [...backlog]
    .filter(([queue]) => !isQueueName(queue))
    .sort(([, a], [, b]) => a.oldest.getTime() - b.oldest.getTime())
    .map(([queue, b]) => ({ queue, count: b.count, oldest: formatDateTimeNl(b.oldest) }));
  try {
    const queues = await Promise.all(
      QUEUE_NAMES.map(async (id) => ({
        id,
        label: QUEUE_LABEL[id].name,
        what: QUEUE_LABEL[id].what,
        counts: await jobCounts(id),
      })),
    );
    return { queues, outbox, unknownOutbox, attempts };
  } catch (err) {
    if (err instanceof QueuesUnavailable)
      return data({ queues: null, outbox, unknownOutbox, attempts }, { status: 503 });
    throw err;
  }
}

const COLUMNS: { state: keyof JobCounts; label: string }[] = [
  { state: "waiting", label: "Wachtend" },
  { state: "active", label: "Bezig" },
  { state: "delayed", label: "Uitgesteld" },
  { state: "failed", label: "Mislukt" },
  { state: "completed", label: "Klaar (nog bewaard)" },
];

export default function Queues({ loaderData }: Route.ComponentProps) {
  const { queues, outbox, unknownOutbox, attempts } = loaderData;
  const waiting = outbox.filter((o) => o.count > 0);
  return (
    <div className="sp-stack">
      <Heading level={1}>Wachtrijen</Heading>
      <Paragraph>
        Het werk op de achtergrond: brieven maken, e-mails versturen, herinneringen en budgetwerk. Een taak
        die mislukt, probeert het portaal tot {inWords(attempts)} keer, met pauzes die groeien tot vijf
        minuten (samen ongeveer anderhalf uur, zodat een storing van de database of de mailserver vanzelf
        overgaat); lukt het dan nog niet, dan staat zij hier bij de mislukte taken, met haar fout. Uitgesteld
        is een taak die op een nieuwe poging wacht, of een terugkerende taak die op haar tijd wacht. Een taak
        twee keer uitvoeren heeft hetzelfde effect als één keer: opnieuw proberen maakt geen tweede brief of
        e-mail.
      </Paragraph>
      {queues === null ? (
        <Alert type="error">
          <Paragraph>
            De wachtrijen zijn nu niet te lezen: Redis antwoordt niet. Het werk blijft bewaard in de database
            (de outbox) en gaat verder zodra Redis terug is. Laad deze pagina over een minuut opnieuw.
          </Paragraph>
        </Alert>
      ) : (
        <Table>
          <TableCaption>Taken per wachtrij</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Wachtrij</TableHeaderCell>
              {COLUMNS.map((c) => (
                <TableHeaderCell key={c.state} scope="col" className="sp-money">
                  {c.label}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {queues.map((q) => (
              <TableRow key={q.id}>
                <TableHeaderCell scope="row">
                  <Link href={`/beheer/wachtrijen/${q.id}`}>{q.label}</Link>
                  <span className="sp-block">{q.what}</span>
                </TableHeaderCell>
                {COLUMNS.map((c) => (
                  <TableCell key={c.state} className="sp-money">
                    {q.counts[c.state].toLocaleString("nl-NL")}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <section aria-labelledby="outbox" className="sp-stack">
        <Heading level={2} id="outbox">
          Nog niet in een wachtrij
        </Heading>
        <Paragraph>
          Een brief, e-mail of ander werk wordt eerst in de database vastgelegd, in dezelfde transactie als
          het besluit of de wijziging waar het bij hoort (de outbox); de worker geeft het binnen een paar
          seconden door aan de wachtrij. Blijft het hier staan, dan is Redis of de worker weg: er gaat niets
          verloren, het wordt doorgegeven zodra beide er weer zijn.
        </Paragraph>
        {waiting.length === 0 ? (
          <Paragraph>Alles is doorgegeven aan de wachtrijen.</Paragraph>
        ) : (
          <ul>
            {waiting.map((o) => (
              <li key={o.id}>
                {o.label}: {o.count.toLocaleString("nl-NL")} {o.count === 1 ? "bericht" : "berichten"}, het
                oudste van {o.oldest}.
              </li>
            ))}
          </ul>
        )}
        {unknownOutbox.length > 0 && (
          <Alert type="warning">
            <Paragraph>
              Deze berichten zijn voor een wachtrij die deze versie van het portaal niet kent. Meestal komt
              dat doordat een nieuwere versie ze schreef terwijl de worker nog de oude versie draait; ze gaan
              dan vanzelf verder zodra de worker is bijgewerkt. Blijven ze staan, dan is de naam van de
              wachtrij veranderd: ze blijven bewaard, maar een ontwikkelaar moet ze overzetten.
            </Paragraph>
            <ul>
              {unknownOutbox.map((u) => (
                <li key={u.queue}>
                  <code>{u.queue}</code>: {u.count.toLocaleString("nl-NL")}{" "}
                  {u.count === 1 ? "bericht" : "berichten"}, het oudste van {u.oldest}.
                </li>
              ))}
            </ul>
          </Alert>
        )}
      </section>
      <Paragraph>
        De aantallen staan ook in de metrics van het portaal (<code>bullmq_jobs</code>,{" "}
        <code>outbox_pending_messages</code>, <code>outbox_unknown_queue_messages</code>), voor de bewaking.
      </Paragraph>
    </div>
  );
}
