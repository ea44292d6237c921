import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { signUpSchema } from "../../domain/accounts/validation.ts";
import type { Actor } from "../../domain/actor.ts";
import { requestIbanChange } from "../../domain/payments/iban.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { signUpConfirmed } from "../../test/sign-up.server.ts";
import { loader } from "./rekeningnummers.tsx";

/** Finance's page lists the account given at signup for its check, as the first account. */
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
  const request = new Request("http://localhost/financien/rekeningnummers", {
    headers: { Cookie: cookie ?? "" },
  });
  return (await loader({ request, params: {}, context: {} } as never)) as NonNullable<
    Awaited<ReturnType<typeof loader>>
  >;
}

describe("the finance page of bank account numbers", () => {
  it("shows a fresh organisation's account as its first, to be checked", async () => {
    const name = `Stichting Nieuw ${s.tag}`;
    await signUpConfirmed(
      signUpSchema.parse({
        organisationName: name,
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
      }),
    );
    const row = (await page(finance)).pending.find((r) => r.organisationName === name);
    expect(row).toMatchObject({
      first: true,
      iban: "NL20 INGB 0001 2345 67",
      accountHolder: name,
      requestedByMe: false,
    });
  });

  it("shows a change of only the holder's name beside the holder we pay now", async () => {
    const org = await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } });
    await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: org.iban,
      accountHolder: `Beheerstichting ${s.tag}`,
    });
    const row = (await page(finance)).pending.find((r) => r.organisationName === s.orgA.name);
    expect(row).toMatchObject({
      first: false,
      sameIban: true,
      currentHolder: s.orgA.name,
      accountHolder: `Beheerstichting ${s.tag}`,
    });
  });
});
