import { createHash, randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import pg from "pg";
import { planYears } from "../app/domain/plan/steps/common.ts";
import { amsterdamDate } from "../app/domain/time/index.ts";
import { type Browser, type ConsoleMessage, expect, type Page, type Response, test } from "./fixtures.ts";
import { addSession } from "./session.ts";

export const PASSWORD = "Sectorplan!2026";

export const USERS = {
  metaal: "aanvrager.metaal@example.nl",
  bouw: "aanvrager.bouw@example.nl",
  behandelaar: "behandelaar@example.nl",
  adviseur: "adviseur@example.nl",
  beslisser: "beslisser@example.nl",
  adviseur2: "adviseur2@example.nl",
  financien: "financien@example.nl",
  financien2: "financien2@example.nl",
} as const;

/**
 * Waits until React has hydrated the page. Until then a button is a plain HTML form post, which
 * behaves differently (no browser-side checks, no autosave) and, where the referrer policy hides
 * the origin, is refused; on a cold dev server hydration can take seconds. React marks the root
 * element once the whole tree has been hydrated.
 */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    Object.keys(document.documentElement).some((k) => k.startsWith("__reactFiber$")),
  );
}

/** A full page load, then hydration. */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await hydrated(page);
}

/** A reload, then hydration. */
export async function reloadHydrated(page: Page): Promise<void> {
  await page.reload();
  await hydrated(page);
}

function baseURL(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error("the e2e helpers need the project's baseURL");
  return url;
}

/** The origin of the page, or of the app while the page is still blank. */
function originOf(page: Page): string {
  const url = page.url();
  return new URL(url.startsWith("http") ? url : baseURL()).origin;
}

/**
 * A fresh browser context (one per user: their own cookie jar) logged in as a seeded user, on
 * `path`. The session is made in the database (e2e/session.ts), not through the form: the form is
 * proven in its own specs, and staff would need a second factor there. The default path, /login,
 * sends a logged-in user to their role's home page, where the form would have led; `null` opens
 * nothing, for a test whose first page comes after set-up by posts (draftPlan, postSteps).
 */
export async function loginAs(
  browser: Browser,
  email: string,
  path: string | null = "/login",
): Promise<Page> {
  const context = await browser.newContext();
  await addSession(context, baseURL(), email);
  const page = await context.newPage();
  if (path === null) return page;
  await open(page, path);
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

/** "YYYY-MM-DD" in UTC. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * A one-year plan period starting on the 15th of next month (months as Amsterdam counts them), so
 * that it always covers two calendar years, as the specs' amounts per year assume. Starting on the
 * first, a run in December got 1 January to 31 December: one year, and the specs that fill in a
 * second year's amounts failed all month.
 */
export function nextYearPeriod(today = new Date()): { start: string; end: string } {
  const [year, month] = amsterdamDate(today).split("-").map(Number) as [number, number];
  const start = new Date(Date.UTC(year, month, 15));
  const end = new Date(Date.UTC(start.getUTCFullYear() + 1, start.getUTCMonth(), 14));
  return { start: isoDate(start), end: isoDate(end) };
}

/** Fetches a URL inside the page (its cookies, its origin) and returns status, type and bytes. */
export async function fetchInPage(page: Page, url: string) {
  const r = await page.evaluate(async (u) => {
    const res = await fetch(u, { credentials: "same-origin" });
    const buf = new Uint8Array(await res.arrayBuffer());
    let bin = "";
    for (const b of buf) bin += String.fromCharCode(b);
    return {
      status: res.status,
      contentType: res.headers.get("content-type"),
      disposition: res.headers.get("content-disposition"),
      base64: btoa(bin),
    };
  }, url);
  return { ...r, bytes: new Uint8Array(Buffer.from(r.base64, "base64")) };
}

/**
 * A new draft of the page's applicant, made by the post the eligibility check sends when all three
 * answers are yes (the check's page itself is proven in applicant-start.spec.ts). Returns its id;
 * the page stays where it is.
 */
export async function draftPlan(page: Page): Promise<string> {
  const origin = originOf(page);
  const res = await page.request.post(`${origin}/aanvrager/nieuw`, {
    form: { employersOrganisation: "ja", employeesOrganisation: "ja", meetsMinimum: "ja" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(res.status(), "starting a draft").toBe(302);
  const id = /\/aanvrager\/plannen\/([0-9a-f-]{36})$/.exec(res.headers().location ?? "")?.[1];
  if (!id) throw new Error(`no plan in the redirect to ${res.headers().location}`);
  return id;
}

/** A new draft (draftPlan), opened at step 1 of the wizard. */
export async function startNewPlan(page: Page): Promise<string> {
  const planId = await draftPlan(page);
  await openStep(page, planId, "aanvrager");
  await onStep(page, "aanvrager");
  return planId;
}

export function planIdOf(page: Page): string {
  const id = /\/plannen\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  if (!id) throw new Error(`no plan id in ${page.url()}`);
  return id;
}

export function stepUrl(planId: string, slug: string): string {
  return `/aanvrager/plannen/${planId}/stap/${slug}`;
}

/** Opens a wizard step with a full page load and waits for hydration. */
export async function openStep(page: Page, planId: string, slug: string): Promise<void> {
  await open(page, stepUrl(planId, slug));
  await expect(page).toHaveURL(new RegExp(`/stap/${slug}$`));
}

/**
 * The answer to the wizard's next POST with this intent ("next", "save", "submit", "autosave", …):
 * an autosave may go out just before a button's post, so the intent tells them apart.
 */
export function answerTo(page: Page, intent: string): Promise<Response> {
  return page.waitForResponse(
    (r) => r.request().method() === "POST" && (r.request().postData() ?? "").includes(`intent=${intent}`),
    { timeout: 20_000 },
  );
}

/** The answer to the next upload of this kind of attachment (step 6). */
export function uploadAnswer(page: Page, kind: string): Promise<Response> {
  return page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`soort=${kind}`), {
    timeout: 20_000,
  });
}

/**
 * Presses a button with the keyboard. After a wrong value, leaving the field shows its message
 * (checked on blur), which pushes the buttons down: a mouse click aimed at the button before the
 * shift lands beside it. Enter on the focused button does not depend on where it is.
 */
export async function press(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name, exact: true }).press("Enter");
}

/** The wizard's step list (a nav landmark) and its entry for one step, by its title ("Maatregelen"). */
export function stepListItem(page: Page, stepTitle: string) {
  return page
    .getByRole("navigation", { name: "Stappen" })
    .getByRole("listitem")
    .filter({ hasText: stepTitle });
}

/**
 * Goes to a step through the step list ("4. Maatregelen"), a client-side link. Wait for a pending
 * autosave first: leaving right after typing is not what these helpers test.
 */
export async function goToStep(page: Page, linkName: string, slug: string): Promise<void> {
  await page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: linkName }).click();
  await onStep(page, slug);
}

/**
 * Types (`typing`), then waits for the autosave that carries `field` = `value` (typing slowly
 * may send an earlier one first) to be answered 200, and for the status line to say so.
 */
export async function autosaved(
  page: Page,
  typing: () => Promise<void>,
  field: string,
  value: string,
): Promise<void> {
  const saved = page.waitForResponse(
    (r) => {
      if (r.request().method() !== "POST") return false;
      const body = new URLSearchParams(r.request().postData() ?? "");
      return body.get("intent") === "autosave" && body.get(field) === value;
    },
    { timeout: 20_000 },
  );
  await typing();
  expect((await saved).status()).toBe(200);
  await expect(page.locator(".sp-autosave")).toHaveText(/^Opgeslagen om \d\d:\d\d$/);
}

/**
 * The wizard shows step `slug`: the URL, and the step list marking it current. The URL changes
 * before React has rendered the new step, so the URL alone is not enough to go on with.
 */
export async function onStep(page: Page, slug: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`/stap/${slug}$`));
  await expect(page.locator('nav [aria-current="step"]')).toHaveAttribute(
    "href",
    new RegExp(`/stap/${slug}$`),
  );
}

/** "Volgende stap" and the step it must land on. */
export async function next(page: Page, slug: string): Promise<void> {
  await page.getByRole("button", { name: "Volgende stap" }).click();
  await onStep(page, slug);
}

export type WizardPlan = {
  title: string;
  summary: string;
  start: string;
  end: string;
  /** [title, participants] of each measure; measure i gets theme i+1 of the list. */
  measures: [string, string][];
};

/** Step 1: the plan and the lead applicant (the organisation's own data is filled in already). */
export async function fillLeadStep(page: Page, plan: WizardPlan): Promise<void> {
  await page.locator("#title").fill(plan.title);
  await page.locator("#summary").fill(plan.summary);
  await page.locator("#periodStart").fill(plan.start);
  await page.locator("#periodEnd").fill(plan.end);
  await page.locator("#securityKind").check();
  await page.locator("#securityAmount").fill("1.000.000,00");
  await page.locator("#sectorCodes-2").check();
  await page.locator("#employeesInScope").fill("150000");
}

/** Step 2: the two organisations the form starts with (employers', employees'). */
export async function fillPartnershipStep(page: Page): Promise<void> {
  const partners = [
    ["Koninklijke Metaalunie", "Jan Smit", "j.smit@metaalunie.example.nl"],
    ["FNV Metaal", "Fatma Yilmaz", "f.yilmaz@fnv.example.nl"],
  ];
  for (const [i, [name, contact, email]] of partners.entries()) {
    await page.locator(`#partners-${i}-name`).fill(name as string);
    await page.locator(`#partners-${i}-contactName`).fill(contact as string);
    await page.locator(`#partners-${i}-contactEmail`).fill(email as string);
  }
}

export async function fillAnalysisStep(page: Page): Promise<void> {
  for (const key of [
    "bottlenecksNow",
    "bottlenecksExpected",
    "targetGroups",
    "goals",
    "organisation",
    "continuation",
  ]) {
    await page.locator(`#${key}`).fill(`Toelichting bij ${key}: concreet en meetbaar.`);
  }
}

/**
 * Step 4: the measures; costs of € 400.000 and € 200.000 a year. Returns the number of calendar
 * years the form asked costs for.
 */
export async function fillMeasuresStep(page: Page, plan: WizardPlan): Promise<number> {
  for (const [i, [title, participants]] of plan.measures.entries()) {
    if (i > 0) await page.getByRole("button", { name: "Maatregel toevoegen" }).click();
    await page.locator(`#measures-${i}-theme`).selectOption({ index: i + 1 });
    await page.locator(`#measures-${i}-title`).fill(title);
    await page.locator(`#measures-${i}-description`).fill(`Beschrijving van ${title}.`);
    await page.locator(`#measures-${i}-executingParty`).fill("Opleidingsbedrijf Metaal");
    await page.locator(`#measures-${i}-participants`).fill(participants);
  }
  const years = await page.locator('[id^="measures-0-costs-"][id$="-amount"]').count();
  for (let j = 0; j < years; j++) {
    await page.locator(`#measures-0-costs-${j}-amount`).fill("400.000,00");
    if (plan.measures.length > 1) await page.locator(`#measures-1-costs-${j}-amount`).fill("200.000,00");
  }
  return years;
}

/** Step 5: € 300.000 subsidy a year (within 50% of € 600.000), the rest own contribution. */
export async function fillBudgetStep(page: Page, years: number): Promise<void> {
  for (let j = 0; j < years; j++) {
    await page.locator(`#rows-${j}-requested`).fill("300.000,00");
    await page.locator(`#rows-${j}-ownContribution`).fill("300.000,00");
    await page.locator(`#rows-${j}-otherSources`).fill("0");
  }
  await page.locator("#noDoubleFunding").check();
  await page.locator("#advancesRequested").check();
}

/** Step 6: the signed partnership agreement, a real PDF. */
export async function uploadAgreement(page: Page, pdf: Uint8Array): Promise<void> {
  await page.locator("#file-PARTNERSHIP_AGREEMENT").setInputFiles({
    name: "samenwerkingsovereenkomst.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from(pdf),
  });
  await page.getByTestId("upload-PARTNERSHIP_AGREEMENT").getByRole("button", { name: "Uploaden" }).click();
  await expect(page.getByTestId("attachment-list")).toContainText("samenwerkingsovereenkomst.pdf");
}

/**
 * Steps 1–6 of a valid plan, through "Volgende stap"; ends on step 7 (check and submit).
 */
export async function fillPlanWizard(page: Page, plan: WizardPlan, pdf: Uint8Array): Promise<number> {
  await fillLeadStep(page, plan);
  await next(page, "samenwerking");
  await fillPartnershipStep(page);
  await next(page, "analyse");
  await fillAnalysisStep(page);
  await next(page, "maatregelen");
  const years = await fillMeasuresStep(page, plan);
  await next(page, "begroting");
  await fillBudgetStep(page, years);
  await next(page, "bijlagen");
  await uploadAgreement(page, pdf);
  await page.getByRole("link", { name: "Volgende stap" }).click();
  await onStep(page, "indienen");
  return years;
}

/** Step 7: both declarations, then "Plan indienen"; lands on the read-only plan page. */
export async function declareAndSubmit(page: Page): Promise<void> {
  await page.locator("#truthful").check();
  await page.locator("#stateAid").check();
  await page.getByRole("button", { name: "Plan indienen" }).click();
  await expect(page).toHaveURL(/\/aanvrager\/plannen\/[0-9a-f-]{36}\?ingediend=1$/);
}

/**
 * Every axe violation of the page as it is now, with the elements concerned: whatever its impact,
 * and axe's best practices as well as its WCAG rules (two regions of one name, a skipped heading
 * level, a page without h1 confuse a screen-reader user just as much).
 * Legacy mode runs axe once in the page itself. The default runs it per frame and then opens a
 * blank page of the context to merge the results: a second page for every scan, half of each scan's
 * time. Our pages have no frames, so there is nothing for the default to find that this misses.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).setLegacyMode().analyze();
  return result.violations.map(
    (v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

/** A KvK number nobody else in the database is likely to have. */
export function randomKvk(): string {
  return String(10_000_000 + Math.floor(Math.random() * 89_999_999));
}

/**
 * Signs up a new organisation through /registreren and confirms it through the mail's link (its
 * token taken as knownSignUpToken does) with the password chosen on the form; the founder lands
 * on the dashboard, logged in.
 */
export async function signUpOrganisation(
  page: Page,
  org: { name: string; founderName: string; email: string },
): Promise<void> {
  await open(page, "/registreren");
  await page.getByLabel("Naam van de organisatie").fill(org.name);
  await page.getByLabel("KvK-nummer").fill(randomKvk());
  await page.getByLabel("Rechtsvorm").selectOption("Stichting");
  await page.getByLabel("Straat en huisnummer").fill("Lange Voorhout 9");
  await page.getByLabel("Postcode").fill("2514ea");
  await page.getByLabel("Plaats").fill("Den Haag");
  await page.getByLabel("IBAN").fill("NL91 ABNA 0417 1643 00");
  await page.getByLabel("Uw naam").fill(org.founderName);
  await page.getByLabel("E-mailadres").fill(org.email);
  await page.getByLabel("Wachtwoord", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Herhaal het wachtwoord").fill(PASSWORD);
  await page.getByRole("button", { name: "Aanmelden" }).click();
  // Nothing is made before the address is confirmed (ADR 0029): the test takes the mail's link.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Controleer uw e-mail");
  const token = await knownSignUpToken(org.email);
  await open(page, `/registreren/bevestigen/${token}`);
  await expect(page.getByRole("main")).toContainText(org.name);
  await page.getByLabel("Wachtwoord dat u bij de aanmelding heeft gekozen").fill(PASSWORD);
  await page.getByRole("button", { name: "Aanmelding bevestigen" }).click();
  await expect(page).toHaveURL(/\/aanvrager$/);
}

/**
 * A link's token is minted by the e-mail job and only its hash is stored, so the test takes the
 * link's place: it marks the e-mail as sent (a worker that has not sent it yet then never will; one
 * that is sending holds the row and we wait for it) and stores the hash of a token it knows, on the
 * newest open row for the address.
 */
async function knownLinkToken(
  email: string,
  link: { table: "Invitation" | "SignUpRequest"; openColumn: string; template: string },
): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    const row = await client.query<{ id: string }>(
      `SELECT id FROM "${link.table}" WHERE email = $1 AND "${link.openColumn}" IS NULL ORDER BY "createdAt" DESC LIMIT 1`,
      [email],
    );
    const id = row.rows[0]?.id;
    if (!id) throw new Error(`no open ${link.table} for ${email}`);
    const key = `${link.template}:${id}`;
    await client.query(
      `INSERT INTO "EmailDelivery" (id, "idempotencyKey", template, recipient, subject, "sentAt", "createdAt")
       VALUES (gen_random_uuid(), $1, $3, $2, 'e2e', now(), now()) ON CONFLICT ("idempotencyKey") DO NOTHING`,
      [key, email, link.template],
    );
    await client.query(`SELECT id FROM "EmailDelivery" WHERE "idempotencyKey" = $1 FOR UPDATE`, [key]);
    await client.query(
      `UPDATE "EmailDelivery" SET "sentAt" = COALESCE("sentAt", now()) WHERE "idempotencyKey" = $1`,
      [key],
    );
    const token = randomBytes(32).toString("base64url");
    const hash = createHash("sha256").update(token).digest("hex");
    await client.query(`UPDATE "${link.table}" SET "tokenHash" = $1 WHERE id = $2`, [hash, id]);
    await client.query("COMMIT");
    return token;
  } finally {
    await client.end();
  }
}

/** The sign-up mail's link token (the request keeps the address normalised). */
export function knownSignUpToken(email: string): Promise<string> {
  return knownLinkToken(email.trim().toLowerCase(), {
    table: "SignUpRequest",
    openColumn: "confirmedAt",
    template: "sign-up-confirm",
  });
}

/** The invitation mail's link token. */
export function knownInvitationToken(email: string): Promise<string> {
  return knownLinkToken(email, { table: "Invitation", openColumn: "acceptedAt", template: "invitation" });
}

/** One statement against the test database, for set-ups the UI cannot make (a closed window). */
export async function sql(text: string, params: unknown[] = []): Promise<number> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/**
 * A console error that points at the app. Not: a refused form post (400, which the wizard answers
 * on purpose and Chromium logs), and React Router's dev-server-only critical CSS, whose nonce the
 * browser hides from the DOM (a hydration warning the built app never has).
 */
export function isAppConsoleError(m: ConsoleMessage): boolean {
  if (m.type() !== "error") return false;
  const text = m.text();
  if (text.startsWith("Failed to load resource")) return !text.includes("status of 400");
  return !text.includes("data-react-router-critical-css");
}

/** The KvK number and account of the organisation whose plan `planId` is. */
export async function planOrganisation(planId: string): Promise<{ kvkNumber: string; iban: string }> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ kvkNumber: string; iban: string }>(
      `SELECT o."kvkNumber", o.iban FROM "Plan" p JOIN "Organisation" o ON o.id = p."organisationId" WHERE p.id = $1`,
      [planId],
    );
    if (!rows[0]) throw new Error(`no plan ${planId}`);
    return rows[0];
  } finally {
    await client.end();
  }
}

const STEP_ORDER = ["aanvrager", "samenwerking", "analyse", "maatregelen", "begroting", "bijlagen"] as const;
export type PreparedStep = (typeof STEP_ORDER)[number];

/** The plan's current version, which every step post must name. */
export async function planVersion(planId: string): Promise<number> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: number }>('SELECT version FROM "Plan" WHERE id = $1', [
      planId,
    ]);
    if (!rows[0]) throw new Error(`no plan ${planId}`);
    return rows[0].version;
  } finally {
    await client.end();
  }
}

/**
 * Steps of a valid plan posted straight to the step actions (the same posts the forms make, with
 * the page's cookies and origin), for tests about what comes after writing: a few seconds instead
 * of typing every field. wizard.spec.ts and keyboard.spec.ts fill the forms themselves.
 * `steps` names the steps to post (default: steps 1–6); the attachment step needs `pdf`.
 * Returns the number of budget years. The page stays where it is.
 */
export async function postSteps(
  page: Page,
  plan: WizardPlan,
  options: { steps?: readonly PreparedStep[]; pdf?: Uint8Array; planId?: string } = {},
): Promise<number> {
  const steps = options.steps ?? STEP_ORDER;
  const planId = options.planId ?? planIdOf(page);
  const origin = originOf(page);
  const years = planYears(plan.start, plan.end);
  let version = await planVersion(planId);
  // Step 1 names the organisation the plan is of: submission refuses another KvK number or account.
  const organisation = await planOrganisation(planId);
  const post = async (slug: string, fields: Record<string, string>) => {
    const res = await page.request.post(`${origin}${stepUrl(planId, slug)}`, {
      form: { intent: "save", expectedVersion: String(version), ...fields },
      headers: { Origin: origin },
    });
    expect(res.status(), `saving step ${slug}`).toBe(200);
    version += 1;
  };
  const fieldsOf: Record<Exclude<PreparedStep, "bijlagen">, () => Record<string, string>> = {
    aanvrager: () => ({
      title: plan.title,
      summary: plan.summary,
      periodStart: plan.start,
      periodEnd: plan.end,
      leadName: "Stichting Opleidings- en Ontwikkelingsfonds Metaalbewerking (OOM)",
      leadKvk: organisation.kvkNumber,
      leadLegalForm: "Stichting",
      leadAddress: "Bredewater 20, 2715 CA Zoetermeer",
      leadIban: organisation.iban,
      contactName: "Marieke de Vries",
      contactEmail: "m.devries@oom.example.nl",
      securityKind: "EQUITY",
      securityAmount: "1.000.000,00",
      coverage: "SECTORS",
      sectorCodes: "3",
      employeesInScope: "150000",
    }),
    samenwerking: () => ({
      "partners.0.kind": "EMPLOYERS",
      "partners.0.name": "Koninklijke Metaalunie",
      "partners.0.contactName": "Jan Smit",
      "partners.0.contactEmail": "j.smit@metaalunie.example.nl",
      "partners.1.kind": "EMPLOYEES",
      "partners.1.name": "FNV Metaal",
      "partners.1.contactName": "Fatma Yilmaz",
      "partners.1.contactEmail": "f.yilmaz@fnv.example.nl",
    }),
    analyse: () =>
      Object.fromEntries(
        [
          "bottlenecksNow",
          "bottlenecksExpected",
          "targetGroups",
          "goals",
          "organisation",
          "continuation",
        ].map((key) => [key, `Toelichting bij ${key}: concreet en meetbaar.`]),
      ),
    maatregelen: () => {
      const themes = ["scholing", "jongeren", "oudere-vakkrachten", "van-werk-naar-werk"];
      const fields: Record<string, string> = {};
      plan.measures.forEach(([title, participants], i) => {
        Object.assign(fields, {
          [`measures.${i}.theme`]: themes[i % themes.length],
          [`measures.${i}.title`]: title,
          [`measures.${i}.description`]: `Beschrijving van ${title}.`,
          [`measures.${i}.executingParty`]: "Opleidingsbedrijf Metaal",
          [`measures.${i}.participants`]: participants,
        });
        years.forEach((year, j) => {
          fields[`measures.${i}.costs.${j}.year`] = String(year);
          fields[`measures.${i}.costs.${j}.amount`] = i === 0 ? "400.000,00" : "200.000,00";
        });
      });
      return fields;
    },
    begroting: () => {
      const budget: Record<string, string> = { noDoubleFunding: "on", advancesRequested: "on" };
      // Two measures: € 600.000 a year, € 300.000 requested (50%), the rest own contribution.
      if (plan.measures.length !== 2) throw new Error("postSteps writes a budget for exactly two measures");
      years.forEach((year, j) => {
        Object.assign(budget, {
          [`rows.${j}.year`]: String(year),
          [`rows.${j}.requested`]: "300.000,00",
          [`rows.${j}.ownContribution`]: "300.000,00",
          [`rows.${j}.otherSources`]: "0",
        });
      });
      return budget;
    },
  };
  for (const slug of steps) {
    if (slug !== "bijlagen") {
      await post(slug, fieldsOf[slug]());
      continue;
    }
    if (!options.pdf) throw new Error("the attachment step needs a pdf");
    const upload = await page.request.post(
      `${origin}${stepUrl(planId, "bijlagen")}?soort=PARTNERSHIP_AGREEMENT`,
      {
        multipart: {
          intent: "upload",
          kind: "PARTNERSHIP_AGREEMENT",
          file: {
            name: "samenwerkingsovereenkomst.pdf",
            mimeType: "application/pdf",
            buffer: Buffer.from(options.pdf),
          },
        },
        headers: { Origin: origin },
      },
    );
    expect(upload.status(), "uploading the agreement").toBe(200);
  }
  return years.length;
}

/**
 * Steps 1–6 of a valid plan (postSteps), then step 7 (check and submit) opened. The plan is
 * `planId`, or the one the page shows.
 */
export async function preparePlan(
  page: Page,
  plan: WizardPlan,
  pdf: Uint8Array,
  planId = planIdOf(page),
): Promise<number> {
  const years = await postSteps(page, plan, { pdf, planId });
  await open(page, stepUrl(planId, "indienen"));
  await expect(page.getByText("Alle stappen zijn volledig ingevuld")).toBeVisible();
  return years;
}

/**
 * A plan of the page's applicant (a signatory), its steps posted and submitted; it gets a sector of
 * its own, because other tests submit for the same applicant and sector in this window, which the
 * completeness checklist rightly refuses (art. 2.3).
 */
export async function submittedPlanOf(page: Page, title: string, pdf: Uint8Array): Promise<string> {
  const { start, end } = nextYearPeriod();
  const planId = await draftPlan(page);
  await preparePlan(
    page,
    {
      title,
      summary: "Bijscholing in de metaal.",
      start,
      end,
      measures: [
        ["Bijscholing CNC-techniek", "120"],
        ["Van werk naar werk", "40"],
      ],
    },
    pdf,
    planId,
  );
  // After the submission, which writes the sectors from the draft.
  await declareAndSubmit(page);
  await sql(`UPDATE "Plan" SET "sectorCodes" = ARRAY[$2] WHERE id = $1`, [planId, `e2e-${planId}`]);
  return planId;
}

/** "Compleet verklaren" posted as `handler`, the same post as the checklist form makes. */
export async function completeByPost(handler: Page, planId: string): Promise<void> {
  const origin = originOf(handler);
  const res = await handler.request.post(`${origin}/behandeling/plannen/${planId}/volledigheid`, {
    form: { intent: "complete", expectedVersion: String(await planVersion(planId)), agreementSigned: "ja" },
    headers: { Origin: origin },
  });
  expect(res.status(), "compleet verklaren").toBe(200);
}
