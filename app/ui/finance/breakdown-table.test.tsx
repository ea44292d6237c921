import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router";
import { expect, it } from "vitest";
import type { BreakdownRow } from "../../domain/budget/dashboard.server.ts";
import { BreakdownTable } from "./breakdown-table.tsx";

const row = (code: string, label: string, over: Partial<BreakdownRow>): BreakdownRow => ({
  potKind: "WINDOW",
  code,
  label,
  reservedCents: 0n,
  committedCents: 0n,
  disbursedCents: 0n,
  planCount: 0,
  pipelineCount: 0,
  pipelineCents: 0n,
  ...over,
});

// design.md §5: finance sees the pipeline (submitted, not yet complete) per sector and theme too.
it("shows the pipeline of every row, linked to its plans, also for a sector with only submitted plans", () => {
  const html = renderToStaticMarkup(
    <MemoryRouter>
      <BreakdownTable
        caption="Per sector"
        by="sector"
        regeling="r1"
        rows={[
          row("3", "Metalektro", { committedCents: 500_00n, planCount: 1 }),
          row("7", "Handel", { pipelineCount: 2, pipelineCents: 5_000_00n }),
        ]}
      />
    </MemoryRouter>,
  );
  expect(html).toContain("Ingediend, nog niet volledig</th>");
  expect(html).toContain(
    'href="/financien/plannen?potKind=WINDOW&amp;regeling=r1&amp;sector=7&amp;measure=pipeline"',
  );
  expect(html).toContain("2 plannen");
  expect(html).toMatch(/5\.000,00/);
  expect(html).not.toContain("sector=3&amp;measure=pipeline");
});
