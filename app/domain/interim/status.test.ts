import { expect, it } from "vitest";
import { interimOpensOn } from "./status.ts";

it("opens an interim report the day after its 12th (24th) month ends, also from 29 February and a 31st", () => {
  expect(interimOpensOn("2026-01-01", 12)).toBe("2027-01-01");
  // From 29 February the 12th month ends on 28 February (time/lastDayOfMonths): it opens on 1 March,
  // not on the month's own last day.
  expect(interimOpensOn("2016-02-29", 12)).toBe("2017-03-01");
  expect(interimOpensOn("2016-02-29", 24)).toBe("2018-03-01");
  expect(interimOpensOn("2015-08-31", 12)).toBe("2016-08-31");
  expect(interimOpensOn("2015-03-31", 12)).toBe("2016-03-31");
});
