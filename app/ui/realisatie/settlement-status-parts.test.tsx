import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { revokedScenarioPlan } from "../../domain/documents/revocation.test-support.ts";
import { markRecoveryReceived, recordRecoveryPart } from "../../domain/settlement/recovery.server.ts";
import { applicantSettlementSummary } from "../../domain/settlement/view.server.ts";
import { localDateToDb } from "../../domain/time/index.ts";
import { serverI18n } from "../../entry.server.tsx";
import type { Language } from "../../i18n/resources.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { SettlementSection, type SettlementSummary } from "./settlement-status.tsx";

/**
 * A terugvordering paid in parts (ADR 0031), as the organisation's plan page states it: each part
 * received with its day, what is still open, and once the parts reach the claim that it was paid in
 * full on the last part's day — in Dutch and in English. A receipt in one keeps its one sentence.
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

/** The section's text; not \s: the euro amount's no-break space stays as formatEuro writes it. */
function section(planId: string, summary: SettlementSummary | null, lng: Language): string {
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <SettlementSection planId={planId} summary={summary} />
    </I18nextProvider>,
  )
    .replace(/<[^>]+>/g, " ")
    .replace(/[ \t\n]+/g, " ");
}

/** A revoked plan's claim of €\u00a060.000, claimed on 10 January 2014 and due on 28 February 2014. */
async function claimOf2014() {
  const { planId } = await revokedScenarioPlan(s);
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
  await prisma.recoveryClaim.update({
    where: { id: claim.id },
    data: { createdAt: new Date("2014-01-10T10:00:00Z"), dueOn: localDateToDb("2014-02-28") },
  });
  return { planId, claimId: claim.id };
}

describe("the applicant's plan page, a terugvordering paid in parts", () => {
  it("lists each part with its day and what is still open, then that it was paid in full on the last part's day", async () => {
    const { planId, claimId } = await claimOf2014();
    await recordRecoveryPart(finance, claimId, { amount: "20.000,00", receivedOn: "2014-03-10" });

    const open = await applicantSettlementSummary(planId);
    expect(open?.recovery).toMatchObject({
      received: false,
      parts: [{ amount: "€\u00a020.000,00", receivedOn: "2014-03-10" }],
      outstanding: { paid: "€\u00a020.000,00", amount: "€\u00a040.000,00" },
      receivedOn: null,
    });
    const nl = section(planId, open, "nl");
    expect(nl).toContain(
      "Daarvan hebben wij €\u00a020.000,00 ontvangen; er staat nog €\u00a040.000,00 open.",
    );
    expect(nl).toContain("Ontvangen delen van de terugbetaling €\u00a020.000,00 op 10 maart 2014");
    // The claim itself is still stated, as the beschikking tot intrekking makes it.
    expect(nl).toContain("Wij vorderen de betaalde voorschotten van €\u00a060.000,00 terug.");
    const en = section(planId, open, "en");
    expect(en).toContain("Of this we have received €\u00a020.000,00; €\u00a040.000,00 is still outstanding.");
    expect(en).toContain("Parts of the repayment received €\u00a020.000,00 on 10 March 2014");
    expect(en).not.toMatch(/realisation\.settlement/);

    // Recorded out of the order of their days: the page lists them by day, paid in full on the latest.
    await recordRecoveryPart(finance, claimId, { amount: "15.000,00", receivedOn: "2014-03-20" });
    await recordRecoveryPart(finance, claimId, { amount: "25.000,00", receivedOn: "2014-03-15" });
    const paid = await applicantSettlementSummary(planId);
    expect(paid?.recovery).toMatchObject({ received: true, outstanding: null, receivedOn: "2014-03-20" });
    expect(paid?.recovery?.parts.map((p) => p.receivedOn)).toEqual([
      "2014-03-10",
      "2014-03-15",
      "2014-03-20",
    ]);
    const after = section(planId, paid, "nl");
    expect(after).toContain(
      "Wij hebben de terugbetaling van €\u00a060.000,00 in delen ontvangen; zij is op 20 maart 2014 volledig betaald.",
    );
    expect(after).toContain(
      "Ontvangen delen van de terugbetaling €\u00a020.000,00 op 10 maart 2014 €\u00a025.000,00 op 15 maart 2014 €\u00a015.000,00 op 20 maart 2014",
    );
    expect(after).not.toContain("er staat nog");
    expect(section(planId, paid, "en")).toContain(
      "We have received the repayment of €\u00a060.000,00 in parts; it was paid in full on 20 March 2014.",
    );
  });

  it("keeps the one sentence for a receipt in one, with no parts listed", async () => {
    const { planId, claimId } = await claimOf2014();
    const unpaid = await applicantSettlementSummary(planId);
    expect(unpaid?.recovery).toMatchObject({ parts: [], outstanding: null });
    expect(section(planId, unpaid, "nl")).not.toContain("Ontvangen delen");

    await markRecoveryReceived(finance, claimId, "2014-02-20");
    const paid = await applicantSettlementSummary(planId);
    expect(paid?.recovery).toMatchObject({ received: true, parts: [], receivedOn: "2014-02-20" });
    const nl = section(planId, paid, "nl");
    expect(nl).toContain("Wij hebben de terugbetaling van €\u00a060.000,00 ontvangen.");
    expect(nl).not.toContain("in delen");
    expect(nl).not.toContain("Ontvangen delen");
  });

  it("after a lower vaststelling, too", () => {
    const base: SettlementSummary = {
      status: "SETTLED",
      dueOn: null,
      decisionWeeks: 22,
      overdue: false,
      submittedAt: null,
      late: false,
      settled: "€\u00a01.000,00",
      finalPayment: null,
      recovery: null,
    };
    const open = section(
      "p",
      {
        ...base,
        recovery: {
          amount: "€\u00a0500,00",
          dueOn: "2014-02-28",
          received: false,
          parts: [{ amount: "€\u00a0200,00", receivedOn: "2014-02-10" }],
          outstanding: { paid: "€\u00a0200,00", amount: "€\u00a0300,00" },
        },
      },
      "nl",
    );
    expect(open).toContain(
      "Wij vorderen €\u00a0500,00 terug; betaal dat uiterlijk 28 februari 2014. Daarvan hebben wij €\u00a0200,00 ontvangen; er staat nog €\u00a0300,00 open.",
    );
    expect(open).toContain("Ontvangen delen van de terugbetaling €\u00a0200,00 op 10 februari 2014");

    const received = section(
      "p",
      {
        ...base,
        recovery: {
          amount: "€\u00a0500,00",
          dueOn: "2014-02-28",
          received: true,
          parts: [
            { amount: "€\u00a0200,00", receivedOn: "2014-02-10" },
            { amount: "€\u00a0300,00", receivedOn: "2014-02-25" },
          ],
          outstanding: null,
          receivedOn: "2014-02-25",
        },
      },
      "en",
    );
    expect(received).toContain(
      "We have received the repayment of €\u00a0500,00 in parts; it was paid in full on 25 February 2014.",
    );
    expect(received).toContain("€\u00a0200,00 on 10 February 2014 €\u00a0300,00 on 25 February 2014");
  });
});
