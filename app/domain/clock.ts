/**
 * The one source of "now" for all code (design.md §2: terms and windows are computed from it).
 * Tests set it with setClock(); a server process can be started at a fixed moment with
 * PORTAL_CLOCK=2026-03-01T10:00:00Z (e2e tests), after which time runs on from there.
 */
let fixed: Date | null = null;
let offsetMs = initialOffset();

function initialOffset(): number {
  const start = typeof process !== "undefined" ? process.env.PORTAL_CLOCK : undefined;
  if (!start) return 0;
  const at = Date.parse(start);
  if (Number.isNaN(at)) throw new Error(`PORTAL_CLOCK is not a valid ISO date: ${start}`);
  return at - Date.now();
}

export function now(): Date {
  return fixed ? new Date(fixed.getTime()) : new Date(Date.now() + offsetMs);
}

/** Freeze the clock at `at` (tests); `null` returns to real time. */
export function setClock(at: Date | null): void {
  fixed = at ? new Date(at.getTime()) : null;
  offsetMs = 0;
}
