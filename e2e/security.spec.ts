import { expect, test } from "./fixtures.ts";
import { hydrated, isAppConsoleError, loginAs, PASSWORD, startNewPlan, USERS } from "./helpers.ts";
import { sessionCookieFor } from "./session.ts";

test("pages hydrate under the nonce CSP without violations or console errors", async ({ browser }) => {
  const page = await loginAs(browser, USERS.metaal);
  const problems: string[] = [];
  page.on("console", (m) => {
    if (isAppConsoleError(m)) problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP ${e.violatedDirective} ${e.blockedURI} ${e.sample} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const response = await page.goto("/aanvrager");
  expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(response?.headers()["x-powered-by"]).toBeUndefined();
  await startNewPlan(page);
  await expect(page.locator("#title")).toBeVisible();
  // Hydrated: the step list navigates client-side, and adding a measure is client-side only.
  await page
    .getByRole("navigation", { name: "Stappen" })
    .getByRole("link", { name: /Maatregelen/ })
    .click();
  await expect(page).toHaveURL(/\/stap\/maatregelen$/);
  await page.getByRole("button", { name: "Maatregel toevoegen" }).click();
  await expect(page.locator("#measures-1-title")).toBeVisible();
  expect(problems).toEqual([]);
});

/** The script-src of a CSP header, and its nonce. */
function scriptSrc(csp: string | undefined): { sources: string[]; nonce: string | undefined } {
  const directive = (csp ?? "")
    .split(";")
    .map((d) => d.trim().split(/\s+/))
    .find(([name]) => name === "script-src");
  const sources = directive?.slice(1) ?? [];
  return { sources, nonce: /^'nonce-(.+)'$/.exec(sources.find((s) => s.startsWith("'nonce-")) ?? "")?.[1] };
}

test("every answer has the security headers: a page, a download and a 404", async ({ request }) => {
  const answers = {
    page: await request.get("/login"),
    download: await request.get("/open-data/toegekend.csv"),
    notFound: await request.get("/bestaat-niet"),
  };
  expect(answers.page.status()).toBe(200);
  expect(answers.download.status()).toBe(200);
  expect(answers.download.headers()["content-disposition"]).toMatch(/^attachment;/);
  expect(answers.notFound.status()).toBe(404);
  for (const [what, res] of Object.entries(answers)) {
    const h = res.headers();
    const csp = h["content-security-policy"];
    const { sources, nonce } = scriptSrc(csp);
    expect(nonce, `${what}: a nonce in script-src`).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(sources, `${what}: no unsafe script sources`).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/'unsafe-(inline|eval|hashes)'|'strict-dynamic'|\*/)]),
    );
    expect(csp, `${what}: no inline event handlers`).toContain("script-src-attr 'none'");
    expect(csp, `${what}: not framed`).toContain("frame-ancestors 'none'");
    expect(csp, `${what}: no plugins`).toContain("object-src 'none'");
    expect(h["x-frame-options"], `${what}: not framed (old browsers)`).toBe("DENY");
    expect(h["x-content-type-options"], what).toBe("nosniff");
    expect(h["referrer-policy"], what).toBe("same-origin");
    expect(h["x-powered-by"], what).toBeUndefined();
  }
});

test("pages and their data are never stored by a browser or proxy; assets are", async ({ request }) => {
  const Cookie = `__session=${await sessionCookieFor(USERS.metaal)}`;
  // The organisation page holds the IBAN and the colleagues' addresses; Back after a logout on a
  // shared computer must ask the server again.
  for (const [path, headers] of [
    ["/aanvrager/organisatie", { Cookie }],
    ["/aanvrager/organisatie.data", { Cookie }],
    ["/login", {}],
  ] as const) {
    const res = await request.get(path, { headers, maxRedirects: 0 });
    expect(res.status(), path).toBe(200);
    expect(res.headers()["cache-control"], path).toBe("no-store");
  }
  const page = await (await request.get("/login")).text();
  const asset = page.match(/\/assets\/[^"]+\.js/)?.[0];
  expect(asset).toBeDefined();
  expect((await request.get(asset ?? "")).headers()["cache-control"]).toMatch(/immutable/);
});

test("the nonce differs per request, and every script of the page carries it", async ({ request }) => {
  const first = await request.get("/login");
  const second = await request.get("/login");
  const nonce = scriptSrc(first.headers()["content-security-policy"]).nonce;
  expect(nonce).toBeTruthy();
  expect(scriptSrc(second.headers()["content-security-policy"]).nonce).not.toBe(nonce);
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  // React Router's context, its module loader and the scroll restoration, at least.
  expect(scripts.length).toBeGreaterThanOrEqual(3);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  // Preloaded modules too: a browser applies script-src to them.
  for (const link of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*>/g))
    expect(link[0]).toContain(`nonce="${nonce}"`);
});

test("a script injected into the page without the nonce does not run", async ({ page }) => {
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { reportViolation(v: string): void }).reportViolation(e.violatedDirective),
    );
  });
  await page.goto("/login");
  await hydrated(page);
  const ran = await page.evaluate(async () => {
    const w = window as { __injected?: number };
    const script = document.createElement("script");
    script.textContent = "window.__injected = 1";
    document.body.append(script);
    const img = document.createElement("img");
    img.setAttribute("src", "data:,x");
    img.setAttribute("onerror", "window.__injected = 2");
    img.setAttribute("onload", "window.__injected = 2");
    document.body.append(img);
    await new Promise((r) => setTimeout(r, 200));
    return w.__injected ?? null;
  });
  expect(ran).toBeNull();
  await expect.poll(() => violations).toEqual(expect.arrayContaining(["script-src-elem", "script-src-attr"]));
});

test("the session cookie of a real login is HttpOnly, SameSite=Lax and Secure (production)", async ({
  request,
  baseURL,
}) => {
  // An applicant: no second factor, so the password step itself sets the session.
  const res = await request.post("/login", {
    form: { email: USERS.bouw, password: PASSWORD, redirectTo: "" },
    headers: { Origin: baseURL ?? "" },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(302);
  const session = res
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value)
    .find((v) => v.startsWith("__session="));
  expect(session, "a session cookie").toBeDefined();
  const attrs = (session ?? "")
    .split(";")
    .slice(1)
    .map((a) => a.trim().toLowerCase());
  expect(attrs).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "secure", "path=/"]));
});

test("the icons the pages link, and the /favicon.ico browsers ask for, are served as images", async ({
  page,
}) => {
  await page.goto("/login");
  const linked = await page
    .locator('head link[rel="icon"]')
    .evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).getAttribute("href")));
  expect(linked).toEqual(["/favicon.ico", "/favicon.svg"]);
  for (const [path, type] of [
    ["/favicon.ico", /^image\/(x-icon|vnd\.microsoft\.icon)$/],
    ["/favicon.svg", /^image\/svg\+xml/],
  ] as const) {
    const r = await page.request.get(path);
    expect(r.status(), path).toBe(200);
    expect(r.headers()["content-type"], path).toMatch(type);
    expect(r.headers()["x-content-type-options"], path).toBe("nosniff");
  }
});
