import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { setClock } from "../../domain/clock.ts";
import { produceAanmaning } from "../../domain/documents/aanmaning-letter.server.ts";
import { produceInterestDecision } from "../../domain/documents/interest-decision-letter.server.ts";
import { revokedScenarioPlan } from "../../domain/documents/revocation.test-support.ts";
import { produceRevocationLetter } from "../../domain/documents/revocation-letter.server.ts";
import { sendAanmaning } from "../../domain/settlement/aanmaning.server.ts";
import {
  decideRecoveryInterest,
  recordInterestReceived,
} from "../../domain/settlement/interest-decision.server.ts";
import { markRecoveryReceived } from "../../domain/settlement/recovery.server.ts";
import { applicantSettlementSummary } from "../../domain/settlement/view.server.ts";
import { localDateToDb } from "../../domain/time/index.ts";
import { serverI18n } from "../../entry.server.tsx";
import type { Language } from "../../i18n/resources.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { SettlementSection, type SettlementSummary } from "./settlement-status.tsx";

/**
 * The applicant's plan page after an aanmaning (Awb 4:112): once its letter is stored (sent), it
 * names the aanmaning and the new last day two weeks later, for the claim and for the interest,
 * and no longer once the sum came in.
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

async function claimOf2014() {
  const { planId } = await revokedScenarioPlan(s);
  // Made known: a claim is urged only after its beschikking was sent (Awb 3:40, 4:87).
  await produceRevocationLetter(planId);
  const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
  await prisma.recoveryClaim.update({
    where: { id: claim.id },
    data: { createdAt: new Date("2014-01-10T10:00:00Z"), dueOn: localDateToDb("2014-02-28") },
  });
  return { planId, claimId: claim.id };
}

describe("the applicant's plan page after an aanmaning", () => {
  it("names the aanmaning of the claim once its letter is sent, with the new last day, until the money came in", async () => {
    const { planId, claimId } = await claimOf2014();
    setClock(new Date("2014-03-03T09:00:00Z"));
    await sendAanmaning(finance, claimId, "claim");
    const unsent = await applicantSettlementSummary(planId);
    expect(unsent?.recovery?.aanmaning).toBeNull();
    expect(section(planId, unsent, "nl")).not.toContain("aangemaand");

    // Stored on Wednesday 5 March: two weeks to Wednesday 19 March.
    setClock(new Date("2014-03-05T09:00:00Z"));
    await produceAanmaning(claimId, "claim");
    const sent = await applicantSettlementSummary(planId);
    expect(sent?.recovery?.aanmaning).toEqual({ sentOn: "2014-03-05", payBy: "2014-03-19" });
    const nl = section(planId, sent, "nl");
    expect(nl).toContain(
      "Sinds 1 maart 2014 bent u over het openstaande bedrag de wettelijke rente verschuldigd.",
    );
    expect(nl).toContain(
      "Wij hebben u op 5 maart 2014 aangemaand het bedrag alsnog te betalen (artikel 4:112 Awb). Betaal het uiterlijk 19 maart 2014; de aanmaning staat bij de documenten.",
    );
    expect(section(planId, sent, "en")).toContain("Please pay it by 19 March 2014 at the latest");

    setClock(new Date("2014-03-11T09:00:00Z"));
    await markRecoveryReceived(finance, claimId, "2014-03-10");
    const paid = await applicantSettlementSummary(planId);
    expect(paid?.recovery?.aanmaning).toBeNull();
    expect(section(planId, paid, "nl")).not.toContain("aangemaand");
  });

  it("names the aanmaning of the interest in place of the beschikking's last day, until the interest came in", async () => {
    const { planId, claimId } = await claimOf2014();
    await markRecoveryReceived(finance, claimId, "2014-03-30");
    setClock(new Date("2014-04-02T09:00:00Z"));
    await decideRecoveryInterest(finance, claimId);
    await produceInterestDecision(claimId);
    setClock(new Date("2014-05-15T09:00:00Z"));
    await sendAanmaning(finance, claimId, "interest");
    const unsent = await applicantSettlementSummary(planId);
    expect(unsent?.recovery?.interestDecision?.aanmaning).toBeUndefined();
    expect(section(planId, unsent, "nl")).toContain("Betaal de rente uiterlijk 14 mei 2014.");
    // Friday 16 May + 2 weeks = Friday 30 May 2014.
    setClock(new Date("2014-05-16T09:00:00Z"));
    await produceAanmaning(claimId, "interest");
    const sent = await applicantSettlementSummary(planId);
    expect(sent?.recovery?.interestDecision?.aanmaning).toEqual({
      sentOn: "2014-05-16",
      payBy: "2014-05-30",
    });
    const nl = section(planId, sent, "nl");
    expect(nl).toContain(
      "De wettelijke rente is bij beschikking van 2 april 2014 vastgesteld (artikel 4:99 Awb); de beschikking staat bij de documenten. Wij hebben u op 16 mei 2014 aangemaand de wettelijke rente alsnog te betalen (artikel 4:112 Awb). Betaal die uiterlijk 30 mei 2014; de aanmaning staat bij de documenten.",
    );
    expect(nl).not.toContain("Betaal de rente uiterlijk 14 mei 2014.");
    expect(section(planId, sent, "en")).toContain(
      "to pay the statutory interest yet. Please pay it by 30 May 2014",
    );

    setClock(new Date("2014-06-02T09:00:00Z"));
    await recordInterestReceived(finance, claimId, "2014-06-01");
    const paid = await applicantSettlementSummary(planId);
    expect(paid?.recovery?.interestDecision?.aanmaning).toBeUndefined();
    const after = section(planId, paid, "nl");
    expect(after).toContain("Wij hebben de wettelijke rente op 1 juni 2014 ontvangen.");
    expect(after).not.toContain("aangemaand");
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
        aanmaning: { sentOn: "2014-03-05", payBy: "2014-03-19" },
      },
    };
    expect(section("p", summary, "nl")).toContain(
      "Wij vorderen €\u00a0500,00 terug; betaal dat uiterlijk 28 februari 2014. Sinds 1 maart 2014 bent u over het openstaande bedrag de wettelijke rente verschuldigd. Wij hebben u op 5 maart 2014 aangemaand",
    );
  });
});
