import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { setClock } from "../../domain/clock.ts";
import { revokedScenarioPlan } from "../../domain/documents/revocation.test-support.ts";
import { produceRevocationLetter } from "../../domain/documents/revocation-letter.server.ts";
import { markRecoveryReceived } from "../../domain/settlement/recovery.server.ts";
import { applicantSettlementSummary } from "../../domain/settlement/view.server.ts";
import { localDateToDb } from "../../domain/time/index.ts";
import { serverI18n } from "../../entry.server.tsx";
import type { Language } from "../../i18n/resources.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { SettlementSection, type SettlementSummary } from "./settlement-status.tsx";

/**
 * The applicant's plan page once the repayment came in after its last day: it states the
 * wettelijke rente the late days cost, as finance worked it out at the receipt; a repayment in time
 * mentions none.
 */
let s: Scenario;
let finance: Actor;
beforeAll(async () => {
  s = await createScenario();
  finance = await s.newUser("FINANCE");
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

function section(planId: string, summary: SettlementSummary | null, lng: Language): string {
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <SettlementSection planId={planId} summary={summary} />
    </I18nextProvider>,
  )
    .replace(/<[^>]+>/g, " ")
    .replace(/[ \t\n]+/g, " ");
}

/**
 * A revoked plan's claim of € 60.000, claimed on 10 January 2014 and due on 28 February 2014, its
 * beschikking's letter stored (the page names no day to pay before it).
 */
async function claimOf2014() {
  const { planId } = await revokedScenarioPlan(s);
  await produceRevocationLetter(planId);
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
  await prisma.recoveryClaim.update({
    where: { id: claim.id },
    data: { createdAt: new Date("2014-01-10T10:00:00Z"), dueOn: localDateToDb("2014-02-28") },
  });
  return { planId, claimId: claim.id };
}

describe("the applicant's plan page after the repayment", () => {
  it("states the wettelijke rente owed for a late repayment, in Dutch and in English", async () => {
    const { planId, claimId } = await claimOf2014();
    await markRecoveryReceived(finance, claimId, "2014-03-30");
    const summary = await applicantSettlementSummary(planId);
    expect(summary?.recovery).toMatchObject({ received: true, interest: "€\u00a0147,95" });
    const nl = section(planId, summary, "nl");
    expect(nl).toContain("Wij hebben de terugbetaling van €\u00a060.000,00 ontvangen.");
    expect(nl).toContain("Wettelijke rente over de te late betaling: €\u00a0147,95.");
    expect(section(planId, summary, "en")).toContain(
      "Statutory interest (wettelijke rente) on the late payment: €\u00a0147,95.",
    );
  });

  it("mentions no interest for a repayment in time", async () => {
    const { planId, claimId } = await claimOf2014();
    await markRecoveryReceived(finance, claimId, "2014-02-28");
    const summary = await applicantSettlementSummary(planId);
    expect(summary?.recovery).toMatchObject({ received: true, interest: null });
    expect(section(planId, summary, "nl")).not.toContain("wettelijke rente");
  });

  it("after a lower vaststelling, too", () => {
    const summary: SettlementSummary = {
      status: "SETTLED",
      dueOn: null,
      decisionWeeks: 22,
      overdue: false,
      submittedAt: null,
      late: false,
      settled: "€\u00a01.000,00",
      finalPayment: null,
      recovery: { amount: "€\u00a0500,00", dueOn: "2014-02-28", received: true, interest: "€\u00a025,00" },
    };
    expect(section("p", summary, "nl")).toContain(
      "Wij hebben de terugbetaling van €\u00a0500,00 ontvangen. Wettelijke rente over de te late betaling: €\u00a025,00.",
    );
  });
});

describe("the applicant's plan page while the claim is open", () => {
  it("says from which day the wettelijke rente runs once the last day to pay has passed, in Dutch and in English", async () => {
    const { planId } = await claimOf2014();
    setClock(new Date("2014-02-28T10:00:00Z"));
    const inTime = await applicantSettlementSummary(planId);
    expect(inTime?.recovery).toMatchObject({ received: false, interestSince: null });
    expect(section(planId, inTime, "nl")).toContain("Betaalt u niet uiterlijk 28 februari 2014");

    setClock(new Date("2014-03-01T10:00:00Z"));
    const late = await applicantSettlementSummary(planId);
    expect(late?.recovery).toMatchObject({ received: false, interestSince: "2014-03-01" });
    const nl = section(planId, late, "nl");
    expect(nl).toContain(
      "Sinds 1 maart 2014 bent u over het openstaande bedrag de wettelijke rente verschuldigd.",
    );
    expect(nl).not.toContain("Betaalt u niet uiterlijk");
    expect(section(planId, late, "en")).toContain(
      "Since 1 March 2014 you owe statutory interest (wettelijke rente) on the outstanding amount.",
    );
  });

  it("after a lower vaststelling, too", () => {
    const summary: SettlementSummary = {
      status: "SETTLED",
      dueOn: null,
      decisionWeeks: 22,
      overdue: false,
      submittedAt: null,
      late: false,
      settled: "€\u00a01.000,00",
      finalPayment: null,
      recovery: {
        amount: "€\u00a0500,00",
        dueOn: "2014-02-28",
        received: false,
        interestSince: "2014-03-01",
      },
    };
    expect(section("p", summary, "nl")).toContain(
      "Wij vorderen €\u00a0500,00 terug; betaal dat uiterlijk 28 februari 2014. Sinds 1 maart 2014 bent u over het openstaande bedrag de wettelijke rente verschuldigd.",
    );
  });

  it("names no amount after a receipt whose interest waits for a rate", async () => {
    const { planId } = await revokedScenarioPlan(s);
    const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
    // 2094: no test records a rate for it, so the receipt leaves the interest to work out later.
    await prisma.recoveryClaim.update({
      where: { id: claim.id },
      data: { createdAt: new Date("2093-11-01T10:00:00Z"), dueOn: localDateToDb("2093-12-31") },
    });
    setClock(new Date("2094-03-01T10:00:00Z"));
    expect((await markRecoveryReceived(finance, claim.id, "2094-02-28")).interestCents).toBeNull();
    const summary = await applicantSettlementSummary(planId);
    expect(summary?.recovery).toMatchObject({ received: true, interest: null, interestSince: null });
    const nl = section(planId, summary, "nl");
    expect(nl).toContain("Wij hebben de terugbetaling van €\u00a060.000,00 ontvangen.");
    expect(nl).not.toContain("wettelijke rente");
  });
});
