import { describe, expect, it } from "vitest";
import { createScenario } from "../../test/scenario.server.ts";
import { RuleViolation } from "../errors.ts";
import { statutoryInterest } from "./interest.ts";
import {
  addInterestRate,
  interestRates,
  PUBLISHED_RATES,
  RATES_EVERY_HALF_YEAR_FROM,
} from "./interest-rates.server.ts";

describe("the published wettelijke rente up to 1 July 2024", () => {
  it("is in the code, so a fresh database holds none of it and every computation has it", async () => {
    const rates = await interestRates();
    for (const r of PUBLISHED_RATES)
      expect(rates).toContainEqual({ validFrom: r.validFrom, rateBp: r.rateBp });
    expect(PUBLISHED_RATES.at(-1)?.validFrom).toBe(RATES_EVERY_HALF_YEAR_FROM);
    // 3% in 2014, 2% from 2015: 10 days of each on € 100.000.
    const { lines } = statutoryInterest(10_000_000n, "2014-12-22", "2015-01-10", rates);
    expect(lines.map((l) => [l.rateBp, l.days])).toEqual([
      [300, 10],
      [200, 10],
    ]);
  });

  it("cannot be overwritten or added to by finance: a day up to 1 July 2024 is refused at its field", async () => {
    const s = await createScenario();
    const finance = await s.newUser("FINANCE");
    for (const validFrom of ["2015-01-01", "2020-07-01", "2024-07-01"]) {
      const refused = addInterestRate(finance, { validFrom, ratePercent: "5", source: "Stb. test" });
      await expect(refused).rejects.toBeInstanceOf(RuleViolation);
      await expect(refused).rejects.toThrow("staan vast in het portaal");
    }
  });
});
