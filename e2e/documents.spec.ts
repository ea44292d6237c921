import { unzipSync } from "fflate";
import { extractText, getDocumentProxy } from "unpdf";
import { minimalPdf } from "../app/test/files.ts";
import { expect, type Page, test } from "./fixtures.ts";
import {
  declareAndSubmit,
  draftPlan,
  fetchInPage,
  loginAs,
  nextYearPeriod,
  preparePlan,
  USERS,
} from "./helpers.ts";

/** Fills and submits a minimal valid plan as the logged-in applicant; returns its id and kenmerk. */
async function submitPlan(applicant: Page, title: string): Promise<{ planId: string; reference: string }> {
  const { start, end } = nextYearPeriod();
  const planId = await draftPlan(applicant);
  await preparePlan(
    applicant,
    {
      title,
      summary: "Bijscholing van vakkrachten.",
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
  await declareAndSubmit(applicant);
  await expect(applicant.getByText("Uw sectorplan is ingediend")).toBeVisible();
  const heading = await applicant.getByRole("heading", { level: 1 }).textContent();
  return { planId, reference: (heading ?? "").replace("Sectorplan ", "") };
}

test("the applicant downloads the PDF of its submitted version; another organisation gets 404; staff get the dossier", async ({
  browser,
}) => {
  test.setTimeout(test.info().timeout * 1.5);
  const applicant = await loginAs(browser, USERS.metaal);
  const title = `Versie-PDF e2e ${Date.now()}`;
  const { planId, reference } = await submitPlan(applicant, title);

  const versionLink = applicant.getByTestId("plan-version").getByRole("link", { name: /Download \(PDF\)/ });
  await expect(versionLink).toHaveCount(1);
  const href = (await versionLink.getAttribute("href")) as string;
  expect(href).toMatch(/^\/documenten\/versies\/[0-9a-f-]{36}$/);
  const res = await fetchInPage(applicant, href);
  expect(res.status).toBe(200);
  expect(res.contentType).toBe("application/pdf");
  expect(res.disposition).toContain(`sectorplan-${reference}-versie-1.pdf`);
  const { text } = await extractText(await getDocumentProxy(res.bytes), { mergePages: true });
  expect(text.replace(/\s+/g, " ")).toContain(`Sectorplan ${reference}, ingediende versie 1`);
  expect(text).toContain(title);

  const other = await loginAs(browser, USERS.bouw);
  expect((await fetchInPage(other, href)).status).toBe(404);
  // The dossier is for staff only.
  expect((await fetchInPage(applicant, `/behandeling/plannen/${planId}/dossier`)).status).toBe(403);

  const handler = await loginAs(browser, USERS.behandelaar, `/behandeling/plannen/${planId}`);
  const dossierHref = (await handler.getByTestId("case-file-link").getAttribute("href")) as string;
  const zip = await fetchInPage(handler, dossierHref);
  expect(zip.status).toBe(200);
  expect(zip.contentType).toBe("application/zip");
  expect(zip.disposition).toContain(`dossier-${reference}.zip`);
  const names = Object.keys(unzipSync(zip.bytes));
  expect(names).toEqual(
    expect.arrayContaining(["inhoud.txt", "verloop.csv", `versies/sectorplan-${reference}-versie-1.pdf`]),
  );
});
