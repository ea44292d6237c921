import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../auth/session.server.ts";
import { disconnectPrisma } from "../db/client.server.ts";
import { localeCookie } from "../i18n/i18n.server.ts";
import { createScenario, type Scenario } from "../test/scenario.server.ts";
import { loader as documentLoader } from "./documenten.tsx";
import { loader as versionLoader } from "./documenten-versie.tsx";

// A download that does not exist (or is not the user's) answers 404 with a plain sentence in the
// user's language, not a JSON string in Dutch (ADR 0008: the ?lng= parameter, then the cookie).

let s: Scenario;
let session: string;
let english: string;
beforeAll(async () => {
  s = await createScenario();
  session =
    (await createUserSession(new Request("http://localhost/"), s.applicantA.userId)).split(";")[0] ?? "";
  english = (await localeCookie.serialize("en")).split(";")[0] ?? "";
});
afterAll(async () => {
  await disconnectPrisma();
});

async function refusal(load: () => Promise<unknown>): Promise<Response> {
  try {
    await load();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  throw new Error("expected a 404");
}

const request = (path: string, chosenEnglish = false) =>
  new Request(`http://localhost${path}`, {
    headers: { Cookie: chosenEnglish ? `${session}; ${english}` : session },
  });

describe("a document that is not there", () => {
  it("is 'Document not found.' for a user who chose English", async () => {
    const id = randomUUID();
    const res = await refusal(() =>
      documentLoader({ request: request(`/documenten/${id}`, true), params: { documentId: id } } as never),
    );
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("Content-Language")).toBe("en");
    expect(await res.text()).toBe("Document not found.");

    const version = randomUUID();
    const other = await refusal(() =>
      versionLoader({
        request: request(`/documenten/versies/${version}?lng=en`),
        params: { planVersionId: version },
      } as never),
    );
    expect(other.status).toBe(404);
    expect(await other.text()).toBe("Document not found.");
  });

  it("is Dutch otherwise", async () => {
    const id = randomUUID();
    const res = await refusal(() =>
      documentLoader({ request: request(`/documenten/${id}`), params: { documentId: id } } as never),
    );
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Language")).toBe("nl");
    expect(await res.text()).toBe("Document niet gevonden.");
  });
});
