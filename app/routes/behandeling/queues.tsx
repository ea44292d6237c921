import {
  Button,
  Heading,
  Paragraph,
  TableBody,
  TableCaption,
  TableHeader,
} from "@rijkshuisstijl-community/components-react";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { REVIEW_ROLES } from "../../domain/actor.ts";
import { setAbsence, takeOverPlan } from "../../domain/caselist/absence.server.ts";
import { type CaseRow, LISTS, listCases, listOptions, listsFor } from "../../domain/caselist/list.server.ts";
import { type ListParams, listHref, parseListParams, type SortKey } from "../../domain/caselist/params.ts";
import { now } from "../../domain/clock.ts";
import { amsterdamDate, isLocalDate } from "../../domain/time/index.ts";
import { STATUS_LABEL } from "../../domain/workflow/labels.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { SelectField, TextField } from "../../ui/fields.tsx";
import { dayCount, formatDate, formatTime } from "../../ui/format.ts";
import { Link } from "../../ui/link.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ActionDone } from "../../ui/review/action-done.tsx";
import { errorAt, summaryOf } from "../../ui/review/form-helpers.ts";
import { Table } from "../../ui/table.tsx";
import { TableCell, TableRow } from "../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../ui/table-header-cell.tsx";
import { actionFailure, validationFailure } from "../respond.server.ts";
import type { Route } from "./+types/queues";

export const meta: Route.MetaFunction = () => [{ title: "Behandeling — Sectorplanportaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, [...REVIEW_ROLES]);
  const params = parseListParams(new URL(request.url).searchParams);
  const [result, { staff, ...options }] = await Promise.all([listCases(user.actor, params), listOptions()]);
  return {
    params: { ...params, lijst: result.list },
    result,
    lists: listsFor(user.actor).map((name) => ({ name, title: LISTS[name].title })),
    options,
    staff,
    me: user.id,
    canTakeOver: user.roles.includes("CASE_HANDLER"),
    canRecordAbsence: user.roles.some((r) => r === "CASE_HANDLER" || r === "DECISION_MAKER"),
    // The open requests for a verlenging have a list of their own (/behandeling/verlengingen).
    canSeeExtensions: user.roles.some((r) => r === "CASE_HANDLER" || r === "DECISION_MAKER"),
    today: amsterdamDate(now()),
  };
}

const Intent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("overnemen"),
    planId: z.string().uuid({ message: "Dit plan bestaat niet (meer). Laad de lijst opnieuw." }),
    // The handler the list showed ("" for none): a colleague's take-over meanwhile is a conflict.
    shownHandler: z.union([z.literal(""), z.string().uuid()], {
      message: "Het formulier is niet volledig verstuurd. Laad de lijst opnieuw.",
    }),
  }),
  z.object({
    intent: z.literal("afwezig"),
    medewerker: z.string().uuid({ message: "Kies een medewerker." }),
    tot: z.union([
      z.literal(""),
      z.string().refine(isLocalDate, { message: "Vul een datum in als 31-12-2026, of laat het leeg." }),
    ]),
  }),
]);

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, ["CASE_HANDLER", "DECISION_MAKER"]);
  const form = Object.fromEntries(await request.formData());
  const parsed = Intent.safeParse(form);
  if (!parsed.success) {
    const errors: Record<string, { type: string; message: string }> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "intent");
      errors[key] ??= { type: "server", message: issue.message };
    }
    return validationFailure(errors, String(form.intent ?? ""));
  }
  try {
    if (parsed.data.intent === "overnemen") {
      await takeOverPlan(user.actor, parsed.data.planId, parsed.data.shownHandler || null);
      return { ok: true as const, message: "U behandelt dit plan nu." };
    }
    const tot = parsed.data.tot;
    const until = tot !== "" && isLocalDate(tot) ? tot : null;
    await setAbsence(user.actor, parsed.data.medewerker, until);
    return {
      ok: true as const,
      message: until ? `Afwezigheid vastgelegd tot en met ${formatDate(until)}.` : "Afwezigheid beëindigd.",
    };
  } catch (err) {
    return actionFailure(err, parsed.data.intent);
  }
}

const SORT_LABEL: Record<SortKey, string> = {
  ontvangst: "Ontvangen",
  termijn: "Beslistermijn",
  kenmerk: "Kenmerk",
  organisatie: "Aanvrager",
};

function SortHeader({
  params,
  sortKey,
  current,
  desc,
  label = SORT_LABEL[sortKey],
}: {
  params: ListParams;
  sortKey: SortKey;
  current: SortKey;
  desc: boolean;
  /** The column's name when it holds more than what it sorts by. */
  label?: string;
}) {
  const active = sortKey === current;
  const nextDesc = active ? !desc : false;
  return (
    // A plain th: the design-system cell does not pass aria-sort on.
    <th
      scope="col"
      className="utrecht-table__header-cell"
      aria-sort={active ? (desc ? "descending" : "ascending") : undefined}
    >
      <Link href={listHref(params, { sorteer: sortKey, richting: nextDesc ? "af" : "op", pagina: 1 })}>
        {label}
        {active ? (desc ? " ▼" : " ▲") : null}
      </Link>
    </th>
  );
}

/**
 * "5 december 2013" on one line and "om 10:00" under it where the column is narrow, instead of
 * "5 december / 2013 om / 10:00" over three lines.
 */
function ReceivedAt({ at }: { at: Date | string | null }) {
  if (!at) return <>—</>;
  return (
    <>
      <span className="sp-nowrap">{formatDate(at)}</span> om {formatTime(at)}
    </>
  );
}

function daysText(n: number): string {
  if (n < 0) return `${dayCount(-n)} verlopen`;
  if (n === 0) return "laatste dag";
  return `nog ${dayCount(n)}`;
}

/**
 * The term the row is about: the decision term on the aanvraag, or, for a plan awaiting its
 * vaststelling, the vaststelling's, named as such (the grant's term ended long before).
 */
function TermCell({ row }: { row: CaseRow }) {
  const vaststelling = row.termOf === "vaststelling";
  const due = vaststelling ? row.settlementDueOn : row.decisionDueOn;
  if (!due) {
    if (vaststelling) return <>vaststelling: —</>;
    return <>{row.termSuspended ? "staat stil (aanvulling gevraagd)" : "—"}</>;
  }
  return (
    <>
      {vaststelling ? "vaststelling: " : null}
      <span className="sp-nowrap">{formatDate(due)}</span>
      {row.daysLeft === null ? null : (
        <>
          <br />
          {row.overdue ? <strong className="sp-overdue">Verlopen: </strong> : null}
          {daysText(row.daysLeft)}
        </>
      )}
    </>
  );
}

export default function Queues({ loaderData, actionData }: Route.ComponentProps) {
  const {
    params,
    result,
    lists,
    options,
    staff,
    me,
    canTakeOver,
    canRecordAbsence,
    canSeeExtensions,
    today,
  } = loaderData;
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? actionData : undefined;
  const absenceFailure = failure?.form === "afwezig" ? failure : undefined;
  const takeOverFailure = failure && failure.form !== "afwezig" ? failure : undefined;
  const first = (result.page - 1) * 25 + 1;
  const last = first + result.rows.length - 1;

  return (
    <div className="sp-stack">
      <Heading level={1}>Behandeling</Heading>
      <ActionDone message={actionData?.ok ? actionData.message : undefined} />
      <ErrorSummary errors={summaryOf(takeOverFailure, "overnemen")} focusKey={takeOverFailure} />
      <nav aria-label="Lijsten">
        <ul className="sp-tabs-list">
          {lists.map((l) => (
            <li key={l.name}>
              <Link href={`?lijst=${l.name}`} aria-current={l.name === result.list ? "page" : undefined}>
                {l.title}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {canSeeExtensions ? (
        <Paragraph>
          <Link href="/behandeling/verlengingen">Verzoeken om verlenging</Link> van de looptijd van verleende
          plannen staan in een eigen lijst.
        </Paragraph>
      ) : null}
      <Paragraph>
        <Link href="/behandeling/dekking">Dekking van sectoren en regio's</Link>: welke sectoren en
        arbeidsmarktregio's al een plan hebben, en welke nog geen.
      </Paragraph>

      <section aria-labelledby="zoeken" className="sp-stack">
        <Heading level={2} id="zoeken">
          Zoeken en filteren
        </Heading>
        <Form method="get" className="sp-stack">
          <input type="hidden" name="lijst" value={result.list} />
          {params.sorteer ? <input type="hidden" name="sorteer" value={params.sorteer} /> : null}
          {params.richting ? <input type="hidden" name="richting" value={params.richting} /> : null}
          <TextField
            id="q"
            name="q"
            label="Kenmerk of organisatie"
            description="Een deel van het kenmerk (SP-2026-000012) of van de naam van de organisatie."
            defaultValue={params.q ?? ""}
          />
          <div className="sp-filter-grid">
            {result.list === "alle" ? (
              <SelectField
                id="status"
                name="status"
                label="Status"
                placeholder="Alle statussen"
                defaultValue={params.status ?? ""}
                options={Object.entries(STATUS_LABEL)
                  .filter(([s]) => s !== "DRAFT")
                  .map(([value, label]) => ({ value, label }))}
              />
            ) : null}
            <SelectField
              id="sector"
              name="sector"
              label="Sector"
              placeholder="Alle sectoren"
              defaultValue={params.sector ?? ""}
              options={options.sectors.map((s) => ({ value: s.code, label: s.label }))}
            />
            <SelectField
              id="tijdvak"
              name="tijdvak"
              label="Tijdvak"
              placeholder="Alle tijdvakken"
              defaultValue={params.tijdvak ?? ""}
              options={options.windows.map((w) => ({ value: w.id, label: w.name }))}
            />
            <SelectField
              id="behandelaar"
              name="behandelaar"
              label={result.list === "beoordeling" ? "Adviseur" : "Behandelaar"}
              placeholder="Iedereen"
              defaultValue={params.behandelaar ?? ""}
              options={[
                {
                  value: "mijn",
                  label: result.list === "beoordeling" ? "Aan mij toegewezen" : "Mijn plannen",
                },
                {
                  value: "geen",
                  label: result.list === "beoordeling" ? "Nog zonder adviseur" : "Zonder behandelaar",
                },
                ...(result.list === "beoordeling"
                  ? []
                  : options.handlers.map((h) => ({
                      value: h.id,
                      label: `${h.name}${h.absent ? " (afwezig)" : ""}`,
                    }))),
              ]}
            />
          </div>
          <div className="utrecht-form-field utrecht-form-field--checkbox">
            <input
              type="checkbox"
              id="termijn"
              name="termijn"
              value="verlopen"
              className="utrecht-checkbox utrecht-checkbox--html-input"
              defaultChecked={params.termijn === "verlopen"}
            />{" "}
            <label htmlFor="termijn" className="utrecht-form-label utrecht-form-label--checkbox">
              Alleen plannen waarvan de beslistermijn is verstreken (ook die op de vaststelling)
            </label>
          </div>
          <div className="sp-actions">
            <Button type="submit" appearance="primary-action-button">
              Zoeken
            </Button>{" "}
            <Link href={`?lijst=${result.list}`}>Filters wissen</Link>
          </div>
        </Form>
      </section>

      <section aria-labelledby="resultaten" className="sp-stack">
        <Heading level={2} id="resultaten">
          {result.title} ({result.total})
        </Heading>
        {result.total === 0 ? (
          <Paragraph>Geen plannen gevonden.</Paragraph>
        ) : (
          <>
            <Table className="sp-table--compact">
              <TableCaption>
                {result.title}: plan {first} tot en met {last} van {result.total}, pagina {result.page} van{" "}
                {result.pageCount}
              </TableCaption>
              <TableHeader>
                <TableRow>
                  {/* The title under its kenmerk, not a column of its own: the kenmerk stays on one line
                      and the eight columns still fit a 1280 px screen. */}
                  <SortHeader
                    params={params}
                    sortKey="kenmerk"
                    current={result.sort}
                    desc={result.desc}
                    label="Kenmerk en titel"
                  />
                  <SortHeader
                    params={params}
                    sortKey="organisatie"
                    current={result.sort}
                    desc={result.desc}
                  />
                  <TableHeaderCell scope="col">Status</TableHeaderCell>
                  <SortHeader params={params} sortKey="ontvangst" current={result.sort} desc={result.desc} />
                  <SortHeader params={params} sortKey="termijn" current={result.sort} desc={result.desc} />
                  <TableHeaderCell scope="col">Behandelaar</TableHeaderCell>
                  <TableHeaderCell scope="col">Adviseurs</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {result.rows.map((p) => (
                  <TableRow key={p.id}>
                    <TableHeaderCell scope="row">
                      <Link href={p.href} className="sp-nowrap">
                        {p.reference}
                      </Link>
                      <span className="sp-cell-note">{p.title}</span>
                    </TableHeaderCell>
                    <TableCell>{p.organisationName}</TableCell>
                    <TableCell>{p.statusLabel}</TableCell>
                    <TableCell>
                      <ReceivedAt
                        at={result.receipt === "completeReceivedAt" ? p.completeReceivedAt : p.receivedAt}
                      />
                    </TableCell>
                    <TableCell>
                      <TermCell row={p} />
                    </TableCell>
                    <TableCell>
                      {p.handler ? (
                        <>
                          {p.handler.id === me ? "U" : p.handler.name}
                          {p.handler.absent ? <strong> (afwezig)</strong> : null}
                        </>
                      ) : (
                        "—"
                      )}
                      {canTakeOver && p.handler?.absent && p.handler.id !== me ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="overnemen" />
                          <input type="hidden" name="planId" value={p.id} />
                          <input type="hidden" name="shownHandler" value={p.handler.id} />
                          <Button type="submit" appearance="secondary-action-button" disabled={busy}>
                            Overnemen<span className="sp-visually-hidden"> ({p.reference})</span>
                          </Button>
                        </Form>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      {p.advisers.length === 0
                        ? "—"
                        : p.advisers.map((a) => `${a.name}${a.absent ? " (afwezig)" : ""}`).join(", ")}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Pagination
              page={result.page}
              pageCount={result.pageCount}
              href={(n) => listHref(params, { pagina: n })}
            />
          </>
        )}
      </section>

      {canRecordAbsence ? (
        <section aria-labelledby="afwezigheid" className="sp-stack">
          <Heading level={2} id="afwezigheid">
            Afwezigheid
          </Heading>
          <Paragraph>
            Plannen van een afwezige behandelaar staan hierboven als "afwezig"; een behandelaar kan ze
            overnemen.
          </Paragraph>
          {staff.some((s) => s.absentUntil && s.absentUntil >= today) ? (
            <ul>
              {staff
                .filter((s) => s.absentUntil && s.absentUntil >= today)
                .map((s) => (
                  <li key={s.id}>
                    {s.name}: afwezig tot en met {formatDate(s.absentUntil)}
                  </li>
                ))}
            </ul>
          ) : (
            <Paragraph>Er is niemand afwezig.</Paragraph>
          )}
          <Form method="post" className="sp-stack" noValidate>
            <ErrorSummary errors={summaryOf(absenceFailure, "afwezig")} focusKey={absenceFailure} />
            <input type="hidden" name="intent" value="afwezig" />
            <SelectField
              id="afwezig-medewerker"
              name="medewerker"
              label="Medewerker"
              error={errorAt(absenceFailure, "medewerker")}
              options={staff.map((s) => ({ value: s.id, label: s.id === me ? `${s.name} (uzelf)` : s.name }))}
            />
            <TextField
              id="afwezig-tot"
              name="tot"
              type="date"
              label="Afwezig tot en met"
              description="Laat leeg om de afwezigheid te beëindigen."
              error={errorAt(absenceFailure, "tot")}
            />
            <Button type="submit" appearance="secondary-action-button" disabled={busy}>
              Afwezigheid vastleggen
            </Button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
