import { test as base } from "@playwright/test";

// Playwright closes the contexts of its own `page`/`context` fixtures after each test, but not the
// ones a test opens itself with browser.newContext() (loginAs does, once per user). Left open, their
// pages keep polling (the idle-session check, the bell) until the worker ends, and a long run slows
// down with every test. This automatic fixture closes whatever contexts a test opened.
export * from "@playwright/test";

export const test = base.extend<{ closeOwnContexts: undefined }>({
  closeOwnContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use(undefined);
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
