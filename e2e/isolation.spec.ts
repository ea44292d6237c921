import { expect, test } from "@playwright/test";
import { loginAs, startNewPlan, USERS } from "./helpers.ts";

test("an applicant of another organisation gets a 404 for a plan that is not theirs", async ({ browser }) => {
  const owner = await loginAs(browser, USERS.metaal);
  await startNewPlan(owner);
  await expect(owner).toHaveURL(/\/aanvrager\/plannen\/[0-9a-f-]{36}$/);
  const planPath = new URL(owner.url()).pathname;

  const other = await loginAs(browser, USERS.bouw);
  const response = await other.goto(planPath);
  expect(response?.status()).toBe(404);
  await expect(other.getByRole("heading", { level: 1 })).toHaveText("Pagina niet gevonden");
  // Nothing of the plan leaks: not its kenmerk, not the owner's name.
  await expect(other.getByText(/SP-\d{4}-/)).toHaveCount(0);
  await expect(other.getByText("Metaalbewerking")).toHaveCount(0);

  // Its own dashboard does not list it either.
  await other.goto("/aanvrager");
  await expect(other.locator(`a[href="${planPath}"]`)).toHaveCount(0);
});

test("a page that needs a login sends the visitor to the login page and back", async ({ page }) => {
  await page.goto("/aanvrager");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faanvrager$/);
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
