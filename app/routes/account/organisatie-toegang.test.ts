import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { LAST_SIGNATORY_LEAVING } from "../../domain/accounts/organisation-messages.ts";
import type { Actor } from "../../domain/actor.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { action, loader } from "./organisatie.tsx";

/**
 * "Toegang beëindigen" on the organisation page: a link opens a confirmation step, its button ends
 * the access, and a refusal is shown at that step (and in the summary, which lists every error).
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(() => disconnectPrisma());

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

async function post(who: Actor, userId: string) {
  const request = new Request(`${PAGE}?beeindigen=${userId}`, {
    method: "POST",
    headers: { Cookie: await cookieOf(who), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "end-access", userId }),
  });
  try {
    return await action({ request, params: {}, context: {} } as never);
  } catch (thrown) {
    return thrown;
  }
}

const bodyOf = (result: unknown) => (result as { data: unknown }).data;

describe("ending a colleague's access on the organisation page", () => {
  it("asks first, then ends it and says so", async () => {
    const colleague = await s.newUser("APPLICANT", s.orgA.id);
    await prisma.roleMembership.updateMany({
      where: { userId: colleague.userId },
      data: { isSignatory: false },
    });
    expect((await page(s.applicantA)).confirmEnd).toBeNull();
    expect((await page(s.applicantA, `?beeindigen=${colleague.userId}`)).confirmEnd).toMatchObject({
      id: colleague.userId,
      isMe: false,
    });
    // A colleague who is no signatory is asked only about their own access.
    expect((await page(colleague, `?beeindigen=${s.applicantA.userId}`)).confirmEnd).toBeNull();
    expect((await page(colleague, `?beeindigen=${colleague.userId}`)).confirmEnd).toMatchObject({
      isMe: true,
    });

    const done = await post(s.applicantA, colleague.userId);
    expect(bodyOf(done)).toEqual({
      ok: true,
      message: expect.stringMatching(/^De toegang van .+ is beëindigd\.$/),
    });
    expect(await prisma.roleMembership.count({ where: { userId: colleague.userId } })).toBe(0);
    expect((await page(s.applicantA)).users.map((u) => u.id)).not.toContain(colleague.userId);
  });

  it("shows a refusal at the confirmation step's field", async () => {
    const refused = await post(s.applicantA, s.applicantA.userId);
    expect((refused as { init: { status: number } }).init.status).toBe(400);
    expect(bodyOf(refused)).toEqual({ ok: false, errors: { "end-access": LAST_SIGNATORY_LEAVING } });
  });

  it("sends a member who ended their own access away from the page", async () => {
    const colleague = await s.newUser("APPLICANT", s.orgA.id);
    const gone = (await post(colleague, colleague.userId)) as Response;
    expect(gone.status).toBe(302);
    expect(gone.headers.get("Location")).toBe("/");
  });
});
