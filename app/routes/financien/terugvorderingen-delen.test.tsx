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
import { localDateToDb } from "../../domain/time/index.ts";
import { serverI18n } from "../../entry.server.tsx";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import RecoveryClaims, { action, loader } from "./terugvorderingen.tsx";

/** Finance records a terugvordering that comes back in parts: the form, its refusals, the list of parts. */

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

const NBSP = "\u00a0";

function render(page: ReactElement): string {
  return renderToStaticMarkup(<I18nextProvider i18n={serverI18n("nl")}>{page}</I18nextProvider>);
}

async function requestAs(who: Actor, path: string): Promise<Request> {
  const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie ?? "" } });
}

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
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
  await prisma.recoveryClaim.update({
    where: { id: claim.id },
    data: { createdAt: new Date("2014-01-10T10:00:00Z"), dueOn: localDateToDb("2014-02-28") },
  });
  return { planId, claimId: claim.id };
}

it("records parts, names every mistake of the form on its field, lists the parts and closes at the last", async () => {
  const { claimId } = await claimOf2014();
  expect(
    (await postAs(await s.newUser("CASE_HANDLER"), { intent: "part", partsSeen: "0", claimId, amount: "1" }))
      .status,
  ).toBe(403);

  const bad = await postAs(finance, {
    intent: "part",
    partsSeen: "0",
    claimId,
    amount: "veel",
    receivedOn: "",
  });
  expect(bad).toEqual({
    status: 400,
    body: {
      ok: false,
      form: `part-${claimId}`,
      errors: {
        amount: { type: "server", message: "Vul het ontvangen bedrag in euro's in, bijvoorbeeld 1.250,00." },
        receivedOn: {
          type: "server",
          message: "Vul de ontvangstdatum in als een geldige datum (dag, maand en jaar).",
        },
      },
    },
  });
  const tooMuch = await postAs(finance, {
    intent: "part",
    partsSeen: "0",
    claimId,
    amount: "60.000,01",
    receivedOn: "2014-03-10",
  });
  expect(tooMuch.status).toBe(400);
  expect(tooMuch.body).toMatchObject({
    errors: { amount: { message: expect.stringContaining("meer dan dat") } },
  });

  const first = await postAs(finance, {
    intent: "part",
    partsSeen: "0",
    claimId,
    amount: "20.000,00",
    receivedOn: "2014-03-10",
  });
  expect(first).toMatchObject({
    status: 200,
    body: {
      ok: true,
      message: expect.stringMatching(
        new RegExp(
          `^Een deel van €${NBSP}20\\.000,00 van \\S+, ontvangen op 10 maart 2014, is geregistreerd\\. Er staat nog €${NBSP}40\\.000,00 open\\.$`,
        ),
      ),
      receipt: null,
    },
  });

  setClock(new Date("2014-03-30T10:00:00Z"));
  const page = await answer(async () =>
    loader({
      request: await requestAs(finance, "/financien/terugvorderingen"),
      params: {},
      context: {},
    } as never),
  );
  const data = page.body as { claims: { id: string }[] };
  const claim = data.claims.find((c) => c.id === claimId);
  expect(claim).toMatchObject({
    outstanding: `€${NBSP}40.000,00`,
    parts: [{ amount: `€${NBSP}20.000,00`, receivedOn: "10 maart 2014" }],
  });
  const Stub = createRoutesStub([
    { id: "terugvorderingen", path: "/financien/terugvorderingen", Component: RecoveryClaims },
  ]);
  const html = render(
    <Stub
      initialEntries={["/financien/terugvorderingen"]}
      hydrationData={{ loaderData: { terugvorderingen: { ...data, claims: claim ? [claim] : [] } } }}
    />,
  );
  expect(html).toContain(`Nog open: €${NBSP}40.000,00`);
  expect(html).toContain(`€${NBSP}20.000,00 op 10 maart 2014`);
  expect(html).toContain(`id="part-${claimId}-amount"`);
  expect(html).toContain(`id="part-${claimId}-receivedOn"`);
  expect(html).toContain("Deel ontvangen");

  const last = await postAs(finance, {
    intent: "part",
    partsSeen: "1",
    claimId,
    amount: "40.000",
    receivedOn: "2014-03-30",
  });
  expect(last).toMatchObject({
    status: 200,
    body: {
      ok: true,
      message: expect.stringContaining(
        `Daarmee is de terugvordering volledig terugbetaald. Er is €${NBSP}115,07 wettelijke rente verschuldigd.`,
      ),
      receipt: { receivedOn: "30 maart 2014", owed: `€${NBSP}115,07` },
    },
  });
  expect(await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } })).toMatchObject({
    status: "RECEIVED",
  });
});

it("shows the failed part form's errors in the summary, linked to its fields", async () => {
  const { claimId } = await claimOf2014();
  const bad = await postAs(finance, {
    intent: "part",
    partsSeen: "0",
    claimId,
    amount: "",
    receivedOn: "2014-03-10",
  });
  const Stub = createRoutesStub([
    {
      id: "terugvorderingen",
      path: "/financien/terugvorderingen",
      Component: RecoveryClaims,
      action: () => bad.body,
    },
  ]);
  // The summary is rendered from actionData; a static render has none, so check the fields' wiring instead.
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
            received: { rows: [], total: 0, page: 1, pageCount: 1 },
            today: "2014-03-30",
            rateCheck: null,
          },
        },
        actionData: { terugvorderingen: bad.body },
      }}
    />,
  );
  expect(html).toContain(`href="#part-${claimId}-amount"`);
  expect(html).toContain("Vul het ontvangen bedrag in euro&#x27;s in, bijvoorbeeld 1.250,00.");
});

/**
 * The hidden fields of a claim's form (intent "part" or "received") as the page renders it: what a
 * browser sends again on a resubmit.
 */
async function hiddenFieldsOf(
  who: Actor,
  claimId: string,
  intent: "part" | "received",
): Promise<Record<string, string>> {
  const data = (await answer(async () =>
    loader({
      request: await requestAs(who, "/financien/terugvorderingen"),
      params: {},
      context: {},
    } as never),
  ).then((a) => a.body)) as { claims: { id: string }[] };
  const Stub = createRoutesStub([
    { id: "terugvorderingen", path: "/financien/terugvorderingen", Component: RecoveryClaims },
  ]);
  const html = render(
    <Stub
      initialEntries={["/financien/terugvorderingen"]}
      hydrationData={{
        loaderData: { terugvorderingen: { ...data, claims: data.claims.filter((c) => c.id === claimId) } },
      }}
    />,
  );
  const form = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)]
    .map((m) => m[1] ?? "")
    .find((f) => f.includes(`name="intent" value="${intent}"`));
  if (!form) throw new Error(`no ${intent} form`);
  return Object.fromEntries(
    [...form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)].map((m) => [
      /name="([^"]*)"/.exec(m[0])?.[1] ?? "",
      /value="([^"]*)"/.exec(m[0])?.[1] ?? "",
    ]),
  );
}

it("records a part form sent twice once, and says why the second is refused", async () => {
  const { claimId } = await claimOf2014();
  const fields: Record<string, string> = {
    ...(await hiddenFieldsOf(finance, claimId, "part")),
    amount: "30.000,00",
    receivedOn: "2014-03-10",
  };
  expect(fields.partsSeen).toBe("0");
  expect((await postAs(finance, fields)).status).toBe(200);
  const again = await postAs(finance, fields);
  expect(again).toMatchObject({
    status: 409,
    body: {
      ok: false,
      form: `part-${claimId}`,
      formError: `Intussen is een deel van deze terugbetaling geregistreerd (de pagina toonde 0 delen, nu is er 1 deel: €${NBSP}30.000,00 op 10 maart 2014; er staat nog €${NBSP}30.000,00 open). Controleer de lijst voordat u dit deel vastlegt.`,
    },
  });
  expect(await prisma.recoveryPayment.count({ where: { claimId } })).toBe(1);
  expect((await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } })).status).toBe("OPEN");
  // The page read again offers the next part.
  expect((await hiddenFieldsOf(finance, claimId, "part")).partsSeen).toBe("1");
});

it("records a part two finance users book from the same page at once once", async () => {
  const { claimId } = await claimOf2014();
  const colleague = await s.newUser("FINANCE");
  const fields: Record<string, string> = {
    ...(await hiddenFieldsOf(finance, claimId, "part")),
    amount: "30.000,00",
    receivedOn: "2014-03-10",
  };
  const answers = await Promise.all([postAs(finance, fields), postAs(colleague, fields)]);
  expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
  expect(await prisma.recoveryPayment.count({ where: { claimId } })).toBe(1);
  expect((await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } })).status).toBe("OPEN");
});

it("refuses the receipt of the rest from a page that did not show a part recorded meanwhile", async () => {
  const { claimId } = await claimOf2014();
  const received: Record<string, string> = {
    ...(await hiddenFieldsOf(finance, claimId, "received")),
    receivedOn: "2014-03-10",
  };
  expect(received.partsSeen).toBe("0");
  // A colleague books € 30.000 of the same bank line as a part; the page still showed € 60.000 open.
  const part: Record<string, string> = {
    ...(await hiddenFieldsOf(finance, claimId, "part")),
    amount: "30.000,00",
    receivedOn: "2014-03-10",
  };
  expect((await postAs(finance, part)).status).toBe(200);
  const stale = await postAs(finance, received);
  expect(stale).toMatchObject({
    status: 409,
    body: {
      form: `received-${claimId}`,
      formError: expect.stringMatching(
        /^Intussen is een deel van deze terugbetaling geregistreerd \(.*\)\. Controleer de lijst voordat u de ontvangst vastlegt\.$/,
      ),
    },
  });
  expect((await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } })).status).toBe("OPEN");
  // From the page read again, the rest closes it.
  const fresh: Record<string, string> = {
    ...(await hiddenFieldsOf(finance, claimId, "received")),
    receivedOn: "2014-03-10",
  };
  expect(fresh.partsSeen).toBe("1");
  expect((await postAs(finance, fresh)).status).toBe(200);
  expect(await prisma.recoveryPayment.count({ where: { claimId } })).toBe(2);
  expect((await prisma.recoveryClaim.findUniqueOrThrow({ where: { id: claimId } })).status).toBe("RECEIVED");
});

it("answers a part or receipt posted without the number of parts the page showed as an incomplete form", async () => {
  const { claimId } = await claimOf2014();
  const posts: Record<string, string>[] = [
    { intent: "part", claimId, amount: "30.000,00", receivedOn: "2014-03-10" },
    { intent: "received", claimId, receivedOn: "2014-03-10" },
    { intent: "part", claimId, amount: "30.000,00", receivedOn: "2014-03-10", partsSeen: "" },
  ];
  for (const fields of posts)
    expect(await postAs(finance, fields)).toMatchObject({
      status: 400,
      body: { formError: expect.stringContaining("niet volledig verstuurd") },
    });
  expect(await prisma.recoveryPayment.count({ where: { claimId } })).toBe(0);
});
