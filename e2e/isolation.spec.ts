import { expect, test } from "./fixtures.ts";
import { draftPlan, hydrated, loginAs, stepUrl, USERS } from "./helpers.ts";

test("an applicant of another organisation gets a 404 for a plan that is not theirs", async ({ browser }) => {
  const owner = await loginAs(browser, USERS.metaal, null);
  const planId = await draftPlan(owner);
  const planPath = `/aanvrager/plannen/${planId}`;

  const other = await loginAs(browser, USERS.bouw);
  // The plan page and every step of its wizard.
  for (const path of [planPath, stepUrl(planId, "aanvrager"), stepUrl(planId, "indienen")]) {
    const response = await other.goto(path);
    expect(response?.status()).toBe(404);
    await expect(other.getByRole("heading", { level: 1 })).toHaveText("Pagina niet gevonden");
    // Nothing of the plan leaks: not its kenmerk, not the owner's name.
    await expect(other.getByText(/SP-\d{4}-/)).toHaveCount(0);
    await expect(other.getByText("Metaalbewerking")).toHaveCount(0);
  }
  // Nor can it write to it: a save of step 1 from the other organisation is refused.
  const status = await other.evaluate(
    async (url) => {
      const body = new FormData();
      body.set("intent", "save");
      body.set("expectedVersion", "1");
      body.set("title", "Overgenomen");
      return (await fetch(url, { method: "POST", body })).status;
    },
    stepUrl(planId, "aanvrager"),
  );
  expect(status).toBe(404);

  // Its own dashboard does not list it either.
  await other.goto("/aanvrager");
  await expect(other.locator(`a[href^="${planPath}"]`)).toHaveCount(0);
});

test("a page that needs a login sends the visitor to the login page and back", async ({ page }) => {
  await page.goto("/aanvrager");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faanvrager$/);
  await hydrated(page);
  await page.getByLabel("E-mailadres").fill(USERS.metaal);
  await page.getByLabel("Wachtwoord").fill("niet-het-wachtwoord");
  await page.getByRole("button", { name: "Inloggen" }).click();
  // One message for a wrong password and an unknown address alike.
  await expect(
    page.getByText("De combinatie van e-mailadres en wachtwoord is onjuist.").first(),
  ).toBeVisible();
  await expect(page.locator("#foutmeldingen")).toBeFocused();
});

test("a POST from a foreign origin is refused", async ({ request }) => {
  const res = await request.post("/logout", { headers: { Origin: "https://evil.example" } });
  expect(res.status()).toBe(403);
});

test("healthz reports database, redis and the letters queue", async ({ request }) => {
  const res = await request.get("/healthz");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ status: "ok", database: "ok", redis: "ok" });
  expect(body.queues.letters).toEqual(
    expect.objectContaining({ waiting: expect.any(Number), failed: expect.any(Number) }),
  );
  expect(res.headers()["x-powered-by"]).toBeUndefined();
});
