import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import { serverI18n } from "../../entry.server.tsx";
import StaffUsers from "./gebruikers.tsx";

/** The texts that the element with this id names in its aria-describedby, in order. */
function describedByOf(html: string, id: string): string[] {
  const tag = html.match(new RegExp(`<[a-z]+[^>]* id="${id}"[^>]*>`))?.[0] ?? "";
  const ids = tag.match(/aria-describedby="([^"]*)"/)?.[1]?.split(" ") ?? [];
  return ids.map((d) => html.match(new RegExp(`id="${d}"[^>]*>(.*?)</`))?.[1]?.replace(/<[^>]+>/g, "") ?? "");
}

const USER_ID = "00000000-0000-4000-8000-000000000009";

function render(actionData: unknown): string {
  const loaderData = {
    users: [
      {
        id: USER_ID,
        name: "Bea Handelaar",
        email: "bea@example.nl",
        active: true,
        staffRoles: ["CASE_HANDLER"],
        coordinator: false,
        signingTitle: null,
        organisations: [],
        isMe: false,
      },
    ],
    audit: [],
    auditPage: 1,
    auditPageCount: 1,
    auditFirst: 1,
    auditTotal: 0,
  };
  const Stub = createRoutesStub([
    { id: "users", path: "/beheer/gebruikers", Component: StaffUsers as never },
  ]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>
      <Stub
        initialEntries={["/beheer/gebruikers"]}
        hydrationData={{ loaderData: { users: loaderData }, actionData: { users: actionData } }}
      />
    </I18nextProvider>,
  );
}

describe("a user's roles on the admin's list (WCAG 1.3.1, 3.3.1)", () => {
  it("the fieldset of the user's roles is described by its message", () => {
    const message = "Een medewerker heeft ten minste één rol.";
    const html = render({ ok: false, errors: { [`roles-${USER_ID}`]: message } });
    expect(describedByOf(html, `roles-${USER_ID}`)).toEqual([message]);
  });

  it("without a message the fieldset names no description", () => {
    expect(describedByOf(render(undefined), `roles-${USER_ID}`)).toEqual([]);
  });
});
