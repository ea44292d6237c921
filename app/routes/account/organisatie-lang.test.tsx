import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import { serverI18n } from "../../entry.server.tsx";
import type { Language } from "../../i18n/resources.ts";
import OrganisationPage from "./organisatie.tsx";

const REASON = "De rekeninghouder wijkt af van de inschrijving in het Handelsregister.";
const ORG = "00000000-0000-4000-8000-0000000000a1";
const OTHER = "00000000-0000-4000-8000-0000000000b2";

function render(lng: Language, extra: Record<string, unknown> = {}): string {
  const loaderData = {
    organisation: {
      id: ORG,
      name: "Stichting Voorbeeld",
      kvkNumber: "12345678",
      legalForm: "Stichting",
      street: "Straat 1",
      postalCode: "1234 AB",
      city: "Den Haag",
    },
    organisations: [{ id: ORG, name: "Stichting Voorbeeld" }],
    users: [],
    invitations: [],
    canManageSignatories: false,
    iban: "NL20 INGB 0001 2345 67",
    ibanChecked: true,
    pendingIban: null,
    confirmEnd: null,
    lastIbanDecision: {
      first: false,
      approved: false,
      iban: "NL02 ABNA 0123 4567 89",
      decidedAt: "2026-11-30T10:00:00.000Z",
      reason: REASON,
    },
    ...extra,
  };
  const Stub = createRoutesStub([
    { id: "organisatie", path: "/aanvrager/organisatie", Component: OrganisationPage as never },
  ]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <Stub
        initialEntries={["/aanvrager/organisatie"]}
        hydrationData={{ loaderData: { organisatie: loaderData } }}
      />
    </I18nextProvider>,
  );
}

describe("the reason finance gave for rejecting a bank account (WCAG 3.1.2, ADR 0008)", () => {
  it("is marked Dutch inside the English sentence", () => {
    expect(render("en")).toContain(`Reason for the rejection: <span lang="nl">${REASON}</span>`);
  });

  it("reads as one sentence on the Dutch page", () => {
    const text = render("nl").replace(/<[^>]+>/g, "");
    expect(text).toContain(`Reden van de afwijzing: ${REASON}`);
  });
});

describe("a decided change of the account holder's name only", () => {
  const holderChange = (approved: boolean) => ({
    lastIbanDecision: {
      first: false,
      holder: "Beheerstichting Voorbeeld",
      approved,
      iban: "NL20 INGB 0001 2345 67",
      decidedAt: "2026-11-30T10:00:00.000Z",
      reason: approved ? null : REASON,
    },
  });
  const decision = (html: string) =>
    (html.match(/data-testid="iban-decision">([\s\S]*?)<\/div>/)?.[1] ?? "").replace(/<[^>]+>/g, "");

  it("is told as a change of the holder, with the holder's name, not as a change to the IBAN", () => {
    const approved = decision(render("nl", holderChange(true)));
    expect(approved).toContain(
      "Uw wijziging van de rekeninghouder van IBAN NL20 INGB 0001 2345 67 in Beheerstichting Voorbeeld is op",
    );
    expect(approved).not.toContain("wijziging naar IBAN");
    expect(decision(render("en", holderChange(true)))).toContain(
      "Your change of the account holder of IBAN NL20 INGB 0001 2345 67 to Beheerstichting Voorbeeld was approved",
    );
    const rejected = decision(render("nl", holderChange(false)));
    expect(rejected).toContain(
      "Uw wijziging van de rekeninghouder van IBAN NL20 INGB 0001 2345 67 in Beheerstichting Voorbeeld is op",
    );
    expect(rejected).toContain(
      "afgewezen door Financiën. Wij betalen op het rekeningnummer hierboven, aan de rekeninghouder die daar staat.",
    );
    expect(decision(render("en", holderChange(false)))).toContain(
      "was rejected by Finance on 30 November 2026",
    );
  });
});

describe("a pending change of the account holder's name only", () => {
  it("is told as a change of the holder on the same IBAN, not as a change to an IBAN", () => {
    const pendingIban = {
      first: false,
      holderOnly: true,
      iban: "NL20 INGB 0001 2345 67",
      accountHolder: "Beheerstichting Voorbeeld",
      requestedAt: "2026-11-30T10:00:00.000Z",
    };
    const text = (lng: Language) => render(lng, { pendingIban }).replace(/<[^>]+>/g, "");
    expect(text("nl")).toContain(
      "Er staat een wijziging van de rekeninghouder open: Beheerstichting Voorbeeld, op hetzelfde IBAN NL20 INGB 0001 2345 67",
    );
    expect(text("nl")).not.toContain("wijziging open naar IBAN");
    expect(text("en")).toContain(
      "A change of the account holder to Beheerstichting Voorbeeld is pending, on the same IBAN NL20 INGB 0001 2345 67",
    );
  });
});

describe("ending a colleague's access (the confirmation step)", () => {
  const colleague = { id: "00000000-0000-4000-8000-000000000001", name: "Cor Collega" };
  const users = [{ ...colleague, email: "cor@example.nl", active: true, isSignatory: false, isMe: false }];

  it("offers a link per colleague to a signatory, and asks before it ends anything", () => {
    const list = render("nl", { users, canManageSignatories: true });
    expect(list).toContain("Toegang beëindigen: Cor Collega");
    expect(list).toContain(`/aanvrager/organisatie?beeindigen=${colleague.id}#end-access`);
    expect(list).not.toContain('value="end-access"');
    const confirm = render("en", {
      users,
      canManageSignatories: true,
      confirmEnd: { ...colleague, isMe: false },
    });
    expect(confirm).toContain("End the access of Cor Collega?");
    expect(confirm).toContain('value="end-access"');
    expect(confirm).toContain("Yes, end the access of Cor Collega");
  });

  it("offers a colleague who is no signatory only their own", () => {
    const me = [
      { ...users[0], isMe: true },
      { ...users[0], id: "x", name: "Ander", isMe: false },
    ];
    const list = render("nl", { users: me, canManageSignatories: false });
    expect(list).toContain("Mijn toegang beëindigen");
    expect(list).not.toContain("Toegang beëindigen: Ander");
  });
});

describe("someone in two organisations", () => {
  const two = [
    { id: ORG, name: "Stichting Voorbeeld" },
    { id: OTHER, name: "Stichting Tweede" },
  ];
  const colleague = { id: "00000000-0000-4000-8000-000000000001", name: "Cor Collega" };
  const users = [{ ...colleague, email: "cor@example.nl", active: true, isSignatory: false, isMe: false }];

  it("is told at the top which organisation the page is for, with a link to the other", () => {
    const nl = render("nl", { organisations: two, users, canManageSignatories: true });
    expect(nl.replace(/<[^>]+>/g, "")).toContain(
      "U werkt in het portaal voor meer dan één organisatie. Deze pagina gaat over Stichting Voorbeeld.",
    );
    expect(nl).toContain(`href="/aanvrager/organisatie?organisatie=${OTHER}"`);
    expect(nl).not.toContain(`href="/aanvrager/organisatie?organisatie=${ORG}"`);
    // The page's own links keep to its organisation.
    expect(nl).toContain(
      `/aanvrager/organisatie?organisatie=${ORG}&amp;beeindigen=${colleague.id}#end-access`,
    );
    const en = render("en", { organisations: two });
    expect(en).toContain("This page is about Stichting Voorbeeld.");
  });

  it("posts the organisation the page shows along with every form", () => {
    const html = render("nl", {
      organisations: two,
      users,
      canManageSignatories: true,
      confirmEnd: { ...colleague, isMe: false },
      invitations: [
        { id: "i1", email: "x@example.nl", expiresAt: "2026-12-30T10:00:00.000Z", canWithdraw: true },
      ],
      lastIbanDecision: null,
      pendingIban: null,
    });
    const forms = html.match(/<form[\s\S]*?<\/form>/g) ?? [];
    // Signatory, end access, IBAN, invite, withdraw.
    expect(forms).toHaveLength(5);
    for (const form of forms) expect(form).toContain(`name="organisationId" value="${ORG}"`);
    expect(html).toContain(
      `action="/aanvrager/organisatie?organisatie=${ORG}&amp;beeindigen=${colleague.id}"`,
    );
  });

  it("shows nothing of it to someone in one organisation", () => {
    const html = render("nl", { users, canManageSignatories: true });
    expect(html).not.toContain("meer dan één organisatie");
    expect(html).not.toContain("organisatie=");
  });
});
