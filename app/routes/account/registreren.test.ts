import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "../../auth/client-address.ts";
import { getSessionUser } from "../../auth/session.server.ts";
import { accountLimit } from "../../auth/throttle.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { signUpSchema } from "../../domain/accounts/validation.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { knownSignUpToken, signUpConfirmed } from "../../test/sign-up.server.ts";
import { action as signUpAction } from "./registreren.tsx";
import {
  action as confirmAction,
  headers as confirmHeaders,
  loader as confirmLoader,
} from "./registreren-bevestigen.tsx";

/**
 * Sign-up with e-mail confirmation (ADR 0029): the form answers alike whether or not the address
 * has an account; the mail's link shows what will be made on GET and makes it on POST, once.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(() => disconnectPrisma());

const group = () => randomInt(0x10000).toString(16);
const newAddress = () => `2001:db8:${group()}:${group()}::${group()}`;
const kvk = () => String(10_000_000 + randomInt(89_999_999));
const PASSWORD = "een-lang-wachtwoord-2026";

const fields = (email: string, over: Record<string, string> = {}) => ({
  organisationName: "Stichting Route",
  kvkNumber: kvk(),
  legalForm: "Stichting",
  street: "Straat 1",
  postalCode: "1234 AB",
  city: "Utrecht",
  iban: "NL91ABNA0417164300",
  name: "Roos Route",
  email,
  password: PASSWORD,
  passwordRepeat: PASSWORD,
  ...over,
});

type Answer = { status: number; body: Record<string, unknown>; headers: Headers };
function answerOf(result: unknown): Answer {
  if (result instanceof Response) return { status: result.status, body: {}, headers: result.headers };
  const r = result as { data: Record<string, unknown>; init: ResponseInit | null };
  return { status: r.init?.status ?? 200, body: r.data, headers: new Headers(r.init?.headers) };
}

async function signUp(form: Record<string, string>, lng?: string): Promise<Answer> {
  const request = new Request(`http://localhost/registreren${lng ? `?lng=${lng}` : ""}`, {
    method: "POST",
    body: new URLSearchParams(form),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      [CLIENT_ADDRESS_HEADER]: newAddress(),
    },
  });
  return answerOf(await signUpAction({ request, params: {}, context: {} } as never));
}

const confirmPath = (token: string) => `http://localhost/registreren/bevestigen/${token}`;
async function openLink(token: string): Promise<Answer> {
  const request = new Request(confirmPath(token));
  return answerOf(await confirmLoader({ request, params: { token }, context: {} } as never));
}
async function confirm(token: string, password = PASSWORD, client = newAddress()): Promise<Answer> {
  const request = new Request(confirmPath(token), {
    method: "POST",
    body: new URLSearchParams({ password }),
    headers: { "Content-Type": "application/x-www-form-urlencoded", [CLIENT_ADDRESS_HEADER]: client },
  });
  return answerOf(await confirmAction({ request, params: { token }, context: {} } as never));
}

const signUpMails = async (email: string) =>
  (
    await prisma.outboxMessage.findMany({
      where: { jobName: "send-account-email", payload: { path: ["email"], equals: email } },
      select: { payload: true },
    })
  ).map((m) => m.payload);

describe("the sign-up form", () => {
  it("answers an address with an account exactly as a new one; only the new one gets a request", async () => {
    const taken = (await prisma.user.findUniqueOrThrow({ where: { id: s.applicantA.userId } })).email;
    const fresh = `nieuw-${randomUUID()}@example.nl`;
    const forTaken = await signUp(fields(taken));
    const forFresh = await signUp(fields(fresh));
    expect(forTaken.status).toBe(200);
    expect({ ...forTaken, body: { ...forTaken.body, email: "…" } }).toEqual({
      ...forFresh,
      body: { ...forFresh.body, email: "…" },
    });
    expect(forFresh.body).toEqual({ sent: true, email: fresh });
    // No session, no account: nothing is made before the link is confirmed.
    expect(forFresh.headers.get("Set-Cookie")).toBeNull();
    expect(await prisma.user.count({ where: { email: fresh } })).toBe(0);

    expect(await prisma.signUpRequest.count({ where: { email: taken } })).toBe(0);
    expect(await signUpMails(taken)).toEqual([
      { template: "sign-up-attempt", tokenId: expect.any(String), email: taken },
    ]);
    const [request] = await prisma.signUpRequest.findMany({ where: { email: fresh } });
    expect(request).toBeDefined();
    expect(
      await prisma.outboxMessage.count({
        where: { jobName: "send-account-email", payload: { path: ["tokenId"], equals: request?.id } },
      }),
    ).toBe(1);
  });

  it("still refuses a KvK number that has an account, as a field error", async () => {
    const org = await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } });
    const email = `kvk-${randomUUID()}@example.nl`;
    const r = await signUp(fields(email, { kvkNumber: org.kvkNumber }));
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual({
      kvkNumber:
        "Deze organisatie (dit KvK-nummer) heeft al een account. Vraag een collega om u uit te nodigen.",
    });
    expect(await prisma.signUpRequest.count({ where: { email } })).toBe(0);
  });
});

describe("the confirmation link", () => {
  it("GET shows what will be made and makes nothing; POST makes it, logs in and goes to /aanvrager, once", async () => {
    const email = `bevestig-${randomUUID()}@example.nl`;
    const form = fields(email);
    await signUp(form);
    const token = (await knownSignUpToken(email)) ?? "";

    for (let i = 0; i < 2; i++)
      expect(await openLink(token)).toMatchObject({
        status: 200,
        body: { gone: null, email, organisationName: "Stichting Route", name: "Roos Route" },
      });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    expect(await prisma.organisation.count({ where: { kvkNumber: form.kvkNumber } })).toBe(0);

    const [first, second] = await Promise.all([confirm(token), confirm(token)]);
    const done = first?.status === 302 ? first : second;
    const other = done === first ? second : first;
    expect(done?.status).toBe(302);
    expect(done?.headers.get("Location")).toBe("/aanvrager");
    const cookie = done?.headers.get("Set-Cookie")?.split(";")[0] ?? "";
    const me = await getSessionUser(
      new Request("http://localhost/aanvrager", { headers: { Cookie: cookie } }),
    );
    expect(me?.email).toBe(email);
    // The double POST (a double click, a second tab): one organisation, and the reason.
    expect(other).toMatchObject({
      status: 410,
      body: {
        gone: "Deze aanmelding is al bevestigd. Log in met het e-mailadres en wachtwoord dat u toen heeft gekozen.",
      },
    });
    expect(await prisma.organisation.count({ where: { kvkNumber: form.kvkNumber } })).toBe(1);
    expect((await openLink(token)).status).toBe(410);
  });

  it("an unknown link: 410 with the reason, on GET and POST", async () => {
    const unknown =
      "Deze bevestigingslink is onbekend. Controleer of u de hele link uit de e-mail heeft gebruikt, of meld uw organisatie opnieuw aan.";
    expect(await openLink("ongeldig-token")).toMatchObject({ status: 410, body: { gone: unknown } });
    expect(await confirm("x".repeat(43))).toMatchObject({ status: 410, body: { gone: unknown } });
    // Without a password too (the access matrix posts an empty form): no password would help.
    expect(await confirm("ongeldig-token", "")).toMatchObject({ status: 410, body: { gone: unknown } });
  });

  it("a KvK number taken between request and confirmation: 409 with a clear message, nothing made", async () => {
    const email = `later-${randomUUID()}@example.nl`;
    const form = fields(email);
    await signUp(form);
    const token = (await knownSignUpToken(email)) ?? "";
    await signUpConfirmed(
      signUpSchema.parse(fields(`eerder-${randomUUID()}@example.nl`, { kvkNumber: form.kvkNumber })),
    );
    expect(await confirm(token)).toMatchObject({
      status: 409,
      body: {
        taken:
          "Deze organisatie (dit KvK-nummer) heeft inmiddels een account. Vraag een collega om u uit te nodigen.",
      },
    });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("asks the password chosen on the form: none is a field error, a wrong one is refused, nothing made (rb F2)", async () => {
    const email = `wachtwoord-${randomUUID()}@example.nl`;
    const form = fields(email);
    await signUp(form);
    const token = (await knownSignUpToken(email)) ?? "";
    expect(await confirm(token, "")).toMatchObject({
      status: 400,
      body: { errors: { password: "Vul het wachtwoord in dat u bij de aanmelding heeft gekozen." } },
    });
    expect(await confirm(token, "niet-het-gekozen-wachtwoord")).toMatchObject({
      status: 401,
      body: { formError: "wrongPassword" },
    });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    expect(await prisma.organisation.count({ where: { kvkNumber: form.kvkNumber } })).toBe(0);
    expect((await confirm(token)).status).toBe(302);
  });

  it("past the login's limit of failures: 429 with Retry-After, as the login answers", async () => {
    const email = `te-vaak-${randomUUID()}@example.nl`;
    await signUp(fields(email));
    const token = (await knownSignUpToken(email)) ?? "";
    for (let i = 0; i < accountLimit(); i++) expect((await confirm(token, `fout-${i}`)).status).toBe(401);
    const blocked = await confirm(token);
    expect(blocked).toMatchObject({ status: 429, body: { formError: "throttled" } });
    expect(blocked.headers.get("Retry-After")).toMatch(/^\d+$/);
    // React Router keeps an action's headers on a document request only through the route's export.
    const kept = (
      confirmHeaders as unknown as (a: { actionHeaders: Headers; loaderHeaders: Headers }) => Headers
    )({
      actionHeaders: blocked.headers,
      loaderHeaders: new Headers(),
    });
    expect(kept.get("Retry-After")).toBe(blocked.headers.get("Retry-After"));
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });
});
