import { afterAll, beforeAll, expect, it } from "vitest";
import { disconnectPrisma } from "../../db/client.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { now } from "../clock.ts";
import { revokeGrant } from "../decision/decide.server.ts";
import { REVOCATION_REASON, revocableScenarioPlan } from "../documents/revocation.test-support.ts";
import { RuleViolation } from "../errors.ts";
import { getPlanView } from "../plan/view.server.ts";
import { amsterdamDate } from "../time/index.ts";
import { NOTICE_NOT_AWAITING_DECISION, recordDefaultNotice } from "./deadlines.server.ts";
import type { NoticeSubject } from "./decision-term.ts";

/**
 * A revoked grant and a withdrawn application are both WITHDRAWN; labels.ts requires saying who
 * withdrew it. The refusals of a notice of default on such a plan named a plain "Ingetrokken".
 */

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(disconnectPrisma);

it("refuses a notice of default on a revoked plan, naming its status as the plan page does", async () => {
  const plan = await revocableScenarioPlan(s);
  await revokeGrant(s.decisionMaker, plan.planId, plan.version, REVOCATION_REASON);
  const label = (await getPlanView(s.handler, plan.planId)).statusLabel;
  expect(label).toBe("Ingetrokken door de minister");
  const today = amsterdamDate(now());
  const refusal = async (subject?: NoticeSubject) => {
    const err = await recordDefaultNotice(s.handler, plan.planId, today, undefined, subject).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RuleViolation);
    return (err as RuleViolation).message;
  };
  expect(await refusal()).toBe(`${NOTICE_NOT_AWAITING_DECISION} De status is nu: ${label}.`);
  expect(await refusal({ kind: "GRANT" })).toBe(`${NOTICE_NOT_AWAITING_DECISION} De status is nu: ${label}.`);
  expect(await refusal({ kind: "SETTLEMENT" })).toBe(
    `De aanvraag tot vaststelling wacht niet (meer) op een besluit: er kan geen ingebrekestelling voor worden vastgelegd. De status is nu: ${label}.`,
  );
});
