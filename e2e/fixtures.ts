import { type Browser, test as base, type Page } from "@playwright/test";

// Playwright closes the contexts of its own `page`/`context` fixtures after each test, but not the
// ones a test opens itself with browser.newContext() (loginAs does, once per user). Left open, their
// pages keep polling (the idle-session check, the bell) until the worker ends, and a long run slows
// down with every test. This automatic fixture closes whatever contexts a test opened.
export * from "@playwright/test";

/**
 * E2E_CPU_THROTTLE=4 slows every page's CPU fourfold (Chromium's DevTools emulation), to shake out
 * tests that race the page: a read right after a navigation that React has not rendered yet passed
 * here and failed on CI's busier machine until it was run this way. Off by default.
 */
const cpuThrottle = Number(process.env.E2E_CPU_THROTTLE ?? "1");

async function throttle(page: Page): Promise<void> {
  if (!(cpuThrottle > 1)) return;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuThrottle });
}

/** Throttles the pages of contexts the test opens itself, while it runs. */
function throttleNewContexts(browser: Browser): () => void {
  if (!(cpuThrottle > 1)) return () => undefined;
  const original = browser.newContext;
  browser.newContext = async (...args) => {
    const context = await original.apply(browser, args);
    context.on("page", (page) => void throttle(page).catch(() => undefined));
    return context;
  };
  return () => {
    browser.newContext = original;
  };
}

export const test = base.extend<{ closeOwnContexts: undefined }>({
  page: async ({ page }, use) => {
    await throttle(page);
    await use(page);
  },
  closeOwnContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      const restore = throttleNewContexts(browser);
      await use(undefined);
      restore();
      await Promise.all(
        browser
          .contexts()
          .filter((c) => !before.has(c))
          .map((c) => c.close().catch(() => undefined)),
      );
    },
    { auto: true },
  ],
});
