import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import {
  discardFailedJob,
  type FailedJob,
  failedJobs,
  JobNotFailed,
  jobCounts,
  QueuesUnavailable,
  retryAllFailed,
  retryFailedJob,
  schedulers,
} from "../../../workers/queue-admin.ts";
import { isQueueName, type QueueName } from "../../../workers/queues.ts";
import { requireRole } from "../../auth/session.server.ts";
import { planReferences } from "../../domain/audit/job-actions.server.ts";
import { formatDateTimeNl } from "../../domain/time/index.ts";
import { jobLabel, QUEUE_LABEL } from "../../jobs/definitions.ts";
import { Alert } from "../../ui/alert.tsx";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { Link } from "../../ui/link.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ActionDone } from "../../ui/review/action-done.tsx";
import type { Route } from "./+types/wachtrij";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data && "label" in data ? `${data.label} — ` : ""}Wachtrijen — Beheer — Sectorplanportaal` },
];

// One queue (ADR 0021): its failed jobs with their error, to retry or discard one by one or all at
// once, and its schedulers. Every retry and discard is in the audit trail.

const PAGE_SIZE = 20;

function queueOf(params: { queue: string }): QueueName {
  if (!isQueueName(params.queue)) throw data("Deze wachtrij bestaat niet.", { status: 404 });
  return params.queue;
}

const Query = z.object({ pagina: z.coerce.number().int().min(1).max(10_000).catch(1) });

/** What the page shows of a job's payload: its fields, with a plan's id as its kenmerk. */
function payloadLines(job: FailedJob, references: Map<string, string>): string[] {
  return Object.entries(job.data).map(([key, value]) => {
    if (key === "planId" && typeof value === "string") return `plan: ${references.get(value) ?? value}`;
    return `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`;
  });
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["ADMIN"]);
  const queue = queueOf(params);
  const { pagina } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const label = QUEUE_LABEL[queue].name;
  try {
    const [counts, failed, repeat] = await Promise.all([
      jobCounts(queue),
      failedJobs(queue, { skip: (pagina - 1) * PAGE_SIZE, take: PAGE_SIZE }),
      schedulers(queue),
    ]);
    const references = await planReferences(
      user.actor,
      failed.jobs.flatMap((j) => (typeof j.data.planId === "string" ? [j.data.planId] : [])),
    );
    return {
      queue,
      label,
      what: QUEUE_LABEL[queue].what,
      counts,
      page: pagina,
      pageCount: Math.max(1, Math.ceil(failed.total / PAGE_SIZE)),
      failedTotal: failed.total,
      failed: failed.jobs.map((j) => ({
        id: j.id,
        what: jobLabel(j.name),
        payload: payloadLines(j, references),
        attempts: `${j.attemptsMade} van ${j.attempts}`,
        created: formatDateTimeNl(j.createdAt),
        failedAt: j.failedAt ? formatDateTimeNl(j.failedAt) : "—",
        reason: j.failedReason || "(geen foutmelding)",
        stack: j.stack,
      })),
      schedulers: repeat.map((s) => ({
        id: s.id,
        what: jobLabel(s.jobName),
        every: s.everyMs ? everyText(s.everyMs) : "—",
        next: s.next ? formatDateTimeNl(s.next) : "—",
      })),
    };
  } catch (err) {
    if (err instanceof QueuesUnavailable)
      return data({ queue, label, unavailable: true as const }, { status: 503 });
    throw err;
  }
}

function everyText(ms: number): string {
  const minutes = ms / 60_000;
  if (Number.isInteger(minutes) && minutes >= 1)
    return minutes === 1 ? "elke minuut" : `elke ${minutes} minuten`;
  const seconds = Math.round(ms / 1000);
  return `elke ${seconds} seconden`;
}

const Act = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("retry"), jobId: z.string().trim().min(1).max(200) }),
  z.object({ intent: z.literal("discard"), jobId: z.string().trim().min(1).max(200) }),
  z.object({ intent: z.literal("retry-all") }),
]);

type ActionResult = { ok: true; message: string } | { ok: false; formError: string };

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["ADMIN"]);
  const queue = queueOf(params);
  const parsed = Act.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return data<ActionResult>(
      { ok: false, formError: "Kies een taak en wat ermee moet gebeuren." },
      { status: 400 },
    );
  }
  const act = parsed.data;
  try {
    if (act.intent === "retry-all") {
      const count = await retryAllFailed(user.actor, queue);
      return data<ActionResult>({
        ok: true,
        message:
          count === 0
            ? "Er waren geen mislukte taken meer."
            : `${count} ${count === 1 ? "taak staat" : "taken staan"} weer in de wachtrij.`,
      });
    }
    // Each records itself in the audit trail, in one go with the change in Redis.
    const job =
      act.intent === "retry"
        ? await retryFailedJob(user.actor, queue, act.jobId)
        : await discardFailedJob(user.actor, queue, act.jobId);
    return data<ActionResult>({
      ok: true,
      message:
        act.intent === "retry"
          ? `Taak ${job.id} (${jobLabel(job.name)}) staat weer in de wachtrij.`
          : `Taak ${job.id} (${jobLabel(job.name)}) is verwijderd.`,
    });
  } catch (err) {
    if (err instanceof JobNotFailed)
      return data<ActionResult>({ ok: false, formError: err.message }, { status: 409 });
    if (err instanceof QueuesUnavailable) {
      return data<ActionResult>(
        {
          ok: false,
          formError: "Redis antwoordt niet: er is niets veranderd. Probeer het over een minuut opnieuw.",
        },
        { status: 503 },
      );
    }
    throw err;
  }
}

const JOB_ACTIONS = [
  { intent: "retry", label: "Opnieuw proberen", appearance: "primary-action-button" },
  { intent: "discard", label: "Verwijderen", appearance: "secondary-action-button" },
] as const;

export default function QueuePage({ loaderData, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state !== "idle";
  const result = actionData as ActionResult | undefined;
  const header = (
    <>
      <Paragraph>
        <Link href="/beheer/wachtrijen">Alle wachtrijen</Link>
      </Paragraph>
      <Heading level={1}>Wachtrij {loaderData.label}</Heading>
      <ActionDone message={result?.ok ? result.message : undefined} />
      <ErrorSummary
        errors={result && !result.ok ? [{ id: "", message: result.formError }] : []}
        focusKey={result}
      />
    </>
  );
  if ("unavailable" in loaderData) {
    return (
      <div className="sp-stack">
        {header}
        <Alert type="error">
          <Paragraph>
            De wachtrij is nu niet te lezen: Redis antwoordt niet. Laad deze pagina over een minuut opnieuw.
          </Paragraph>
        </Alert>
      </div>
    );
  }
  const { what, counts, failed, failedTotal, page, pageCount } = loaderData;
  return (
    <div className="sp-stack">
      {header}
      <Paragraph>
        {what[0]?.toUpperCase()}
        {what.slice(1)}. Nu {counts.waiting} wachtend, {counts.active} bezig, {counts.delayed} uitgesteld,{" "}
        {counts.failed} mislukt.
      </Paragraph>

      <section aria-labelledby="mislukt" className="sp-stack">
        <Heading level={2} id="mislukt">
          Mislukte taken ({failedTotal})
        </Heading>
        {failedTotal === 0 ? (
          <Paragraph>Er zijn geen mislukte taken.</Paragraph>
        ) : (
          <>
            <Paragraph>
              Opnieuw proberen zet een taak terug in de wachtrij, met weer al haar pogingen; een brief of
              e-mail die al gemaakt is, wordt niet nog eens gemaakt. Verwijderen is definitief: wat de taak
              zou maken, wordt niet gemaakt. Beide staan in het auditlog.
            </Paragraph>
            <Form method="post">
              <input type="hidden" name="intent" value="retry-all" />
              <Button appearance="secondary-action-button" type="submit" disabled={busy}>
                {failedTotal === 1
                  ? "De mislukte taak opnieuw proberen"
                  : `Alle ${failedTotal} mislukte taken opnieuw proberen`}
              </Button>
            </Form>
            {failed.map((j) => (
              <section key={j.id} aria-labelledby={`job-${j.id}`} className="sp-stack sp-card">
                <Heading level={3} id={`job-${j.id}`}>
                  {j.what}: taak {j.id}
                </Heading>
                <dl className="sp-facts">
                  <dt>Gegevens</dt>
                  <dd>
                    {j.payload.length === 0
                      ? "—"
                      : j.payload.map((line) => (
                          <span key={line} className="sp-block">
                            {line}
                          </span>
                        ))}
                  </dd>
                  <dt>Aangemaakt</dt>
                  <dd>{j.created}</dd>
                  <dt>Mislukt</dt>
                  <dd>{j.failedAt}</dd>
                  <dt>Pogingen</dt>
                  <dd>{j.attempts}</dd>
                  <dt>Fout</dt>
                  <dd>{j.reason}</dd>
                </dl>
                {j.stack ? (
                  <details>
                    <summary>Technische details van de laatste poging</summary>
                    <pre className="sp-pre">{j.stack}</pre>
                  </details>
                ) : null}
                <div className="sp-actions">
                  {JOB_ACTIONS.map((act) => (
                    <Form method="post" key={act.intent}>
                      <input type="hidden" name="intent" value={act.intent} />
                      <input type="hidden" name="jobId" value={j.id} />
                      <Button
                        appearance={act.appearance}
                        type="submit"
                        disabled={busy}
                        aria-label={`${act.label}: taak ${j.id}`}
                      >
                        {act.label}
                      </Button>
                    </Form>
                  ))}
                </div>
              </section>
            ))}
            <Pagination page={page} pageCount={pageCount} href={(n) => `?pagina=${n}`} />
          </>
        )}
      </section>

      {loaderData.schedulers.length > 0 ? (
        <section aria-labelledby="terugkerend" className="sp-stack">
          <Heading level={2} id="terugkerend">
            Terugkerende taken
          </Heading>
          <ul>
            {loaderData.schedulers.map((s) => (
              <li key={s.id}>
                {s.what}: {s.every}, volgende keer {s.next}.
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
