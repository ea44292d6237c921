import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "../../auth/client-address.ts";
import { hashPassword } from "../../auth/password.server.ts";
import { createUserSession, getSessionUser } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { inviteColleague } from "../../domain/accounts/organisation.server.ts";
import { hashToken, newToken } from "../../domain/accounts/tokens.server.ts";
import { accountEn, accountNl } from "../../i18n/account-texts.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { action, loader } from "./uitnodiging.tsx";

/**
 * The invitation page for an address that has an account: it asks that account's password (not a
 * new one), or only a confirmation when the browser is logged in as it, and says plainly why an
 * account that cannot take the invitation cannot.
 */
let s: Scenario;
const PASSWORD = "het-eigen-wachtwoord-2026";
beforeAll(async () => {
  s = await createScenario();
});
afterAll(() => disconnectPrisma());

const group = () => randomInt(0x10000).toString(16);
const newAddress = () => `2001:db8:${group()}:${group()}::${group()}`;

async function accountOf(organisationId: string | null, role: "APPLICANT" | "FINANCE" = "APPLICANT") {
  const who = await s.newUser(role, organisationId ?? undefined);
  const user = await prisma.user.update({
    where: { id: who.userId },
    data: { passwordHash: await hashPassword(PASSWORD) },
  });
  await prisma.roleMembership.updateMany({ where: { userId: who.userId }, data: { isSignatory: false } });
  return { userId: who.userId, email: user.email };
}

async function invite(email: string) {
  const { invitationId } = await inviteColleague(s.applicantA, s.orgA.id, email);
  const token = newToken();
  await prisma.invitation.update({ where: { id: invitationId }, data: { tokenHash: hashToken(token) } });
  return token;
}

const cookieOf = async (userId: string) =>
  (await createUserSession(new Request("http://localhost/"), userId)).split(";")[0] ?? "";

type Answer = { status: number; body: Record<string, unknown>; headers: Headers };
function answerOf(result: unknown): Answer {
  if (result instanceof Response) return { status: result.status, body: {}, headers: result.headers };
  const r = result as { data: Record<string, unknown>; init: ResponseInit | null };
  return { status: r.init?.status ?? 200, body: r.data, headers: new Headers(r.init?.headers) };
}

async function load(token: string, cookie?: string): Promise<Answer> {
  const headers = new Headers(cookie ? { Cookie: cookie } : {});
  const request = new Request(`http://localhost/uitnodiging/${token}`, { headers });
  return answerOf(await loader({ request, params: { token }, context: {} } as never));
}

async function post(token: string, fields: Record<string, string>, cookie?: string): Promise<Answer> {
  const headers = new Headers({
    "Content-Type": "application/x-www-form-urlencoded",
    [CLIENT_ADDRESS_HEADER]: newAddress(),
  });
  if (cookie) headers.set("Cookie", cookie);
  const request = new Request(`http://localhost/uitnodiging/${token}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers,
  });
  return answerOf(await action({ request, params: { token }, context: {} } as never));
}

const memberOfA = (userId: string) =>
  prisma.roleMembership.count({ where: { userId, organisationId: s.orgA.id, role: "APPLICANT" } });

describe("an invitation to an address with an account", () => {
  it("asks that account's password, and then logs it in with the new membership", async () => {
    const person = await accountOf(s.orgB.id);
    const token = await invite(person.email);
    const page = await load(token);
    expect(page).toMatchObject({
      status: 200,
      body: { account: "existing", signedIn: null, email: person.email },
    });

    const wrong = await post(token, { intent: "password", password: "niet-het-wachtwoord" });
    expect(wrong).toMatchObject({ status: 401, body: { formError: "wrongPassword" } });
    expect(await memberOfA(person.userId)).toBe(0);
    // No new account is made from this page for the address, whatever is posted.
    const asNew = await post(token, {
      name: "Tweede account",
      password: "een-nieuw-wachtwoord-2026",
      passwordRepeat: "een-nieuw-wachtwoord-2026",
    });
    expect(asNew.status).toBe(400);
    expect(await prisma.user.count({ where: { email: person.email } })).toBe(1);

    const right = await post(token, { intent: "password", password: PASSWORD });
    expect(right.status).toBe(302);
    expect(right.headers.get("Location")).toBe("/aanvrager");
    const cookie = right.headers.get("Set-Cookie")?.split(";")[0] ?? "";
    const session = await getSessionUser(new Request("http://localhost/", { headers: { Cookie: cookie } }));
    expect(session?.id).toBe(person.userId);
    expect(session?.organisationIds.sort()).toEqual([s.orgA.id, s.orgB.id].sort());
    expect(await memberOfA(person.userId)).toBe(1);
  });

  it("logged in as that account: a confirmation, no password", async () => {
    const person = await accountOf(s.orgB.id);
    const token = await invite(person.email);
    const cookie = await cookieOf(person.userId);
    expect((await load(token, cookie)).body).toMatchObject({ account: "existing", signedIn: "invited" });
    const done = await post(token, { intent: "confirm" }, cookie);
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/aanvrager");
    expect(await memberOfA(person.userId)).toBe(1);
  });

  it("logged in as another account: the password form, and a confirmation does not accept", async () => {
    const person = await accountOf(s.orgB.id);
    const token = await invite(person.email);
    const other = await cookieOf((await accountOf(s.orgB.id)).userId);
    expect((await load(token, other)).body).toMatchObject({ account: "existing", signedIn: "other" });
    const refused = await post(token, { intent: "confirm" }, other);
    expect(refused).toMatchObject({ status: 403, body: { formError: "otherAccountRefused" } });
    expect(await memberOfA(person.userId)).toBe(0);
    // Without a session a confirmation asks for the password.
    expect(await post(token, { intent: "confirm" })).toMatchObject({
      status: 401,
      body: { formError: "sessionEnded" },
    });
  });

  it("a switched-off account and a staff account are told why they cannot accept", async () => {
    const off = await accountOf(s.orgB.id);
    await prisma.user.update({ where: { id: off.userId }, data: { active: false } });
    const offToken = await invite(off.email);
    expect(await load(offToken)).toMatchObject({ status: 409, body: { refused: "inactive" } });
    expect(await post(offToken, { intent: "password", password: PASSWORD })).toMatchObject({
      status: 409,
      body: { refused: "inactive" },
    });

    const staff = await accountOf(null, "FINANCE");
    const staffToken = await invite(staff.email);
    expect(await load(staffToken)).toMatchObject({ status: 409, body: { refused: "staff" } });
    const answer = await post(staffToken, { intent: "password", password: PASSWORD });
    // Refused before any session: a staff login needs its second factor (ADR 0013).
    expect(answer).toMatchObject({ status: 409, body: { refused: "staff" } });
    expect(answer.headers.get("Set-Cookie")).toBeNull();
    expect(await memberOfA(staff.userId)).toBe(0);
  });

  it("has the page's texts in Dutch and English, each naming the address", () => {
    for (const texts of [accountNl, accountEn]) {
      for (const reason of ["inactive", "staff", "member"] as const) {
        expect(texts.invitation.refused[reason]).toContain("{{email}}");
        expect(texts.invitation.refused[reason]).toContain("{{organisation}}");
      }
      expect(texts.invitation.wrongPassword).toContain("{{email}}");
    }
    expect(accountEn.invitation.refused.staff).not.toBe(accountNl.invitation.refused.staff);
  });
});
