import { type Browser, test as base, type Page } from "@playwright/test";
import { CPU_THROTTLE } from "./cpu-throttle.ts";

export * from "@playwright/test";

/** Slows the page's CPU by E2E_CPU_THROTTLE (cpu-throttle.ts); nothing when it is off. */
async function throttle(page: Page): Promise<void> {
  if (CPU_THROTTLE === 1) return;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_THROTTLE });
}

/** Throttles the pages of contexts the test opens itself, while it runs. */
function throttleNewContexts(browser: Browser): () => void {
  if (CPU_THROTTLE === 1) return () => undefined;
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

// Playwright closes the contexts of its own `page`/`context` fixtures after each test, but not the
// ones a test opens itself with browser.newContext() (loginAs does, once per user). Left open, their
// pages keep polling (the idle-session check, the bell) until the worker ends, and a long run slows
// down with every test. The automatic fixture closeOwnContexts closes whatever contexts a test opened.
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
