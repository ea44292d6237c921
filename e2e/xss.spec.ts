import { minimalPdf } from "../app/test/files.ts";
import { expect, type Page, test } from "./fixtures.ts";
import {
  declareAndSubmit,
  loginAs,
  nextYearPeriod,
  open,
  planVersion,
  postSteps,
  sql,
  stepUrl,
  USERS,
} from "./helpers.ts";

// Script and HTML typed into free-text fields stay text on the pages that show them, for the
// applicant and for staff. E-mails and PDFs: app/domain/security/xss.test.ts. The plan's steps are
// posted (as the forms post them), the messages and the note written in SQL: no typing.

const XSS = `<script>window.__xss=1</script><img src=x onerror="window.__xss=1">"'&<b>vet</b>`;

/** Opens `path` and asserts the payload is shown as text, ran nowhere and opened no dialog. */
async function expectInert(page: Page, path: string, expected: string[]): Promise<void> {
  await open(page, path);
  const main = page.locator("main");
  for (const text of expected) await expect(main, `${path}: ${text}`).toContainText(text);
  expect(
    await page.evaluate(() => (window as { __xss?: number }).__xss),
    `${path}: script ran`,
  ).toBeUndefined();
  expect(await main.locator("script, img[src='x'], b:text-is('vet')").count(), `${path}: markup`).toBe(0);
}

test("script and HTML in free-text fields stay text on the applicant's and the staff's pages", async ({
  browser,
}) => {
  const dialogs: string[] = [];
  const applicant = await loginAs(browser, USERS.metaal, "/aanvrager");
  applicant.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const origin = new URL(applicant.url()).origin;
  const { start, end } = nextYearPeriod();

  const planId = await (async () => {
    const res = await applicant.request.post(`${origin}/aanvrager/nieuw`, {
      form: { employersOrganisation: "ja", employeesOrganisation: "ja", meetsMinimum: "ja" },
      headers: { Origin: origin },
      maxRedirects: 0,
    });
    const id = /\/plannen\/([0-9a-f-]{36})/.exec(res.headers().location ?? "")?.[1];
    if (!id) throw new Error("no draft");
    return id;
  })();
  await open(applicant, stepUrl(planId, "aanvrager"));
  await postSteps(
    applicant,
    {
      title: `Plan ${XSS}`,
      summary: `Samenvatting ${XSS}`,
      start,
      end,
      measures: [
        [`Scholing ${XSS}`, "120"],
        ["Van werk naar werk", "40"],
      ],
    },
    { pdf: await minimalPdf() },
  );
  const analysis = await applicant.request.post(`${origin}${stepUrl(planId, "analyse")}`, {
    form: {
      intent: "save",
      expectedVersion: String(await planVersion(planId)),
      ...Object.fromEntries(
        [
          "bottlenecksNow",
          "bottlenecksExpected",
          "targetGroups",
          "goals",
          "organisation",
          "continuation",
        ].map((key) => [key, `${key} ${XSS}`]),
      ),
    },
    headers: { Origin: origin },
  });
  expect(analysis.status(), "saving the analysis").toBe(200);
  // The summary the applicant checks before submitting shows every step's texts.
  await expectInert(applicant, stepUrl(planId, "indienen"), [
    `goals ${XSS}`,
    `Scholing ${XSS}`,
    `Plan ${XSS}`,
  ]);
  await declareAndSubmit(applicant);
  // Own sector: the completeness rule on one plan per sector must not meet other tests' plans.
  await sql(`UPDATE "Plan" SET "sectorCodes" = ARRAY[$2] WHERE id = $1`, [planId, `e2e-${planId}`]);
  for (const [email, fromStaff, text] of [
    [USERS.metaal, false, `Vraag ${XSS}`],
    [USERS.behandelaar, true, `Antwoord ${XSS}`],
  ] as const) {
    await sql(
      `INSERT INTO "PlanMessage" (id, "planId", "authorId", "fromStaff", text)
       SELECT gen_random_uuid(), $1, id, $3, $4 FROM "User" WHERE email = $2`,
      [planId, email, fromStaff, text],
    );
  }
  await sql(
    `INSERT INTO "PlanNote" (id, "planId", "authorId", text)
     SELECT gen_random_uuid(), $1, id, $2 FROM "User" WHERE email = $3`,
    [planId, `Notitie ${XSS}`, USERS.behandelaar],
  );

  await expectInert(applicant, `/aanvrager/plannen/${planId}`, [`Plan ${XSS}`]);
  await expectInert(applicant, `/aanvrager/plannen/${planId}/berichten`, [`Vraag ${XSS}`, `Antwoord ${XSS}`]);

  const handler = await loginAs(browser, USERS.behandelaar, "/behandeling");
  handler.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const staff = `/behandeling/plannen/${planId}`;
  await expectInert(handler, staff, [`Plan ${XSS}`, `Samenvatting ${XSS}`]);
  await expectInert(handler, `${staff}/berichten`, [`Notitie ${XSS}`, `Vraag ${XSS}`, `Antwoord ${XSS}`]);
  expect(dialogs).toEqual([]);
});
