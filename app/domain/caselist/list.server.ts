import { prisma } from "../../db/client.server.ts";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.ts";
import type { AssignmentStatus, PlanStatus, Role } from "../../generated/prisma/enums.ts";
import type { Actor } from "../actor.ts";
import {
  ASSESSED_IN,
  advisableAdvisedPlans,
  assessmentQueueWhere,
  assignmentsForPlans,
} from "../assessment/assignment.server.ts";
import { now } from "../clock.ts";
import { visiblePlans } from "../plan/access.server.ts";
import { decisionTermsOf, TERM_RUNNING, termDue } from "../review/deadlines.server.ts";
import { amsterdamDate, daysLeft, type LocalDate, localDateFromDb, localDateToDb } from "../time/index.ts";
import { statusLabeller } from "../workflow/revoked.server.ts";
import { isAbsent } from "./absence.server.ts";
import { type ListName, type ListParams, PAGE_SIZE, type SortKey } from "./params.ts";

/**
 * The staff lists (issue 5): the three queues and "all plans", with search, filters, sorting and
 * pagination. One counted query and one page query with LIMIT/OFFSET per request, both on indexes
 * (see the caselist_indexes migration), and two small batched look-ups for the page's 25 rows.
 */

type ListDef = {
  title: string;
  roles: readonly Role[];
  /** The plans that make up the queue; "alle" has none (every plan after submission). */
  where?: Prisma.PlanWhereInput;
  /** The moment of receipt that orders the list (design.md §2: allocation follows receipt). */
  receipt: "receivedAt" | "completeReceivedAt";
};

export const LISTS: Record<ListName, ListDef> = {
  volledigheid: {
    title: "Volledigheid beoordelen",
    roles: ["CASE_HANDLER"],
    where: { status: "SUBMITTED" },
    receipt: "receivedAt",
  },
  // The handler's other step: a request for vaststelling waits for the handler's proposal
  // (settlement/propose.server.ts) before the decision maker can settle it.
  vaststelling: {
    title: "Vaststelling voorstellen",
    roles: ["CASE_HANDLER"],
    where: { status: "SETTLEMENT_REQUESTED", settlement: { is: null } },
    receipt: "receivedAt",
  },
  beoordeling: {
    title: "Beoordelen en adviseren",
    roles: ["ADVISER"],
    // A waiting plan too: it is granted for what is left at the end of its window only on advice.
    // Also the ADVISED plans the actor may still advise on (advisableAdvisedPlans): see listWhere.
    where: { status: { in: [...ASSESSED_IN] } },
    receipt: "completeReceivedAt",
  },
  besluit: {
    title: "Besluiten",
    roles: ["DECISION_MAKER"],
    // Two besluiten wait for the decision maker: the grant on an advised plan, and the vaststelling
    // once the handler proposed it (the Settlement row is the proposal; settledAt is the besluit).
    where: {
      OR: [
        { status: "ADVISED" },
        { status: "SETTLEMENT_REQUESTED", settlement: { is: { settledAt: null } } },
      ],
    },
    receipt: "completeReceivedAt",
  },
  alle: {
    title: "Alle plannen",
    roles: ["CASE_HANDLER", "ADVISER", "DECISION_MAKER"],
    receipt: "receivedAt",
  },
};

export function listsFor(actor: Actor): ListName[] {
  return (Object.keys(LISTS) as ListName[]).filter((n) =>
    LISTS[n].roles.some((r) => actor.roles.includes(r)),
  );
}

/** The list asked for if the actor may see it, else the actor's first list. */
export function chooseList(actor: Actor, asked: ListName | undefined): ListName {
  const mine = listsFor(actor);
  if (asked && mine.includes(asked)) return asked;
  return mine[0] ?? "alle";
}

/**
 * Which plans a list may name. Unlike visiblePlans (who may open a plan's content), an Actieteam
 * adviser's list also names the plans in assessment (or waiting for budget: ASSESSED_IN) that may
 * still need an adviser, so that they can be claimed: kenmerk, organisation and title are what the
 * declaration page shows anyway (H3).
 */
function listVisibility(actor: Actor): Prisma.PlanWhereInput {
  if (actor.roles.some((r) => r === "CASE_HANDLER" || r === "DECISION_MAKER")) return visiblePlans(actor);
  if (actor.roles.includes("ADVISER")) {
    return {
      OR: [
        { status: { in: [...ASSESSED_IN] } },
        { assignments: { some: { adviserId: actor.userId, status: { not: "REMOVED" } } } },
      ],
    };
  }
  return { id: { in: [] } };
}

/**
 * Where a row's kenmerk leads. An adviser's list also names plans they may not open yet (see
 * listVisibility): a plan they hold a seat on but have not declared on leads to the declaration,
 * one without an adviser to the assignment page where it can be claimed. Linking those to the plan
 * itself gave the adviser a "page not found".
 */
export function rowHref(actor: Actor, planId: string, mine: AssignmentStatus | null): string {
  const plan = `/behandeling/plannen/${planId}`;
  if (actor.roles.some((r) => r === "CASE_HANDLER" || r === "DECISION_MAKER")) return plan;
  if (mine === "ACTIVE") return plan;
  if (mine) return `${plan}/verklaring`;
  return `/behandeling/toewijzing?plan=${planId}#plan-${planId}`;
}

/**
 * The search text as a literal for Prisma's `contains`, which becomes ILIKE without escaping
 * (prisma/prisma#19506): `_` and `%` would be wildcards, so "_" found every plan. PostgreSQL's
 * default escape character is the backslash, so it is escaped first.
 */
export function likeLiteral(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function listWhere(
  actor: Actor,
  list: ListName,
  p: ListParams,
  at: Date,
  /** Organisations whose name matches p.q, looked up first (see matchingOrganisations). */
  orgIds: string[] = [],
  /** For "Alleen verlopen": plans asked to supplement whose term is late (see lateWhileInfoRequested). */
  lateInfoRequested: string[] = [],
  /** For "Alleen verlopen": plans whose vaststelling is late (see lateSettlements). */
  lateSettlement: string[] = [],
  /** For the assessment queue: ADVISED plans the actor may still advise on (advisableAdvisedPlans). */
  advisable: string[] = [],
): Prisma.PlanWhereInput {
  const def = LISTS[list];
  const and: Prisma.PlanWhereInput[] = [listVisibility(actor), { status: { not: "DRAFT" } }];
  if (def.where && list === "beoordeling" && advisable.length > 0)
    and.push({ OR: [def.where, { id: { in: advisable } }] });
  else if (def.where) and.push(def.where);
  if (p.status) and.push({ status: p.status });
  if (p.q) {
    and.push({
      OR: [
        { reference: { contains: likeLiteral(p.q), mode: "insensitive" } },
        { organisationId: { in: orgIds } },
      ],
    });
  }
  if (p.sector) and.push({ sectorCodes: { has: p.sector } });
  if (p.tijdvak) and.push({ windowId: p.tijdvak });
  if (p.behandelaar) {
    // In the assessment queue "mine" means the adviser's own seat on the plan (issue 5, H3).
    if (list === "beoordeling" && p.behandelaar === "mijn") {
      and.push(assessmentQueueWhere(actor, "mine"));
    } else if (list === "beoordeling" && p.behandelaar === "geen") {
      and.push(assessmentQueueWhere(actor, "unassigned"));
    } else if (p.behandelaar === "mijn") {
      and.push({ handlerId: actor.userId });
    } else if (p.behandelaar === "geen") {
      and.push({ handlerId: null });
    } else {
      and.push({ handlerId: p.behandelaar });
    }
  }
  if (p.termijn === "verlopen") {
    // Late is late whichever besluit waits: the one on the aanvraag, or the vaststelling.
    and.push({
      OR: [
        {
          decisionDueOn: { lt: localDateToDb(amsterdamDate(at)) },
          OR: [{ status: { in: TERM_RUNNING } }, { id: { in: lateInfoRequested } }],
        },
        { id: { in: lateSettlement } },
      ],
    });
  }
  return { AND: and };
}

export function listOrder(
  list: ListName,
  sort: SortKey,
  desc: boolean,
): Prisma.PlanOrderByWithRelationInput[] {
  const dir = desc ? "desc" : "asc";
  // The plan number breaks ties (same moment of receipt), so pages never overlap or skip rows.
  const tie: Prisma.PlanOrderByWithRelationInput = { number: dir };
  switch (sort) {
    case "termijn":
      return [{ decisionDueOn: { sort: dir, nulls: "last" } }, tie];
    case "kenmerk":
      return [tie];
    case "organisatie":
      return [{ organisation: { name: dir } }, tie];
    default:
      return [{ [LISTS[list].receipt]: { sort: dir, nulls: "last" } }, tie];
  }
}

export type CaseRow = {
  id: string;
  reference: string;
  title: string;
  organisationName: string;
  status: PlanStatus;
  statusLabel: string;
  receivedAt: string | null;
  completeReceivedAt: string | null;
  /** Last day of the decision term (yyyy-mm-dd), null before complete receipt and while it stands still. */
  decisionDueOn: string | null;
  /** The decision term stands still: a supplement was asked during assessment (Awb 4:15). */
  termSuspended: boolean;
  /**
   * Which term the row's term cell is about: the decision term on the aanvraag, or, once the
   * vaststelling was asked (SETTLEMENT_REQUESTED), the vaststelling's; the grant's ended long ago.
   */
  termOf: "aanvraag" | "vaststelling";
  /** Last day of the vaststelling's decision term (regulation art. 5.5), for termOf "vaststelling". */
  settlementDueOn: string | null;
  /** Days left of the term the row is about (termOf), while it runs; negative once passed. */
  daysLeft: number | null;
  overdue: boolean;
  handler: { id: string; name: string; absent: boolean } | null;
  advisers: { name: string; absent: boolean }[];
  /** Where the kenmerk leads the actor: see rowHref. */
  href: string;
};

export type CaseList = {
  list: ListName;
  title: string;
  /** Which moment of receipt the "Ontvangen" column shows and sorts on. */
  receipt: "receivedAt" | "completeReceivedAt";
  sort: SortKey;
  desc: boolean;
  page: number;
  pageCount: number;
  total: number;
  rows: CaseRow[];
};

/**
 * The plans asked to supplement whose decision term is late at `at`, as the terms overview and the
 * row's own figures judge it (decisionTerm): a term that stands still has not passed, one whose
 * hersteltermijn lapsed runs again (its unused days added), and one asked after its end never
 * stood still (the request suspended nothing, Awb 4:15). Whether a request came before the end
 * cannot be said in a where clause, so the few candidates (INFO_REQUESTED, stored end passed; the
 * stored end is never later than the real one) are judged here and passed in as ids.
 */
async function lateWhileInfoRequested(db: PrismaClient, at: Date): Promise<string[]> {
  const candidates = await db.plan.findMany({
    where: { status: "INFO_REQUESTED", decisionDueOn: { lt: localDateToDb(amsterdamDate(at)) } },
    select: { id: true, status: true, completeReceivedAt: true, decisionDueOn: true, suspendedDays: true },
  });
  const terms = await decisionTermsOf(db, candidates, at);
  return candidates.flatMap((c) => {
    const term = terms.get(c.id);
    return term?.state === "running" && term.daysLeft < 0 ? [c.id] : [];
  });
}

/**
 * The vaststelling's decision term (regulation art. 5.5) is the day its request scheduled the
 * SETTLEMENT_DECISION_WARNING for (settlement/reminders.server.ts), from the grant's terms: read
 * there, as termsOverview and settlementDecisionTerm read it, never recomputed. The row stays once
 * the warning was sent or cancelled, so it is not filtered on those.
 */
const SETTLEMENT_TERM = "SETTLEMENT_DECISION_WARNING" as const;
const AWAITS_SETTLEMENT: Prisma.PlanWhereInput = {
  status: "SETTLEMENT_REQUESTED",
  reminders: { some: { kind: SETTLEMENT_TERM } },
};

/** The plans awaiting their vaststelling whose term passed: few, passed in as ids (as lateWhileInfoRequested). */
async function lateSettlements(db: PrismaClient, at: Date): Promise<string[]> {
  const rows = await db.reminder.findMany({
    where: {
      kind: SETTLEMENT_TERM,
      termEnd: { lt: localDateToDb(amsterdamDate(at)) },
      plan: { status: "SETTLEMENT_REQUESTED" },
    },
    select: { planId: true },
  });
  return rows.map((r) => r.planId);
}

/** The vaststelling's term end of each plan awaiting it, by plan id. */
async function settlementTermsOf(
  db: PrismaClient,
  plans: readonly { id: string; status: PlanStatus }[],
): Promise<Map<string, LocalDate>> {
  const ids = plans.filter((x) => x.status === "SETTLEMENT_REQUESTED").map((x) => x.id);
  if (ids.length === 0) return new Map();
  const rows = await db.reminder.findMany({
    where: { planId: { in: ids }, kind: SETTLEMENT_TERM },
    select: { planId: true, termEnd: true },
  });
  return new Map(rows.map((r) => [r.planId, localDateFromDb(r.termEnd)]));
}

/**
 * The "termijn" sort orders the rows by the term each row shows: a plan awaiting its vaststelling
 * by the vaststelling's term, every other plan by its decision term as stored (nulls last), the
 * plan number breaking ties; so a late vaststelling sits among the late decisions, not among plans
 * whose (long ended) grant term came first. The two keys live in different tables and the
 * vaststelling's in a one-to-many relation Prisma cannot order by, so two ordered streams are
 * merged: the vaststellingen (B, read from the Reminder side, usually few) and the others (A).
 * Of B the first skip+take are read; of A only the window that can reach the page: at most |B| of
 * B's rows come before it, so A's rows on the page lie from skip−|B| on. Returns the page's ids in
 * order, or null when no plan of the list awaits its vaststelling (the plain query then).
 */
async function termSortedIds(
  db: PrismaClient,
  where: Prisma.PlanWhereInput,
  desc: boolean,
  skip: number,
  take: number,
): Promise<string[] | null> {
  const dir = desc ? "desc" : "asc";
  const b = await db.reminder.findMany({
    where: { kind: SETTLEMENT_TERM, plan: { AND: [where, { status: "SETTLEMENT_REQUESTED" }] } },
    orderBy: [{ termEnd: dir }, { plan: { number: dir } }],
    take: skip + take,
    select: { planId: true, termEnd: true, plan: { select: { number: true } } },
  });
  if (b.length === 0) return null;
  const from = Math.max(0, skip - b.length);
  const a = await db.plan.findMany({
    where: { AND: [where, { NOT: AWAITS_SETTLEMENT }] },
    orderBy: [{ decisionDueOn: { sort: dir, nulls: "last" } }, { number: dir }],
    skip: from,
    take: skip + take - from,
    select: { id: true, decisionDueOn: true, number: true },
  });
  type Key = { id: string; due: Date | null; number: number };
  const sign = desc ? -1 : 1;
  // As listOrder: the day in the asked direction, a plan without one last either way, then the number.
  const before = (x: Key, y: Key): boolean => {
    if (x.due && !y.due) return true;
    if (!x.due && y.due) return false;
    const d = x.due && y.due ? x.due.getTime() - y.due.getTime() : 0;
    return sign * (d !== 0 ? d : x.number - y.number) < 0;
  };
  const as: Key[] = a.map((x) => ({ id: x.id, due: x.decisionDueOn, number: x.number }));
  const bs: Key[] = b.map((x) => ({ id: x.planId, due: x.termEnd, number: x.plan.number }));
  const merged: Key[] = [];
  let i = 0;
  let j = 0;
  while (i < as.length || j < bs.length) {
    const x = as[i];
    const y = bs[j];
    if (x && (!y || before(x, y))) {
      merged.push(x);
      i++;
    } else if (y) {
      merged.push(y);
      j++;
    }
  }
  // Merged index k is position from + k of the whole list for every row that can be on the page: a B
  // row merged before A's window lies before the page, one after a full window after it.
  return merged.slice(skip - from, skip - from + take).map((x) => x.id);
}

/**
 * Organisations whose name contains `q`, from the trigram index. Looked up apart from the plans: an
 * OR over the plan's kenmerk and a joined name cannot use either index (a sequential scan of every
 * plan), whereas kenmerk ILIKE OR organisationId IN (…) is a BitmapOr of two index scans.
 */
async function matchingOrganisations(db: PrismaClient, q: string): Promise<string[]> {
  const orgs = await db.organisation.findMany({
    where: { name: { contains: likeLiteral(q), mode: "insensitive" } },
    select: { id: true },
    take: 5000,
  });
  return orgs.map((o) => o.id);
}

export async function listCases(
  actor: Actor,
  p: ListParams,
  opts: { db?: PrismaClient } = {},
): Promise<CaseList> {
  const db = opts.db ?? prisma;
  const at = now();
  const list = chooseList(actor, p.lijst);
  const sort = p.sorteer ?? "ontvangst";
  const desc = p.richting === "af";
  const [orgIds, lateInfoRequested, lateSettlement, advisable] = await Promise.all([
    p.q ? matchingOrganisations(db, p.q) : [],
    p.termijn === "verlopen" ? lateWhileInfoRequested(db, at) : [],
    p.termijn === "verlopen" ? lateSettlements(db, at) : [],
    list === "beoordeling" ? advisableAdvisedPlans(db, actor) : [],
  ]);
  const where = listWhere(actor, list, p, at, orgIds, lateInfoRequested, lateSettlement, advisable);
  // Only these lists (and no other status filter) can hold a plan awaiting its vaststelling.
  const mayHoldSettlements =
    (list === "vaststelling" || list === "besluit" || list === "alle") &&
    (!p.status || p.status === "SETTLEMENT_REQUESTED");
  const pageOf = async (n: number) => {
    const ids =
      sort === "termijn" && mayHoldSettlements
        ? await termSortedIds(db, where, desc, (n - 1) * PAGE_SIZE, PAGE_SIZE)
        : null;
    const rows = await db.plan.findMany({
      where: ids ? { id: { in: ids } } : where,
      orderBy: listOrder(list, sort, desc),
      skip: ids ? 0 : (n - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        reference: true,
        title: true,
        status: true,
        receivedAt: true,
        completeReceivedAt: true,
        decisionDueOn: true,
        suspendedDays: true,
        handlerId: true,
        // The name is looked up with the handlers below: a nested select here is a second query
        // that Prisma runs after this one, one more round trip in a row.
        organisationId: true,
      },
    });
    if (!ids) return rows;
    const byId = new Map(rows.map((x) => [x.id, x]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  };
  // Count and page at once; only a page past the end (a stale link) costs a second page query.
  let [total, plans] = await Promise.all([db.plan.count({ where }), pageOf(p.pagina)]);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(p.pagina, pageCount);
  if (page !== p.pagina) plans = await pageOf(page);
  const handlerIds = [...new Set(plans.map((x) => x.handlerId).filter((id): id is string => !!id))];
  const organisationIds = [...new Set(plans.map((x) => x.organisationId))];
  // Organisation and handler names in one round trip: two small index look-ups, one query.
  const [names, assignments, statusLabel, terms, settlementTerms] = await Promise.all([
    db.$queryRaw<{ t: "o" | "u"; id: string; name: string; absent_until: Date | null }[]>`
      SELECT 'o' AS t, id, name, NULL::date AS absent_until FROM "Organisation" WHERE id = ANY(${organisationIds}::text[])
      UNION ALL
      SELECT 'u', id, name, "absentUntil" FROM "User" WHERE id = ANY(${handlerIds}::text[])`,
    assignmentsForPlans(
      actor,
      plans.map((x) => x.id),
    ),
    statusLabeller(db, plans),
    decisionTermsOf(db, plans, at),
    settlementTermsOf(db, plans),
  ]);
  const handlerById = new Map(
    names
      .filter((n) => n.t === "u")
      .map((h) => [h.id, { id: h.id, name: h.name, absentUntil: h.absent_until }]),
  );
  const organisationName = new Map(names.filter((n) => n.t === "o").map((o) => [o.id, o.name]));
  const rows: CaseRow[] = plans.map((x) => {
    const term = terms.get(x.id);
    // The real end (a lapsed hersteltermijn's days added); none while the term stands still. Only
    // a term that still runs is counted down; a decided plan's term ended with the decision (as on
    // the plan's own page, review/deadlines.server.ts).
    const due = termDue(term);
    // Awaiting its vaststelling, the plan's running term is the vaststelling's (a fixed term that
    // cannot stand still), counted as on the terms page.
    const settlementDue = x.status === "SETTLEMENT_REQUESTED" ? (settlementTerms.get(x.id) ?? null) : null;
    const left = settlementDue
      ? daysLeft(settlementDue, at)
      : term?.state === "running"
        ? term.daysLeft
        : null;
    const h = x.handlerId ? handlerById.get(x.handlerId) : undefined;
    return {
      id: x.id,
      reference: x.reference,
      title: x.title,
      organisationName: organisationName.get(x.organisationId) ?? "",
      status: x.status,
      statusLabel: statusLabel(x),
      receivedAt: x.receivedAt?.toISOString() ?? null,
      completeReceivedAt: x.completeReceivedAt?.toISOString() ?? null,
      decisionDueOn: due,
      termSuspended: term?.state === "suspended",
      termOf: x.status === "SETTLEMENT_REQUESTED" ? "vaststelling" : "aanvraag",
      settlementDueOn: settlementDue,
      daysLeft: left,
      overdue: left !== null && left < 0,
      handler: h ? { id: h.id, name: h.name, absent: isAbsent(h.absentUntil, at) } : null,
      advisers: (assignments.get(x.id)?.advisers ?? []).map((a) => ({ name: a.name, absent: a.absent })),
      href: rowHref(actor, x.id, assignments.get(x.id)?.mine ?? null),
    };
  });
  return {
    list,
    title: LISTS[list].title,
    receipt: LISTS[list].receipt,
    sort,
    desc,
    page,
    pageCount,
    total,
    rows,
  };
}

/**
 * What the queue page offers besides the list: the filter form's sectors (of the regulations),
 * windows and case handlers, and the staff the absence form can name. One query (three
 * aggregated subselects) instead of four round trips; the orders are those the forms show.
 */
export async function listOptions(db: PrismaClient = prisma) {
  const [row] = await db.$queryRaw<
    {
      sectors: ({ code: string; label: string }[] | null)[];
      windows: { id: string; name: string }[];
      staff: { id: string; name: string; absentUntil: LocalDate | null; handler: boolean }[];
    }[]
  >`
    SELECT
      (SELECT COALESCE(json_agg(r.sectors ORDER BY r.code), '[]') FROM "Regulation" r) AS sectors,
      (SELECT COALESCE(json_agg(json_build_object('id', w.id, 'name', w.name) ORDER BY w."opensAt" DESC), '[]')
         FROM "ApplicationWindow" w) AS windows,
      (SELECT COALESCE(json_agg(json_build_object(
                'id', u.id, 'name', u.name, 'absentUntil', to_char(u."absentUntil", 'YYYY-MM-DD'),
                'handler', EXISTS (SELECT 1 FROM "RoleMembership" m WHERE m."userId" = u.id AND m.role = 'CASE_HANDLER')
              ) ORDER BY u.name), '[]')
         FROM "User" u
        WHERE u.active
          AND EXISTS (SELECT 1 FROM "RoleMembership" m
                       WHERE m."userId" = u.id AND m.role IN ('CASE_HANDLER', 'ADVISER', 'DECISION_MAKER'))) AS staff`;
  const sectors = new Map<string, string>();
  for (const list of row?.sectors ?? []) {
    for (const s of list ?? []) {
      if (!sectors.has(s.code)) sectors.set(s.code, s.label);
    }
  }
  const today = amsterdamDate(now());
  const staff = row?.staff ?? [];
  return {
    sectors: [...sectors].map(([code, label]) => ({ code, label })),
    windows: row?.windows ?? [],
    handlers: staff
      .filter((u) => u.handler)
      .map((h) => ({ id: h.id, name: h.name, absent: !!h.absentUntil && h.absentUntil >= today })),
    /** Staff who can be marked absent (handlers, advisers, decision makers). */
    staff: staff.map((u) => ({ id: u.id, name: u.name, absentUntil: u.absentUntil })),
  };
}
