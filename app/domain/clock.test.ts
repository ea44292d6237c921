import { expect, it } from "vitest";
import { portalClockOffset } from "./clock.ts";

it("PORTAL_CLOCK with an anchor gives every process the same offset, whenever it starts", () => {
  const setting = "2026-03-01T10:00:00Z@2026-12-02T04:00:00Z";
  const offset = Date.parse("2026-03-01T10:00:00Z") - Date.parse("2026-12-02T04:00:00Z");
  // Two processes started 2 seconds apart (and one restarted a day later) agree.
  for (const machineNow of [
    Date.parse("2026-12-02T04:00:05Z"),
    Date.parse("2026-12-02T04:00:07Z"),
    Date.now(),
  ])
    expect(portalClockOffset(setting, machineNow)).toBe(offset);
  // Without the anchor the clock starts at the moment when the process does (one process only).
  expect(portalClockOffset("2026-03-01T10:00:00Z", Date.parse("2026-12-02T04:00:05Z"))).toBe(
    Date.parse("2026-03-01T10:00:00Z") - Date.parse("2026-12-02T04:00:05Z"),
  );
  expect(portalClockOffset(undefined)).toBe(0);
  expect(() => portalClockOffset("gisteren")).toThrow(/PORTAL_CLOCK/);
  expect(() => portalClockOffset("2026-03-01T10:00:00Z@straks")).toThrow(/PORTAL_CLOCK/);
});
