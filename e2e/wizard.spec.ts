import { minimalPdf } from "../app/test/files.ts";
import { expect, test } from "./fixtures.ts";
import {
  answerTo,
  autosaved,
  axeViolations,
  declareAndSubmit,
  draftPlan,
  fetchInPage,
  fillAnalysisStep,
  fillBudgetStep,
  fillLeadStep,
  fillMeasuresStep,
  fillPartnershipStep,
  goToStep,
  hydrated,
  knownInvitationToken,
  loginAs,
  next,
  nextYearPeriod,
  onStep,
  open,
  openStep,
  PASSWORD,
  postSteps,
  press,
  reloadHydrated,
  signUpOrganisation,
  startNewPlan,
  stepListItem,
  USERS,
  uploadAgreement,
  type WizardPlan,
} from "./helpers.ts";
import { addSession } from "./session.ts";

// Every test makes its own plan (the first its own organisation): the tests of this file may share
// the two workers. Run last, as one unit it kept one worker busy for half a minute after the other
// had run out of files.
test.describe.configure({ mode: "parallel" });

function uniqueTag(): string {
  return `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
}

function wizardPlan(title: string): WizardPlan {
  const { start, end } = nextYearPeriod();
  return {
    title,
    summary: "Bijscholing en van werk naar werk in de metaal.",
    start,
    end,
    measures: [
      ["Bijscholing CNC-techniek", "120"],
      ["Van werk naar werk", "40"],
    ],
  };
}

// The story: a new organisation, a colleague who writes the plan over two sessions, the
// signatory who submits it, and the acknowledgement the worker makes.
test("a colleague of a new organisation writes a plan over two sessions; the signatory submits it", async ({
  browser,
}) => {
  test.setTimeout(test.info().timeout * 3);
  const tag = uniqueTag();
  const founderEmail = `tekenbevoegde-${tag}@e2e.example.nl`;
  const colleagueEmail = `schrijver-${tag}@e2e.example.nl`;
  const plan = wizardPlan(`Wizardplan e2e ${tag}`);

  // The founder signs the organisation up (and so is its signatory) and invites a colleague.
  const founderContext = await browser.newContext();
  const founder = await founderContext.newPage();
  await signUpOrganisation(founder, {
    name: `Stichting Wizard ${tag}`,
    founderName: "Tineke Teken",
    email: founderEmail,
  });
  await open(founder, "/aanvrager/organisatie");
  await founder.getByLabel("E-mailadres van uw collega").fill(colleagueEmail);
  await founder.getByRole("button", { name: "Uitnodiging versturen" }).click();
  await expect(founder.getByRole("status")).toContainText(`uitnodiging gestuurd naar ${colleagueEmail}`);
  await founderContext.close();

  // The colleague accepts and writes steps 1–3.
  const token = await knownInvitationToken(colleagueEmail);
  const firstSession = await browser.newContext();
  let page = await firstSession.newPage();
  await open(page, `/uitnodiging/${token}`);
  await page.getByLabel("Uw naam").fill("Sanne Schrijver");
  await page.getByLabel("Wachtwoord", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Herhaal het wachtwoord").fill(PASSWORD);
  await page.getByRole("button", { name: "Account aanmaken" }).click();
  await expect(page).toHaveURL(/\/aanvrager$/);
  const planId = await startNewPlan(page);
  // The organisation's own data is filled in on step 1.
  await expect(page.locator("#leadName")).toHaveValue(`Stichting Wizard ${tag}`);
  await fillLeadStep(page, plan);
  await next(page, "samenwerking");
  await fillPartnershipStep(page);
  await next(page, "analyse");
  // Step 3 is typed and left without a button: the autosave keeps it.
  await autosaved(
    page,
    () => fillAnalysisStep(page),
    "continuation",
    "Toelichting bij continuation: concreet en meetbaar.",
  );
  await firstSession.close();

  // Back the next day: the dashboard's link resumes at step 3, with what was typed.
  page = await loginAs(browser, colleagueEmail);
  await page.getByRole("row").filter({ hasText: plan.title }).getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/aanvrager/plannen/${planId}/stap/analyse$`));
  await hydrated(page);
  await expect(page.locator("#goals")).toHaveValue("Toelichting bij goals: concreet en meetbaar.");
  await expect(page.locator("#continuation")).toHaveValue(
    "Toelichting bij continuation: concreet en meetbaar.",
  );
  await expect(stepListItem(page, "Samenwerkingsverband")).toContainText("(klaar)");

  await next(page, "maatregelen");
  const years = await fillMeasuresStep(page, plan);
  await next(page, "begroting");
  await fillBudgetStep(page, years);
  await next(page, "bijlagen");
  await uploadAgreement(page, await minimalPdf());
  await page.getByRole("link", { name: "Volgende stap" }).click();
  await onStep(page, "indienen");
  await expect(
    page.getByRole("heading", { level: 2, name: "Alle stappen zijn volledig ingevuld" }),
  ).toBeVisible();
  // Step 1 kept the organisation's KvK number and account; step 7 says which account is paid, one
  // finance has not yet checked (a new organisation's).
  await expect(page.locator("#betaalrekening")).toContainText(
    "De subsidie wordt betaald op de rekening van uw organisatie",
  );
  await expect(page.locator("#betaalrekening")).toContainText("Financiën controleert deze rekening");
  await expect(
    page.getByRole("heading", { level: 3, name: "Maatregel 2: Van werk naar werk" }),
  ).toBeVisible();

  // Not a signatory: no submit button, an offer for signature instead.
  await expect(page.getByRole("button", { name: "Plan indienen" })).toHaveCount(0);
  await page.locator("#truthful").check();
  await page.locator("#stateAid").check();
  await page.getByRole("button", { name: "Ter ondertekening aanbieden" }).click();
  await expect(page.getByRole("status").filter({ hasText: "tekenbevoegden" })).toContainText(
    "de tekenbevoegden van uw organisatie hebben een bericht gekregen",
  );

  // The signatory opens the plan from the dashboard, lands on step 7 and submits.
  const signatory = await loginAs(browser, founderEmail);
  await signatory.getByRole("row").filter({ hasText: plan.title }).getByRole("link").first().click();
  await expect(signatory).toHaveURL(new RegExp(`/aanvrager/plannen/${planId}/stap/indienen$`));
  await hydrated(signatory);
  await expect(signatory.locator("#truthful")).toBeChecked();
  await declareAndSubmit(signatory);
  await expect(signatory.getByText("Uw sectorplan is ingediend")).toBeVisible();
  await expect(signatory.getByTestId("plan-status")).toHaveText("Ingediend");
  await expect(
    signatory.getByRole("heading", { level: 3, name: "Maatregel 1: Bijscholing CNC-techniek" }),
  ).toBeVisible();
  await expect(signatory.getByTestId("attachment-list")).toContainText("samenwerkingsovereenkomst.pdf");

  // The acknowledgement letter, once the worker has made it, is a PDF.
  const acknowledgement = signatory.locator('tr[data-kind="ACKNOWLEDGEMENT"]').getByRole("link");
  await expect(async () => {
    await signatory.reload();
    await expect(acknowledgement).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [1000] });
  const letter = await fetchInPage(signatory, (await acknowledgement.getAttribute("href")) as string);
  expect(letter.status).toBe(200);
  expect(letter.contentType).toBe("application/pdf");
  expect(Buffer.from(letter.bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
});

test("what is typed is saved while typing: it survives a reload and leaving by a link", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.metaal, null);
  const planId = await startNewPlan(page);
  const title = `Automatisch bewaard ${uniqueTag()}`;
  await autosaved(page, () => page.locator("#title").fill(title), "title", title);
  await reloadHydrated(page);
  await expect(page.locator("#title")).toHaveValue(title);

  // Typed, saved by itself, then away through a link and back through the dashboard.
  const summary = "Deze samenvatting is nooit met een knop opgeslagen.";
  await autosaved(page, () => page.locator("#summary").fill(summary), "summary", summary);
  await page.getByRole("link", { name: "Mijn sectorplannen" }).click();
  await expect(page).toHaveURL(/\/aanvrager$/);
  await page.getByRole("row").filter({ hasText: title }).getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/aanvrager/plannen/${planId}/stap/aanvrager$`));
  await expect(page.locator("#summary")).toHaveValue(summary);
  await expect(page.locator("#title")).toHaveValue(title);
});

test("a draft is deleted from the dashboard, after a confirmation that says what goes", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.metaal, null);
  await startNewPlan(page);
  const title = `Weg te gooien ${uniqueTag()}`;
  await autosaved(page, () => page.locator("#title").fill(title), "title", title);
  await page.getByRole("link", { name: "Mijn sectorplannen" }).click();
  const row = page.getByRole("row").filter({ hasText: title });
  await row.getByRole("link", { name: /Concept verwijderen/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Concept verwijderen");
  await expect(page.getByText(`Wilt u het concept ‘${title}’`)).toBeVisible();
  await expect(page.getByRole("region", { name: "Wat wordt verwijderd" })).toContainText("Aanvrager en plan");
  expect.soft(await axeViolations(page), "the confirmation page").toEqual([]);
  // Cancelling goes back to the dashboard and keeps the draft.
  await page.getByRole("link", { name: "Annuleren" }).click();
  await expect(page).toHaveURL(/\/aanvrager$/);
  await expect(row).toHaveCount(1);
  await row.getByRole("link", { name: /Concept verwijderen/ }).click();
  await page.getByRole("button", { name: "Ja, concept verwijderen" }).click();
  await expect(page).toHaveURL(/\/aanvrager\?verwijderd=SP-/);
  await expect(page.getByText(/Het concept SP-\d{4}-\d{6} is verwijderd\./)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: title })).toHaveCount(0);
});

test("'Vorige stap' keeps what was typed on the step it leaves, without checking it", async ({ browser }) => {
  const page = await loginAs(browser, USERS.metaal, null);
  await startNewPlan(page);
  await goToStep(page, "2. Samenwerkingsverband", "samenwerking");
  await page.locator("#partners-0-name").fill("Koninklijke Metaalunie");
  await page.locator("#partners-1-contactEmail").fill("geen-e-mailadres");
  const answer = answerTo(page, "previous");
  await press(page, "Vorige stap");
  expect((await answer).status()).toBeLessThan(300);
  await onStep(page, "aanvrager");
  await expect(page.locator("#foutmeldingen")).toHaveCount(0);

  await goToStep(page, "2. Samenwerkingsverband", "samenwerking");
  await expect(page.locator("#partners-0-name")).toHaveValue("Koninklijke Metaalunie");
  await expect(page.locator("#partners-1-contactEmail")).toHaveValue("geen-e-mailadres");
});

test("two tabs on the same step: the second save is refused and nothing of the first is lost", async ({
  browser,
}) => {
  const tabA = await loginAs(browser, USERS.metaal, null);
  const planId = await startNewPlan(tabA);
  const tabB = await tabA.context().newPage();
  await open(tabB, `/aanvrager/plannen/${planId}/stap/aanvrager`);

  await tabA.locator("#title").fill("Titel uit tab A");
  const savedA = answerTo(tabA, "save");
  await press(tabA, "Opslaan");
  expect((await savedA).status()).toBe(200);

  await tabB.locator("#title").fill("Titel uit tab B");
  const savedB = tabB.waitForResponse((r) => r.request().method() === "POST");
  await press(tabB, "Opslaan");
  expect((await savedB).status()).toBe(409);
  await expect(tabB.getByText("Het plan is intussen gewijzigd door iemand anders.")).toBeVisible();
  const reload = tabB.getByRole("link", { name: "Pagina opnieuw laden met de nieuwste versie" });
  await expect(reload).toBeVisible();

  await reload.click();
  await hydrated(tabB);
  await expect(tabB.locator("#title")).toHaveValue("Titel uit tab A");
  await expect(tabB.getByText("Het plan is intussen gewijzigd")).toHaveCount(0);
  await reloadHydrated(tabA);
  await expect(tabA.locator("#title")).toHaveValue("Titel uit tab A");
});

test("the step list marks a step with errors and a completed step", async ({ browser }) => {
  const page = await loginAs(browser, USERS.metaal, null);
  await startNewPlan(page);
  await expect(stepListItem(page, "Aanvrager en plan")).toContainText("(huidige stap)");
  await expect(stepListItem(page, "Samenwerkingsverband")).toContainText("(nog niet ingevuld)");

  // Step 1 without a title, period and the rest: refused, and marked so once left.
  const answer = answerTo(page, "next");
  await press(page, "Volgende stap");
  expect((await answer).status()).toBe(400);
  await expect(page.locator("#foutmeldingen")).toBeFocused();
  await goToStep(page, "2. Samenwerkingsverband", "samenwerking");
  await expect(stepListItem(page, "Aanvrager en plan")).toContainText(/\(bevat \d+ fout\(en\)\)/);
  await expect(stepListItem(page, "Samenwerkingsverband")).toContainText("(huidige stap)");

  // Step 2 completed: "(klaar)".
  await fillPartnershipStep(page);
  await next(page, "analyse");
  await expect(stepListItem(page, "Samenwerkingsverband")).toContainText("(klaar)");
  await expect(stepListItem(page, "Aanvrager en plan")).toContainText(/\(bevat \d+ fout\(en\)\)/);
  await expect(stepListItem(page, "Maatregelen")).toContainText("(nog niet ingevuld)");
});

test("measures: add, move down and up, remove; totals follow the typing; the order is kept", async ({
  browser,
}) => {
  const page = await loginAs(browser, USERS.metaal, null);
  await startNewPlan(page);
  // A period first: the measures ask for costs per year of it.
  await fillLeadStep(page, wizardPlan("Maatregelen schuiven"));
  const saved = answerTo(page, "save");
  await press(page, "Opslaan");
  expect((await saved).status()).toBe(200);
  await goToStep(page, "4. Maatregelen", "maatregelen");

  const planTotal = page.locator("#plan-total");
  const measureTotal = (n: number) =>
    page.getByRole("group", { name: `Maatregel ${n}` }).getByText(/^Kosten van deze maatregel:/);
  const titles = () =>
    page
      .locator('input[id^="measures-"][id$="-title"]')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));

  const add = page.getByRole("button", { name: "Maatregel toevoegen" });
  await page.locator("#measures-0-title").fill("Eerste");
  await page.locator("#measures-0-costs-0-amount").fill("1.000,00");
  await expect(measureTotal(1)).toHaveText("Kosten van deze maatregel: € 1.000,00");
  await expect(planTotal).toHaveText("€ 1.000,00");
  await add.click();
  await page.locator("#measures-1-title").fill("Tweede");
  await page.locator("#measures-1-costs-0-amount").fill("2.500,5");
  await expect(measureTotal(2)).toHaveText("Kosten van deze maatregel: € 2.500,50");
  await expect(planTotal).toHaveText("€ 3.500,50");
  await add.click();
  await page.locator("#measures-2-title").fill("Derde");
  await page.locator("#measures-2-costs-0-amount").fill("100");
  await expect(planTotal).toHaveText("€ 3.600,50");
  // A value that is not an amount counts as nothing until it is one.
  await page.locator("#measures-2-costs-0-amount").fill("honderd");
  await expect(planTotal).toHaveText("€ 3.500,50");
  await page.locator("#measures-2-costs-0-amount").fill("100,00");
  await expect(planTotal).toHaveText("€ 3.600,50");

  await page.getByRole("button", { name: "Maatregel 1 omlaag" }).click();
  expect(await titles()).toEqual(["Tweede", "Eerste", "Derde"]);
  await page.getByRole("button", { name: "Maatregel 3 omhoog" }).click();
  expect(await titles()).toEqual(["Tweede", "Derde", "Eerste"]);
  await expect(measureTotal(1)).toHaveText("Kosten van deze maatregel: € 2.500,50");
  await page.getByRole("button", { name: "Maatregel 2 verwijderen" }).click();
  expect(await titles()).toEqual(["Tweede", "Eerste"]);
  await expect(planTotal).toHaveText("€ 3.500,50");
  await expect(page.locator("#measures-1-costs-0-amount")).toHaveValue("1.000,00");

  const stored = answerTo(page, "save");
  await press(page, "Opslaan");
  expect((await stored).status()).toBe(200);
  await reloadHydrated(page);
  expect(await titles()).toEqual(["Tweede", "Eerste"]);
  await expect(page.locator("#measures-0-costs-0-amount")).toHaveValue("2.500,5");
  await expect(planTotal).toHaveText("€ 3.500,50");
});

test("HTML typed in a field is shown as text on the summary and never runs", async ({ browser }) => {
  const page = await loginAs(browser, USERS.metaal);
  const dialogs: string[] = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await startNewPlan(page);
  const title = `<img src=x onerror=alert(1)> "quotes" & <script>alert(2)</script>`;
  const summary = `</textarea><svg onload=alert(3)>`;
  await page.locator("#title").fill(title);
  await page.locator("#summary").fill(summary);
  const saved = answerTo(page, "save");
  await press(page, "Opslaan");
  expect((await saved).status()).toBe(200);

  await goToStep(page, "7. Controleren en indienen", "indienen");
  const lead = page
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: "1. Aanvrager en plan" }) });
  await expect(lead.getByText(title, { exact: true })).toBeVisible();
  await expect(lead.getByText(summary, { exact: true })).toBeVisible();
  // A full server render of the same page: still text.
  await reloadHydrated(page);
  await expect(lead.getByText(title, { exact: true })).toBeVisible();
  await expect(page.locator('img[src="x"], svg[onload]')).toHaveCount(0);
  // And back on step 1 the fields hold it as typed.
  await goToStep(page, "1. Aanvrager en plan", "aanvrager");
  await expect(page.locator("#title")).toHaveValue(title);
  await expect(page.locator("#summary")).toHaveValue(summary);
  expect(dialogs).toEqual([]);
});

// A measure's category with a rate of its own (the demo regulation's kwetsbare werknemers, 100%).
test("a measure's category: its questions show as chosen and from the saved choice, and go when it changes", async ({
  browser,
  baseURL,
}) => {
  const page = await loginAs(browser, USERS.metaal, null);
  const planId = await draftPlan(page);
  await postSteps(page, wizardPlan(`Categorie e2e ${uniqueTag()}`), {
    steps: ["aanvrager", "samenwerking", "analyse", "maatregelen"],
    planId,
  });
  await openStep(page, planId, "maatregelen");
  const category = page.locator("#measures-1-category");
  const wageCosts = page.locator("#measures-1-wageCostsPerParticipant");
  // Art. 4.4's ground: a vacancy left by retirement (lid 3), without net job growth.
  const ground = page.getByRole("radio", { name: /ouderdomspensionering/ });
  await expect(category.locator("option").first()).toHaveText("Geen: cofinanciering 50%");
  await expect(wageCosts).toHaveCount(0);
  await category.selectOption("kwetsbare-werknemers");
  await wageCosts.fill("100.000,00");
  await ground.check();
  const saved = answerTo(page, "save");
  await press(page, "Opslaan");
  expect((await saved).status()).toBe(200);

  // The server renders the questions of the saved category: they are there before any script runs.
  const bare = await browser.newContext({ javaScriptEnabled: false });
  await addSession(bare, baseURL as string, USERS.metaal);
  const plain = await bare.newPage();
  await plain.goto(`/aanvrager/plannen/${planId}/stap/maatregelen`);
  await expect(plain.locator("#measures-1-wageCostsPerParticipant")).toHaveCount(1);
  await expect(plain.locator("#measures-1-hiringGround")).toHaveCount(1);
  await expect(plain.locator("#measures-0-wageCostsPerParticipant")).toHaveCount(0);
  await bare.close();
  // Loaded again, the saved ground is the one chosen.
  await page.reload();
  await expect(ground).toBeChecked();

  // Back to none: the questions go; chosen again, the answers given before do not come back.
  await category.selectOption("");
  await expect(wageCosts).toHaveCount(0);
  await category.selectOption("kwetsbare-werknemers");
  await expect(wageCosts).toHaveValue("");
  await expect(ground).not.toBeChecked();
});
