import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { signUpSchema } from "../../domain/accounts/validation.ts";
import type { Actor } from "../../domain/actor.ts";
import { decideIbanChange, requestIbanChange } from "../../domain/payments/iban.server.ts";
import { hasEnglish } from "../../i18n/domain-messages.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { signUpConfirmed } from "../../test/sign-up.server.ts";
import { action, loader } from "./organisatie.tsx";

/**
 * The organisation is told how its change of bank account was decided: in the portal (the bell)
 * when finance decides, and on its own page afterwards, with the reason of a rejection.
 */
let s: Scenario;
let finance: Actor;
beforeAll(async () => {
  s = await createScenario();
  finance = await s.newUser("FINANCE");
});
afterAll(async () => {
  await disconnectPrisma();
});

async function page(who: Actor) {
  const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
  const request = new Request("http://localhost/aanvrager/organisatie", {
    headers: { Cookie: cookie ?? "" },
  });
  return (await loader({ request, params: {}, context: {} } as never)) as NonNullable<
    Awaited<ReturnType<typeof loader>>
  >;
}

const REASON = "De rekeninghouder wijkt af van de inschrijving in het Handelsregister.";

describe("the outcome of a change of bank account", () => {
  it("a rejection: the organisation's users are told with the reason, and the page shows it", async () => {
    const since = new Date();
    expect((await page(s.applicantA)).lastIbanDecision).toBeNull();
    const { id } = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: "NL02ABNA0123456789",
      accountHolder: s.orgA.name,
    });
    await decideIbanChange(finance, id, { approve: false, reason: REASON });

    const told = await prisma.notification.findMany({
      where: {
        userId: s.applicantA.userId,
        createdAt: { gte: since },
        title: { contains: "rekeningnummer" },
      },
    });
    expect(told).toHaveLength(1);
    expect(told[0]?.title).toBe("Wijziging van het rekeningnummer afgewezen");
    expect(told[0]?.body).toContain("NL02 ABNA 0123 4567 89");
    expect(told[0]?.body).toContain(REASON);
    // By name and by link: one account may belong to two organisations.
    expect(told[0]?.body).toContain(`het rekeningnummer van ${s.orgA.name}`);
    expect(told[0]?.link).toBe(`/aanvrager/organisatie?organisatie=${s.orgA.id}`);
    // Not organisation B's users.
    expect(
      await prisma.notification.count({
        where: {
          userId: s.applicantB.userId,
          createdAt: { gte: since },
          title: { contains: "rekeningnummer" },
        },
      }),
    ).toBe(0);

    const after = await page(s.applicantA);
    expect(after.pendingIban).toBeNull();
    expect(after.lastIbanDecision).toMatchObject({
      approved: false,
      iban: "NL02 ABNA 0123 4567 89",
      reason: REASON,
    });
  });

  it("an approval: told, and the page shows the latest decision", async () => {
    const since = new Date();
    const { id } = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: "NL20INGB0001234567",
      accountHolder: s.orgA.name,
    });
    await decideIbanChange(finance, id, { approve: true });
    const told = await prisma.notification.findMany({
      where: { userId: s.applicantA.userId, createdAt: { gte: since }, title: { contains: "ekeningnummer" } },
    });
    expect(told.map((n) => n.title)).toEqual(["Rekeningnummer gewijzigd"]);
    const after = await page(s.applicantA);
    expect(after.iban).toBe("NL20 INGB 0001 2345 67");
    expect(after.lastIbanDecision).toMatchObject({
      approved: true,
      iban: "NL20 INGB 0001 2345 67",
      reason: null,
    });
  });
});

describe("a change of the account holder's name only", () => {
  it("the page names the holder asked for, so that it tells a change of the holder, not of the IBAN", async () => {
    const t = await createScenario();
    const holder = `Beheerstichting ${t.tag}`;
    const { id } = await requestIbanChange(t.applicantA, {
      organisationId: t.orgA.id,
      iban: t.orgA.iban,
      accountHolder: holder,
    });
    await decideIbanChange(finance, id, { approve: true });
    expect((await page(t.applicantA)).lastIbanDecision).toMatchObject({
      first: false,
      holder,
      approved: true,
      iban: "NL91 ABNA 0417 1643 00",
    });
    // A change of the number names no holder of its own.
    const { id: moved } = await requestIbanChange(t.applicantA, {
      organisationId: t.orgA.id,
      iban: "NL02ABNA0123456789",
      accountHolder: holder,
    });
    await decideIbanChange(finance, moved, { approve: false, reason: REASON });
    expect((await page(t.applicantA)).lastIbanDecision).toMatchObject({ holder: null, approved: false });
  });
});

describe("the IBAN form posted without one of its fields", () => {
  it("asks for each field in the form's own words, which have their English, not zod's type error", async () => {
    const cookie = (await createUserSession(new Request("http://localhost/"), s.applicantA.userId)).split(
      ";",
    )[0];
    const post = async (fields: Record<string, string>) => {
      const request = new Request("http://localhost/aanvrager/organisatie", {
        method: "POST",
        headers: { Cookie: cookie ?? "", "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "iban", organisationId: s.orgA.id, ...fields }),
      });
      return ((await action({ request, params: {}, context: {} } as never)) as { data: { errors?: object } })
        .data.errors;
    };
    expect(await post({ iban: "NL02ABNA0123456789" })).toEqual({
      accountHolder: "Vul de naam van de rekeninghouder in.",
    });
    expect(await post({ accountHolder: "Stichting" })).toEqual({ iban: "Vul het nieuwe IBAN in." });
    for (const message of ["Vul de naam van de rekeninghouder in.", "Vul het nieuwe IBAN in."])
      expect(hasEnglish(message)).toBe(true);
  });
});

describe("the account given at signup, while finance checks it", () => {
  async function founder(): Promise<Actor> {
    const input = signUpSchema.parse({
      organisationName: `Stichting Nieuw ${s.tag}`,
      kvkNumber: String(Math.floor(10_000_000 + Math.random() * 89_999_999)),
      legalForm: "Stichting",
      street: "Straat 1",
      postalCode: "1234 AB",
      city: "Den Haag",
      iban: "NL20INGB0001234567",
      name: "Olga Oprichter",
      email: `oprichter-${randomUUID()}@example.nl`,
      password: "Sectorplan!2026-lang",
      passwordRepeat: "Sectorplan!2026-lang",
    });
    const { userId, organisationId } = await signUpConfirmed(input);
    return { userId, roles: ["APPLICANT"], organisationIds: [organisationId] };
  }

  it("the page says it is being checked, and after a rejection that nothing is paid and why", async () => {
    const applicant = await founder();
    const fresh = await page(applicant);
    expect(fresh.ibanChecked).toBe(false);
    expect(fresh.pendingIban).toMatchObject({ first: true, iban: "NL20 INGB 0001 2345 67" });
    expect(fresh.lastIbanDecision).toBeNull();

    const request = await prisma.ibanChangeRequest.findFirstOrThrow({
      where: { organisationId: applicant.organisationIds[0], status: "PENDING" },
    });
    await decideIbanChange(finance, request.id, { approve: false, reason: REASON });
    const rejected = await page(applicant);
    expect(rejected.ibanChecked).toBe(false);
    expect(rejected.pendingIban).toBeNull();
    expect(rejected.lastIbanDecision).toMatchObject({ first: true, approved: false, reason: REASON });
  });

  it("approved: the page shows the account paid on", async () => {
    const applicant = await founder();
    const request = await prisma.ibanChangeRequest.findFirstOrThrow({
      where: { organisationId: applicant.organisationIds[0], status: "PENDING" },
    });
    await decideIbanChange(finance, request.id, { approve: true });
    const after = await page(applicant);
    expect(after.ibanChecked).toBe(true);
    expect(after.lastIbanDecision).toMatchObject({ first: true, approved: true });
  });
});
