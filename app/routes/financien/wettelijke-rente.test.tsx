import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { setClock } from "../../domain/clock.ts";
import { localDateToDb } from "../../domain/time/index.ts";
import { serverI18n } from "../../entry.server.tsx";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import StatutoryInterest, { action, loader } from "./wettelijke-rente.tsx";

/**
 * /financien/wettelijke-rente: finance only (as e2e/access-matrix.ts expects); the table of rates,
 * the warning while today's half-year has none, and the form that adds one, with its refusals on
 * the fields. The clock stands in 2095, where no other test records a rate.
 */

type Answer = { status: number; body: unknown; location?: string | null };

let s: Scenario;
let finance: Actor;
beforeAll(async () => {
  s = await createScenario();
  finance = await s.newUser("FINANCE");
});
afterEach(() => setClock(null));
afterAll(async () => {
  await prisma.statutoryInterestRate.deleteMany({
    where: { validFrom: { gte: localDateToDb("2095-01-01"), lt: localDateToDb("2096-01-01") } },
  });
  await disconnectPrisma();
});

async function requestAs(who: Actor | null, fields?: Record<string, string>): Promise<Request> {
  const headers: Record<string, string> = {};
  if (who) {
    const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
    headers.Cookie = cookie ?? "";
  }
  const url = "http://localhost/financien/wettelijke-rente";
  if (!fields) return new Request(url, { headers });
  headers["Content-Type"] = "application/x-www-form-urlencoded";
  return new Request(url, { method: "POST", body: new URLSearchParams(fields), headers });
}

async function answer(run: () => Promise<unknown>): Promise<Answer> {
  try {
    const result = await run();
    if (result && typeof result === "object" && "init" in result && "data" in result) {
      const wrapped = result as { data: unknown; init: ResponseInit | null };
      return { status: wrapped.init?.status ?? 200, body: wrapped.data };
    }
    return { status: 200, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) {
      return { status: thrown.status, body: null, location: thrown.headers.get("Location") };
    }
    const t = thrown as { init?: ResponseInit | null; data?: unknown };
    return { status: t.init?.status ?? 500, body: t.data };
  }
}

const get = async (who: Actor | null) =>
  answer(async () => loader({ request: await requestAs(who), params: {}, context: {} } as never));
const post = async (who: Actor | null, fields: Record<string, string>) =>
  answer(async () => action({ request: await requestAs(who, fields), params: {}, context: {} } as never));

type PageData = {
  rates: { validFrom: string; from: string; rate: string; source: string }[];
  rateCheck: unknown;
  nextHalfYear: string;
};

function render(data: PageData, actionData?: unknown): string {
  const Stub = createRoutesStub([
    { id: "wettelijke-rente", path: "/financien/wettelijke-rente", Component: StatutoryInterest },
  ]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>
      <Stub
        initialEntries={["/financien/wettelijke-rente"]}
        hydrationData={{
          loaderData: { "wettelijke-rente": data },
          ...(actionData ? { actionData: { "wettelijke-rente": actionData } } : {}),
        }}
      />
    </I18nextProvider>,
  );
}

describe("/financien/wettelijke-rente", () => {
  it("shows finance the rates, newest first, and the warning for a half-year without one; others get 403", async () => {
    setClock(new Date("2095-03-01T10:00:00Z"));
    const page = await get(finance);
    expect(page.status).toBe(200);
    const data = page.body as PageData;
    expect(data.rates.at(-1)).toEqual({
      validFrom: "2012-07-01",
      from: "1 juli 2012",
      rate: "3%",
      source: "Besluit vaststelling wettelijke rente, per 1 juli 2012",
    });
    expect(data.rateCheck).toMatchObject({
      halfYearStart: "1 januari 2095",
      missing: expect.stringMatching(/^1 januari 2025, 1 juli 2025, .* en 1 januari 2095$/),
    });
    expect(data.nextHalfYear).toBe("2095-07-01");
    const html = render(data);
    expect(html).toContain(
      "Voor deze halfjaren is nog geen wettelijke rente vastgelegd: 1 januari 2025, 1 juli 2025,",
    );
    expect(html).toContain(" en 1 januari 2095. ");
    expect(html).toContain("1 juli 2012");
    expect(html).toContain('name="validFrom"');

    for (const who of [s.handler, s.decisionMaker, s.adviser, s.applicantA]) {
      expect((await get(who)).status).toBe(403);
      expect((await post(who, { validFrom: "2095-07-01", ratePercent: "5", source: "x" })).status).toBe(403);
    }
    const anonymous = await get(null);
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("adds a rate through the form; bad input and a duplicate day are 400s on their fields, shown in the summary", async () => {
    setClock(new Date("2095-03-01T10:00:00Z"));
    const bad = await post(finance, { validFrom: "2095-05-01", ratePercent: "25", source: "" });
    expect(bad).toMatchObject({
      status: 400,
      body: {
        ok: false,
        form: "rate",
        errors: {
          validFrom: {
            message:
              "De wettelijke rente wordt per halfjaar vastgesteld: vul 1 januari of 1 juli als ingangsdatum in.",
          },
          ratePercent: {
            message:
              "Vul een percentage van 0 tot en met 20 in, met hoogstens twee decimalen, bijvoorbeeld 6 of 4,25.",
          },
          source: {
            message: "Vermeld waar het tarief is bekendgemaakt, bijvoorbeeld het nummer van het Staatsblad.",
          },
        },
      },
    });
    const html = render((await get(finance)).body as PageData, bad.body);
    expect(html).toContain('href="#rate-validFrom"');
    expect(html).toContain('href="#rate-ratePercent"');
    expect(html).toContain('aria-invalid="true"');

    const fields = { validFrom: "2095-07-01", ratePercent: "5,5", source: "Staatsblad 2095, 1" };
    const done = await post(finance, fields);
    expect(done).toEqual({
      status: 200,
      body: { ok: true, message: "De wettelijke rente van 5,5% vanaf 1 juli 2095 is vastgelegd." },
    });
    // The next half-year's rate, recorded ahead, does not stand in for today's (1 January 2095):
    // the warning still names it, and not 1 July 2095.
    const after = ((await get(finance)).body as PageData).rateCheck as { missing: string };
    expect(after.missing).toMatch(/ en 1 januari 2095$/);
    expect(after.missing).not.toContain("1 juli 2095");

    const again = await post(finance, { ...fields, ratePercent: "6" });
    expect(again).toMatchObject({
      status: 400,
      body: {
        form: "rate",
        errors: {
          validFrom: {
            message:
              "Voor 1 juli 2095 is al een wettelijke rente vastgelegd (5,5%). Een vastgelegd tarief wordt niet overschreven.",
          },
        },
      },
    });
  });
});
