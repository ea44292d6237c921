import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createUserSession } from "../auth/session.server.ts";
import type { Role } from "../generated/prisma/enums.ts";
import { createScenario } from "../test/scenario.server.ts";
import * as beoordeling from "./behandeling/plan/beoordeling.tsx";
import * as besluit from "./behandeling/plan/besluit.tsx";
import * as onderbesteding from "./behandeling/plan/onderbesteding.tsx";
import * as tussentijds from "./behandeling/plan/tussentijds.tsx";
import * as vaststelling from "./behandeling/plan/vaststelling.tsx";
import * as volledigheid from "./behandeling/plan/volledigheid.tsx";
import * as toewijzing from "./behandeling/toewijzing.tsx";
import * as batch from "./financien/batch.tsx";
import * as rekeningnummers from "./financien/rekeningnummers.tsx";
import * as terugvorderingen from "./financien/terugvorderingen.tsx";
import { INCOMPLETE_FORM } from "./respond.server.ts";

type Action = (args: never) => Promise<unknown>;
const ROUTES: [string, Action, Role, Record<string, string>][] = [
  ["volledigheid", volledigheid.action as Action, "CASE_HANDLER", { planId: randomUUID() }],
  ["vaststelling", vaststelling.action as Action, "CASE_HANDLER", { planId: randomUUID() }],
  ["beoordeling", beoordeling.action as Action, "ADVISER", { planId: randomUUID() }],
  ["besluit", besluit.action as Action, "DECISION_MAKER", { planId: randomUUID() }],
  ["tussentijds", tussentijds.action as Action, "CASE_HANDLER", { planId: randomUUID(), maanden: "12" }],
  ["onderbesteding", onderbesteding.action as Action, "CASE_HANDLER", { planId: randomUUID() }],
  ["toewijzing", toewijzing.action as Action, "ADVISER", {}],
  ["batch", batch.action as Action, "FINANCE", { batchId: randomUUID() }],
  ["terugvorderingen", terugvorderingen.action as Action, "FINANCE", {}],
  ["rekeningnummers", rekeningnummers.action as Action, "FINANCE", {}],
];

/**
 * A staff or finance form posted without the fields its page always sends (intent, version, id):
 * the answer says so, where it used to be an empty error list that left the page as it was.
 */
describe("a staff form posted without its intent, version or id", () => {
  it.each(ROUTES)(
    "%s answers 400 with a message for the error summary",
    async (_name, action, role, params) => {
      const s = await createScenario();
      const user = await s.newUser(role);
      const cookie =
        (await createUserSession(new Request("http://localhost/"), user.userId)).split(";")[0] ?? "";
      const request = new Request("http://localhost/x", {
        method: "POST",
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
        body: "",
      });
      const result = (await action({ request, params, context: {} } as never)) as {
        init: { status: number };
        data: { ok: boolean; formError?: string };
      };
      expect(result.init.status).toBe(400);
      expect(result.data).toMatchObject({ ok: false, formError: INCOMPLETE_FORM });
    },
  );
});
