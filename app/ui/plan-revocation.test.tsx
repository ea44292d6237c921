import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../db/client.server.ts";
import { setClock } from "../domain/clock.ts";
import { revokeGrant } from "../domain/decision/decide.server.ts";
import { produceDecisionLetter } from "../domain/documents/produce.server.ts";
import { REVOCATION_REASON, revocableScenarioPlan } from "../domain/documents/revocation.test-support.ts";
import { produceRevocationLetter } from "../domain/documents/revocation-letter.server.ts";
import { getPlanView, type PlanView } from "../domain/plan/plans.server.ts";
import { serverI18n } from "../entry.server.tsx";
import type { Language } from "../i18n/resources.ts";
import { createScenario, type Scenario } from "../test/scenario.server.ts";
import { AdviceAndDecision } from "./plan-summary.tsx";

/**
 * A revoked grant (art. 5.2): the plan page shows the intrekking as the latest besluit, with its own
 * bekendmaking (its letter stored) and objection term, for the applicant and staff alike; the grant
 * stays as history, without the objection term that no longer is the current one.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

function page(plan: PlanView, lng: Language): string {
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <AdviceAndDecision plan={plan} />
    </I18nextProvider>,
  )
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
}

describe("a revoked plan's page", () => {
  it("shows the revocation as the latest besluit, its letter pending and then its bekendmaking and objection term, and the grant as history", async () => {
    const plan = await revocableScenarioPlan(s);
    // The grant letter went out the day after the grant: the grant's bekendmaking and term.
    setClock(new Date(plan.decidedAt.getTime() + 24 * 3600_000));
    await produceDecisionLetter(plan.decisionId);
    setClock(null);
    const granted = await getPlanView(s.applicantA, plan.planId);
    expect(granted.revocation).toBeNull();
    expect(granted.announcement).not.toBeNull();
    expect(page(granted, "nl")).toContain("Bezwaar maken kan tot en met");

    await revokeGrant(s.decisionMaker, plan.planId, plan.version, REVOCATION_REASON);
    const revokedAt = (
      await prisma.workflowEvent.findFirstOrThrow({ where: { planId: plan.planId, event: "revoke" } })
    ).createdAt;

    // Before the beschikking tot intrekking exists: no date, no term, for every role.
    for (const actor of [s.applicantA, s.handler, s.decisionMaker]) {
      const view = await getPlanView(actor, plan.planId);
      expect(view.revocation).toEqual({
        revokedAt: revokedAt.toISOString(),
        reason: REVOCATION_REASON,
        announcement: null,
      });
    }
    const pending = await getPlanView(s.applicantA, plan.planId);
    const nl = page(pending, "nl");
    expect(nl).toContain("Intrekking van de subsidieverlening");
    expect(nl).toContain(
      "De beschikking tot intrekking wordt aangemaakt; de bezwaartermijn begint zodra zij is verzonden.",
    );
    expect(nl).toMatch(/Verleend op .+ \(ingetrokken op .+\)/);
    // The grant's objection term is not the current one any more.
    expect(nl).not.toContain("Bezwaar maken kan tot en met");
    expect(nl).toContain("De beschikking tot verlening is verzonden op");
    expect(page(pending, "en")).toContain("The revocation decision letter is being prepared");

    // Bekendmaking Tuesday 5 March 2030 → six weeks from the day after: Tuesday 16 April 2030.
    setClock(new Date("2030-03-05T09:00:00Z"));
    await produceRevocationLetter(plan.planId);
    for (const actor of [s.applicantA, s.handler]) {
      const view = await getPlanView(actor, plan.planId);
      expect(view.revocation?.announcement).toEqual({
        announcedAt: "2030-03-05T09:00:00.000Z",
        announcedOn: "2030-03-05",
        objectionEnd: "2030-04-16",
      });
      // The grant's bekendmaking stays what it was: its own record, not the revocation's.
      expect(view.announcement?.announcedAt).toBe(granted.announcement?.announcedAt);
    }
    const announced = await getPlanView(s.applicantA, plan.planId);
    const after = page(announced, "nl");
    expect(after).toContain("Beschikking tot intrekking verzonden (bekendmaking)");
    expect(after).toContain("Bezwaar maken kan tot en met 16 april 2030 (6 weken na de dag van verzending)");
    expect(after).not.toContain("wordt aangemaakt");
    // One objection term on the page: the revocation's.
    expect(after.match(/Bezwaar maken kan tot en met/g)).toHaveLength(1);
    const en = page(announced, "en");
    expect(en).toContain("Revocation of the grant");
    expect(en).toContain("An objection can be lodged up to and including 16 April 2030");
    expect(en).toMatch(/Granted on .+ \(revoked on .+\)/);
  });
});
