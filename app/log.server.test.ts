import { describe, expect, it } from "vitest";
import { ACCOUNT_EMAIL_TEMPLATES } from "./domain/notifications/templates/account-emails.server.ts";
import { loggablePath } from "./log.server.ts";

describe("loggablePath", () => {
  it("drops the query and the fragment", () => {
    expect(loggablePath("/aanvrager/plannen/7?email=a@example.nl#x")).toBe("/aanvrager/plannen/7");
  });

  it.each([
    ["/wachtwoord-herstellen/Zx8_kL2mQ9vB7nR4tY1wE3sD5fG6hJ0aP2oI4uU6yT8", "/wachtwoord-herstellen/:token"],
    ["/uitnodiging/Zx8_kL2mQ9vB7nR4tY1wE3sD5fG6hJ0aP2oI4uU6yT8?x=1", "/uitnodiging/:token"],
    ["/uitnodiging/Zx8_kL2mQ9vB7nR4tY1wE3sD5fG6hJ0aP2oI4uU6yT8.data", "/uitnodiging/:token.data"],
    ["/registreren/bevestigen/Zx8_kL2mQ9vB7nR4tY1wE3sD5fG6hJ0aP2oI4uU6yT8", "/registreren/bevestigen/:token"],
    [
      "/registreren/bevestigen/Zx8_kL2mQ9vB7nR4tY1wE3sD5fG6hJ0aP2oI4uU6yT8.data",
      "/registreren/bevestigen/:token.data",
    ],
  ])("hides the token of an e-mailed link: %s", (url, logged) => {
    expect(loggablePath(url)).toBe(logged);
  });

  it("hides the token of every account e-mail's link, so a new one cannot be forgotten here", () => {
    const token = "Zx8_kL2mQ9vB7nR4tY1wE3sD5fG6hJ0aP2oI4uU6yT8";
    // The notice of a sign-up attempt links to /login itself: no token.
    const withToken = Object.values(ACCOUNT_EMAIL_TEMPLATES).filter((t) => t.path !== "login");
    expect(withToken.length).toBeGreaterThanOrEqual(4);
    for (const { path } of withToken) expect(loggablePath(`/${path}/${token}`)).toBe(`/${path}/:token`);
  });

  it("leaves the sign-up form itself as it is", () => {
    expect(loggablePath("/registreren")).toBe("/registreren");
    expect(loggablePath("/registreren.data")).toBe("/registreren.data");
  });

  it("keeps the ids that make a log line useful", () => {
    const path = "/behandeling/plannen/0b6f3c1e-6a2e-4c1b-9f51-2f7d4c0f8a11/besluit";
    expect(loggablePath(path)).toBe(path);
  });
});
