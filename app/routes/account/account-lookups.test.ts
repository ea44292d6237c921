import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "../../auth/client-address.ts";
import { createUserSession } from "../../auth/session.server.ts";
import { addressLimit, RESET_MAILS_PER_DAY, RESET_MAILS_PER_HOUR } from "../../auth/throttle.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { action as organisationAction, loader as organisationLoader } from "./organisatie.tsx";
import { action as signUpAction } from "./registreren.tsx";
import { action as forgotAction } from "./wachtwoord-vergeten.tsx";

/**
 * The pages that look an e-mail address up: sign-up answers "check your e-mail" whether or not the
 * address has an account (ADR 0029; registreren.test.ts) and is limited per client address with
 * the login's 429; the invitation form answers alike for an address with an account elsewhere;
 * "wachtwoord vergeten" answers the same past its limits and then writes nothing.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(() => disconnectPrisma());

const group = () => randomInt(0x10000).toString(16);
const newAddress = () => `2001:db8:${group()}:${group()}::${group()}`;
const emailOf = async (userId: string) =>
  (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).email;

type Answer = { status: number; body: Record<string, unknown>; headers: Headers };
async function call(
  fn: (args: never) => unknown,
  path: string,
  fields: Record<string, string>,
  opts: { address: string; cookie?: string; lng?: string },
): Promise<Answer> {
  const headers = new Headers({
    "Content-Type": "application/x-www-form-urlencoded",
    [CLIENT_ADDRESS_HEADER]: opts.address,
  });
  if (opts.cookie) headers.set("Cookie", opts.cookie);
  const url = `http://localhost${path}${opts.lng ? `?lng=${opts.lng}` : ""}`;
  const request = new Request(url, { method: "POST", body: new URLSearchParams(fields), headers });
  const result: unknown = await fn({ request, params: {}, context: {} } as never);
  if (result instanceof Response) return { status: result.status, body: {}, headers: result.headers };
  const r = result as { data: Record<string, unknown>; init: ResponseInit | null };
  return { status: r.init?.status ?? 200, body: r.data, headers: new Headers(r.init?.headers) };
}

const cookieOf = async (who: Actor) =>
  (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0] ?? "";

const signUpFields = (email: string) => ({
  organisationName: "Stichting Proef",
  kvkNumber: String(10_000_000 + randomInt(89_999_999)),
  legalForm: "Stichting",
  street: "Straat 1",
  postalCode: "1234 AB",
  city: "Utrecht",
  iban: "NL91ABNA0417164300",
  name: "Proef",
  email,
  password: "een-lang-wachtwoord-2026",
  passwordRepeat: "een-lang-wachtwoord-2026",
});

describe("sign-up", () => {
  it("is limited per client address: past the limit a 429 with the reason, before any look-up", async () => {
    const taken = await emailOf(s.applicantA.userId);
    const address = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < addressLimit(); i++)
      statuses.push((await call(signUpAction, "/registreren", signUpFields(taken), { address })).status);
    // Each attempt was answered "check your e-mail", as a free address is …
    expect(new Set(statuses)).toEqual(new Set([200]));
    // … and not one more time: the list of addresses (and KvK numbers) to try stops here.
    const blocked = await call(signUpAction, "/registreren", signUpFields(taken), { address });
    expect(blocked.status).toBe(429);
    expect(blocked.body.errors).toEqual({});
    expect(blocked.body.formError).toBe(
      "Te veel pogingen vanaf uw internetadres. Probeer het over een kwartier opnieuw.",
    );
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Not even a free address gets through from there; another client does.
    const fresh = `vrij-${randomUUID()}@example.nl`;
    expect((await call(signUpAction, "/registreren", signUpFields(fresh), { address })).status).toBe(429);
    expect(await prisma.signUpRequest.count({ where: { email: fresh } })).toBe(0);
    const elsewhere = await call(signUpAction, "/registreren", signUpFields(fresh), {
      address: newAddress(),
    });
    expect(elsewhere.status).toBe(200);
    expect(await prisma.signUpRequest.count({ where: { email: fresh } })).toBe(1);
  });

  it("says so in English on an English page", async () => {
    const address = newAddress();
    // An invalid form is not a look-up and is not counted.
    for (let i = 0; i < addressLimit(); i++)
      expect((await call(signUpAction, "/registreren", signUpFields("geen-adres"), { address })).status).toBe(
        400,
      );
    const taken = await emailOf(s.applicantA.userId);
    for (let i = 0; i < addressLimit(); i++)
      expect((await call(signUpAction, "/registreren", signUpFields(taken), { address })).status).toBe(200);
    const blocked = await call(signUpAction, "/registreren", signUpFields(taken), { address, lng: "en" });
    expect(blocked.status).toBe(429);
    expect(blocked.body.formError).toBe(
      "Too many attempts from your internet address. Please try again in fifteen minutes.",
    );
  });
});

describe("the invitation form", () => {
  it("answers for an address with an account elsewhere exactly as for a new address", async () => {
    const cookie = await cookieOf(s.applicantA);
    const address = newAddress();
    const answer = async (email: string) => {
      const r = await call(
        organisationAction,
        "/aanvrager/organisatie",
        { intent: "invite", email },
        {
          address,
          cookie,
        },
      );
      return { status: r.status, body: { ...r.body, message: String(r.body.message).replace(email, "…") } };
    };
    const elsewhere = await answer(await emailOf(s.applicantB.userId));
    const fresh = await answer(`nieuw-${randomUUID()}@example.nl`);
    expect(elsewhere).toEqual(fresh);
    expect(fresh.status).toBe(200);
    expect(fresh.body.message).toMatch(/^Er is een uitnodiging gestuurd naar …\./);
  });

  it("is limited per client address like sign-up", async () => {
    const cookie = await cookieOf(s.applicantA);
    const address = newAddress();
    for (let i = 0; i < addressLimit(); i++)
      await call(
        organisationAction,
        "/aanvrager/organisatie",
        { intent: "invite", email: `n-${randomUUID()}@example.nl` },
        { address, cookie },
      );
    const email = `n-${randomUUID()}@example.nl`;
    const blocked = await call(
      organisationAction,
      "/aanvrager/organisatie",
      { intent: "invite", email },
      {
        address,
        cookie,
      },
    );
    expect(blocked.status).toBe(429);
    expect(await prisma.invitation.count({ where: { email } })).toBe(0);
  });
});

describe("withdrawing an invitation on the organisation page", () => {
  it("a signatory sees the button, withdraws, and the invitation leaves the list", async () => {
    const cookie = await cookieOf(s.applicantA);
    const email = `intrekken-${randomUUID()}@example.nl`;
    await call(
      organisationAction,
      "/aanvrager/organisatie",
      { intent: "invite", email },
      {
        address: newAddress(),
        cookie,
      },
    );
    const page = async () =>
      (await organisationLoader({
        request: new Request("http://localhost/aanvrager/organisatie", { headers: { Cookie: cookie } }),
        params: {},
        context: {},
      } as never)) as { invitations: { id: string; email: string; canWithdraw: boolean }[] };
    const open = (await page()).invitations.find((i) => i.email === email);
    expect(open?.canWithdraw).toBe(true);

    const done = await call(
      organisationAction,
      "/aanvrager/organisatie",
      { intent: "withdraw-invitation", invitationId: open?.id ?? "" },
      { address: newAddress(), cookie },
    );
    expect(done).toMatchObject({
      status: 200,
      body: { ok: true, message: `De uitnodiging aan ${email} is ingetrokken; de link werkt niet meer.` },
    });
    expect((await page()).invitations.find((i) => i.email === email)).toBeUndefined();
    expect(
      await prisma.auditLog.count({ where: { targetId: open?.id, action: "user.invitation-withdrawn" } }),
    ).toBe(1);

    // Again (a second tab): the reason, not an error page.
    const again = await call(
      organisationAction,
      "/aanvrager/organisatie",
      { intent: "withdraw-invitation", invitationId: open?.id ?? "" },
      { address: newAddress(), cookie },
    );
    expect(again.status).toBe(400);
    expect(again.body.formError).toBe(
      "Deze uitnodiging staat niet meer open: ze is al aangenomen, verlopen of ingetrokken.",
    );
  });
});

describe("wachtwoord vergeten", () => {
  it("answers the same past its limits, and writes nothing then; a flood from one client spends only its own allowance", async () => {
    const email = await emailOf(s.applicantA.userId);
    const outbox = () =>
      prisma.outboxMessage.count({
        where: { jobName: "send-account-email", payload: { path: ["email"], equals: email } },
      });
    const before = await outbox();
    const answers = new Set<string>();
    const ask = async (address: string) => {
      const r = await call(forgotAction, "/wachtwoord-vergeten", { email }, { address });
      answers.add(JSON.stringify([r.status, r.body]));
    };
    // One client asking for the owner's address: RESET_MAILS_PER_HOUR mails, then nothing.
    const flooder = newAddress();
    for (let i = 0; i < RESET_MAILS_PER_HOUR + 5; i++) await ask(flooder);
    expect((await outbox()) - before).toBe(RESET_MAILS_PER_HOUR);
    // The owner, and others, still get mails, up to the address's ceiling of the day.
    for (let i = 0; i < RESET_MAILS_PER_DAY; i++) await ask(newAddress());
    expect((await outbox()) - before).toBe(RESET_MAILS_PER_DAY);
    expect([...answers]).toEqual([JSON.stringify([200, { sent: true }])]);
  });
});
