import pg from "pg";
import { expect, test } from "./fixtures.ts";
import { axeViolations, hydrated } from "./helpers.ts";
import { SEED_PASSWORD, seededSecret, totpCode } from "./login-form.ts";

// The login itself (issue 7): applicants with a password, staff with a password and a TOTP code.
// Every other spec starts with a session from e2e/session.ts.

async function submitPassword(page: import("./fixtures.ts").Page, email: string) {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(SEED_PASSWORD);
  await page.getByRole("button", { name: "Inloggen" }).click();
}

test("an applicant logs in with the password alone", async ({ page, context }) => {
  await submitPassword(page, "aanvrager.metaal@example.nl");
  await expect(page).toHaveURL(/\/aanvrager$/);
  const session = (await context.cookies()).find((c) => c.name === "__session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
});

test("a staff member needs the verification code; a wrong one is refused", async ({ page, context }) => {
  await submitPassword(page, "beslisser@example.nl");
  await expect(page).toHaveURL(/\/tweestapsverificatie$/);
  // No session yet: only the pending login.
  expect((await context.cookies()).map((c) => c.name)).not.toContain("__session");
  await hydrated(page);
  const code = page.getByLabel("Verificatiecode");
  await expect(code).toHaveAttribute("autocomplete", "one-time-code");
  await expect(code).toHaveAttribute("inputmode", "numeric");

  const right = totpCode(seededSecret("beslisser@example.nl"));
  await code.fill(`${(Number(right[0]) + 1) % 10}${right.slice(1)}`);
  await page.getByRole("button", { name: "Verifiëren" }).click();
  await expect(page.locator("#foutmeldingen")).toContainText("Deze verificatiecode is onjuist of verlopen.");
  await expect(page.locator("#foutmeldingen")).toBeFocused();
  expect(await axeViolations(page)).toEqual([]);
  await expect(page).toHaveURL(/\/tweestapsverificatie$/);

  await code.fill(totpCode(seededSecret("beslisser@example.nl")));
  await page.getByRole("button", { name: "Verifiëren" }).click();
  await expect(page).toHaveURL(/\/behandeling$/);
});

test("a staff member without a second factor sets it up at the first login", async ({ page }) => {
  const email = `nieuw-${Date.now()}@example.nl`;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    // A colleague the administrator created: a password, a role, no TOTP secret yet.
    await client.query(
      `WITH u AS (
         INSERT INTO "User" (id, email, name, "passwordHash")
         SELECT gen_random_uuid(), $1, 'Nieuwe Behandelaar', "passwordHash" FROM "User" WHERE email = 'behandelaar@example.nl'
         RETURNING id)
       INSERT INTO "RoleMembership" (id, "userId", role) SELECT gen_random_uuid(), id, 'CASE_HANDLER' FROM u`,
      [email],
    );
  } finally {
    await client.end();
  }
  await submitPassword(page, email);
  await expect(page).toHaveURL(/\/tweestapsverificatie-instellen$/);
  await expect(page.getByRole("img", { name: /QR-code/ })).toHaveAttribute(
    "src",
    /^data:image\/svg\+xml;base64,/,
  );
  const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(await axeViolations(page)).toEqual([]);
  await hydrated(page);
  await page.getByLabel("Verificatiecode").fill(totpCode(secret));
  await page.getByRole("button", { name: "Instellen en inloggen" }).click();
  await expect(page).toHaveURL(/\/behandeling$/);
});
