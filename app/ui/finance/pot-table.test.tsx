import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router";
import { expect, it } from "vitest";
import type { PotRow } from "../../domain/budget/dashboard.server.ts";
import type { LocalDate } from "../../domain/time/index.ts";
import { PotTable } from "./pot-table.tsx";

// A window's closesAt is exclusive (the first moment it is shut): the dashboard names the last day
// applications count, as the regulation and the admin page do, not the day after it.
it("names a window by its first and its last day, not by the exclusive closing moment", () => {
  const row: PotRow = {
    potId: "00000000-0000-4000-8000-000000000001",
    kind: "WINDOW",
    name: "Tijdvak 2 (2014)",
    ceilingCents: 10_000_000_00n,
    reservedCents: 0n,
    committedCents: 0n,
    disbursedCents: 0n,
    availableCents: 10_000_000_00n,
    windowName: "Tijdvak 2",
    regulationCode: "SP2013",
    opensAt: new Date("2014-03-31T22:00:00.000Z"), // 1 April 00:00 in Amsterdam
    closesAt: new Date("2014-05-31T22:00:00.000Z"), // 1 June 00:00: shut from then on
    lastDay: "2014-05-31" as LocalDate,
    fund: null,
    year: null,
    illustrative: false,
    sharedWith: [],
    drillRegulationId: null,
    waitingCount: 0,
    waitingCents: 0n,
    pipelineCount: 0,
    pipelineCents: 0n,
  };
  const html = renderToStaticMarkup(
    <MemoryRouter>
      <PotTable caption="Tijdvakken" rows={[row]} kind="WINDOW" />
    </MemoryRouter>,
  );
  expect(html).toContain("SP2013, 1 april 2014 – 31 mei 2014");
  expect(html).not.toContain("1 juni");
});
