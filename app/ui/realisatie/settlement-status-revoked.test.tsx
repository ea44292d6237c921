import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { revokedScenarioPlan } from "../../domain/documents/revocation.test-support.ts";
import { produceRevocationLetter } from "../../domain/documents/revocation-letter.server.ts";
import { formatEuro } from "../../domain/money.ts";
import { applicantSettlementSummary } from "../../domain/settlement/view.server.ts";
import { localDateFromDb } from "../../domain/time/index.ts";
import { serverI18n } from "../../entry.server.tsx";
import { formatDateIn } from "../../i18n/format.ts";
import type { Language } from "../../i18n/resources.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { SettlementSection, type SettlementSummary } from "./settlement-status.tsx";

/**
 * A grant revoked after advances were paid (art. 5.2): the applicant's plan page states the claim
 * as the beschikking tot intrekking does — the amount, the last day to pay, and that the wettelijke
 * rente runs from the day after — in Dutch and in English (review rw15).
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
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

describe("the applicant's plan page after an intrekking", () => {
  it("states the recovery claim, its last day and the wettelijke rente after it, and its receipt once booked", async () => {
    const { planId } = await revokedScenarioPlan(s);
    // The page names the day to pay once the beschikking's letter is stored (its day counts from it).
    await produceRevocationLetter(planId);
    const claim = await prisma.recoveryClaim.findFirstOrThrow({ where: { planId } });
    const dueOn = localDateFromDb(claim.dueOn);
    const amount = formatEuro(6_000_000n);
    const summary = await applicantSettlementSummary(planId);
    expect(summary).toMatchObject({
      status: "WITHDRAWN",
      recovery: { amount, dueOn, received: false },
      settled: null,
      finalPayment: null,
    });

    const nl = section(planId, summary, "nl");
    expect(nl).toContain("Terugbetaling na de intrekking");
    expect(nl).toContain(
      `Wij vorderen de betaalde voorschotten van ${amount} terug. Betaal dat uiterlijk ${formatDateIn("nl", dueOn)}`,
    );
    expect(nl).toContain(
      `Betaalt u niet uiterlijk ${formatDateIn("nl", dueOn)}, dan bent u vanaf de dag daarna over het openstaande bedrag de wettelijke rente verschuldigd`,
    );
    const en = section(planId, summary, "en");
    expect(en).toContain("Repayment after the revocation");
    expect(en).toContain(`Please pay this by ${formatDateIn("en", dueOn)} at the latest`);
    expect(en).toContain("statutory interest");
    expect(en).not.toMatch(/realisation\.settlement/);

    // Once Finance booked the repayment, the page no longer asks for it.
    await prisma.recoveryClaim.update({
      where: { id: claim.id },
      data: { status: "RECEIVED", receivedAt: new Date() },
    });
    const received = await applicantSettlementSummary(planId);
    expect(received?.recovery?.received).toBe(true);
    const after = section(planId, received, "nl");
    expect(after).toContain(`Wij hebben de terugbetaling van ${amount} ontvangen.`);
    expect(after).not.toContain("wettelijke rente");
  });
});
