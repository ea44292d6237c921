import { readFileSync } from "node:fs";
import { Secret, TOTP } from "otpauth";
import { expect, type Page } from "./fixtures.ts";
import { hydrated } from "./helpers.ts";

/**
 * Logging in through the real form, second factor included, for the specs that prove the login
 * itself (e2e/login.spec.ts) or need the form; every other spec starts with a session from
 * e2e/session.ts. The seeded staff's TOTP secrets are in prisma/seed-users.json (demo only).
 */
export const SEED_PASSWORD = "Sectorplan!2026";

type SeedUser = { email: string; totpSecret?: string };
const seedUsers: SeedUser[] = JSON.parse(
  readFileSync(new URL("../prisma/seed-users.json", import.meta.url), "utf8"),
);

/** The seeded base32 secret of a staff member. */
export function seededSecret(email: string): string {
  const secret = seedUsers.find((u) => u.email === email)?.totpSecret;
  if (!secret) throw new Error(`${email} has no seeded TOTP secret (prisma/seed-users.json)`);
  return secret;
}

/** The code an authenticator app would show, `steps` periods of 30 s from now. */
export function totpCode(secret: string, steps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + steps * 30_000 });
}

/**
 * Fills the login form and, when the portal asks for it, the verification code (from the seeded
 * secret, or from the enrolment page's key for a staff member without one). Ends logged in.
 */
export async function loginThroughForm(page: Page, email: string, password = SEED_PASSWORD): Promise<void> {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
  const path = new URL(page.url()).pathname;
  if (path !== "/tweestapsverificatie" && path !== "/tweestapsverificatie-instellen") return;
  const secret =
    path === "/tweestapsverificatie"
      ? seededSecret(email)
      : ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s+/g, "");
  // A code is accepted once: if this step's code was just used (another login of the same user
  // within 30 s), the next step's code, which the portal also accepts, gets in.
  for (const steps of [0, 1]) {
    await page.getByLabel("Verificatiecode").fill(totpCode(secret, steps));
    await page.getByRole("button", { name: /Verifiëren|Instellen en inloggen/ }).click();
    try {
      await expect(page).not.toHaveURL(/\/tweestapsverificatie/, { timeout: 5_000 });
      return;
    } catch (e) {
      if (steps === 1) throw e;
    }
  }
}
