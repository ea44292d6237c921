import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { parseMeasureCategories } from "../../domain/plan/cofinancing.ts";
import { createScenario, SCENARIO_CATEGORY, type Scenario } from "../../test/scenario.server.ts";
import { action, loader } from "./regeling.tsx";

/**
 * The regulation page as the browser reaches it: who may read it and post to it (as the access
 * matrix e2e/access-matrix.ts expects: finance and admin; anyone else 403; no session, the login),
 * and the change of a measure category through its form.
 */

type Answer = { status: number; body: unknown; location?: string | null };

let s: Scenario;
let finance: Actor;
let admin: Actor;
const FORM = `category-${SCENARIO_CATEGORY.code}`;

beforeAll(async () => {
  s = await createScenario();
  finance = await s.newUser("FINANCE");
  admin = await s.newUser("ADMIN");
});
afterAll(async () => {
  await disconnectPrisma();
});

async function requestAs(who: Actor | null, fields?: Record<string, string>): Promise<Request> {
  const headers: Record<string, string> = {};
  if (who) {
    const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
    headers.Cookie = cookie ?? "";
  }
  const url = `http://localhost/financien/regelingen/${s.regulation.id}`;
  if (!fields) return new Request(url, { headers });
  headers["Content-Type"] = "application/x-www-form-urlencoded";
  return new Request(url, { method: "POST", body: new URLSearchParams(fields), headers });
}

/** A route's answer: its data, or what it threw (a Response for a redirect, data() for a refusal). */
async function answer(run: () => Promise<unknown>): Promise<Answer> {
  try {
    const result = await run();
    // data() gives { data, init }; a plain object is the loader's data itself.
    if (result && typeof result === "object" && "init" in result && "data" in result) {
      const wrapped = result as { data: unknown; init: ResponseInit | null };
      return { status: wrapped.init?.status ?? 200, body: wrapped.data };
    }
    return { status: 200, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) {
      return { status: thrown.status, body: null, location: thrown.headers.get("Location") };
    }
    const t = thrown as { init?: ResponseInit | null; data?: unknown };
    return { status: t.init?.status ?? 500, body: t.data };
  }
}

const get = async (who: Actor | null) =>
  answer(async () =>
    loader({
      request: await requestAs(who),
      params: { regulationId: s.regulation.id },
      context: {},
    } as never),
  );
const post = async (who: Actor | null, fields: Record<string, string>) =>
  answer(async () =>
    action({
      request: await requestAs(who, fields),
      params: { regulationId: s.regulation.id },
      context: {},
    } as never),
  );

const categoryNow = async () =>
  parseMeasureCategories(
    (await prisma.regulation.findUniqueOrThrow({ where: { id: s.regulation.id } })).measureCategories,
  )[0];

describe("/financien/regelingen/:regulationId — measure categories", () => {
  it("lists each category with its rate, wage-cost share, net-job-growth requirement and legal basis, to finance and admin only", async () => {
    for (const who of [finance, admin]) {
      const page = await get(who);
      expect(page.status).toBe(200);
      expect(
        (page.body as { regulation: { measureCategories: unknown } }).regulation.measureCategories,
      ).toEqual([
        {
          code: SCENARIO_CATEGORY.code,
          label: SCENARIO_CATEGORY.label,
          rate: "100%",
          rateInput: "100",
          share: "20%",
          shareInput: "20",
          requiresNetJobGrowth: true,
          legalBasis: SCENARIO_CATEGORY.legalBasis,
        },
      ]);
    }
    for (const who of [s.handler, s.decisionMaker, s.adviser, s.applicantA]) {
      expect((await get(who)).status).toBe(403);
    }
    const anonymous = await get(null);
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("changes a category through its form, audited; a bad percentage is a 400 on its field; other roles get 403 and change nothing", async () => {
    const fields = {
      intent: "category-change",
      code: SCENARIO_CATEGORY.code,
      rate: "90",
      maxShareOfWageCosts: "20",
    };
    for (const who of [s.handler, s.decisionMaker, s.applicantA]) {
      expect((await post(who, fields)).status).toBe(403);
    }
    expect((await post(null, fields)).status).toBe(302);
    expect(await categoryNow()).toMatchObject({ rateBp: 10_000, maxShareOfWageCostsBp: 2000 });

    const bad = await post(finance, { ...fields, rate: "110", maxShareOfWageCosts: "0" });
    expect(bad).toMatchObject({
      status: 400,
      body: {
        ok: false,
        form: FORM,
        errors: {
          rate: "Vul bij het cofinancieringspercentage van de categorie een percentage tussen 0 en 100 in, met hoogstens twee decimalen, bijvoorbeeld 50 of 12,5.",
          maxShareOfWageCosts:
            "Het deel van de loonkosten moet hoger zijn dan 0%: bij 0% kan een deelnemer geen subsidiabele kosten hebben.",
        },
      },
    });
    // The share of a category that has one cannot be left out (a hand-made post).
    const noShare = await post(finance, {
      intent: "category-change",
      code: SCENARIO_CATEGORY.code,
      rate: "90",
    });
    expect(noShare).toMatchObject({
      status: 400,
      body: { form: FORM, errors: { maxShareOfWageCosts: expect.any(String) } },
    });
    expect(await categoryNow()).toMatchObject({ rateBp: 10_000, maxShareOfWageCostsBp: 2000 });
    // A code the regulation does not know: not found, as any missing row.
    expect((await post(finance, { ...fields, code: "bestaat-niet" })).status).toBe(404);

    const ok = await post(finance, fields);
    expect(ok).toMatchObject({ status: 200, body: { ok: true } });
    expect((ok.body as { message: string }).message).toContain("90%");
    expect(await categoryNow()).toMatchObject({ rateBp: 9000, maxShareOfWageCostsBp: 2000 });
    const audit = await prisma.auditLog.findFirst({
      where: { targetId: s.regulation.id },
      orderBy: { id: "desc" },
    });
    expect(audit).toMatchObject({
      action: "regulation.parameters.changed",
      actorId: finance.userId,
      details: {
        measureCategory: SCENARIO_CATEGORY.code,
        before: { [`measureCategories[${SCENARIO_CATEGORY.code}].rateBp`]: "10000" },
        after: { [`measureCategories[${SCENARIO_CATEGORY.code}].rateBp`]: "9000" },
      },
    });
    // The page shows the new rate.
    const page = await get(admin);
    expect(
      (page.body as { regulation: { measureCategories: { rate: string }[] } }).regulation.measureCategories[0]
        ?.rate,
    ).toBe("90%");
  });
});

describe("/financien/regelingen/:regulationId — the publication date", () => {
  it("saves the date the parameters form sends, shows it as the field's value, and refuses a bad one on its field", async () => {
    type Page = { regulation: { params: Record<string, string>; publication: string } };
    const before = (await get(finance)).body as Page;
    expect(before.regulation.params.publishedOn).toBe("");
    expect(before.regulation.publication).toBe("geen");
    const fields = { intent: "params", ...before.regulation.params };

    const bad = await post(finance, { ...fields, publishedOn: "14 augustus" });
    expect(bad).toMatchObject({
      status: 400,
      body: {
        form: "params",
        errors: { publishedOn: "Vul bij de publicatiedatum een geldige datum in (dag, maand en jaar)." },
      },
    });

    const ok = await post(finance, { ...fields, publishedOn: "2013-08-14" });
    expect(ok).toMatchObject({
      status: 200,
      body: { ok: true, message: "De parameters zijn opgeslagen (1 gewijzigd)." },
    });
    expect(
      (await prisma.regulation.findUniqueOrThrow({ where: { id: s.regulation.id } })).publishedOn,
    ).toEqual(new Date("2013-08-14T00:00:00Z"));
    expect(((await get(admin)).body as Page).regulation.params.publishedOn).toBe("2013-08-14");
  });
});

describe("/financien/regelingen/:regulationId — a window or envelope of another regulation in the form", () => {
  it("is not found on this page, and the other regulation's ceilings stay as they were", async () => {
    const other = await createScenario();
    const ceilingOf = async (potId: string) =>
      (await prisma.budgetPot.findUniqueOrThrow({ where: { id: potId } })).ceilingCents;
    const envelope = await prisma.budgetEnvelope.findFirstOrThrow({
      where: { fund: other.regulation.fund },
      select: { id: true, potId: true },
    });
    const before = { window: await ceilingOf(other.windowPotId), envelope: await ceilingOf(envelope.potId) };
    const windowChange = await post(finance, {
      intent: "window-change",
      windowId: other.window.id,
      ceiling: "200.000.000",
    });
    const envelopeChange = await post(finance, {
      intent: "envelope-change",
      envelopeId: envelope.id,
      ceiling: "900.000.000",
    });
    expect([windowChange.status, envelopeChange.status]).toEqual([404, 404]);
    expect({ window: await ceilingOf(other.windowPotId), envelope: await ceilingOf(envelope.potId) }).toEqual(
      before,
    );
    // On its own page the same change goes through.
    const own = await answer(async () =>
      action({
        request: new Request(`http://localhost/financien/regelingen/${other.regulation.id}`, {
          method: "POST",
          body: new URLSearchParams({
            intent: "window-change",
            windowId: other.window.id,
            ceiling: "200.000.000",
          }),
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            Cookie:
              (await createUserSession(new Request("http://localhost/"), finance.userId)).split(";")[0] ?? "",
          },
        }),
        params: { regulationId: other.regulation.id },
        context: {},
      } as never),
    );
    expect(own.status).toBe(200);
    expect(await ceilingOf(other.windowPotId)).toBe(20_000_000_000n);
  });
});
