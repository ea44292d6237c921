import { describe, expect, it } from "vitest";
import { formatEuro } from "../money.ts";
import { AUDIT_ACTION_LABEL, auditActionLabel } from "./actions.ts";
import { detailLines } from "./present.ts";

describe("the audit trail as the admin reads it", () => {
  it("names each action in Dutch, and shows a code it does not know as it is", () => {
    expect(auditActionLabel("settlement.settled")).toBe("Subsidie vastgesteld");
    expect(auditActionLabel("payment_batch_approved")).toBe("Betaalbatch goedgekeurd");
    expect(auditActionLabel("payment_batch_downloaded")).toBe("Betaalbestand van een batch gedownload");
    expect(auditActionLabel("something.older")).toBe("something.older");
    expect(new Set(Object.values(AUDIT_ACTION_LABEL)).size).toBe(Object.keys(AUDIT_ACTION_LABEL).length);
  });

  it("writes amounts in euros, basis points as a percentage, nested values as JSON", () => {
    expect(
      detailLines({
        settledCents: "1234567801",
        realisationBp: 8750,
        reduction: false,
        recoveryClaimId: null,
        before: { roles: ["ADVISER"] },
        after: "2026-12-01",
      }),
    ).toEqual([
      { key: "before", value: '{"roles":["ADVISER"]}' },
      { key: "after", value: "2026-12-01" },
      { key: "settledCents", value: formatEuro(12_345_678_01n) },
      { key: "realisationBp", value: "87,5%" },
      { key: "reduction", value: "nee" },
      { key: "recoveryClaimId", value: "—" },
    ]);
    // Before comes before after, as PostgreSQL's jsonb does not keep it (shortest key first).
    expect(detailLines({ after: 2, before: 1 }).map((d) => d.key)).toEqual(["before", "after"]);
    expect(detailLines(null)).toEqual([]);
  });
});
