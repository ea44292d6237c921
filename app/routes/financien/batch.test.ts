import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { setClock } from "../../domain/clock.ts";
import { approveBatch, duePayments, prepareBatch } from "../../domain/payments/batches.server.ts";
import { addCalendarDays, amsterdamDate, amsterdamTimeOn } from "../../domain/time/index.ts";
import { advisePlan, announceDecision, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { action, loader } from "./batch.tsx";

/** The batch page's "Teruggeboekt door de bank" form: its errors and its outcome, through the action. */

let s: Scenario;
let finance: [Actor, Actor];
let batchId: string;
let paymentId: string;
let plannedId: string;

beforeAll(async () => {
  s = await createScenario();
  finance = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  await announceDecision(id);
  const [due] = (await duePayments(prisma)).filter((p) => p.planId === id);
  paymentId = due?.id as string;
  const batch = await prepareBatch(finance[0], {
    paymentIds: [paymentId],
    executionDate: amsterdamDate(new Date()),
  });
  batchId = batch.id;
  await approveBatch(finance[1], batchId);
  plannedId = (await prisma.payment.findFirstOrThrow({ where: { planId: id, status: "PLANNED" } })).id;
});
afterAll(async () => {
  await disconnectPrisma();
});
afterEach(() => setClock(null));

async function post(who: Actor, fields: Record<string, string>) {
  const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
  const request = new Request(`http://localhost/financien/betalingen/${batchId}`, {
    method: "POST",
    headers: { Cookie: cookie ?? "" },
    body: new URLSearchParams({ intent: "return", ...fields }),
  });
  return action({ request, params: { batchId }, context: {} } as never);
}

/** An action's answer: data() gives { data, init }, a plain object is the data itself. */
function unwrap(result: unknown): { status: number; body: Record<string, unknown> } {
  const r = result as { type?: string; data?: unknown; init?: { status?: number } };
  if (r && r.type === "DataWithResponseInit")
    return { status: r.init?.status ?? 200, body: r.data as Record<string, unknown> };
  return { status: 200, body: result as Record<string, unknown> };
}

describe("recording a bank return on the batch page", () => {
  it("names the missing reason and the too long note at their fields, of that payment's form", async () => {
    const { status, body } = unwrap(
      await post(finance[0], { paymentId, reasonCode: "", note: "x".repeat(501) }),
    );
    expect(status).toBe(400);
    expect(body.form).toBe(`return-${paymentId}`);
    expect(body.errors).toMatchObject({
      reasonCode: { message: "Kies de reden die de bank opgeeft voor de terugboeking." },
      note: { message: "De toelichting is te lang (ten hoogste 500 tekens)." },
    });
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: paymentId } })).status).toBe("PAID");
  });

  it("says why a payment that was never paid cannot come back", async () => {
    const { status, body } = unwrap(await post(finance[0], { paymentId: plannedId, reasonCode: "AC04" }));
    expect(status).toBe(409);
    expect(body.form).toBe(`return-${plannedId}`);
    expect(body.formError).toMatch(/alleen een betaalde betaling kan door de bank worden teruggeboekt/);
  });

  it("lets only finance in", async () => {
    const refused = await post(s.applicantA, { paymentId, reasonCode: "AC04" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((refused as { init?: { status?: number } })?.init?.status).toBe(403);
  });

  it("records it, then shows the reason and the new payment; a second post books nothing", async () => {
    const first = unwrap(await post(finance[0], { paymentId, reasonCode: "AC04", note: "Afschrift 7" }));
    expect(first.body).toMatchObject({ ok: true });
    expect(String(first.body.message)).toMatch(/aangehouden tot Financiën het rekeningnummer/);
    const second = unwrap(await post(finance[1], { paymentId, reasonCode: "AC04" }));
    expect(String(second.body.message)).toMatch(/al geregistreerd/);

    const cookie = (await createUserSession(new Request("http://localhost/"), finance[0].userId)).split(
      ";",
    )[0];
    const page = (await loader({
      request: new Request(`http://localhost/financien/betalingen/${batchId}`, {
        headers: { Cookie: cookie ?? "" },
      }),
      params: { batchId },
      context: {},
    } as never)) as {
      batch: { payments: { id: string; status: string; returnable: boolean; returned: unknown }[] };
    };
    const row = page.batch.payments.find((p) => p.id === paymentId);
    expect(row).toMatchObject({
      status: "teruggeboekt door de bank",
      returnable: false,
      returned: {
        reason: "Rekening opgeheven (AC04)",
        note: "Afschrift 7",
        replacement: { status: "te betalen" },
      },
    });
  });
});

describe("the SEPA file of an approved batch after its execution day, on the batch page", () => {
  it("says why there is no file and takes a new date from one finance user, confirmed by another", async () => {
    const other = await createScenario();
    const users = [await other.newUser("FINANCE"), await other.newUser("FINANCE")] as const;
    const { id, version } = await completePlan(other);
    await grantPlan(other, id, await advisePlan(other, id, version));
    await announceDecision(id);
    const due = (await duePayments(prisma)).filter((p) => p.planId === id);
    const day = amsterdamDate(new Date());
    const batch = await prepareBatch(users[0], { paymentIds: due.map((p) => p.id), executionDate: day });
    await approveBatch(users[1], batch.id);
    const request = async (who: Actor, fields?: Record<string, string>) => {
      const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
      return new Request(`http://localhost/financien/betalingen/${batch.id}`, {
        headers: { Cookie: cookie ?? "" },
        ...(fields ? { method: "POST", body: new URLSearchParams(fields) } : {}),
      });
    };
    type Redate = {
      refusal: string;
      proposal: { date: string; mine: boolean; passed: boolean } | null;
    } | null;
    const page = async (who: Actor) =>
      (
        (await loader({
          request: await request(who),
          params: { batchId: batch.id },
          context: {},
        } as never)) as {
          batch: { redate: Redate; executionDate: string };
        }
      ).batch;
    const post = async (who: Actor, fields: Record<string, string>) =>
      unwrap(
        await action({
          request: await request(who, fields),
          params: { batchId: batch.id },
          context: {},
        } as never),
      );

    // On its day the file is there.
    expect((await page(users[0])).redate).toBeNull();
    const today = addCalendarDays(day, 2);
    setClock(amsterdamTimeOn(today, 12));
    const late = await page(users[0]);
    expect(late.redate?.refusal).toMatch(/is voorbij en het SEPA-bestand is nog niet gedownload/);
    expect(late.redate?.proposal).toBeNull();

    const invalid = await post(users[0], { intent: "propose-date", executionDate: "" });
    expect(invalid).toMatchObject({ status: 400, body: { form: "redate" } });
    expect(invalid.body.errors).toMatchObject({
      executionDate: { message: "Vul de uitvoeringsdatum in als dag-maand-jaar." },
    });
    const proposed = await post(users[0], { intent: "propose-date", executionDate: today });
    expect(String(proposed.body.message)).toMatch(
      /is voorgesteld\. Een andere medewerker van Financiën moet hem bevestigen/,
    );
    expect((await page(users[0])).redate?.proposal).toMatchObject({ date: today, mine: true, passed: false });
    expect((await page(users[1])).redate?.proposal).toMatchObject({ date: today, mine: false });

    const own = await post(users[0], { intent: "confirm-date", executionDate: today });
    expect(own).toMatchObject({ status: 403, body: { form: "redate" } });
    const confirmed = await post(users[1], { intent: "confirm-date", executionDate: today });
    expect(String(confirmed.body.message)).toMatch(/Het SEPA-bestand staat klaar/);
    const after = await page(users[0]);
    expect(after.redate).toBeNull();
    expect(after.executionDate).toMatch(new RegExp(String(Number(today.slice(8)))));
  });
});
