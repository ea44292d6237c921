import { describe, expect, it } from "vitest";
import { drillBackHref, drillHref } from "./links.ts";

describe("drillHref", () => {
  it("carries the dashboard's filter only where the link does not already name it", () => {
    expect(drillHref({ pot: "p", measure: "held", regeling: "r", dashboardRegeling: "r" })).toBe(
      "/financien/plannen?pot=p&measure=held&regeling=r",
    );
    expect(drillHref({ pot: "p", measure: "held", dashboardRegeling: "r" })).toBe(
      "/financien/plannen?pot=p&measure=held&dashboardRegeling=r",
    );
    expect(drillBackHref({ pot: "p", measure: "held", dashboardRegeling: "r" })).toBe(
      "/financien?regeling=r",
    );
    expect(drillBackHref({ pot: "p", measure: "held", regeling: "r" })).toBe("/financien?regeling=r");
    expect(drillBackHref({ pot: "p", measure: "held" })).toBe("/financien");
  });
});
