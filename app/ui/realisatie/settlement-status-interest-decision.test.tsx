import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { setClock } from "../../domain/clock.ts";
import { produceInterestDecision } from "../../domain/documents/interest-decision-letter.server.ts";
import { revokedScenarioPlan } from "../../domain/documents/revocation.test-support.ts";
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
 * The applicant's plan page after the beschikking wettelijke rente (Awb 4:99): once its letter is
 * stored (sent), it names the beschikking and the day to pay six weeks after that, and once finance
 * recorded it, that the interest was received.
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

describe("the applicant's plan page after the beschikking wettelijke rente", () => {
  it("names the beschikking and the day to pay once its letter is sent, then that the interest was received, in Dutch and in English", async () => {
    const { planId } = await revokedScenarioPlan(s);
    const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
    await prisma.recoveryClaim.update({
      where: { id: claim.id },
      data: { createdAt: new Date("2014-01-10T10:00:00Z"), dueOn: localDateToDb("2014-02-28") },
    });
    await markRecoveryReceived(finance, claim.id, "2014-03-30");
    expect(section(planId, await applicantSettlementSummary(planId), "nl")).not.toContain("beschikking van");

    setClock(new Date("2014-04-02T09:00:00Z"));
    await decideRecoveryInterest(finance, claim.id);
    // Made, but its letter not yet stored: nothing has been made known to the organisation (Awb 3:40).
    const unsent = await applicantSettlementSummary(planId);
    expect(unsent?.recovery?.interestDecision).toBeNull();
    expect(section(planId, unsent, "nl")).not.toContain("beschikking van");

    // The letters worker stores it a week later: six weeks from 9 April is 21 May (not 14 May).
    setClock(new Date("2014-04-09T09:00:00Z"));
    await produceInterestDecision(claim.id);
    const decided = await applicantSettlementSummary(planId);
    expect(decided?.recovery?.interestDecision).toEqual({
      decidedOn: "2014-04-02",
      payBy: "2014-05-21",
      receivedOn: null,
    });
    const nl = section(planId, decided, "nl");
    expect(nl).toContain("Wettelijke rente over de te late betaling: €\u00a0147,95.");
    expect(nl).toContain(
      "De wettelijke rente is bij beschikking van 2 april 2014 vastgesteld (artikel 4:99 Awb); de beschikking staat bij de documenten. Betaal de rente uiterlijk 21 mei 2014.",
    );
    expect(section(planId, decided, "en")).toContain("Please pay the interest by 21 May 2014 at the latest.");

    setClock(new Date("2014-05-10T09:00:00Z"));
    await recordInterestReceived(finance, claim.id, "2014-05-01");
    const received = await applicantSettlementSummary(planId);
    const after = section(planId, received, "nl");
    expect(after).toContain("Wij hebben de wettelijke rente op 1 mei 2014 ontvangen.");
    expect(after).not.toContain("Betaal de rente");
    expect(section(planId, received, "en")).toContain("We received the statutory interest on 1 May 2014.");
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
        received: true,
        interest: "€\u00a025,00",
        interestDecision: { decidedOn: "2014-04-02", payBy: "2014-05-14", receivedOn: null },
      },
    };
    expect(section("p", summary, "nl")).toContain(
      "Wettelijke rente over de te late betaling: €\u00a025,00. De wettelijke rente is bij beschikking van 2 april 2014 vastgesteld",
    );
  });
});
