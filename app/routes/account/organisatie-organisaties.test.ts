import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { action, loader } from "./organisatie.tsx";

/**
 * The organisation page of someone in two organisations: ?organisatie= picks the page (one not
 * theirs shows their first), and every form acts on the organisation it posts along, checked again.
 */
let s: Scenario;
let both: Actor;
afterAll(() => disconnectPrisma());
beforeAll(async () => {
  s = await createScenario();
  // Joined A first, then B (an accepted invitation): A is their first organisation.
  both = await s.newUser("APPLICANT", s.orgA.id);
  await prisma.roleMembership.create({
    data: { userId: both.userId, role: "APPLICANT", organisationId: s.orgB.id, isSignatory: true },
  });
});

const PAGE = "http://localhost/aanvrager/organisatie";

async function cookieOf(who: Actor): Promise<string> {
  return (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0] ?? "";
}

async function page(who: Actor, search = "") {
  const request = new Request(`${PAGE}${search}`, { headers: { Cookie: await cookieOf(who) } });
  return (await loader({ request, params: {}, context: {} } as never)) as NonNullable<
    Awaited<ReturnType<typeof loader>>
  >;
}

async function post(who: Actor, fields: Record<string, string>, search = "") {
  const request = new Request(`${PAGE}${search}`, {
    method: "POST",
    headers: { Cookie: await cookieOf(who), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  try {
    return await action({ request, params: {}, context: {} } as never);
  } catch (thrown) {
    return thrown;
  }
}

const bodyOf = (result: unknown) => (result as { data: unknown }).data;
const statusOf = (result: unknown) =>
  result instanceof Response ? result.status : (result as { init: { status: number } }).init.status;

describe("the organisation page of someone in two organisations", () => {
  it("shows the first without a choice, the one asked for, and lists both by name", async () => {
    const first = await page(both);
    expect(first.organisation.id).toBe(s.orgA.id);
    expect(first.organisations).toEqual([
      { id: s.orgA.id, name: s.orgA.name },
      { id: s.orgB.id, name: s.orgB.name },
    ]);
    const second = await page(both, `?organisatie=${s.orgB.id}`);
    expect(second.organisation.id).toBe(s.orgB.id);
    expect(second.users.map((u) => u.id)).toContain(s.applicantB.userId);
    expect(second.users.map((u) => u.id)).not.toContain(s.applicantA.userId);
  });

  it("never shows another organisation's page: not theirs, or no id, shows their first", async () => {
    expect((await page(s.applicantA, `?organisatie=${s.orgB.id}`)).organisation.id).toBe(s.orgA.id);
    expect((await page(both, "?organisatie=geen-id")).organisation.id).toBe(s.orgA.id);
    // One organisation: the page as it was, with only that one to list.
    expect((await page(s.applicantA)).organisations).toEqual([{ id: s.orgA.id, name: s.orgA.name }]);
  });

  it("acts on the organisation the form posts along", async () => {
    const colleague = await s.newUser("APPLICANT", s.orgB.id);
    await prisma.roleMembership.updateMany({
      where: { userId: colleague.userId },
      data: { isSignatory: false },
    });
    const done = await post(
      both,
      { intent: "signatory", organisationId: s.orgB.id, userId: colleague.userId, isSignatory: "true" },
      `?organisatie=${s.orgB.id}`,
    );
    expect(bodyOf(done)).toEqual({ ok: true, message: "De tekenbevoegdheid is gewijzigd." });
    const membership = await prisma.roleMembership.findFirstOrThrow({ where: { userId: colleague.userId } });
    expect(membership).toMatchObject({ organisationId: s.orgB.id, isSignatory: true });
  });

  it("refuses an organisation the user is no member of (404), and a post that does not say which", async () => {
    const outsider = await s.newUser("APPLICANT", s.orgB.id);
    await prisma.roleMembership.updateMany({
      where: { userId: outsider.userId },
      data: { isSignatory: false },
    });
    const foreign = await post(s.applicantA, {
      intent: "signatory",
      organisationId: s.orgB.id,
      userId: outsider.userId,
      isSignatory: "true",
    });
    expect(statusOf(foreign)).toBe(404);
    const unsaid = await post(both, { intent: "signatory", userId: outsider.userId, isSignatory: "true" });
    expect(statusOf(unsaid)).toBe(400);
    expect(bodyOf(unsaid)).toEqual({
      ok: false,
      formError:
        "Het is niet duidelijk voor welke organisatie dit formulier was. Laad de pagina opnieuw en probeer het nog eens.",
    });
    expect(
      await prisma.roleMembership.findFirstOrThrow({ where: { userId: outsider.userId } }),
    ).toMatchObject({
      isSignatory: false,
    });
  });

  it("acts for the only organisation of someone in one when the form does not say (as before)", async () => {
    const colleague = await s.newUser("APPLICANT", s.orgA.id);
    const done = await post(s.applicantA, {
      intent: "signatory",
      userId: colleague.userId,
      isSignatory: "false",
    });
    expect(bodyOf(done)).toMatchObject({ ok: true });
  });
});
