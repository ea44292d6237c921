/**
 * The one source of "now" for all code (design.md §2: terms and windows are computed from it).
 * Tests set it with setClock(); a server process can be started at a fixed moment with
 * PORTAL_CLOCK=2026-03-01T10:00:00Z, after which time runs on from there. Several processes (web
 * servers, workers) that must agree give it the machine's moment it stands for:
 * PORTAL_CLOCK=2026-03-01T10:00:00Z@2026-12-02T04:00:00Z — without the anchor each process counts
 * from its own start, and a later or restarted one lags behind (design.md §8).
 */
let fixed: Date | null = null;
let offsetMs = portalClockOffset(typeof process !== "undefined" ? process.env.PORTAL_CLOCK : undefined);

/** How far the portal's clock runs ahead of the machine's, from PORTAL_CLOCK ("at" or "at@anchor"). */
export function portalClockOffset(setting: string | undefined, machineNow: number = Date.now()): number {
  if (!setting) return 0;
  const [at, anchor] = setting.split("@").map((part) => Date.parse(part.trim()));
  if (at === undefined || Number.isNaN(at) || (anchor !== undefined && Number.isNaN(anchor)))
    throw new Error(`PORTAL_CLOCK is not an ISO moment, or moment@moment: ${setting}`);
  return at - (anchor ?? machineNow);
}

export function now(): Date {
  return fixed ? new Date(fixed.getTime()) : new Date(Date.now() + offsetMs);
}

/** Freeze the clock at `at` (tests); `null` returns to real time. */
export function setClock(at: Date | null): void {
  fixed = at ? new Date(at.getTime()) : null;
  offsetMs = 0;
}
