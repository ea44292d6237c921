import type { PlanStatus, Role } from "../../generated/prisma/enums.ts";
import { ROLE_LABEL } from "../accounts/validation.ts";
import { EVENT_LABEL, STATUS_LABEL } from "./labels.ts";

/**
 * The picture of the workflow on /behandeling/werkproces, computed from the workflow table
 * itself (passed in, so that this module stays free of server code): one node per state, one
 * edge per (event, from, to), laid out in ranks by distance from DRAFT. Nothing is drawn by hand,
 * so the picture cannot drift from the code.
 */

/** What the page needs of a transition of the table (definition.server.ts's Transition). */
export type TableTransition = {
  from: readonly PlanStatus[];
  to: PlanStatus;
  alternatives?: readonly PlanStatus[];
  stays?: readonly PlanStatus[];
  roles: readonly Role[];
  guards: readonly { name: string }[];
  description: string;
};

/** Where the event may lead from `from`: nowhere else for an origin it leaves as it is (`stays`). */
export function targetsFrom(t: TableTransition, from: PlanStatus): PlanStatus[] {
  return t.stays?.includes(from) ? [from] : [t.to, ...(t.alternatives ?? [])];
}

/**
 * Each guard of the table in words, by the guard's function name. A guard without a label here
 * shows its name, and the test on this module fails: describe it when you add one.
 */
export const GUARD_LABEL: Record<string, string> = {
  ownOrganisation: "het plan is van de eigen organisatie",
  signatory: "alleen een tekenbevoegde",
  signatoryToWithdraw: "alleen een tekenbevoegde",
  signatoryToSettle: "alleen een tekenbevoegde",
  fourEyesRefusal: "vier ogen: niet de behandelaar of een adviseur van het plan",
  fourEyes: "vier ogen: niet de behandelaar of een adviseur van het plan",
  windowClosed: "een wachtend plan pas na sluiting van het tijdvak",
  executionLate: "de termijn om met de uitvoering te beginnen is verstreken",
  notTheHandler: "niet de behandelaar van het plan",
  notAnAdviserToAsk: "geen adviseur van het plan",
  notAnAdviserToClose: "geen adviseur van het plan",
  activeAdviserGuard: "toegewezen adviseur zonder belangenverstrengeling",
  hersteltermijnLapsed: "de hersteltermijn is verstreken",
  signatoryToExtend: "alleen een tekenbevoegde",
  signatoryToWithdrawExtension: "alleen een tekenbevoegde",
  extensionInTerms: "de verlening staat verlenging toe",
  extensionOnce: "eenmalig: niet eerder verlengd en geen verzoek dat nog loopt",
  periodNotEnded: "de periode is nog niet afgelopen",
  requestWindow:
    "na het tussentijds voortgangsverslag na de 12e maand en uiterlijk 24 maanden na de beschikking (art. 1.2a lid 2)",
  extensionOpen: "er loopt een verzoek om verlenging",
  noExtensionOpen: "er loopt geen verzoek om verlenging",
  signatoryToReport: "alleen een tekenbevoegde",
  signatoryToReportStart: "alleen een tekenbevoegde",
  signatoryToReportUnderspending: "alleen een tekenbevoegde",
  notAnAdviserToReview: "geen adviseur van het plan",
  notAnAdviserToReviewMelding: "geen adviseur van het plan",
};

export const guardLabel = (name: string): string => GUARD_LABEL[name] ?? name;

export type DiagramNode = {
  id: PlanStatus;
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
};
export type DiagramEdge = {
  id: string;
  event: string;
  eventLabel: string;
  from: PlanStatus;
  to: PlanStatus;
  /** SVG path from the border of `from` to the border of `to`. */
  path: string;
  labelX: number;
  labelY: number;
};
export type RoleRow = {
  event: string;
  eventLabel: string;
  from: PlanStatus;
  fromLabel: string;
  to: PlanStatus[];
  toLabel: string;
  guards: string[];
  description: string;
};
export type WorkflowDiagram = {
  width: number;
  height: number;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /** Per role (in the order of ROLE_ORDER), the transitions it may fire. */
  roles: { role: Role; label: string; rows: RoleRow[] }[];
};

const ROLE_ORDER: Role[] = ["APPLICANT", "CASE_HANDLER", "ADVISER", "DECISION_MAKER", "FINANCE", "ADMIN"];
const NODE_W = 168;
const NODE_H = 44;
const RANK_GAP = 120;
const ROW_GAP = 96;
const MARGIN = 24;

export function buildWorkflowDiagram(
  table: Record<string, TableTransition>,
  statuses: readonly PlanStatus[] = Object.keys(STATUS_LABEL) as PlanStatus[],
): WorkflowDiagram {
  // One edge per event, origin and target (the alternatives an effect may choose are targets too).
  const edgeList: { event: string; from: PlanStatus; to: PlanStatus }[] = [];
  for (const [event, t] of Object.entries(table))
    for (const from of t.from)
      for (const to of targetsFrom(t, from)) if (to !== from) edgeList.push({ event, from, to });

  // Rank = longest path from DRAFT once the cycles (a supplement going back, waiting plans moving
  // on) are broken by a depth-first search: a state sits right of every state that leads to it.
  const back = new Set<string>();
  const onStack = new Set<PlanStatus>();
  const seen = new Set<PlanStatus>();
  const visit = (at: PlanStatus) => {
    seen.add(at);
    onStack.add(at);
    for (const e of edgeList.filter((x) => x.from === at)) {
      if (onStack.has(e.to)) back.add(`${e.event}:${e.from}:${e.to}`);
      else if (!seen.has(e.to)) visit(e.to);
    }
    onStack.delete(at);
  };
  visit("DRAFT");
  const rank = new Map<PlanStatus, number>([["DRAFT", 0]]);
  for (let round = 0; round < statuses.length; round++)
    for (const e of edgeList) {
      const from = rank.get(e.from);
      if (from === undefined || back.has(`${e.event}:${e.from}:${e.to}`)) continue;
      if ((rank.get(e.to) ?? -1) < from + 1) rank.set(e.to, from + 1);
    }
  const maxRank = Math.max(...rank.values());
  for (const s of statuses) if (!rank.has(s)) rank.set(s, maxRank + 1);

  const byRank = new Map<number, PlanStatus[]>();
  for (const s of statuses) {
    const r = rank.get(s) ?? 0;
    byRank.set(r, [...(byRank.get(r) ?? []), s]);
  }
  const nodes: DiagramNode[] = [];
  const ranks = [...byRank.keys()].sort((a, b) => a - b);
  const tallest = Math.max(...[...byRank.values()].map((l) => l.length));
  for (const r of ranks) {
    const list = byRank.get(r) ?? [];
    const offset = ((tallest - list.length) * ROW_GAP) / 2;
    list.forEach((s, i) => {
      nodes.push({
        id: s,
        label: STATUS_LABEL[s],
        x: MARGIN + r * (NODE_W + RANK_GAP),
        y: MARGIN + offset + i * ROW_GAP,
        width: NODE_W,
        height: NODE_H,
      });
    });
  }
  const at = new Map(nodes.map((n) => [n.id, n]));

  const edges: DiagramEdge[] = edgeList.map((e, i) => {
    const a = at.get(e.from) as DiagramNode;
    const b = at.get(e.to) as DiagramNode;
    const forward = b.x > a.x;
    const sameRank = b.x === a.x;
    // Leave and enter at the sides facing each other; within one rank, loop out to the right.
    const x1 = forward || sameRank ? a.x + a.width : a.x;
    const x2 = forward ? b.x : b.x + b.width;
    const y1 = a.y + a.height / 2;
    const y2 = b.y + b.height / 2;
    const bend = sameRank ? 60 + (i % 3) * 12 : (x2 - x1) / 2;
    const c1x = sameRank ? x1 + bend : x1 + bend;
    const c2x = sameRank ? x2 + bend : x2 - bend;
    const path = `M ${x1} ${y1} C ${c1x} ${y1}, ${c2x} ${y2}, ${x2} ${y2}`;
    // The Bézier's midpoint, nudged per edge so that labels of parallel edges do not coincide.
    const labelX = (x1 + 3 * c1x + 3 * c2x + x2) / 8;
    const labelY = (y1 + y2) / 2 + ((i % 3) - 1) * 10;
    return {
      id: `${e.event}:${e.from}:${e.to}`,
      event: e.event,
      eventLabel: EVENT_LABEL[e.event] ?? e.event,
      from: e.from,
      to: e.to,
      path,
      labelX,
      labelY,
    };
  });

  const width = MARGIN * 2 + (ranks.length - 1) * (NODE_W + RANK_GAP) + NODE_W + 80;
  const height = MARGIN * 2 + (tallest - 1) * ROW_GAP + NODE_H;

  const roles = ROLE_ORDER.map((role) => ({
    role,
    label: ROLE_LABEL[role],
    rows: Object.entries(table)
      .filter(([, t]) => t.roles.includes(role))
      .flatMap(([event, t]) =>
        t.from.map((from) => {
          const to = targetsFrom(t, from);
          return {
            event,
            eventLabel: EVENT_LABEL[event] ?? event,
            from,
            fromLabel: STATUS_LABEL[from],
            to,
            toLabel: to.map((s) => STATUS_LABEL[s]).join(" of "),
            guards: t.guards.map((g) => guardLabel(g.name)),
            description: t.description,
          };
        }),
      ),
  }));
  return { width, height, nodes, edges, roles };
}
