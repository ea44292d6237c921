/**
 * E2E_CPU_THROTTLE=4 slows every page's CPU fourfold (Chromium's DevTools emulation, applied in
 * fixtures.ts), to shake out tests that race the page: a read right after a navigation that React
 * has not rendered yet passed here and failed on CI's busier machine until it was run this way.
 * playwright.config.ts scales the time limits by the same factor. 1 (off) unless set above 1.
 */
export const CPU_THROTTLE = Math.max(1, Number(process.env.E2E_CPU_THROTTLE ?? "1") || 1);
