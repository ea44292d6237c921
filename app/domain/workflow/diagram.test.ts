import { describe, expect, it } from "vitest";
import { PlanStatus } from "../../generated/prisma/enums.ts";
import { type EventName, WORKFLOW } from "./definition.server.ts";
import { buildWorkflowDiagram, GUARD_LABEL, targetsFrom } from "./diagram.ts";

describe("the workflow page's data, drawn from WORKFLOW", () => {
  const diagram = buildWorkflowDiagram(WORKFLOW);

  it("has every state as a node and every transition of the table as an edge and a table row", () => {
    expect(diagram.nodes.map((n) => n.id).sort()).toEqual(Object.values(PlanStatus).sort());
    const edgeIds = new Set(diagram.edges.map((e) => e.id));
    for (const [event, t] of Object.entries(WORKFLOW) as [EventName, (typeof WORKFLOW)[EventName]][]) {
      for (const from of t.from) {
        for (const to of targetsFrom(t, from)) {
          if (to !== from) expect(edgeIds, `${event}: ${from} → ${to}`).toContain(`${event}:${from}:${to}`);
        }
        for (const role of t.roles) {
          const rows = diagram.roles.find((r) => r.role === role)?.rows ?? [];
          const row = rows.find((r) => r.event === event && r.from === from);
          expect(row, `${role} ${event} from ${from}`).toBeDefined();
          expect(row?.to).toEqual(targetsFrom(t, from));
          expect(row?.guards).toHaveLength(t.guards.length);
        }
      }
    }
    // And nothing that is not in the table.
    const transitions = Object.values(WORKFLOW).flatMap((t) =>
      t.from.flatMap((f) => targetsFrom(t, f).filter((to) => to !== f)),
    );
    expect(diagram.edges).toHaveLength(transitions.length);
  });

  it("draws no move for advice on a waiting plan, which keeps waiting", () => {
    expect(diagram.edges.filter((e) => e.event === "advise" && e.from === "WAITING_FOR_BUDGET")).toEqual([]);
    const row = diagram.roles
      .find((r) => r.role === "ADVISER")
      ?.rows.find((r) => r.event === "advise" && r.from === "WAITING_FOR_BUDGET");
    expect(row?.to).toEqual(["WAITING_FOR_BUDGET"]);
  });

  it("describes every guard of the table in words", () => {
    const names = new Set(Object.values(WORKFLOW).flatMap((t) => t.guards.map((g) => g.name)));
    for (const name of names) expect(GUARD_LABEL, `guard ${name} has no label`).toHaveProperty(name);
  });

  it("places no two states on the same spot", () => {
    const spots = new Set(diagram.nodes.map((n) => `${n.x},${n.y}`));
    expect(spots.size).toBe(diagram.nodes.length);
    for (const n of diagram.nodes) {
      expect(n.x + n.width).toBeLessThanOrEqual(diagram.width);
      expect(n.y + n.height).toBeLessThanOrEqual(diagram.height);
    }
  });
});
