import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import type { Coverage, CoverageRow } from "../../domain/assessment/coverage.server.ts";
import { serverI18n } from "../../entry.server.tsx";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import CoverageView, { loader } from "./dekking.tsx";

/**
 * /behandeling/dekking (design.md §7): the Actieteam's view of which sectors and regions have a
 * plan. Who may open it (as e2e/access-matrix.ts expects: the roles that review plans), and what
 * the page says: a summary line per list, two captioned tables with row and column headers, and
 * the codes without any plan marked in words.
 */

const row = (code: string, label: string, submitted: number, granted: number): CoverageRow => ({
  code,
  label,
  submitted,
  granted,
});

// 21 sectors, the first 12 with a plan (the first 5 of them granted); 35 regions, 2 with a plan.
const COVERAGE: Coverage = {
  regulation: {
    id: "00000000-0000-4000-8000-000000000001",
    code: "SZW-2013",
    title: "Regeling sectorplannen",
  },
  regulations: [{ id: "00000000-0000-4000-8000-000000000001", label: "SZW-2013 — Regeling sectorplannen" }],
  sectors: Array.from({ length: 21 }, (_, i) =>
    row(String(i + 1), `Sector ${i + 1}`, i < 12 ? 2 : 0, i < 5 ? 1 : 0),
  ),
  regions: Array.from({ length: 35 }, (_, i) =>
    row(`regio-${i + 1}`, `Regio ${i + 1}`, i < 2 ? 1 : 0, i === 0 ? 1 : 0),
  ),
  crossSector: { submitted: 2, granted: 1 },
  national: { submitted: 14, granted: 5 },
  total: { submitted: 16, granted: 6 },
};

function render(coverage: Coverage | null): string {
  const Stub = createRoutesStub([
    { id: "page", path: "/behandeling/dekking", Component: CoverageView as never },
  ]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>
      <Stub
        initialEntries={["/behandeling/dekking"]}
        hydrationData={{ loaderData: { page: { coverage, regeling: null } } }}
      />
    </I18nextProvider>,
  );
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, " ");

describe("the coverage page", () => {
  it("says how many sectors and regions have a plan, in words", () => {
    const t = text(render(COVERAGE));
    expect(t).toContain(
      "12 van de 21 sectoren hebben een ingediend plan; 5 van de 21 sectoren hebben een toegekend plan.",
    );
    expect(t).toContain(
      "2 van de 35 arbeidsmarktregio's hebben een ingediend plan; 1 van de 35 arbeidsmarktregio's heeft een toegekend plan.",
    );
    // The plans that fit no row of a table, each counted once and said where.
    expect(t).toContain("2 ingediend (sectoroverstijgend), waarvan 1 toegekend");
    expect(t).toContain(
      "tellen hier eenmaal als landelijk, bij geen enkele regio: 14 ingediend, waarvan 5 toegekend",
    );
  });

  it("has two captioned tables with column and row headers", () => {
    const html = render(COVERAGE);
    expect(html.match(/<caption[^>]*>Plannen per sector<\/caption>/g)).toHaveLength(1);
    expect(html.match(/<caption[^>]*>Plannen per arbeidsmarktregio<\/caption>/g)).toHaveLength(1);
    expect(html.match(/<th[^>]*scope="col"/g)).toHaveLength(8);
    // Every code a row of its own, named by its row header.
    expect(html.match(/<th[^>]*scope="row"/g)).toHaveLength(21 + 35);
    expect(html).toMatch(/<th[^>]*scope="row"[^>]*>Sector 21<\/th>/);
  });

  it("marks a code without any plan in words, not by colour alone", () => {
    const html = render(COVERAGE);
    const rowOf = (testId: string) => {
      const m = html.match(new RegExp(`<tr[^>]*data-testid="${testId}"[^>]*>.*?</tr>`));
      expect(m, testId).not.toBeNull();
      return text(m?.[0] ?? "");
    };
    expect(rowOf("sector-13")).toContain("Nog geen plan");
    expect(rowOf("sector-1")).toContain("Toegekend plan");
    expect(rowOf("sector-6")).toContain("Ingediend, nog niet toegekend");
    expect(rowOf("regio-regio-35")).toContain("Nog geen plan");
    expect(html.match(/<strong>Nog geen plan<\/strong>/g)).toHaveLength(9 + 33);
  });

  it("says so when there is no regulation yet", () => {
    expect(text(render(null))).toContain("Er is nog geen regeling ingesteld.");
  });
});

describe("/behandeling/dekking — who may open it", () => {
  let s: Scenario;
  let finance: Actor;
  let admin: Actor;
  beforeAll(async () => {
    s = await createScenario();
    finance = await s.newUser("FINANCE");
    admin = await s.newUser("ADMIN");
  });
  afterAll(async () => {
    await disconnectPrisma();
  });

  async function get(who: Actor | null, query = `?regeling=${s.regulation.id}`) {
    const headers: Record<string, string> = {};
    if (who) {
      const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
      headers.Cookie = cookie ?? "";
    }
    const request = new Request(`http://localhost/behandeling/dekking${query}`, { headers });
    try {
      return { status: 200, body: await loader({ request, params: {}, context: {} } as never) };
    } catch (thrown) {
      if (thrown instanceof Response)
        return { status: thrown.status, location: thrown.headers.get("Location"), body: null };
      const t = thrown as { init?: ResponseInit | null };
      return { status: t.init?.status ?? 500, body: null };
    }
  }

  it("opens for the adviser, the case handler and the decision maker on the chosen regulation", async () => {
    for (const who of [s.adviser, s.handler, s.decisionMaker]) {
      const page = await get(who);
      expect(page.status).toBe(200);
      expect(page.body?.coverage?.regulation.id).toBe(s.regulation.id);
      expect(page.body?.coverage?.sectors.map((r) => r.code)).toEqual(["3", "5"]);
    }
  });

  it("refuses applicants, finance and the administrator, and sends the anonymous to the login", async () => {
    for (const who of [s.applicantA, finance, admin]) expect((await get(who)).status).toBe(403);
    const anonymous = await get(null);
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("answers an unknown regulation with 404", async () => {
    expect((await get(s.adviser, "?regeling=00000000-0000-4000-8000-00000000dead")).status).toBe(404);
  });
});
