import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { setClock } from "../../domain/clock.ts";
import { produceAanmaning } from "../../domain/documents/aanmaning-letter.server.ts";
import { produceInterestDecision } from "../../domain/documents/interest-decision-letter.server.ts";
import { revokedScenarioPlan } from "../../domain/documents/revocation.test-support.ts";
import { produceRevocationLetter } from "../../domain/documents/revocation-letter.server.ts";
import { sendAanmaning } from "../../domain/settlement/aanmaning.server.ts";
import {
  decideRecoveryInterest,
  recordInterestReceived,
} from "../../domain/settlement/interest-decision.server.ts";
import { markRecoveryReceived } from "../../domain/settlement/recovery.server.ts";
import { localDateToDb } from "../../domain/time/index.ts";
import { serverI18n } from "../../entry.server.tsx";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import RecoveryClaims, { action, loader } from "./terugvorderingen.tsx";

/**
 * The aanmaning on the recoveries page (Awb 4:112): offered for an open claim past its last day and
 * for interest set by beschikking and unpaid after its six weeks; then its day, letter and new last
 * day, and once that passed, that recovery goes on by dwangbevel outside the portal.
 */

let s: Scenario;
let finance: Actor;
let colleague: Actor;
beforeAll(async () => {
  s = await createScenario();
  finance = await s.newUser("FINANCE");
  colleague = await s.newUser("FINANCE");
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

type Row = { id: string } & Record<string, unknown>;
type PageData = {
  claims: Row[];
  pageCount: number;
  received: { rows: Row[]; pageCount: number };
} & Record<string, unknown>;

async function pageData(query: string): Promise<PageData> {
  const page = await answer(async () =>
    loader({
      request: await requestAs(finance, `/financien/terugvorderingen?${query}`),
      params: {},
      context: {},
    } as never),
  );
  return page.body as PageData;
}

/** The page with only the claim's row in its list (open or received), so what it shows is that row's. */
async function pageOf(claimId: string, list: "open" | "received", actionData?: unknown): Promise<string> {
  for (let n = 1; ; n++) {
    const data = await pageData(list === "open" ? `pagina=${n}` : `ontvangen=${n}`);
    const rows = list === "open" ? data.claims : data.received.rows;
    const row = rows.find((r) => r.id === claimId);
    const last = n >= (list === "open" ? data.pageCount : data.received.pageCount);
    if (!row && !last) continue;
    const only = row ? [row] : [];
    const loaderData =
      list === "open"
        ? { ...data, claims: only, received: { ...data.received, rows: [] } }
        : { ...data, claims: [], received: { ...data.received, rows: only } };
    const Stub = createRoutesStub([
      { id: "terugvorderingen", path: "/financien/terugvorderingen", Component: RecoveryClaims },
    ]);
    return renderToStaticMarkup(
      <I18nextProvider i18n={serverI18n("nl")}>
        {
          (
            <Stub
              initialEntries={["/financien/terugvorderingen"]}
              hydrationData={{
                loaderData: { terugvorderingen: loaderData },
                ...(actionData ? { actionData: { terugvorderingen: actionData } } : {}),
              }}
            />
          ) as ReactElement
        }
      </I18nextProvider>,
    );
  }
}

const summaries = (html: string) => (html.match(/id="foutmeldingen"/g) ?? []).length;
const nameOf = async (who: Actor) =>
  (await prisma.user.findUniqueOrThrow({ where: { id: who.userId } })).name;

/** A revoked plan's claim of € 60.000 due Friday 28 February 2014, still open. */
async function openClaim() {
  const { planId } = await revokedScenarioPlan(s);
  // Made known: a claim is urged only after its beschikking was sent (Awb 3:40, 4:87).
  await produceRevocationLetter(planId);
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
  await prisma.recoveryClaim.update({
    where: { id: claim.id },
    data: { createdAt: new Date("2014-01-10T10:00:00Z"), dueOn: localDateToDb("2014-02-28") },
  });
  return { planId, claimId: claim.id };
}

it("offers the aanmaning of an open claim after its last day, makes it once, then shows its letter, new last day and lapse", async () => {
  const { claimId } = await openClaim();
  setClock(new Date("2014-02-28T09:00:00Z"));
  const onTime = await pageOf(claimId, "open");
  expect(onTime).toContain('value="received"');
  expect(onTime).not.toContain("Aanmaning sturen");

  setClock(new Date("2014-03-03T09:00:00Z"));
  const offered = await pageOf(claimId, "open");
  expect(offered).toContain("Aanmaning sturen");
  expect(offered).toContain('name="intent" value="aanmaning"');
  expect(offered).toContain('name="what" value="claim"');

  // Only finance; bad input is named in words.
  for (const who of [s.handler, s.decisionMaker, s.applicantA])
    expect((await postAs(who, { intent: "aanmaning", claimId, what: "claim" })).status).toBe(403);
  const bad: [Record<string, string>, string][] = [
    [{ intent: "aanmaning", what: "claim" }, "Het formulier noemt geen terugvordering om aan te manen."],
    [{ intent: "aanmaning", claimId: "nope", what: "claim" }, "een terugvordering die het portaal niet kent"],
    [
      { intent: "aanmaning", claimId, what: "boete" },
      "zegt niet of de aanmaning de terugvordering of de wettelijke rente betreft",
    ],
    [{ intent: "aanmaning", claimId }, "zegt niet of de aanmaning de terugvordering of de wettelijke rente"],
  ];
  for (const [fields, message] of bad) {
    const refused = await postAs(finance, fields);
    expect(refused.status, JSON.stringify(fields)).toBe(400);
    expect((refused.body as { formError: string }).formError).toContain(message);
  }
  expect((await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } })).aanmaningAt).toBeNull();

  const made = await postAs(finance, { intent: "aanmaning", claimId, what: "claim" });
  expect(made.status).toBe(200);
  expect((made.body as { message: string }).message).toMatch(
    /^De aanmaning voor de terugvordering .+ \(€\u00a060\.000,00\) is gemaakt\./,
  );
  const twice = await postAs(finance, { intent: "aanmaning", claimId, what: "claim" });
  expect(twice).toMatchObject({
    status: 409,
    body: {
      ok: false,
      form: `aanmaning-${claimId}`,
      formError: expect.stringContaining(
        `is al op 3 maart 2014 een aanmaning gemaakt door ${await nameOf(finance)}`,
      ),
    },
  });
  const refusedHtml = await pageOf(claimId, "open", twice.body);
  expect(refusedHtml).toContain("is al op 3 maart 2014 een aanmaning gemaakt");
  expect(summaries(refusedHtml)).toBe(1);

  // Made, the letter not yet stored.
  const waiting = await pageOf(claimId, "open");
  expect(waiting).toContain("Aanmaning gemaakt op 3 maart 2014; de brief wordt opgemaakt.");
  expect(waiting).not.toContain("Aanmaning sturen");

  // Stored on Wednesday 5 March: pay by Wednesday 19 March.
  setClock(new Date("2014-03-05T09:00:00Z"));
  const doc = await produceAanmaning(claimId, "claim");
  setClock(new Date("2014-03-19T09:00:00Z"));
  const sent = await pageOf(claimId, "open");
  expect(sent).toContain("Aanmaning verstuurd op 5 maart 2014; betalen uiterlijk 19 maart 2014");
  expect(sent).toContain(`href="/documenten/${doc.id}"`);
  expect(sent).not.toContain("Termijn aanmaning verstreken");
  // The receipt form stays: the money may still come.
  expect(sent).toContain('value="received"');

  setClock(new Date("2014-03-20T09:00:00Z"));
  expect(await pageOf(claimId, "open")).toContain(
    "Termijn aanmaning verstreken: invordering bij dwangbevel (Awb 4:114) buiten het portaal.",
  );
});

it("offers the aanmaning of the interest after the beschikking's six weeks; a colleague's meanwhile is a conflict in the list's summary", async () => {
  const { claimId } = await openClaim();
  await markRecoveryReceived(finance, claimId, "2014-03-30");
  // A received claim has no aanmaning of its own any more.
  const received = await postAs(finance, { intent: "aanmaning", claimId, what: "claim" });
  expect(received.status).toBe(409);
  expect((received.body as { formError: string }).formError).toContain("al als ontvangen geregistreerd");

  setClock(new Date("2014-04-02T09:00:00Z"));
  await decideRecoveryInterest(finance, claimId);
  // The beschikking made, its letter not yet sent: no term has run.
  setClock(new Date("2014-06-02T09:00:00Z"));
  expect(await pageOf(claimId, "received")).not.toContain("Aanmaning rente sturen");
  setClock(new Date("2014-04-02T09:00:00Z"));
  await produceInterestDecision(claimId);

  setClock(new Date("2014-05-14T09:00:00Z")); // the sixth week's last day
  expect(await pageOf(claimId, "received")).not.toContain("Aanmaning rente sturen");
  setClock(new Date("2014-05-15T09:00:00Z"));
  const offered = await pageOf(claimId, "received");
  expect(offered).toContain("Aanmaning rente sturen");
  expect(offered).toContain('name="what" value="interest"');

  // A colleague sends it after this page was loaded.
  await sendAanmaning(colleague, claimId, "interest");
  const late = await postAs(finance, { intent: "aanmaning", claimId, what: "interest" });
  expect(late).toMatchObject({
    status: 409,
    body: {
      ok: false,
      form: `interest-aanmaning-${claimId}`,
      formError: expect.stringContaining(
        `is al op 15 mei 2014 een aanmaning gemaakt door ${await nameOf(colleague)}`,
      ),
    },
  });
  const html = await pageOf(claimId, "received", late.body);
  expect(html).toContain("Aanmaning rente gemaakt op 15 mei 2014; de brief wordt opgemaakt.");
  expect(html).toContain(`door ${await nameOf(colleague)}`);
  // Summarised once, above the received list.
  expect(summaries(html)).toBe(1);
  expect(
    await prisma.outboxMessage.count({
      where: {
        jobName: "render-letter",
        AND: [
          { payload: { path: ["kind"], equals: "AANMANING" } },
          { payload: { path: ["recoveryClaimId"], equals: claimId } },
        ],
      },
    }),
  ).toBe(1);

  // Friday 16 May + 2 weeks = Friday 30 May 2014.
  setClock(new Date("2014-05-16T09:00:00Z"));
  const doc = await produceAanmaning(claimId, "interest");
  const sent = await pageOf(claimId, "received");
  expect(sent).toContain("Aanmaning rente verstuurd op 16 mei 2014; betalen uiterlijk 30 mei 2014");
  expect(sent).toContain(`href="/documenten/${doc.id}"`);
  setClock(new Date("2014-05-31T09:00:00Z"));
  expect(await pageOf(claimId, "received")).toContain(
    "Termijn aanmaning verstreken: invordering bij dwangbevel (Awb 4:114) buiten het portaal.",
  );

  // Once the interest came in, the aanmaning is history: the row names the receipt.
  await recordInterestReceived(finance, claimId, "2014-05-31");
  const paid = await pageOf(claimId, "received");
  expect(paid).toContain("Rente ontvangen op 31 mei 2014.");
  expect(paid).not.toContain("Aanmaning rente");
  expect(paid).not.toContain("Termijn aanmaning verstreken");
});
