import { describe, expect, it } from "vitest";
import { loggablePath } from "./log.server.ts";

describe("loggablePath", () => {
  it("drops the query and the fragment", () => {
    expect(loggablePath("/aanvrager/plannen/7?email=a@example.nl#x")).toBe("/aanvrager/plannen/7");
  });

  it.each([
    ["/wachtwoord-herstellen/Zx8_kL2mQ9vB7nR4tY1wE3sD5fG6hJ0aP2oI4uU6yT8", "/wachtwoord-herstellen/:token"],
    ["/uitnodiging/Zx8_kL2mQ9vB7nR4tY1wE3sD5fG6hJ0aP2oI4uU6yT8?x=1", "/uitnodiging/:token"],
    ["/uitnodiging/Zx8_kL2mQ9vB7nR4tY1wE3sD5fG6hJ0aP2oI4uU6yT8.data", "/uitnodiging/:token.data"],
  ])("hides the token of an e-mailed link: %s", (url, logged) => {
    expect(loggablePath(url)).toBe(logged);
  });

  it("keeps the ids that make a log line useful", () => {
    const path = "/behandeling/plannen/0b6f3c1e-6a2e-4c1b-9f51-2f7d4c0f8a11/besluit";
    expect(loggablePath(path)).toBe(path);
  });
});
