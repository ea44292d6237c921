import { describe, expect, it } from "vitest";
import {
  AUDIT_REGULATION_WITHOUT_ADVANCES,
  AUDIT_WITHOUT_ADVANCES,
  AUDIT_WITHOUT_INTERIM_REPORT,
  interimAuditRefusal,
} from "./interim-audit.ts";

// Art. 5.4: the controleverklaring (lid 4) goes with the interim report, which only a plan of 12
// months or more has (lid 1); and it may only be required of a grant that pays advances.

const ADVANCES = { advanceInitialBp: 1000, advanceMaxBp: 8000 };
const plan = (periodStart: string | null, periodEnd: string | null, advancesRequested = true) => ({
  advancesRequested,
  periodStart: periodStart ? new Date(`${periodStart}T00:00:00Z`) : null,
  periodEnd: periodEnd ? new Date(`${periodEnd}T00:00:00Z`) : null,
});

describe("interimAuditRefusal", () => {
  it("refuses a plan shorter than 12 months, which has no interim report", () => {
    expect(interimAuditRefusal(plan("2015-01-01", "2015-11-30"), ADVANCES)).toBe(
      AUDIT_WITHOUT_INTERIM_REPORT,
    );
    expect(interimAuditRefusal(plan("2015-03-15", "2016-03-13"), ADVANCES)).toBe(
      AUDIT_WITHOUT_INTERIM_REPORT,
    );
    expect(AUDIT_WITHOUT_INTERIM_REPORT).toBe(
      "Dit plan duurt korter dan 12 maanden: er is geen tussentijds voortgangsverslag (artikel 5.4, eerste lid).",
    );
  });

  it("allows a plan of exactly 12 months and a longer one", () => {
    expect(interimAuditRefusal(plan("2015-01-01", "2015-12-31"), ADVANCES)).toBeNull();
    expect(interimAuditRefusal(plan("2015-03-15", "2016-03-14"), ADVANCES)).toBeNull();
    expect(interimAuditRefusal(plan("2015-01-01", "2016-12-31"), ADVANCES)).toBeNull();
  });

  it("names the missing report before the missing advances, and keeps the advance refusals", () => {
    expect(interimAuditRefusal(plan("2015-01-01", "2015-06-30", false), ADVANCES)).toBe(
      AUDIT_WITHOUT_INTERIM_REPORT,
    );
    expect(interimAuditRefusal(plan("2015-01-01", "2016-12-31", false), ADVANCES)).toBe(
      AUDIT_WITHOUT_ADVANCES,
    );
    expect(
      interimAuditRefusal(plan("2015-01-01", "2016-12-31"), { advanceInitialBp: 0, advanceMaxBp: 0 }),
    ).toBe(AUDIT_REGULATION_WITHOUT_ADVANCES);
  });
});
