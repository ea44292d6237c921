import { extractText, getDocumentProxy } from "unpdf";
import { minimalPdf } from "../app/test/files.ts";
import { expect, test } from "./fixtures.ts";
import {
  axeViolations,
  declareAndSubmit,
  draftPlan,
  hydrated,
  loginAs,
  nextYearPeriod,
  open,
  preparePlan,
  sql,
  USERS,
} from "./helpers.ts";

// The walking skeleton end to end: four people, each through the UI, and the letter the worker makes.
test("an applicant's plan is submitted, found complete, advised, granted, and the letter names the amount", async ({
  browser,
}) => {
  // Four logins and a worker: twice the usual limit (relative, so that --timeout scales it).
  test.setTimeout(test.info().timeout * 2);
  const title = `Scholing metaal e2e ${Date.now()}`;
  const { start, end } = nextYearPeriod();

  // 1. Applicant: a new plan, its steps posted as the forms do (wizard.spec.ts types them), submitted.
  const applicant = await loginAs(browser, USERS.metaal);
  await expect(applicant).toHaveURL(/\/aanvrager$/);
  const planId = await draftPlan(applicant);
  const years = await preparePlan(
    applicant,
    {
      title,
      summary: "Omscholing en bijscholing van vakkrachten in de metaalbewerking.",
      start,
      end,
      measures: [
        ["Bijscholing CNC-techniek", "120"],
        ["Van werk naar werk", "40"],
      ],
    },
    await minimalPdf(),
    planId,
  );
  expect(years).toBeGreaterThanOrEqual(1);
  // Step 7 summarises what was written on step 1.
  await expect(applicant.getByText(title, { exact: true })).toBeVisible();
  await declareAndSubmit(applicant);
  await expect(applicant.getByText("Uw sectorplan is ingediend")).toBeVisible();
  // The checklist refuses a second plan of one applicant for one sector in a window (other specs
  // submit plans for sector 3 too): this plan gets a sector of its own, after the submission
  // that writes the sectors from the draft.
  await sql(`UPDATE "Plan" SET "sectorCodes" = ARRAY[$2] WHERE id = $1`, [planId, `e2e-${planId}`]);
  await expect(applicant.getByTestId("plan-status")).toHaveText("Ingediend");
  const reference = (await applicant.getByRole("heading", { level: 1 }).textContent())?.replace(
    "Sectorplan ",
    "",
  );
  expect(reference).toMatch(/^SP-/);

  // 2. Case handler: finds the plan in the completeness queue by its kenmerk; ticks the checklist's
  // manual item and declares it complete.
  const handler = await loginAs(browser, USERS.behandelaar, "/behandeling");
  await handler.getByLabel("Kenmerk of organisatie").fill(reference as string);
  await handler.getByRole("button", { name: "Zoeken" }).click();
  await handler.getByRole("link", { name: reference as string }).click();
  await expect(handler).toHaveURL(new RegExp(`/behandeling/plannen/${planId}$`));
  await handler.getByRole("link", { name: "Volledigheid" }).click();
  await hydrated(handler);
  await handler.getByLabel(/alle partners hebben haar ondertekend/).check();
  await handler.getByRole("button", { name: "Compleet verklaren" }).click();
  await expect(handler.getByText("Het plan is compleet verklaard.")).toBeVisible();
  await expect(handler.getByTestId("plan-status")).toHaveText("In beoordeling");

  // 3. Adviser: claims the plan, declares no conflict of interest, scores every criterion and
  // advises to grant the requested amounts (pre-filled).
  // The assignment page is paged; ?plan= opens the page that holds this plan.
  const adviser = await loginAs(browser, USERS.adviseur, `/behandeling/toewijzing?plan=${planId}`);
  const claim = adviser.getByRole("button", { name: `Oppakken: ${reference}` });
  await claim.click();
  await expect(claim).toHaveCount(0);
  await open(adviser, `/behandeling/plannen/${planId}/verklaring`);
  await adviser.getByLabel("Ik heb geen belangenverstrengeling").check();
  await adviser.getByRole("button", { name: "Verklaring vastleggen" }).click();
  await expect(adviser).toHaveURL(new RegExp(`/behandeling/plannen/${planId}/beoordeling$`));
  await hydrated(adviser);
  // The redirect after the declaration is a client-side navigation: wait for the form itself.
  await expect(adviser.getByRole("heading", { level: 2, name: "Beoordeling en advies" })).toBeVisible();
  expect(await axeViolations(adviser)).toEqual([]);
  // The form's schema runs in the browser too: an empty assessment is refused before any post.
  await adviser.getByRole("button", { name: "Advies vastleggen" }).click();
  await expect(adviser.locator("#foutmeldingen")).toBeFocused();
  await expect(adviser.locator("#foutmeldingen")).toContainText("Geef een score van 1 tot 5.");
  const criteria = await adviser.locator('[id^="advise-scores-"][id$="-motivation"]').count();
  expect(criteria).toBeGreaterThan(0);
  for (let i = 0; i < criteria; i++) {
    // The fourth option of each criterion's radio group is the score 4 (ids: …-score, …-score-1, …).
    await adviser.locator(`#advise-scores-${i}-score-3`).check();
    await adviser.locator(`#advise-scores-${i}-motivation`).fill("Voldoende onderbouwd in het plan.");
  }
  await adviser.getByLabel("Verlenen (het gevraagde bedrag)").check();
  await adviser
    .getByLabel("Advies (tekst)")
    .fill("Het plan sluit aan op de knelpunten; de kosten zijn redelijk.");
  await adviser.getByRole("button", { name: "Advies vastleggen" }).click();
  await expect(adviser.getByText("Het advies is vastgelegd.")).toBeVisible();
  await expect(adviser.getByTestId("plan-status")).toHaveText("Advies uitgebracht");

  // 4. Decision maker: grant, amounts pre-filled with the advice.
  const decider = await loginAs(browser, USERS.beslisser, `/behandeling/plannen/${planId}/besluit`);
  await expect(decider.locator("#decide-amounts-0-amount")).toHaveValue("300.000,00");
  expect(await axeViolations(decider)).toEqual([]);
  await decider.getByLabel("Verlenen zoals gevraagd").check();
  await decider.getByLabel("Motivering").fill("Verleend conform het advies.");
  await decider.getByRole("button", { name: "Besluit nemen" }).click();
  await expect(decider.getByText("Het besluit is genomen.")).toBeVisible();
  await expect(decider.getByTestId("plan-status")).toHaveText("Verleend");

  // 5. Applicant: the decision letter appears once the worker has made it.
  const letterLink = applicant
    .getByRole("row")
    .filter({ hasText: /beschikking/i })
    .getByRole("link", {
      name: /Download \(PDF\)/,
    });
  await expect(async () => {
    await applicant.reload();
    await expect(letterLink).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000, intervals: [1000] });
  await expect(applicant.getByTestId("decision-outcome")).toContainText("Verleend");

  const href = (await letterLink.getAttribute("href")) as string;
  const res = await applicant.request.get(href);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename=/);
  const pdf = await getDocumentProxy(new Uint8Array(await res.body()));
  const { text } = await extractText(pdf, { mergePages: true });
  // nl-NL: thousands with dots, decimals with a comma; the space after € may be a no-break space.
  const total = 300_000 * years;
  const totalNl = `${new Intl.NumberFormat("nl-NL").format(total)},00`;
  expect(text).toContain(reference as string);
  expect(text).toMatch(new RegExp(`€\\s?${totalNl.replace(/\./g, "\\.")}`));

  // The SHA-256 shown beside the link is the hash of the bytes served.
  const { createHash } = await import("node:crypto");
  const sha = createHash("sha256")
    .update(await res.body())
    .digest("hex");
  await expect(applicant.getByText(sha)).toBeVisible();
});
