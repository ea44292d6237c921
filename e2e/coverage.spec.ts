import { expect, test } from "./fixtures.ts";
import { axeViolations, loginAs, USERS } from "./helpers.ts";

// design.md §7: the Actieteam sees which sectors and labour-market regions have a plan yet.
test("an adviser finds the coverage of sectors and regions from the Behandeling page; no accessibility violations", async ({
  browser,
}) => {
  const adviser = await loginAs(browser, USERS.adviseur, "/behandeling");
  await adviser.getByRole("link", { name: "Dekking van sectoren en regio's" }).click();
  await expect(adviser).toHaveURL(/\/behandeling\/dekking/);
  await expect(adviser.getByRole("heading", { level: 1 })).toHaveText("Dekking van sectoren en regio's");
  await expect(adviser.getByRole("table")).toHaveCount(2);
  await expect(adviser.getByTestId("sectoren-samenvatting")).toContainText(
    /\d+ van de \d+ sectoren (heeft|hebben) een ingediend plan/,
  );
  expect(await axeViolations(adviser)).toEqual([]);
});
