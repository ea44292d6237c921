import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { setClock } from "../../domain/clock.ts";
import { revokedScenarioPlan } from "../../domain/documents/revocation.test-support.ts";
import { produceRevocationLetter } from "../../domain/documents/revocation-letter.server.ts";
import { openRecoveryClaims } from "../../domain/settlement/recovery.server.ts";
import { localDateFromDb, localDateToDb } from "../../domain/time/index.ts";
import { serverI18n } from "../../entry.server.tsx";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { loader as planLayoutLoader } from "../behandeling/plan/layout.tsx";
import { loader as planOverviewLoader } from "../behandeling/plan/overzicht.tsx";
import RecoveryClaims, { action, loader } from "./terugvorderingen.tsx";

/**
 * The recoveries page is finance's (design.md §1: finance follows recoveries); the vaststelling tab
 * is the handler's and the decision maker's (REVIEW_ROLES). A claim must link to a page finance may
 * open: the plan's overview (PLAN_READER_ROLES, as e2e/access-matrix.ts expects for financien).
 */

let s: Scenario;
let finance: Actor;
beforeAll(async () => {
  s = await createScenario();
  finance = await s.newUser("FINANCE");
});
afterEach(() => setClock(null));
/** This file's own rates lie in 2096, where no other test records one. */
const OWN_RATES = { validFrom: { gte: localDateToDb("2096-01-01"), lt: localDateToDb("2097-01-01") } };
beforeAll(async () => {
  await prisma.statutoryInterestRate.deleteMany({ where: OWN_RATES });
});
afterAll(async () => {
  await prisma.statutoryInterestRate.deleteMany({ where: OWN_RATES });
  await disconnectPrisma();
});

const EMPTY_RECEIVED = { rows: [], total: 0, page: 1, pageCount: 1 };

/** The page as the server renders it (its fields translate their messages). */
function render(page: ReactElement): string {
  return renderToStaticMarkup(<I18nextProvider i18n={serverI18n("nl")}>{page}</I18nextProvider>);
}

async function requestAs(who: Actor, path: string): Promise<Request> {
  const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie ?? "" } });
}

it("links each claim to the plan's page that finance may open", async () => {
  // Advances paid, then the grant revoked: the revocation opens a recovery claim.
  const { planId } = await revokedScenarioPlan(s);
  const { rows } = await openRecoveryClaims({ skip: 0, take: 10_000 });
  const claim = rows.find((c) => c.planId === planId);
  expect(claim).toBeDefined();

  const loaderData = {
    claims: claim ? [{ ...claim, aanmaning: { state: "none" } }] : [],
    total: 1,
    page: 1,
    pageCount: 1,
    received: EMPTY_RECEIVED,
    today: "2026-12-01",
    rateCheck: null,
  };
  const Stub = createRoutesStub([
    { id: "terugvorderingen", path: "/financien/terugvorderingen", Component: RecoveryClaims },
  ]);
  const html = render(
    <Stub
      initialEntries={["/financien/terugvorderingen"]}
      hydrationData={{ loaderData: { terugvorderingen: loaderData } }}
    />,
  );
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
  const href = hrefs.find((h) => h?.startsWith("/behandeling/plannen/"));
  expect(href).toBe(`/behandeling/plannen/${planId}`);

  // The page behind that link: its layout and its overview both let finance in.
  const args = async () =>
    ({ request: await requestAs(finance, href ?? ""), params: { planId }, context: {} }) as never;
  const layout = (await planLayoutLoader(await args())) as { plan: { id: string } };
  const overview = (await planOverviewLoader(await args())) as { plan: { id: string } };
  expect(layout.plan.id).toBe(planId);
  expect(overview.plan.id).toBe(planId);
});

it("names no day to pay and no interest before the beschikking's letter, the letter's day after", async () => {
  // Revoked, the letter not yet stored by the worker: the claim holds a provisional day only.
  const { planId } = await revokedScenarioPlan(s);
  const rowOf = async () =>
    (await openRecoveryClaims({ skip: 0, take: 10_000 })).rows.find((c) => c.planId === planId);
  const provisional = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
  // Long after that provisional day: interest would run if the day were known.
  setClock(new Date(provisional.dueOn.getTime() + 90 * 86_400_000));
  const before = await rowOf();
  expect(before).toMatchObject({ dueOn: null, interestToDate: null });
  const Stub = createRoutesStub([
    { id: "terugvorderingen", path: "/financien/terugvorderingen", Component: RecoveryClaims },
  ]);
  const html = render(
    <Stub
      initialEntries={["/financien/terugvorderingen"]}
      hydrationData={{
        loaderData: {
          terugvorderingen: {
            claims: before ? [{ ...before, aanmaning: { state: "none" } }] : [],
            total: 1,
            page: 1,
            pageCount: 1,
            received: EMPTY_RECEIVED,
            today: "2026-12-01",
            rateCheck: null,
          },
        },
      }}
    />,
  );
  expect(html).toContain("volgt uit de beschikking (brief nog niet verstuurd)");

  // The letter stored: its day, which it wrote on the claim, and the interest once that day passed.
  setClock(null);
  await produceRevocationLetter(planId);
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
  const after = await rowOf();
  expect(after?.dueOn).toBe(localDateFromDb(claim.dueOn));
  expect(after?.interestToDate).toBeNull();
  setClock(new Date(claim.dueOn.getTime() + 90 * 86_400_000));
  expect((await rowOf())?.interestToDate).not.toBeNull();
});

type Answer = { status: number; body: unknown };

/** A route's answer: its data, or what it threw (data() for a refusal, a Response for a redirect). */
async function answer(run: () => Promise<unknown>): Promise<Answer> {
  try {
    const result = await run();
    if (result && typeof result === "object" && "init" in result && "data" in result) {
      const wrapped = result as { data: unknown; init: ResponseInit | null };
      return { status: wrapped.init?.status ?? 200, body: wrapped.data };
    }
    return { status: 200, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null };
    const t = thrown as { init?: ResponseInit | null; data?: unknown };
    return { status: t.init?.status ?? 500, body: t.data };
  }
}

async function postAs(who: Actor, fields: Record<string, string>) {
  const get = await requestAs(who, "/financien/terugvorderingen");
  const request = new Request(get.url, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { Cookie: get.headers.get("Cookie") ?? "", "Content-Type": "application/x-www-form-urlencoded" },
  });
  return answer(() => action({ request, params: {}, context: {} } as never));
}

/** A revoked plan's claim of € 60.000, claimed on 10 January 2014 and due on 28 February 2014. */
async function claimOf2014() {
  const { planId } = await revokedScenarioPlan(s);
  // Its letter first, as the worker would store it: before it the claim names no day to pay (nor
  // interest), and the letter sets the claim's last day, so the back-dating below comes after it.
  await produceRevocationLetter(planId);
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
  await prisma.recoveryClaim.update({
    where: { id: claim.id },
    data: { createdAt: new Date("2014-01-10T10:00:00Z"), dueOn: localDateToDb("2014-02-28") },
  });
  return { planId, claimId: claim.id };
}

it("shows the interest to date, the receipt date field and the rate warning", async () => {
  const { planId } = await claimOf2014();
  // Far ahead, where no rate is recorded for the half-year (no test adds one for 2099).
  setClock(new Date("2099-02-01T10:00:00Z"));
  const page = await answer(async () =>
    loader({
      request: await requestAs(finance, "/financien/terugvorderingen"),
      params: {},
      context: {},
    } as never),
  );
  expect(page.status).toBe(200);
  const data = page.body as {
    claims: { planId: string; interestToDate: unknown }[];
    today: string;
    rateCheck: unknown;
  };
  expect(data.today).toBe("2099-02-01");
  expect(data.rateCheck).toEqual({
    halfYearStart: "1 januari 2099",
    missing: expect.stringMatching(/^1 januari 2025, 1 juli 2025, 1 januari 2026, .* en 1 januari 2099$/),
    latest: expect.objectContaining({ rate: expect.any(String) }),
  });
  const claim = data.claims.find((c) => c.planId === planId);
  expect(claim?.interestToDate).toMatchObject({ belowMinimum: false });

  const Stub = createRoutesStub([
    { id: "terugvorderingen", path: "/financien/terugvorderingen", Component: RecoveryClaims },
  ]);
  const html = render(
    <Stub
      initialEntries={["/financien/terugvorderingen"]}
      hydrationData={{ loaderData: { terugvorderingen: { ...data, claims: claim ? [claim] : [] } } }}
    />,
  );
  expect(html).toContain("Wettelijke rente tot vandaag");
  expect(html).toContain(
    "Voor deze halfjaren is nog geen wettelijke rente vastgelegd: 1 januari 2025, 1 juli 2025, 1 januari 2026,",
  );
  expect(html).toMatch(
    /<input[^>]*type="date"[^>]*name="receivedOn"|<input[^>]*name="receivedOn"[^>]*type="date"/,
  );
  expect(html).toContain('value="2099-02-01"');
  expect(html).toContain("Ontvangen op");
});

it("records a late receipt with the interest owed and its computation; a bad day is a 400 on its field", async () => {
  const { claimId } = await claimOf2014();
  const other = await s.newUser("CASE_HANDLER");
  expect(
    (await postAs(other, { intent: "received", partsSeen: "0", claimId, receivedOn: "2014-03-30" })).status,
  ).toBe(403);

  const bad = await postAs(finance, {
    intent: "received",
    partsSeen: "0",
    claimId,
    receivedOn: "2014-01-09",
  });
  expect(bad).toEqual({
    status: 400,
    body: {
      ok: false,
      form: `received-${claimId}`,
      errors: {
        receivedOn: {
          type: "RULE_VIOLATION",
          message: "De ontvangstdatum kan niet vóór de terugvordering (10 januari 2014) liggen.",
        },
      },
    },
  });
  const notADate = await postAs(finance, {
    intent: "received",
    partsSeen: "0",
    claimId,
    receivedOn: "30-03-2014",
  });
  expect(notADate.status).toBe(400);

  const done = await postAs(finance, {
    intent: "received",
    partsSeen: "0",
    claimId,
    receivedOn: "2014-03-30",
  });
  expect(done.status).toBe(200);
  const body = done.body as { ok: true; message: string; receipt: Record<string, unknown> };
  expect(body.message).toContain("Er is €\u00a0147,95 wettelijke rente verschuldigd.");
  expect(body.receipt).toMatchObject({
    receivedOn: "30 maart 2014",
    dueOn: "28 februari 2014",
    daysLate: 30,
    owed: "€\u00a0147,95",
    belowMinimum: false,
    lines: [
      {
        from: "1 maart 2014",
        until: "30 maart 2014",
        days: 30,
        rate: "3%",
        base: "€\u00a060.000,00",
        interest: "€\u00a0147,95",
      },
    ],
  });

  // The page after the receipt: the amount owed and how it was worked out.
  const Stub = createRoutesStub([
    { id: "terugvorderingen", path: "/financien/terugvorderingen", Component: RecoveryClaims },
  ]);
  const html = render(
    <Stub
      initialEntries={["/financien/terugvorderingen"]}
      hydrationData={{
        loaderData: {
          terugvorderingen: {
            claims: [],
            total: 0,
            page: 1,
            pageCount: 1,
            received: EMPTY_RECEIVED,
            today: "2014-04-01",
            rateCheck: null,
          },
        },
        actionData: { terugvorderingen: body },
      }}
    />,
  );
  expect(html).toContain("Wettelijke rente: ");
  expect(html).toContain("Berekening van de wettelijke rente");
  expect(html).toContain("1 maart 2014");
  expect(html).toContain("artikel 4:99 Awb");
});

type PageData = {
  received: {
    rows: { id: string; planId: string; interest: { kind: string } & Record<string, unknown> }[];
    total: number;
    page: number;
    pageCount: number;
  };
} & Record<string, unknown>;

async function pageData(who: Actor, query = ""): Promise<PageData> {
  const page = await answer(async () =>
    loader({
      request: await requestAs(who, `/financien/terugvorderingen${query}`),
      params: {},
      context: {},
    } as never),
  );
  expect(page.status).toBe(200);
  return page.body as PageData;
}

/** The received claim's row, on whichever page of the received list it stands. */
async function receivedRow(claimId: string) {
  for (let n = 1; ; n++) {
    const data = await pageData(finance, `?ontvangen=${n}`);
    const row = data.received.rows.find((r) => r.id === claimId);
    if (row) return { row, data };
    if (n >= data.received.pageCount) return { row: undefined, data };
  }
}

function renderPage(data: PageData, actionData?: unknown): string {
  const Stub = createRoutesStub([
    { id: "terugvorderingen", path: "/financien/terugvorderingen", Component: RecoveryClaims },
  ]);
  return render(
    <Stub
      initialEntries={["/financien/terugvorderingen"]}
      hydrationData={{
        loaderData: { terugvorderingen: data },
        ...(actionData ? { actionData: { terugvorderingen: actionData } } : {}),
      }}
    />,
  );
}

it("lists received claims with the wettelijke rente and its computation after the receipt", async () => {
  const { planId, claimId } = await claimOf2014();
  expect(
    (await postAs(finance, { intent: "received", partsSeen: "0", claimId, receivedOn: "2014-03-30" })).status,
  ).toBe(200);
  const { row, data } = await receivedRow(claimId);
  expect(row).toMatchObject({
    planId,
    reference: expect.any(String),
    amount: "€\u00a060.000,00",
    dueOn: "28 februari 2014",
    receivedOn: "30 maart 2014",
    interest: {
      kind: "owed",
      amount: "€\u00a0147,95",
      lines: [
        { from: "1 maart 2014", until: "30 maart 2014", days: 30, rate: "3%", interest: "€\u00a0147,95" },
      ],
    },
  });
  const html = renderPage({ ...data, received: { ...data.received, rows: row ? [row] : [] } });
  expect(html).toContain("Ontvangen terugvorderingen");
  expect(html).toContain("30 maart 2014");
  expect(html).toContain("€\u00a0147,95");
  expect(html).toContain("Berekening van de wettelijke rente");
  // Paged like the open list, each list keeping its own page.
  const paged = renderPage({ ...data, received: { ...data.received, rows: [], page: 1, pageCount: 2 } });
  expect(paged).toContain('aria-label="Paginering ontvangen terugvorderingen"');
  expect(paged).toContain('href="?pagina=1&amp;ontvangen=2"');

  const onTime = await claimOf2014();
  await postAs(finance, {
    intent: "received",
    partsSeen: "0",
    claimId: onTime.claimId,
    receivedOn: "2014-02-28",
  });
  const small = await claimOf2014();
  await postAs(finance, {
    intent: "received",
    partsSeen: "0",
    claimId: small.claimId,
    receivedOn: "2014-03-01",
  });
  const rows = [(await receivedRow(onTime.claimId)).row, (await receivedRow(small.claimId)).row];
  expect(rows.map((r) => r?.interest.kind)).toEqual(["on-time", "below-minimum"]);
  const both = renderPage({
    ...data,
    received: { ...data.received, rows: rows.flatMap((r) => (r ? [r] : [])) },
  });
  expect(both).toContain("geen (op tijd betaald)");
  expect(both).toContain("geen (minder dan €\u00a020)");
  expect(both).toContain("Opgelopen over de dagen van verzuim: €\u00a04,93");
});

it("records a receipt over a half-year without a rate, and works the interest out once the rate is there", async () => {
  const { planId } = await revokedScenarioPlan(s);
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
  await prisma.recoveryClaim.update({
    where: { id: claim.id },
    data: { createdAt: new Date("2095-11-01T10:00:00Z"), dueOn: localDateToDb("2095-12-31") },
  });
  const claimId = claim.id;
  setClock(new Date("2096-03-01T10:00:00Z"));
  const done = await postAs(finance, {
    intent: "received",
    partsSeen: "0",
    claimId,
    receivedOn: "2096-02-28",
  });
  expect(done.status).toBe(200);
  const body = done.body as { message: string; receipt: Record<string, unknown> };
  expect(body.message).toMatch(
    /is geregistreerd\. De wettelijke rente is nog niet berekend: voor 1 januari 2096 is nog geen tarief vastgelegd\. Zodra financiën dat tarief heeft vastgelegd, berekent u de rente bij de ontvangen terugvorderingen\.$/,
  );
  expect(body.receipt).toMatchObject({ owed: null, accrued: null, lines: [], missing: "1 januari 2096" });
  const afterReceipt = renderPage(await pageData(finance), body);
  expect(afterReceipt).toContain(
    "Voor 1 januari 2096 is nog geen wettelijke rente vastgelegd. De rente wordt berekend zodra",
  );

  const { row, data } = await receivedRow(claimId);
  expect(row?.interest).toEqual({ kind: "pending", missing: "1 januari 2096" });
  const html = renderPage({ ...data, received: { ...data.received, rows: row ? [row] : [] } });
  expect(html).toContain("nog niet berekend: tarief ontbreekt voor 1 januari 2096");
  expect(html).toContain("Wettelijke rente berekenen");
  expect(html).toContain('name="intent" value="interest"');

  // Only finance; a form without a claim is incomplete; too early is a 409 naming the half-year.
  expect((await postAs(s.handler, { intent: "interest", claimId })).status).toBe(403);
  expect((await postAs(finance, { intent: "interest", claimId: "nope" })).status).toBe(400);
  const early = await postAs(finance, { intent: "interest", claimId });
  expect(early.status).toBe(409);
  expect(early.body).toMatchObject({
    ok: false,
    form: `interest-${claimId}`,
    formError: expect.stringContaining(
      "kan nog niet worden berekend: voor 1 januari 2096 is nog geen tarief vastgelegd",
    ),
  });
  const refusedHtml = renderPage(
    { ...data, received: { ...data.received, rows: row ? [row] : [] } },
    early.body,
  );
  expect(refusedHtml).toContain("kan nog niet worden berekend");

  // The rate recorded: 59 days at 4% on € 60.000: 6.000.000 × 400 × 59 / 3.650.000 = 38.794,52 → € 387,95.
  await prisma.statutoryInterestRate.create({
    data: { validFrom: localDateToDb("2096-01-01"), rateBp: 400, source: "test" },
  });
  const calc = await postAs(finance, { intent: "interest", claimId });
  expect(calc.status).toBe(200);
  expect((calc.body as { message: string }).message).toMatch(
    /^De wettelijke rente van .+ is berekend: er is €\u00a0387,95 wettelijke rente verschuldigd\.$/,
  );
  const again = await postAs(finance, { intent: "interest", claimId });
  expect((again.body as { message: string }).message).toMatch(
    /^De wettelijke rente van .+ was al berekend: er is €\u00a0387,95 wettelijke rente verschuldigd\. Er is niets gewijzigd\.$/,
  );
  expect(
    await prisma.auditLog.count({ where: { action: "recovery.interest-calculated", targetId: claimId } }),
  ).toBe(1);
  expect((await receivedRow(claimId)).row?.interest).toMatchObject({
    kind: "owed",
    amount: "€\u00a0387,95",
    lines: [{ from: "1 januari 2096", until: "28 februari 2096", days: 59, rate: "4%" }],
  });
});
