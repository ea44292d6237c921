import { expect, type Page, test } from "./fixtures.ts";
import { axeViolations, draftPlan, loginAs, open, stepUrl, USERS } from "./helpers.ts";

// WCAG 1.4.10 (reflow): at 320 CSS px wide (1280 px zoomed to 400 %) a page scrolls only
// vertically; a table wider than that scrolls within its own container (app/ui/table.tsx).
test.describe.configure({ mode: "parallel" });

const NARROW = { width: 320, height: 800 };

/** How far the page itself scrolls sideways, in CSS px (0 when it reflows). */
async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

async function expectReflow(page: Page, paths: string[]) {
  await page.setViewportSize(NARROW);
  for (const path of paths) {
    await open(page, path);
    expect.soft(await sidewaysOverflow(page), `${path} scrolls sideways at 320 px`).toBe(0);
    // Narrow, the wide tables become named regions: their names must not repeat a section's.
    expect.soft(await axeViolations(page), `${path} at 320 px`).toEqual([]);
  }
}

/** The first link in the main content whose address matches, e.g. a plan of a list. */
async function firstLink(page: Page, path: string, href: RegExp): Promise<string> {
  await open(page, path);
  const hrefs = await page.locator("main a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const found = hrefs.find((h) => href.test(h));
  if (!found) throw new Error(`no link matching ${href} on ${path}`);
  return found;
}

test("public pages and the applicant's pages reflow at 320 px", async ({ page, browser }) => {
  await expectReflow(page, ["/", "/login", "/open-data", "/privacy", "/toegankelijkheid"]);
  const applicant = await loginAs(browser, USERS.metaal);
  const plan = await firstLink(applicant, "/aanvrager", /^\/aanvrager\/plannen\/[^/]+$/);
  await expectReflow(applicant, ["/aanvrager", plan, "/aanvrager/organisatie", "/meldingen"]);
});

test("every step of the wizard reflows at 320 px", async ({ browser }) => {
  const applicant = await loginAs(browser, USERS.metaal);
  const planId = await draftPlan(applicant);
  const steps = ["aanvrager", "samenwerking", "analyse", "maatregelen", "begroting", "bijlagen", "indienen"];
  await expectReflow(
    applicant,
    steps.map((slug) => stepUrl(planId, slug)),
  );
});

test("the staff's pages reflow at 320 px", async ({ browser }) => {
  const handler = await loginAs(browser, USERS.behandelaar);
  const plan = await firstLink(handler, "/behandeling?lijst=alle", /^\/behandeling\/plannen\/[^/]+$/);
  await expectReflow(handler, [
    "/behandeling",
    "/behandeling?lijst=alle",
    "/behandeling/termijnen",
    "/behandeling/toewijzing",
    "/behandeling/werkproces",
    plan,
    `${plan}/berichten`,
  ]);
  const admin = await loginAs(browser, "beheer@example.nl");
  await expectReflow(admin, [
    "/beheer",
    "/beheer/gebruikers",
    "/beheer/wachtrijen",
    "/beheer/wachtrijen/letters",
  ]);
});

test("the verlenging's pages reflow at 320 px: the staff's list, the decision maker's tab, the applicant's page", async ({
  browser,
}) => {
  // The seed's OOM demo plan asks for four months (prisma/seed/finance-payments.ts).
  const decider = await loginAs(browser, USERS.beslisser);
  const tab = await firstLink(
    decider,
    "/behandeling/verlengingen",
    /^\/behandeling\/plannen\/[^/]+\/verlenging$/,
  );
  await expectReflow(decider, ["/behandeling/verlengingen", tab]);
  await expect(decider.getByRole("button", { name: "Besluit nemen" })).toBeVisible();
  const planId = tab.split("/")[3];
  const applicant = await loginAs(browser, USERS.metaal);
  await expectReflow(applicant, [`/aanvrager/plannen/${planId}/verlenging`]);
});

test("the finance pages reflow at 320 px", async ({ browser }) => {
  const finance = await loginAs(browser, USERS.financien);
  await expectReflow(finance, [
    "/financien",
    "/financien/verloop",
    "/financien/betalingen",
    "/financien/terugvorderingen",
    "/financien/wettelijke-rente",
    "/financien/wachtlijst",
    "/financien/regelingen",
  ]);
});

test("a table wider than the screen scrolls on its own, by keyboard too; one that fits is no tab stop", async ({
  browser,
}) => {
  const handler = await loginAs(browser, USERS.behandelaar);
  await handler.setViewportSize(NARROW);
  await open(handler, "/behandeling?lijst=alle");
  // Named by the table's caption, in the tab order while it scrolls.
  const region = handler.getByRole("region", { name: /plan \d+ tot en met \d+/ });
  await expect(region).toHaveAttribute("tabindex", "0");
  await region.focus();
  await expect(region).toBeFocused();
  expect(await region.evaluate((el) => el.scrollLeft)).toBe(0);
  for (let i = 0; i < 5; i++) await handler.keyboard.press("ArrowRight");
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  expect(await axeViolations(handler)).toEqual([]);

  // On a laptop's screen the staff queue fits: all eight columns in view, nothing to scroll. The
  // seeded 2014 window's plans: the other tests' plans and users carry made-up names such as
  // "CASE_HANDLER 62c8a83a" that no real list has.
  await handler.setViewportSize({ width: 1280, height: 900 });
  await handler.getByLabel("Tijdvak", { exact: true }).selectOption({ label: "Tijdvak 2 (2014)" });
  await handler.getByRole("button", { name: "Zoeken" }).click();
  await expect(handler).toHaveURL(/tijdvak=/);
  const queue = handler.locator(".sp-table-scroll").first();
  await expect(queue.getByRole("row", { name: /OTIB/ })).toBeVisible();
  await expect(queue).not.toHaveAttribute("role");
  expect(await queue.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
  // ...and each kenmerk on one line ("SP-2014-" above "000004" is easily misread), its title under it.
  const lines = await queue
    .getByRole("link", { name: /^SP-\d{4}-\d{6}$/ })
    .evaluateAll((links) => links.map((a) => a.getClientRects().length));
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.every((n) => n === 1)).toBe(true);

  // The applicant's list of plans fits a laptop's screen: no region, no extra tab stop there.
  const applicant = await loginAs(browser, USERS.metaal);
  await applicant.setViewportSize({ width: 1280, height: 900 });
  await open(applicant, "/aanvrager");
  const plans = applicant.locator(".sp-table-scroll").first();
  await expect(plans).toBeVisible();
  await expect(plans).not.toHaveAttribute("tabindex");
  await expect(plans).not.toHaveAttribute("role");
  // Narrowed, it scrolls, and becomes a region named after its caption (or a generic name).
  await applicant.setViewportSize(NARROW);
  await expect(plans).toHaveAttribute("tabindex", "0");
  await expect(plans).toHaveAttribute("role", "region");
  await expect(plans).toHaveAttribute("aria-label", /.+/);
});
