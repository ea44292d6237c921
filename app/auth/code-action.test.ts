import { expect, it } from "vitest";
import { codeAction } from "./code-action.server.ts";

const post = (body: Record<string, string>) =>
  new Request("http://localhost/tweestapsverificatie", { method: "POST", body: new URLSearchParams(body) });
const notReached = async (): Promise<never> => {
  throw new Error("the step runs only for a well-formed code");
};

it("asks for the code in the page's own words, also when the post has no code field at all", async () => {
  for (const body of [{}, { code: " " }] as Record<string, string>[]) {
    const answer = await codeAction(post(body), notReached);
    expect(answer).toMatchObject({ data: { error: "Vul de verificatiecode in." }, init: { status: 400 } });
  }
});
