import { createRequestHandler, type ServerBuild } from "react-router";
import { afterAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "../../auth/client-address.ts";
import { hashPassword } from "../../auth/password.server.ts";
import { accountLimit } from "../../auth/throttle.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { inviteColleague } from "../../domain/accounts/organisation.server.ts";
import { hashToken, newToken } from "../../domain/accounts/tokens.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import * as loginRoute from "../login.tsx";
import * as organisationRoute from "./organisatie.tsx";
import * as signUpRoute from "./registreren.tsx";
import * as invitationRoute from "./uitnodiging.tsx";

afterAll(disconnectPrisma);

/** A two-route build (a bare root and one page) run through React Router's own request handler. */
function handlerFor(id: string, path: string, module: unknown) {
  const build = {
    entry: {
      module: {
        default: (_req: Request, status: number, headers: Headers) =>
          new Response("page", { status, headers }),
      },
    },
    routes: {
      root: { id: "root", path: "", module: { default: () => null } },
      [id]: { id, parentId: "root", path, module },
    },
    assets: { entry: { module: "/e.js", imports: [] }, routes: {}, url: "/m.js", version: "1" },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: {},
    ssr: true,
    isSpaMode: false,
    prerender: [],
    routeDiscovery: { mode: "initial", manifestPath: "/__manifest" },
  } as unknown as ServerBuild;
  return createRequestHandler(build, "production");
}

/**
 * A throttled attempt answers 429 with Retry-After, on every page that counts attempts. React Router
 * sends an action's headers on a document request only through the route's `headers` export: the
 * invitation and sign-up pages had none, so their 429 lost it (login had it).
 */
describe("the throttled answer of the pages that count attempts", () => {
  it("says when to try again (Retry-After) on the invitation page, as /login does", async () => {
    const s = await createScenario();
    const person = await s.newUser("APPLICANT", s.orgB.id);
    const user = await prisma.user.update({
      where: { id: person.userId },
      data: { passwordHash: await hashPassword("het-eigen-wachtwoord-2026") },
    });
    const { invitationId } = await inviteColleague(s.applicantA, s.orgA.id, user.email);
    const token = newToken();
    await prisma.invitation.update({ where: { id: invitationId }, data: { tokenHash: hashToken(token) } });
    const post = (handler: ReturnType<typeof handlerFor>, url: string, fields: Record<string, string>) =>
      handler(
        new Request(url, {
          method: "POST",
          body: new URLSearchParams(fields),
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            [CLIENT_ADDRESS_HEADER]: "192.0.2.77",
          },
        }),
      );
    const invitation = handlerFor("inv", "uitnodiging/:token", invitationRoute);
    const url = `http://localhost/uitnodiging/${token}`;
    let last: Response | undefined;
    for (let i = 0; i <= accountLimit(); i++)
      last = await post(invitation, url, { intent: "password", password: `fout-${i}` });
    expect(last?.status).toBe(429);
    const onInvitation = last?.headers.get("Retry-After");

    // /login for the same (now blocked) account, same handler set-up.
    const login = handlerFor("login", "login", loginRoute);
    const viaLogin = await post(login, "http://localhost/login", { email: user.email, password: "fout" });
    expect(viaLogin.status).toBe(429);
    expect({ login: viaLogin.headers.get("Retry-After") !== null, invitation: onInvitation ?? null }).toEqual(
      {
        login: true,
        invitation: expect.stringMatching(/^\d+$/),
      },
    );
  });

  it("keeps the Retry-After of the sign-up page and of the organisation page's invitation form too", () => {
    const actionHeaders = new Headers({ "Retry-After": "60" });
    for (const route of [signUpRoute, organisationRoute]) {
      const headers = route.headers as unknown as (args: {
        actionHeaders: Headers;
        loaderHeaders: Headers;
      }) => Headers;
      expect(typeof headers).toBe("function");
      expect(headers({ actionHeaders, loaderHeaders: new Headers() }).get("Retry-After")).toBe("60");
    }
  });
});
