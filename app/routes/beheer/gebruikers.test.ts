import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { lastCoordinatorMessage } from "../../domain/accounts/staff-messages.ts";
import { SIGNING_TITLE_MAX, SIGNING_TITLE_TOO_LONG } from "../../domain/accounts/validation.ts";
import type { Actor } from "../../domain/actor.ts";
import { isCoordinator } from "../../domain/assessment/assignment.server.ts";
import { cancelReminders } from "../../domain/reminders/reminders.server.ts";
import { completePlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { action } from "./gebruikers.tsx";

type Answer = {
  status: number;
  body: {
    ok: boolean;
    message?: string;
    released?: string[];
    errors?: Record<string, string>;
    formError?: string;
  };
};

let s: Scenario;
let admin: Actor;
const planIds: string[] = [];
beforeAll(async () => {
  s = await createScenario();
  admin = await s.newUser("ADMIN");
});
afterAll(async () => {
  await prisma.$transaction(async (tx) => {
    for (const id of planIds) await cancelReminders(tx, id);
  });
  await disconnectPrisma();
});

/** The page's action as the browser posts to it, with a session of `who`. */
async function post(who: Actor, fields: Record<string, string>): Promise<Answer> {
  const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
  const request = new Request("http://localhost/beheer/gebruikers", {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { Cookie: cookie ?? "", "Content-Type": "application/x-www-form-urlencoded" },
  });
  try {
    const result = (await action({ request, params: {}, context: {} } as never)) as {
      data: Answer["body"];
      init: ResponseInit | null;
    };
    return { status: result.init?.status ?? 200, body: result.data };
  } catch (thrown) {
    const t = thrown as { init?: ResponseInit | null; status?: number };
    return { status: t.init?.status ?? t.status ?? 500, body: { ok: false } };
  }
}

describe("/beheer/gebruikers", () => {
  it("names an adviser coordinator and takes it away, and refuses it to the last one", async () => {
    const ok = await post(admin, { intent: "coordinator", userId: s.adviser.userId, coordinator: "true" });
    expect(ok).toEqual({
      status: 200,
      body: { ok: true, message: "De adviseur is nu coördinator van het Actieteam." },
    });
    expect(await isCoordinator(prisma, s.adviser.userId)).toBe(true);
    expect(
      (await post(admin, { intent: "coordinator", userId: s.adviser.userId, coordinator: "false" })).status,
    ).toBe(200);

    // The field the refusal names is the id of the control on the page (the summary links to it).
    const others = await prisma.user.findMany({
      where: {
        active: true,
        id: { not: s.coordinator.userId },
        memberships: { some: { role: "ADVISER", isCoordinator: true } },
      },
      select: { id: true },
    });
    await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: false } });
    try {
      const refused = await post(admin, {
        intent: "coordinator",
        userId: s.coordinator.userId,
        coordinator: "false",
      });
      expect(refused).toEqual({
        status: 400,
        body: {
          ok: false,
          errors: { [`coordinator-${s.coordinator.userId}`]: lastCoordinatorMessage("unset") },
        },
      });
    } finally {
      await prisma.user.updateMany({
        where: { id: { in: others.map((o) => o.id) } },
        data: { active: true },
      });
    }

    expect(await post(admin, { intent: "coordinator", userId: "niet-een-id", coordinator: "true" })).toEqual({
      status: 400,
      body: { ok: false, formError: "Onbekende gebruiker." },
    });
    expect(
      (await post(s.handler, { intent: "coordinator", userId: s.adviser.userId, coordinator: "true" }))
        .status,
    ).toBe(403);
  });

  it("saves a decision maker's signing function, tidied; blank clears it; too long is refused on the field", async () => {
    const dm = s.decisionMaker.userId;
    const titleOf = async () =>
      (await prisma.user.findUniqueOrThrow({ where: { id: dm }, select: { signingTitle: true } }))
        .signingTitle;
    expect(
      await post(admin, {
        intent: "signingTitle",
        userId: dm,
        signingTitle: "  de directeur   Agentschap SZW, ",
      }),
    ).toEqual({ status: 200, body: { ok: true, message: "De functie bij ondertekening is opgeslagen." } });
    expect(await titleOf()).toBe("de directeur Agentschap SZW");
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { targetId: dm, action: "user.signing-title-changed" },
      orderBy: { id: "desc" },
    });
    expect(audit).toMatchObject({
      actorId: admin.userId,
      details: { before: { signingTitle: null }, after: { signingTitle: "de directeur Agentschap SZW" } },
    });

    expect(
      await post(admin, {
        intent: "signingTitle",
        userId: dm,
        signingTitle: "x".repeat(SIGNING_TITLE_MAX + 1),
      }),
    ).toEqual({
      status: 400,
      body: { ok: false, errors: { [`signingTitle-${dm}`]: SIGNING_TITLE_TOO_LONG } },
    });
    expect(await titleOf()).toBe("de directeur Agentschap SZW");

    expect(await post(admin, { intent: "signingTitle", userId: dm, signingTitle: "   " })).toEqual({
      status: 200,
      body: { ok: true, message: "De functie bij ondertekening is gewist." },
    });
    expect(await titleOf()).toBeNull();

    expect(await post(admin, { intent: "signingTitle", userId: "niet-een-id", signingTitle: "x" })).toEqual({
      status: 400,
      body: { ok: false, formError: "Onbekende gebruiker." },
    });
    expect(
      (await post(s.decisionMaker, { intent: "signingTitle", userId: dm, signingTitle: "x" })).status,
    ).toBe(403);
    expect(await titleOf()).toBeNull();
  });

  it("tells the admin what switching an account off released", async () => {
    const handler = await s.newUser("CASE_HANDLER");
    const plan = await completePlan({ ...s, handler });
    planIds.push(plan.id);
    const answer = await post(admin, { intent: "active", userId: handler.userId, active: "false" });
    expect(answer).toEqual({
      status: 200,
      body: {
        ok: true,
        message: "Het account is uitgeschakeld.",
        released: ["1 dossier teruggezet in de werkvoorraad."],
      },
    });
  });
});
