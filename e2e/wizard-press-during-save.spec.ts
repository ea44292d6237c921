import pg from "pg";
import { expect, type Page, type Request, test } from "./fixtures.ts";
import {
  draftPlan,
  hydrated,
  loginAs,
  nextYearPeriod,
  onStep,
  openStep,
  planVersion,
  postSteps,
  press,
  reloadHydrated,
  startNewPlan,
  USERS,
} from "./helpers.ts";
import { addSession } from "./session.ts";

// The wizard's autosave meets the user's other moves: a button or a link while a save is on its
// way, a reload before the last keystrokes were saved, and server messages that typing elsewhere
// has made untrue. Each test makes its own plan.
test.describe.configure({ mode: "parallel" });

const CONFLICT = "Het plan is intussen gewijzigd door iemand anders.";
/** Of the same organisation as USERS.metaal (prisma/seed-users.json), not a signatory. */
const COLLEAGUE = "collega.metaal@example.nl";

/** The intent of one of the page's own posts (urlencoded, as React Router sends them). */
function intentOf(r: Request): string | null {
  return new URLSearchParams(r.postData() ?? "").get("intent");
}

function fieldOf(r: Request, name: string): string | null {
  return new URLSearchParams(r.postData() ?? "").get(name);
}

/**
 * Holds the page's autosaves on their way. `answered`: the server gets the post and saves, only
 * the answer waits (the page does not know the new version yet); otherwise the post itself waits
 * (the server still has the old version). `release` lets what waits through, and what follows.
 */
async function holdAutosaves(page: Page, { answered }: { answered: boolean }) {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let held = 0;
  await page.route(/\/stap\//, async (route) => {
    const request = route.request();
    if (request.method() !== "POST" || intentOf(request) !== "autosave") return route.fallback();
    if (!answered) {
      held++;
      await gate;
      return route.fallback();
    }
    const response = await route.fetch();
    held++;
    await gate;
    return route.fulfill({ response });
  });
  return {
    /** Until an autosave is held. */
    inFlight: () => expect.poll(() => held, { timeout: 20_000 }).toBeGreaterThan(0),
    release: () => open(),
  };
}

/** Ticks or unticks a checkbox from the keyboard: a click can miss while messages above it go. */
async function toggle(page: Page, id: string, checked: boolean) {
  const box = page.locator(`#${id}`);
  if ((await box.isChecked()) !== checked) {
    await box.focus();
    await page.keyboard.press("Space");
  }
  if (checked) await expect(box).toBeChecked();
  else await expect(box).not.toBeChecked();
}

/** A plan whose steps 1 and 4 are posted directly (€ 600.000 of costs a year), opened at step 5. */
async function planAtBudget(page: Page): Promise<{ planId: string; years: number }> {
  const { start, end } = nextYearPeriod();
  const planId = await draftPlan(page);
  const years = await postSteps(
    page,
    {
      title: `Knop tijdens opslaan ${Date.now()}`,
      summary: "Bijscholing.",
      start,
      end,
      measures: [
        ["Bijscholing CNC-techniek", "120"],
        ["Van werk naar werk", "40"],
      ],
    },
    { steps: ["aanvrager", "maatregelen"], planId },
  );
  await openStep(page, planId, "begroting");
  return { planId, years };
}

/** € 300.000 requested a year, `own` as own contribution, no other sources. */
async function fillRows(page: Page, years: number, own: string) {
  for (let j = 0; j < years; j++) {
    await page.locator(`#rows-${j}-requested`).fill("300.000,00");
    await page.locator(`#rows-${j}-ownContribution`).fill(own);
    await page.locator(`#rows-${j}-otherSources`).fill("0");
  }
}

async function storedDraft(planId: string): Promise<Record<string, Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ draftData: Record<string, Record<string, unknown>> }>(
      'SELECT "draftData" FROM "Plan" WHERE id = $1',
      [planId],
    );
    return rows[0]?.draftData ?? {};
  } finally {
    await client.end();
  }
}

test("'Volgende stap' pressed while an autosave is on its way goes once the save has landed, with its version", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.metaal, null);
  const { planId, years } = await planAtBudget(page);
  // Refused first: the sources do not add up and the declaration is missing.
  await fillRows(page, years, "200.000,00");
  await toggle(page, "advancesRequested", true);
  const refused = page.waitForResponse(
    (r) => r.request().method() === "POST" && intentOf(r.request()) === "next",
  );
  await press(page, "Volgende stap");
  expect((await refused).status()).toBe(400);
  await expect(page.locator("#foutmeldingen")).toBeFocused();

  // Fixed without a reload; the autosave of the fix reaches the server, its answer is held.
  const hold = await holdAutosaves(page, { answered: true });
  const nextPosts: Request[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && intentOf(r) === "next") nextPosts.push(r);
  });
  await fillRows(page, years, "300.000,00");
  await toggle(page, "noDoubleFunding", true);
  await hold.inFlight();
  await toggle(page, "advancesRequested", false);
  await press(page, "Volgende stap");
  // Not sent while the save is on its way: it would carry the version the page loaded.
  await page.waitForTimeout(1000);
  expect(nextPosts).toHaveLength(0);
  const saved = await planVersion(planId);

  const answer = page.waitForResponse(
    (r) => r.request().method() === "POST" && intentOf(r.request()) === "next",
  );
  hold.release();
  const sent = await answer;
  expect(Number(fieldOf(sent.request(), "expectedVersion"))).toBe(saved);
  expect(sent.status()).toBeLessThan(400);
  await onStep(page, "bijlagen");
  expect(nextPosts).toHaveLength(1);
  const budget = (await storedDraft(planId)).budget;
  expect(budget?.advancesRequested).toBe(false);
  expect(budget?.noDoubleFunding).toBe(true);
});

test("a step link followed while an autosave is on its way waits for it: the next step knows its version", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.metaal, null);
  const { planId } = await planAtBudget(page);
  // The post itself waits: the server still has the old version when the link is followed.
  const hold = await holdAutosaves(page, { answered: false });
  await page.locator("#otherSourcesDescription").fill("Getypt vlak voor de link.");
  await hold.inFlight();
  await page
    .getByRole("navigation", { name: "Stappen" })
    .getByRole("link", { name: "4. Maatregelen" })
    .click();
  await page.waitForTimeout(1000);
  await expect(page).toHaveURL(/\/stap\/begroting$/);

  hold.release();
  await onStep(page, "maatregelen");
  const version = await planVersion(planId);
  // The next step's first autosave carries the version the save made, and is taken.
  const next = page.waitForResponse(
    (r) => r.request().method() === "POST" && intentOf(r.request()) === "autosave",
  );
  await page.locator("#measures-0-title").fill("Bijscholing CNC-techniek, herzien");
  const saved = await next;
  expect(Number(fieldOf(saved.request(), "expectedVersion"))).toBe(version);
  expect(saved.status()).toBe(200);
  await expect(page.locator(".sp-autosave")).toHaveText(/^Opgeslagen om \d\d:\d\d$/);
  await expect(page.getByText(CONFLICT)).toHaveCount(0);
  await page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: "5. Begroting" }).click();
  await onStep(page, "begroting");
  await expect(page.locator("#otherSourcesDescription")).toHaveValue("Getypt vlak voor de link.");
});

test("a reload right after typing shows the last keystrokes, saves them, and meets no conflict", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.metaal, null);
  // Playwright does not see a beacon (it leaves with the page, past page.route), so the page keeps
  // its body in the tab instead of sending it, and the test sends it when it chooses: here after
  // the new page has read the draft, and before that page's own save lands. That order made the
  // false conflict.
  await page.addInitScript(() => {
    navigator.sendBeacon = (url, data) => {
      const entries = data instanceof FormData ? [...data.entries()].map(([k, v]) => [k, String(v)]) : [];
      localStorage.setItem("e2e-held-beacon", JSON.stringify({ url: String(url), entries }));
      return true;
    };
  });
  const planId = await startNewPlan(page);
  const loaded = await planVersion(planId);
  let beaconLanded: () => void = () => undefined;
  const landed = new Promise<void>((resolve) => {
    beaconLanded = resolve;
  });
  await page.route(/\/stap\/aanvrager/, async (route) => {
    const request = route.request();
    if (request.method() !== "POST" || intentOf(request) !== "autosave") return route.fallback();
    await landed;
    return route.fallback();
  });

  const title = `Laatste toetsaanslagen ${Date.now()}`;
  await page.locator("#title").fill(title);
  const restored = page.waitForResponse(
    (r) => r.request().method() === "POST" && intentOf(r.request()) === "autosave",
  );
  // At once: well within the autosave's pause.
  await page.reload();
  await hydrated(page);
  const held = await page.evaluate(() => {
    const b = localStorage.getItem("e2e-held-beacon");
    localStorage.removeItem("e2e-held-beacon");
    return b;
  });
  expect(held, "the beacon of the page that went").not.toBeNull();
  const beacon = JSON.parse(held as string) as { url: string; entries: [string, string][] };
  expect(new Map(beacon.entries).get("title")).toBe(title);
  // The loader read the draft before the beacon landed, yet the page shows what was typed.
  expect(await planVersion(planId)).toBe(loaded);
  await expect(page.locator("#title")).toHaveValue(title);

  // The beacon lands now, between the read and the page's own save of the same keystrokes.
  const form = new FormData();
  for (const [name, value] of beacon.entries) form.append(name, value);
  const origin = new URL(page.url()).origin;
  const sent = await page.request.post(`${origin}${beacon.url}`, {
    multipart: form,
    headers: { Origin: origin },
  });
  expect(sent.status()).toBe(200);
  expect(await planVersion(planId)).toBe(loaded + 1);
  beaconLanded();

  const answer = await restored;
  expect(Number(fieldOf(answer.request(), "expectedVersion"))).toBe(loaded);
  expect(fieldOf(answer.request(), "title")).toBe(title);
  expect(answer.status()).toBe(200);
  await expect(page.locator(".sp-autosave")).toHaveText(/^Opgeslagen om \d\d:\d\d$/);
  await expect(page.getByText(CONFLICT)).toHaveCount(0);
  // Typing on works: the page knows the version the beacon made.
  const further = page.waitForResponse(
    (r) => r.request().method() === "POST" && intentOf(r.request()) === "autosave",
  );
  await page.locator("#summary").fill("Verder getypt na het herladen.");
  const furtherAnswer = await further;
  expect(Number(fieldOf(furtherAnswer.request(), "expectedVersion"))).toBe(loaded + 1);
  expect(furtherAnswer.status()).toBe(200);
  await expect(page.getByText(CONFLICT)).toHaveCount(0);

  await reloadHydrated(page);
  await expect(page.locator("#title")).toHaveValue(title);
  await expect(page.locator("#summary")).toHaveValue("Verder getypt na het herladen.");
  expect((await storedDraft(planId)).lead?.title).toBe(title);
  // The copy the tab kept was removed when read.
  expect(
    await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("sp-unsaved:"))),
  ).toEqual([]);
});

test("the copy a tab keeps for a reload is its user's: a colleague's page neither shows nor keeps it, and logging out clears it", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.metaal, null);
  // No beacon lands (as when the session ended before it): only the tab's copy has the keystrokes.
  await page.addInitScript(() => {
    navigator.sendBeacon = () => true;
  });
  const stashes = () =>
    page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("sp-unsaved:")));
  const planId = await startNewPlan(page);
  const typed = `Alleen van Marieke ${Date.now()}`;
  await page.locator("#title").fill(typed);
  // Left at once, by a full page load (as the idle logout leaves): the tab keeps its copy.
  await page.goto("/aanvrager");
  expect(await stashes()).toHaveLength(1);

  // A colleague of the same organisation signs in in the same tab, within the copy's two minutes,
  // and opens the same step of the same draft, still at the version the copy was typed on.
  const origin = new URL(page.url()).origin;
  await page.context().clearCookies();
  await addSession(page.context(), origin, COLLEAGUE);
  await openStep(page, planId, "aanvrager");
  await expect(page.locator(".sp-header__user")).toHaveText("Ruben Kramer");
  await expect(page.locator("#title")).not.toHaveValue(typed);
  expect(await stashes()).toEqual([]);
  // Nor is it there for a later page: back as the first user, the step shows what is stored.
  await page.context().clearCookies();
  await addSession(page.context(), origin, USERS.metaal);
  await openStep(page, planId, "aanvrager");
  await expect(page.locator("#title")).not.toHaveValue(typed);

  // The logout button takes the tab's copies with the session.
  await page.locator("#title").fill(`${typed}, opnieuw`);
  await page.goto("/aanvrager");
  expect(await stashes()).toHaveLength(1);
  await hydrated(page);
  await page.getByRole("button", { name: "Uitloggen" }).click();
  await expect(
    page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Inloggen" }),
  ).toBeVisible();
  expect(await stashes()).toEqual([]);
});

test("a server message that a change elsewhere made untrue goes; one still true stays", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.metaal, null);
  const { years } = await planAtBudget(page);
  // Every year € 100.000 short (the message sits at the own contribution), no declaration.
  await fillRows(page, years, "200.000,00");
  const refused = page.waitForResponse(
    (r) => r.request().method() === "POST" && intentOf(r.request()) === "next",
  );
  await press(page, "Volgende stap");
  expect((await refused).status()).toBe(400);
  const summary = page.locator("#foutmeldingen");
  await expect(summary).toBeFocused();
  const y = nextYearPeriod().start.slice(0, 4);
  const short = `Subsidie, eigen bijdrage en andere bronnen zijn voor ${y} samen € 500.000,00`;
  const declaration = "Verklaar dat voor dezelfde kosten geen andere subsidie";
  await expect(page.locator("#rows-0-ownContribution-error")).toContainText(short);
  await expect(summary.getByRole("link", { name: short })).toHaveCount(1);

  // The first year is made whole through another field than the one the message is at.
  await page.locator("#rows-0-otherSources").fill("100.000,00");
  await expect(page.locator("#rows-0-ownContribution-error")).toHaveCount(0);
  await expect(page.locator("#rows-0-ownContribution")).not.toHaveAttribute("aria-invalid", "true");
  await expect(summary.getByRole("link", { name: short })).toHaveCount(0);
  // What is still wrong stays, beside its field and in the summary.
  await expect(page.locator("#noDoubleFunding-error")).toContainText(declaration);
  await expect(summary.getByRole("link", { name: new RegExp(declaration) })).toHaveCount(1);
  if (years > 1) {
    await expect(page.locator("#rows-1-ownContribution-error")).toContainText("samen € 500.000,00");
    // And the next year too, once fixed the same way.
    await page.locator("#rows-1-otherSources").fill("100.000,00");
    await expect(page.locator("#rows-1-ownContribution-error")).toHaveCount(0);
  }
  // A change can make a message true again: it comes back, as the server would say it.
  await page.locator("#rows-0-otherSources").fill("50.000,00");
  await expect(page.locator("#rows-0-ownContribution-error")).toContainText(`voor ${y} samen € 550.000,00`);

  await page.locator("#rows-0-otherSources").fill("100.000,00");
  await page.locator("#otherSourcesDescription").fill("Bijdrage van het O&O-fonds.");
  await toggle(page, "noDoubleFunding", true);
  await expect(page.locator("#noDoubleFunding-error")).toHaveCount(0);
  await expect(summary.getByRole("listitem")).toHaveCount(0);
  await press(page, "Volgende stap");
  await onStep(page, "bijlagen");
});
