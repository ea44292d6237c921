import { prisma, type Tx } from "../../db/client.server.ts";
import { type PlanStatus, ReminderKind, type Role } from "../../generated/prisma/enums.ts";
import type { EmailTemplate } from "../../jobs/definitions.ts";
import { logger } from "../../log.server.ts";
import { assignmentPageHref, DECLARED_CONFLICT } from "../assessment/assignment.server.ts";
import { now } from "../clock.ts";
import { PLAN_TERMS_SELECT, termsOf } from "../decision/terms.ts";
import { EXTENDABLE_STATUSES } from "../extension/rules.ts";
import {
  handlerAndDecisionMakers,
  notifyPlanOrganisation,
  notifyUsers,
  planCaseHandlers,
  usersWithRole,
} from "../notifications/notify.server.ts";
import { resumeDecisionTermsAfterLapse } from "../review/deadlines.server.ts";
import { notConsideredCloseBy } from "../review/decision-term.ts";
import { type ReportDueGround, reportDueGround } from "../settlement/reminders.server.ts";
import { daysLeft, endOfAmsterdamDay, formatDateNl, localDateFromDb } from "../time/index.ts";
import { whenText } from "../words.ts";
import { STATUS_LABEL } from "../workflow/labels.ts";

/**
 * Whose step it is while the plan awaits the decision: the decision-term reminders go to them. A
 * status missing here has moved past the decision, so its decision-term reminders lapse.
 */
export const REMINDER_ROLE_FOR_STATUS: Partial<Record<PlanStatus, Role>> = {
  SUBMITTED: "CASE_HANDLER",
  INFO_REQUESTED: "CASE_HANDLER",
  IN_ASSESSMENT: "ADVISER",
  WAITING_FOR_BUDGET: "CASE_HANDLER",
  ADVISED: "DECISION_MAKER",
};

/** The only statuses in which each of the other reminders still makes sense. */
const LIVE_STATUSES: Record<Exclude<ReminderKind, (typeof DECISION_KINDS)[number]>, PlanStatus[]> = {
  SUPPLEMENT_TERM_WARNING: ["INFO_REQUESTED"],
  SUPPLEMENT_TERM_LAPSED: ["INFO_REQUESTED"],
  EXECUTION_NOT_STARTED: ["GRANTED", "PARTIALLY_GRANTED"],
  SETTLEMENT_REPORT_WARNING: ["IN_EXECUTION"],
  SETTLEMENT_DECISION_WARNING: ["SETTLEMENT_REQUESTED"],
  // A grant that ended (revoked, settlement requested) leaves no request for verlenging to decide.
  EXTENSION_DECISION_WARNING: [...EXTENDABLE_STATUSES],
};
const DECISION_KINDS = ["DECISION_TERM_WARNING", "DECISION_TERM_LAST_DAY"] as const;

/**
 * The reminders of one term, earliest first. When a later one is due as well (the worker was down
 * over both moments), the earlier has nothing left to say: only the latest speaks.
 */
const TERM_SEQUENCES: readonly (readonly ReminderKind[])[] = [
  DECISION_KINDS,
  ["SUPPLEMENT_TERM_WARNING", "SUPPLEMENT_TERM_LAPSED"],
];

function laterOfSameTerm(kind: ReminderKind): ReminderKind[] {
  for (const seq of TERM_SEQUENCES) {
    const i = seq.indexOf(kind);
    if (i >= 0) return seq.slice(i + 1);
  }
  return [];
}

/**
 * The kinds this version knows. A newer web server may write a kind added since (rolling deploy);
 * this worker reads only these, so neither it nor Prisma (which cannot map an enum value its client
 * does not know) meets another, and the tick does not fail for all reminders over one it cannot handle.
 */
const KNOWN_KINDS: readonly ReminderKind[] = Object.values(ReminderKind);

/** Due reminders of one kind this version does not know, and the earliest moment one was due. */
export type UnknownKindBacklog = { kind: string; count: number; oldest: Date };

/**
 * `superseded`: due, but a later reminder of the same term spoke for it (marked sent, no notice).
 * `unknown`: due, of a kind this version does not know, left untouched for a worker that knows it.
 */
export type SendDueRemindersResult = {
  sent: number;
  cancelled: number;
  superseded: number;
  unknown: UnknownKindBacklog[];
};

type DueRow = {
  id: string;
  planId: string;
  kind: ReminderKind;
  termEnd: Date;
  status: PlanStatus;
  reference: string;
  title: string;
  handlerId: string | null;
  /** The months asked in the plan's open request for verlenging; null when none is open. */
  extensionMonths: number | null;
};

/**
 * The vaststelling's decision term in weeks, as the grant's terms give it (a regulation parameter,
 * termsOf): the notice says the weeks the reminder's day was counted in, not always 22.
 */
async function settlementDecisionWeeksOf(tx: Tx, planId: string): Promise<number> {
  const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId }, select: PLAN_TERMS_SELECT });
  return termsOf(plan).settlementDecisionWeeks;
}

function isDecisionKind(kind: ReminderKind): kind is (typeof DECISION_KINDS)[number] {
  return (DECISION_KINDS as readonly string[]).includes(kind);
}

/** Said of a term that has passed: what the decision makers should do, and why. */
const LATE_DECISION =
  "Neem het besluit zo snel mogelijk: na een ingebrekestelling kan het uitblijven ervan een dwangsom kosten (Awb 4:17).";

/**
 * The decision-term notice, worded from the clock and not from the reminder's kind, as the e-mail
 * (templates/decision-term-reminder.server.ts) is: a tick delayed by an outage, or a term re-armed
 * after its moment, must not say "over 7 dagen" or "vandaag" when the term has already ended.
 */
function decisionTermText(row: DueRow, at: Date): { title: string; body: string } {
  const end = localDateFromDb(row.termEnd);
  const day = formatDateNl(end);
  const state = `Het plan staat op „${STATUS_LABEL[row.status]}”.`;
  const days = daysLeft(end, at);
  if (days < 0)
    return {
      title: `Beslistermijn ${row.reference} liep tot en met ${day} en is verstreken`,
      body:
        `De beslistermijn van ${row.reference} („${row.title}”) liep tot en met ${day} en is verstreken. ` +
        `${state} ${LATE_DECISION}`,
    };
  if (days === 0)
    return {
      title: `Beslistermijn ${row.reference} eindigt vandaag`,
      body:
        `Vandaag, ${day}, is de laatste dag van de beslistermijn van ${row.reference} („${row.title}”). ` +
        `${state} Na vandaag is het besluit te laat (Awb 4:17).`,
    };
  return {
    title: `Beslistermijn ${row.reference} eindigt ${days === 1 ? "morgen" : `over ${days} dagen`}`,
    body: `De beslistermijn van ${row.reference} („${row.title}”) eindigt op ${day}. ${state}`,
  };
}

/**
 * The verlenging's decision term, worded from the clock as the grant's is (decisionTermText): a
 * tick delayed past the last day must not say "over 7 dagen".
 */
function extensionTermText(row: DueRow, at: Date): { title: string; body: string } {
  const months = row.extensionMonths ?? 0;
  const end = localDateFromDb(row.termEnd);
  const day = formatDateNl(end);
  const asked = `Op het verzoek om verlenging van ${row.reference} („${row.title}”) met ${months} ${months === 1 ? "maand" : "maanden"}`;
  const days = daysLeft(end, at);
  if (days < 0)
    return {
      title: `Beslistermijn verlenging ${row.reference} liep tot en met ${day} en is verstreken`,
      body: `${asked} had uiterlijk ${day} moeten zijn beslist (acht weken, Awb 4:13 lid 2). ${LATE_DECISION}`,
    };
  return {
    title: `Beslistermijn verlenging ${row.reference} eindigt ${whenText(days)}`,
    body:
      `${asked} moet uiterlijk ${day} zijn beslist (acht weken, Awb 4:13 lid 2). ` +
      "Een besluit dat te laat komt, kan na een ingebrekestelling een dwangsom kosten (Awb 4:17).",
  };
}

/**
 * The vaststelling's decision term, worded from the clock as the grant's is (decisionTermText): a
 * tick delayed by an outage, or a term re-armed after its moment, must not give a day gone by as
 * the one to meet.
 */
function settlementTermText(row: DueRow, at: Date, weeks: number): { title: string; body: string } {
  const end = localDateFromDb(row.termEnd);
  const day = formatDateNl(end);
  const what = `De vaststelling van ${row.reference} („${row.title}”)`;
  const term = `(${weeks} weken na de aanvraag, regeling art. 5.5)`;
  const days = daysLeft(end, at);
  if (days < 0)
    return {
      title: `Vaststelling ${row.reference}: de beslistermijn liep tot en met ${day} en is verstreken`,
      body: `${what} had uiterlijk ${day} moeten zijn genomen ${term}. ${LATE_DECISION}`,
    };
  if (days === 0)
    return {
      title: `Vaststelling ${row.reference}: de beslistermijn eindigt vandaag`,
      body: `Vandaag, ${day}, is de laatste dag waarop ${what.charAt(0).toLowerCase()}${what.slice(1)} kan worden genomen ${term}.`,
    };
  return {
    title: `Vaststelling ${row.reference}: de beslistermijn eindigt ${whenText(days)}`,
    body: `${what} moet uiterlijk ${day} zijn genomen ${term}.`,
  };
}

/**
 * `settlementWeeks`: the vaststelling's term in weeks, for SETTLEMENT_DECISION_WARNING;
 * `reportGround`: why the realisation report is due on its day, for SETTLEMENT_REPORT_WARNING.
 */
function reminderText(
  row: DueRow,
  at: Date,
  settlementWeeks: number | null,
  reportGround: ReportDueGround | null,
): { title: string; body: string } {
  const day = formatDateNl(localDateFromDb(row.termEnd));
  switch (row.kind) {
    case "DECISION_TERM_WARNING":
    case "DECISION_TERM_LAST_DAY":
      return decisionTermText(row, at);
    case "SUPPLEMENT_TERM_WARNING":
      return {
        title: `Hersteltermijn ${row.reference} eindigt op ${day}`,
        body:
          `Wij wachten nog op de aanvulling van uw aanvraag ${row.reference} („${row.title}”). ` +
          `Stuur die uiterlijk op ${day}; daarna kunnen wij de aanvraag buiten behandeling stellen (Awb 4:5).`,
      };
    case "SUPPLEMENT_TERM_LAPSED": {
      const closeBy = formatDateNl(notConsideredCloseBy(endOfAmsterdamDay(localDateFromDb(row.termEnd))));
      return {
        title: `Hersteltermijn ${row.reference} verstreken`,
        body:
          `De hersteltermijn van ${row.reference} („${row.title}”) liep tot en met ${day} en is verstreken zonder aanvulling. ` +
          `U kunt de aanvraag buiten behandeling stellen (Awb 4:5); maak dat besluit uiterlijk op ${closeBy} bekend (Awb 4:5 lid 4).`,
      };
    }
    case "EXECUTION_NOT_STARTED":
      return {
        title: `Uitvoering ${row.reference} niet gestart`,
        body:
          `De uitvoering van ${row.reference} („${row.title}”) had uiterlijk ${day} moeten beginnen en is ` +
          "niet als gestart gemeld. De verlening kan worden ingetrokken (regeling art. 5.2).",
      };
    case "SETTLEMENT_REPORT_WARNING":
      return {
        title: `Realisatieverslag ${row.reference} uiterlijk ${day}`,
        body:
          `Dien het realisatieverslag van ${row.reference} („${row.title}”) uiterlijk ${day} in ` +
          (reportGround?.afterRefusal
            ? `(${reportGround.weeks} weken na het besluit op uw verzoek om verlenging).`
            : "(regeling art. 5.5)."),
      };
    case "SETTLEMENT_DECISION_WARNING":
      if (settlementWeeks === null)
        throw new Error("reminderText: the vaststelling's term without its weeks");
      return settlementTermText(row, at, settlementWeeks);
    case "EXTENSION_DECISION_WARNING":
      return extensionTermText(row, at);
  }
}

/** One group of recipients of a decision-term notice, with the link each of them can open. */
type Audience = { userIds: string[]; link: string; note?: string };

/**
 * The Actieteam's coordinators who may assign an adviser to the plan: active, and without a declared
 * conflict of interest on it (blocked from the plan, design.md §4). They cannot open the plan
 * itself without a seat (visiblePlans), only the assignment page that lists it.
 */
async function coordinatorsFor(tx: Tx, planId: string): Promise<string[]> {
  const rows = await tx.roleMembership.findMany({
    where: { role: "ADVISER", isCoordinator: true, user: { active: true } },
    select: { userId: true },
  });
  const conflicted = await tx.adviserAssignment.findMany({
    where: { planId, ...DECLARED_CONFLICT },
    select: { adviserId: true },
  });
  const blocked = new Set(conflicted.map((c) => c.adviserId));
  return [...new Set(rows.map((r) => r.userId))].filter((id) => !blocked.has(id));
}

/**
 * Who hears of the decision term, and where each is sent (design.md §4 Deadlines): the assignee of
 * the plan's current step. The handler (planCaseHandlers: every case handler while nobody holds the
 * plan, present colleagues too while the handler is absent); in assessment, the advisers holding
 * an ACTIVE seat; once advised, the decision makers. An assessment no adviser holds is not for the
 * Actieteam at large — an adviser without a seat opens no plan, and one who declared a conflict
 * may not — but for its coordinators, who assign one (on the assignment page), and the plan's
 * handler, who can open it. Every link leads somewhere its recipient may go.
 */
async function decisionTermAudiences(tx: Tx, row: DueRow, role: Role, at: Date): Promise<Audience[]> {
  const plan = staffLink(row.planId);
  if (role === "CASE_HANDLER")
    return [{ userIds: await planCaseHandlers(tx, row.handlerId, at), link: plan }];
  if (role === "DECISION_MAKER") return [{ userIds: await usersWithRole(tx, role), link: plan }];
  const active = await tx.adviserAssignment.findMany({
    where: { planId: row.planId, status: "ACTIVE" },
    select: { adviserId: true },
  });
  if (active.length > 0) return [{ userIds: [...new Set(active.map((a) => a.adviserId))], link: plan }];
  const handlers = await planCaseHandlers(tx, row.handlerId, at);
  // A coordinator who also handles cases opens the plan itself: told once, with its link.
  const coordinators = (await coordinatorsFor(tx, row.planId)).filter((id) => !handlers.includes(id));
  const none = "Er is nog geen adviseur actief op dit plan.";
  return [
    { userIds: handlers, link: plan, note: `${none} De coördinator van het Actieteam wijst er een toe.` },
    {
      userIds: coordinators,
      link: assignmentPageHref(row.planId),
      note: `${none} Wijs er een toe op de pagina Toewijzing.`,
    },
  ];
}

const staffLink = (planId: string) => `/behandeling/plannen/${planId}`;

/**
 * Whether a later reminder of the same term is due by `at` too (sent already or not: another tick
 * may hold or have sent it), or the hersteltermijn the warning is about has already ended. Then
 * this one says nothing: the later one tells the same term's state from the clock.
 */
async function superseded(tx: Tx, row: DueRow, at: Date): Promise<boolean> {
  if (row.kind === "SUPPLEMENT_TERM_WARNING" && daysLeft(localDateFromDb(row.termEnd), at) < 0) return true;
  const later = laterOfSameTerm(row.kind);
  if (later.length === 0) return false;
  const due = await tx.reminder.count({
    where: {
      planId: row.planId,
      kind: { in: later },
      termEnd: row.termEnd,
      dueAt: { lte: at },
      cancelledAt: null,
    },
  });
  return due > 0;
}

type Outcome = "sent" | "cancelled" | "superseded";

/**
 * Tells whoever the reminder is for, each user once; "cancelled" when it no longer applies,
 * "superseded" when a later reminder of the same term speaks instead.
 */
async function deliver(tx: Tx, row: DueRow, at: Date): Promise<Outcome> {
  const role = isDecisionKind(row.kind) ? REMINDER_ROLE_FOR_STATUS[row.status] : undefined;
  if (isDecisionKind(row.kind) ? !role : !LIVE_STATUSES[row.kind].includes(row.status)) return "cancelled";
  if (await superseded(tx, row, at)) return "superseded";
  // The reminder's mail names its term's last day (reminder-mail.server.ts skips it once moved).
  const mail = (template: EmailTemplate) => ({
    template,
    reminderId: row.id,
    termEnd: localDateFromDb(row.termEnd),
  });
  const text = reminderText(
    row,
    at,
    row.kind === "SETTLEMENT_DECISION_WARNING" ? await settlementDecisionWeeksOf(tx, row.planId) : null,
    row.kind === "SETTLEMENT_REPORT_WARNING"
      ? await reportDueGround(tx, row.planId, localDateFromDb(row.termEnd))
      : null,
  );
  if (isDecisionKind(row.kind) && role) {
    for (const audience of await decisionTermAudiences(tx, row, role, at)) {
      await notifyUsers(tx, audience.userIds, {
        planId: row.planId,
        title: text.title,
        body: audience.note ? `${text.body} ${audience.note}` : text.body,
        link: audience.link,
        email: mail("decision-term-reminder"),
      });
    }
    return "sent";
  }
  if (row.kind === "SETTLEMENT_REPORT_WARNING") {
    await notifyPlanOrganisation(tx, {
      planId: row.planId,
      ...text,
      link: `/aanvrager/plannen/${row.planId}/realisatie`,
      email: mail("settlement-report-due"),
    });
    return "sent";
  }
  // The verlenging's besluit is prepared by the handler and taken by a decision maker, as the
  // vaststelling is. Said only while a request is open: one decided, withdrawn or lapsed without
  // cancelling this reminder leaves no term.
  if (row.kind === "EXTENSION_DECISION_WARNING" && row.extensionMonths === null) return "cancelled";
  if (row.kind === "SETTLEMENT_DECISION_WARNING" || row.kind === "EXTENSION_DECISION_WARNING") {
    // The handler who proposes and the decision makers who settle: either may be the one late.
    // One person may be both (a small team): told once.
    const recipients = await handlerAndDecisionMakers(tx, row.handlerId, at);
    const settlement = row.kind === "SETTLEMENT_DECISION_WARNING";
    await notifyUsers(tx, recipients, {
      planId: row.planId,
      ...text,
      link: `${staffLink(row.planId)}/${settlement ? "vaststelling" : "verlenging"}`,
      email: mail(settlement ? "settlement-decision-term" : "extension-decision-term"),
    });
    return "sent";
  }
  if (row.kind === "SUPPLEMENT_TERM_WARNING") {
    await notifyPlanOrganisation(tx, {
      planId: row.planId,
      ...text,
      link: `/aanvrager/plannen/${row.planId}`,
      email: mail("supplement-term-reminder"),
    });
    return "sent";
  }
  const notice = {
    planId: row.planId,
    ...text,
    link: row.kind === "EXECUTION_NOT_STARTED" ? "/behandeling/termijnen" : staffLink(row.planId),
    email: mail(row.kind === "EXECUTION_NOT_STARTED" ? "execution-not-started" : "supplement-term-reminder"),
  };
  await notifyUsers(tx, await planCaseHandlers(tx, row.handlerId, at), notice);
  return "sent";
}

/** One batch in one transaction: the rows stay locked until their notifications are written. */
async function sendBatch(
  tx: Tx,
  at: Date,
  batch: number,
): Promise<Omit<SendDueRemindersResult, "unknown"> & { rows: number }> {
  // SKIP LOCKED: a second tick running at the same moment passes over the rows this one holds,
  // and once this one commits they carry sentAt or cancelledAt, so no tick picks them up again.
  const rows = await tx.$queryRaw<DueRow[]>`
    SELECT r.id, r."planId", r.kind::text AS kind, r."termEnd", p.status::text AS status, p.reference,
           p.title, p."handlerId",
           (SELECT e."requestedMonths" FROM "PlanExtension" e
            WHERE e."planId" = p.id AND e.status = 'REQUESTED' LIMIT 1) AS "extensionMonths"
    FROM "Reminder" r JOIN "Plan" p ON p.id = r."planId"
    WHERE r."dueAt" <= ${at} AND r."sentAt" IS NULL AND r."cancelledAt" IS NULL
      AND r.kind::text = ANY(${[...KNOWN_KINDS]}::text[])
    ORDER BY r."dueAt", r.id
    LIMIT ${batch}
    FOR UPDATE OF r SKIP LOCKED`;
  const result = { sent: 0, cancelled: 0, superseded: 0, rows: rows.length };
  const stamp = now();
  for (const row of rows) {
    const outcome = await deliver(tx, row, at);
    result[outcome]++;
    // Normally the state change cancelled a reminder that no longer applies; this covers one that
    // did not. A superseded one is marked sent, not cancelled: scheduling the same term again
    // clears cancelledAt (and would make it speak after all) but keeps the sentAt of an unmoved
    // moment, while a moved term clears sentAt and so re-arms it, as it should.
    await tx.reminder.update({
      where: { id: row.id },
      data: outcome === "cancelled" ? { cancelledAt: stamp } : { sentAt: stamp },
    });
  }
  return result;
}

/**
 * The due, unsent, uncancelled reminders whose kind is not one of `known`, per kind. Read without
 * locks and with the kind as text, so Prisma maps no enum value it does not know.
 */
export async function dueForUnknownKinds(
  at: Date,
  known: readonly string[] = KNOWN_KINDS,
): Promise<UnknownKindBacklog[]> {
  const rows = await prisma.$queryRaw<{ kind: string; count: bigint; oldest: Date }[]>`
    SELECT kind::text AS kind, count(*) AS count, min("dueAt") AS oldest FROM "Reminder"
    WHERE "dueAt" <= ${at} AND "sentAt" IS NULL AND "cancelledAt" IS NULL
      AND kind::text <> ALL(${[...known]}::text[])
    GROUP BY kind
    ORDER BY min("dueAt")`;
  return rows.map((r) => ({ kind: r.kind, count: Number(r.count), oldest: r.oldest }));
}

/** One line for all of a tick's reminders of unknown kinds, whatever their number. */
export function unknownReminderKindWarning(unknown: UnknownKindBacklog[], at = now()): string {
  const total = unknown.reduce((s, u) => s + u.count, 0);
  const parts = unknown.map(
    (u) =>
      `${u.kind}: ${u.count}, oldest due ${Math.round((at.getTime() - u.oldest.getTime()) / 1000)} s ago`,
  );
  return (
    `reminders: ${total} due reminders are of a kind this worker version does not know ` +
    `(${parts.join("; ")}); left unsent for a worker that knows it`
  );
}

/**
 * Sends every reminder that is due by `at` (the clock by default) and not yet sent or cancelled:
 * an in-app notification and an e-mail (outbox) to the assignee of the plan's current step (or the
 * applicant, for the hersteltermijn warning), in the same transaction that marks the reminder sent, so each reminder fires once.
 * Where the worker was away over several moments of one term, only the latest speaks, worded from
 * the clock; the earlier ones are marked sent without a notice.
 * Before that it resumes decision terms whose hersteltermijn lapsed unused (the lapse tick,
 * review/deadlines.server.ts). Called by the reminder tick (workers/processors/reminders.ts); safe
 * to run side by side.
 * Reminders of a kind this version does not know (written by a newer version) are left untouched,
 * for a worker that knows them; `warn` hears of them once a tick.
 */
export async function sendDueReminders(
  opts: { at?: Date; batch?: number; warn?: (line: string) => void } = {},
): Promise<SendDueRemindersResult> {
  const at = opts.at ?? now();
  const batch = opts.batch ?? 100;
  const warn = opts.warn ?? ((line: string) => logger.warn({ component: "reminders" }, line));
  // First the decision terms that run again after an unused hersteltermijn (Awb 4:15), so that
  // their rescheduled reminders and the handler's lapse notice speak of the term's new end.
  await resumeDecisionTermsAfterLapse(at);
  const total = { sent: 0, cancelled: 0, superseded: 0 };
  for (;;) {
    const r = await prisma.$transaction((tx) => sendBatch(tx, at, batch));
    total.sent += r.sent;
    total.cancelled += r.cancelled;
    total.superseded += r.superseded;
    if (r.rows < batch) break;
  }
  const unknown = await dueForUnknownKinds(at);
  if (unknown.length > 0) warn(unknownReminderKindWarning(unknown, at));
  return { ...total, unknown };
}
