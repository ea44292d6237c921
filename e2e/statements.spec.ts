import { expect, test } from "./fixtures.ts";
import { axeViolations } from "./helpers.ts";

const pages = [
  {
    path: "/toegankelijkheid",
    footer: "Toegankelijkheid",
    nl: "Toegankelijkheidsverklaring",
    en: "Accessibility statement",
    mustMention: [
      /WCAG\) 2\.1/,
      /niveau AA/,
      /axe/,
      /toetsenbord/,
      /320 pixels/,
      /Bekende beperkingen/,
      /28 november 2026/,
    ],
  },
  {
    path: "/privacy",
    footer: "Privacy",
    nl: "Privacyverklaring",
    en: "Privacy statement",
    mustMention: [/Algemene wet bestuursrecht/, /artikel 2\.3, zevende lid/, /Archiefwet/, /AVG/, /privacy@/],
  },
];

for (const p of pages) {
  test(`${p.path} loads without login, is linked in the footer, is axe clean, in both languages`, async ({
    page,
  }) => {
    await page.goto("/");
    await page.getByRole("contentinfo").getByRole("link", { name: p.footer }).click();
    await expect(page).toHaveURL(new RegExp(`${p.path}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(p.nl);
    const main = page.getByRole("main");
    for (const text of p.mustMention) await expect(main).toContainText(text);
    expect(await axeViolations(page)).toEqual([]);

    const response = await page.goto(`${p.path}?lng=en`);
    expect(response?.status()).toBe(200);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(p.en);
    expect(await axeViolations(page)).toEqual([]);
  });
}
