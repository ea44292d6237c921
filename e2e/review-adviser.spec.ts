import { minimalPdf } from "../app/test/files.ts";
import { expect, test } from "./fixtures.ts";
import {
  axeViolations,
  completeByPost,
  fetchInPage,
  loginAs,
  open,
  submittedPlanOf,
  USERS,
} from "./helpers.ts";

// The Actieteam adviser (issue 5): before a plan opens, the adviser declares (no) conflict of
// interest; a declared conflict blocks the plan for that adviser and is recorded for the
// coordinator. Scoring and advising through the form is part of thin-path.spec.ts.

test("an adviser who declares a conflict of interest is blocked from the plan; the coordinator sees it", async ({
  browser,
}) => {
  const applicant = await loginAs(browser, USERS.metaal, null);
  const planId = await submittedPlanOf(applicant, `Belang e2e ${Date.now()}`, await minimalPdf());
  // The URL changes before the plan page has rendered: wait for it, or the heading read is the
  // summary step's ("Controleren en indienen").
  await expect(applicant.getByTestId("plan-status")).toHaveText("Ingediend");
  const reference = (await applicant.getByRole("heading", { level: 1 }).textContent())?.replace(
    "Sectorplan ",
    "",
  ) as string;
  const handler = await loginAs(browser, USERS.behandelaar);
  await completeByPost(handler, planId);

  // The second adviser finds the plan in their list; without a seat on it, its kenmerk leads to
  // the assignment page, where it is claimed. Then the adviser must declare first.
  const adviser = await loginAs(browser, USERS.adviseur2, `/behandeling?q=${reference}`);
  await adviser.getByRole("link", { name: reference, exact: true }).click();
  await expect(adviser).toHaveURL(new RegExp(`/behandeling/toewijzing\\?plan=${planId}#plan-${planId}$`));
  expect(await axeViolations(adviser)).toEqual([]);
  const claim = adviser.getByRole("button", { name: `Oppakken: ${reference}` });
  await claim.click();
  await expect(claim).toHaveCount(0);
  // Not declared yet: the plan's content stays closed, and the list now leads to the declaration.
  expect((await fetchInPage(adviser, `/behandeling/plannen/${planId}`)).status).toBe(404);
  await open(adviser, `/behandeling?q=${reference}`);
  await adviser.getByRole("link", { name: reference, exact: true }).click();
  await expect(adviser).toHaveURL(new RegExp(`/behandeling/plannen/${planId}/verklaring$`));
  await expect(adviser.getByText(reference, { exact: true })).toBeVisible();
  expect(await axeViolations(adviser)).toEqual([]);
  await adviser.getByLabel("Ik heb een mogelijk belang").check();
  await adviser
    .getByLabel("Toelichting bij een mogelijk belang")
    .fill("Ik ben bestuurslid van een van de partners.");
  await adviser.getByRole("button", { name: "Verklaring vastleggen" }).click();
  await expect(adviser.getByRole("heading", { name: "U heeft een mogelijk belang gemeld" })).toBeVisible();
  // Blocked: the plan does not open, and the engine would refuse an advice anyway.
  expect((await fetchInPage(adviser, `/behandeling/plannen/${planId}/beoordeling`)).status).toBe(404);

  // Recorded: the coordinator sees the declared conflict and can assign someone else.
  // The assignment page is paged; ?plan= opens the page that holds this plan.
  const coordinator = await loginAs(browser, USERS.adviseur, `/behandeling/toewijzing?plan=${planId}`);
  const conflicts = coordinator.getByRole("region", { name: "Gemelde belangenverstrengeling" });
  await expect(conflicts).toContainText(reference);
  await expect(conflicts).toContainText("Ik ben bestuurslid van een van de partners.");
  await expect(coordinator.getByLabel(`Adviseur voor ${reference}`)).toBeVisible();
});
