import { describe, expect, it } from "vitest";
import { action } from "./login.tsx";

/** A login post without its fields (a cut-off request, a script): each field says what is missing. */
describe("a login post without its fields", () => {
  it("names both fields in Dutch, not with zod's English type error", async () => {
    const request = new Request("http://localhost/login", { method: "POST", body: new URLSearchParams() });
    const result = (await action({ request, params: {}, context: {} } as never)) as unknown as {
      init: { status: number };
      data: { fieldErrors: Record<string, string> };
    };
    expect(result.init.status).toBe(400);
    expect(result.data.fieldErrors).toEqual({
      email: "Vul uw e-mailadres in.",
      password: "Vul uw wachtwoord in.",
    });
  });
});
