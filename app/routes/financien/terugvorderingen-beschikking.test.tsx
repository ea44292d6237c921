import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { setClock } from "../../domain/clock.ts";
import { produceInterestDecision } from "../../domain/documents/interest-decision-letter.server.ts";
import { revokedScenarioPlan } from "../../domain/documents/revocation.test-support.ts";
import { localDateToDb } from "../../domain/time/index.ts";
import { serverI18n } from "../../entry.server.tsx";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import RecoveryClaims, { action, loader } from "./terugvorderingen.tsx";

/**
 * The beschikking wettelijke rente on the recoveries page (Awb 4:99): finance has it made for a
 * received claim that owes interest, sees its day and letter, and records the interest's receipt.
 */

let s: Scenario;
let finance: Actor;
beforeAll(async () => {
  s = await createScenario();
  finance = await s.newUser("FINANCE");
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

type Answer = { status: number; body: unknown };

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

async function requestAs(who: Actor, path: string): Promise<Request> {
  const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie ?? "" } });
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

type Row = { id: string; decision: Record<string, unknown> | null; interest: { kind: string } };
type PageData = { received: { rows: Row[]; pageCount: number } } & Record<string, unknown>;

async function receivedRow(claimId: string): Promise<{ row: Row | undefined; data: PageData }> {
  for (let n = 1; ; n++) {
    const page = await answer(async () =>
      loader({
        request: await requestAs(finance, `/financien/terugvorderingen?ontvangen=${n}`),
        params: {},
        context: {},
      } as never),
    );
    const data = page.body as PageData;
    const row = data.received.rows.find((r) => r.id === claimId);
    if (row || n >= data.received.pageCount) return { row, data };
  }
}

function renderRow(data: PageData, row: Row | undefined, actionData?: unknown): string {
  const Stub = createRoutesStub([
    { id: "terugvorderingen", path: "/financien/terugvorderingen", Component: RecoveryClaims },
  ]);
  const page = (
    <Stub
      initialEntries={["/financien/terugvorderingen"]}
      hydrationData={{
        loaderData: {
          terugvorderingen: { ...data, received: { ...data.received, rows: row ? [row] : [] } },
        },
        ...(actionData ? { actionData: { terugvorderingen: actionData } } : {}),
      }}
    />
  );
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>{page as ReactElement}</I18nextProvider>,
  );
}

const summaries = (html: string) => (html.match(/id="foutmeldingen"/g) ?? []).length;

/** A revoked plan's claim of € 60.000 due 28 February 2014, received on `receivedOn`. */
async function receivedClaim(receivedOn: string) {
  const { planId } = await revokedScenarioPlan(s);
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
  await prisma.recoveryClaim.update({
    where: { id: claim.id },
    data: { createdAt: new Date("2014-01-10T10:00:00Z"), dueOn: localDateToDb("2014-02-28") },
  });
  expect(
    (await postAs(finance, { intent: "received", partsSeen: "0", claimId: claim.id, receivedOn })).status,
  ).toBe(200);
  return { planId, claimId: claim.id };
}

it("makes the beschikking, shows its day and then its letter, and records the interest received, once", async () => {
  const { planId, claimId } = await receivedClaim("2014-03-30");
  const before = await receivedRow(claimId);
  expect(before.row?.decision).toBeNull();
  const offered = renderRow(before.data, before.row);
  expect(offered).toContain("Beschikking wettelijke rente maken");
  expect(offered).toContain('name="intent" value="decide"');

  // Only finance.
  for (const who of [s.handler, s.decisionMaker, s.applicantA])
    expect((await postAs(who, { intent: "decide", claimId })).status).toBe(403);
  expect((await postAs(finance, { intent: "decide", claimId: "nope" })).status).toBe(400);

  setClock(new Date("2014-04-02T09:00:00Z"));
  const made = await postAs(finance, { intent: "decide", claimId });
  expect(made.status).toBe(200);
  expect((made.body as { message: string }).message).toMatch(
    /^De beschikking wettelijke rente voor .+ \(€\u00a0147,95\) is gemaakt\./,
  );
  const twice = await postAs(finance, { intent: "decide", claimId });
  expect(twice).toMatchObject({
    status: 409,
    body: {
      ok: false,
      form: `decide-${claimId}`,
      formError: expect.stringContaining("is al op 2 april 2014 een beschikking gemaakt"),
    },
  });

  // Made, the letter not yet rendered.
  const pending = await receivedRow(claimId);
  expect(pending.row?.decision).toMatchObject({ decidedOn: "2 april 2014", letterHref: null });
  const waiting = renderRow(pending.data, pending.row);
  expect(waiting).toContain("Beschikking gemaakt op 2 april 2014; de brief wordt opgemaakt.");
  expect(waiting).not.toContain("Beschikking wettelijke rente maken");
  expect(waiting).toContain("Rente ontvangen op");
  const refused = renderRow(pending.data, pending.row, twice.body);
  expect(refused).toContain("is al op 2 april 2014 een beschikking gemaakt");
  // Summarised above the received list only: one summary, so one element with its id.
  expect(summaries(refused)).toBe(1);

  // The worker rendered it: the row links the letter.
  const doc = await produceInterestDecision(claimId);
  const rendered = await receivedRow(claimId);
  expect(rendered.row?.decision).toMatchObject({ letterHref: `/documenten/${doc.id}` });
  expect(renderRow(rendered.data, rendered.row)).toContain(`href="/documenten/${doc.id}"`);

  // The interest's receipt: a 403 for others, a 400 on its field, then once.
  setClock(new Date("2014-05-10T09:00:00Z"));
  expect(
    (await postAs(s.handler, { intent: "interest-received", claimId, interestReceivedOn: "2014-05-01" }))
      .status,
  ).toBe(403);
  const early = await postAs(finance, {
    intent: "interest-received",
    claimId,
    interestReceivedOn: "2014-04-01",
  });
  expect(early).toEqual({
    status: 400,
    body: {
      ok: false,
      form: `interest-received-${claimId}`,
      errors: {
        interestReceivedOn: {
          type: "RULE_VIOLATION",
          message:
            "De dag van ontvangst van de wettelijke rente kan niet vóór de beschikking (2 april 2014) liggen.",
        },
      },
    },
  });
  const earlyHtml = renderRow(rendered.data, rendered.row, early.body);
  expect(earlyHtml).toContain("kan niet vóór de beschikking (2 april 2014) liggen");
  expect(summaries(earlyHtml)).toBe(1);
  const empty = await postAs(finance, { intent: "interest-received", claimId, interestReceivedOn: "" });
  expect(empty.status).toBe(400);
  expect(JSON.stringify(empty.body)).toContain(
    "Vul de dag in waarop de wettelijke rente volgens het bankafschrift is ontvangen.",
  );
  const late = await postAs(finance, {
    intent: "interest-received",
    claimId,
    interestReceivedOn: "2014-05-11",
  });
  expect(JSON.stringify(late.body)).toContain("kan niet na vandaag (10 mei 2014) liggen");

  const ledgerBefore = await prisma.ledgerEntry.count({ where: { planId } });
  const paid = await postAs(finance, {
    intent: "interest-received",
    claimId,
    interestReceivedOn: "2014-05-01",
  });
  expect(paid.status).toBe(200);
  expect((paid.body as { message: string }).message).toMatch(
    /^De ontvangst van €\u00a0147,95 wettelijke rente voor .+ op 1 mei 2014 is geregistreerd\.$/,
  );
  const again = await postAs(finance, {
    intent: "interest-received",
    claimId,
    interestReceivedOn: "2014-05-02",
  });
  expect(again.status).toBe(409);
  expect(await prisma.ledgerEntry.count({ where: { planId } })).toBe(ledgerBefore);
  const done = await receivedRow(claimId);
  const html = renderRow(done.data, done.row);
  expect(html).toContain("Rente ontvangen op 1 mei 2014.");
  expect(html).not.toContain('value="interest-received"');
});

it("offers no beschikking for a claim paid in time, and refuses one with a 409", async () => {
  const { claimId } = await receivedClaim("2014-02-28");
  const { row, data } = await receivedRow(claimId);
  expect(row?.interest.kind).toBe("on-time");
  expect(renderRow(data, row)).not.toContain("Beschikking wettelijke rente maken");
  const refused = await postAs(finance, { intent: "decide", claimId });
  expect(refused.status).toBe(409);
  expect((refused.body as { formError: string }).formError).toContain("geen wettelijke rente verschuldigd");
});

it("refuses a beschikking for a claim received before the day of receipt was recorded, without pointing to a button", async () => {
  const { claimId } = await receivedClaim("2014-03-30");
  await prisma.recoveryClaim.update({
    where: { id: claimId },
    data: { receivedOn: null, interestCents: null },
  });
  try {
    const { row } = await receivedRow(claimId);
    expect(row?.interest.kind).toBe("no-received-on");
    const refused = await postAs(finance, { intent: "decide", claimId });
    expect(refused.status).toBe(409);
    const message = (refused.body as { formError: string }).formError;
    expect(message).toContain("is de dag van ontvangst niet vastgelegd");
    // That row offers no "Wettelijke rente berekenen" (nor any other button).
    expect(message).not.toContain("Wettelijke rente berekenen");
    expect(message).not.toContain("knop");
  } finally {
    // Files share a worker's database: a received claim without its day would upset another
    // file's list of received claims (ordered by that day).
    await prisma.recoveryClaim.update({
      where: { id: claimId },
      data: { receivedOn: localDateToDb("2014-03-30"), interestCents: 14_795n },
    });
  }
});

it("shows the last page of each list for a page number past the end, not an empty list", async () => {
  await receivedClaim("2014-03-30");
  await revokedScenarioPlan(s); // an open claim
  const page = await answer(async () =>
    loader({
      request: await requestAs(finance, "/financien/terugvorderingen?pagina=9999&ontvangen=9999"),
      params: {},
      context: {},
    } as never),
  );
  const data = page.body as PageData & {
    claims: unknown[];
    page: number;
    pageCount: number;
    received: { rows: Row[]; page: number; pageCount: number };
  };
  expect(data.page).toBe(data.pageCount);
  expect(data.claims.length).toBeGreaterThan(0);
  expect(data.received.page).toBe(data.received.pageCount);
  expect(data.received.rows.length).toBeGreaterThan(0);
  const Stub = createRoutesStub([
    { id: "terugvorderingen", path: "/financien/terugvorderingen", Component: RecoveryClaims },
  ]);
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>
      {
        (
          <Stub
            initialEntries={["/financien/terugvorderingen"]}
            hydrationData={{ loaderData: { terugvorderingen: data } }}
          />
        ) as ReactElement
      }
    </I18nextProvider>,
  );
  expect(html).not.toContain("Er zijn nog geen terugvorderingen ontvangen.");
  expect(html).not.toContain("Er zijn geen openstaande terugvorderingen.");
});
